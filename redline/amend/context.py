"""Context rules: spaCy token patterns that decide, occurrence by occurrence, how a phrase is reworded.

A rule names the words that govern the phrase ("submit", "raise" before it; "submitted" after
it, within a window of tokens) or gives raw spaCy token patterns for the tokens right before
it. The first rule that matches decides; ``keep`` rules decide "unchanged". An occurrence that
no rule decides is left alone and listed for a human.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from redline.models import RedlineError


@functools.cache
def nlp() -> Any:
    """The shared blank English pipeline (tokenizer only; no model downloads)."""
    import spacy

    return spacy.blank("en")


@dataclass(frozen=True)
class ContextRule:
    """One rule: its governing words, its window, and what it rewords to."""

    name: str
    to: str | None
    to_plural: str | None
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    pattern: tuple[tuple[tuple[str, Any], ...], ...] = ()
    window: int = 4
    keep: bool = False

    @classmethod
    def from_toml(cls, raw: dict[str, Any], where: str) -> ContextRule:
        """Build a rule from its rules-file table."""
        keep = bool(raw.get("keep", False))
        if not keep and not raw.get("to"):
            raise RedlineError(f"{where}: context rule {raw.get('name', '?')!r} needs 'to' or 'keep = true'")
        if not (raw.get("before") or raw.get("after") or raw.get("pattern")):
            raise RedlineError(f"{where}: context rule {raw.get('name', '?')!r} needs 'before', 'after' or 'pattern'")
        pattern = tuple(tuple(sorted(tok.items())) for tok in raw.get("pattern", []))
        return cls(name=str(raw.get("name", "rule")), to=raw.get("to"), to_plural=raw.get("to_plural"),
                   before=tuple(raw.get("before", [])), after=tuple(raw.get("after", [])),
                   pattern=pattern, window=int(raw.get("window", 4)), keep=keep)


class ContextMatcher:
    """Decides occurrences of one phrase in texts with a list of rules."""

    def __init__(self, phrase: str, rules: list[ContextRule]) -> None:
        from spacy.matcher import Matcher

        self.rules = rules
        self.matcher = Matcher(nlp().vocab)
        words = phrase.split()
        head = [{"ORTH": w} for w in words[:-1]]
        last = {"ORTH": {"IN": [words[-1], words[-1] + "s", words[-1][:-1] + "ies"]}}
        phrase_tokens = [*head, last]
        for i, rule in enumerate(rules):
            gap = {"IS_PUNCT": False, "OP": f"{{0,{rule.window}}}"}
            for governing in rule.before:
                self.matcher.add(f"{i}:before", [[*_words(governing), gap, *phrase_tokens]])
            for governing in rule.after:
                self.matcher.add(f"{i}:after", [[*phrase_tokens, gap, *_words(governing)]])
            if rule.pattern:
                self.matcher.add(f"{i}:before", [[*(dict(tok) for tok in rule.pattern), *phrase_tokens]])

    def decide(self, text: str, start: int, end: int) -> ContextRule | None:
        """The first rule (in rules order) matching the occurrence at [start, end) of ``text``."""
        doc = nlp()(text)
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        hits: set[int] = set()
        for match_id, s, e in self.matcher(doc):
            key = doc.vocab.strings[match_id]
            index, side = key.split(":")
            if (side == "before" and e == span.end and s < span.start) or \
                    (side == "after" and s == span.start and e > span.end):
                hits.add(int(index))
        return self.rules[min(hits)] if hits else None


def _words(text: str) -> list[dict[str, Any]]:
    return [{"LOWER": w.lower()} for w in text.split()]
