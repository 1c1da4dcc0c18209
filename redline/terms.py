"""Defined terms (the A1.1 Definitions) and their uses across a version.

Uses are found with one compiled regex: a character trie of every term and its plural, so the
longest term wins ("Authority Determined Modification" before "Authority") and scanning a
full-size Code is a single pass.  Matching is case-exact, so only capitalised uses count; a
possessive ("Panel's", "SMKI PMA’s") is a use of the term it follows.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from redline.models import Unit, UnitKind, Version
from redline.perf import paused_gc
from redline.refs.models import Resolution
from redline.wording import plural

#: Fields of a unit searched for uses, in this order.
FIELDS = ("heading", "text", "tail")
#: "has the meaning given to that expression in Section D1.2 (…)": the term is defined by
#: reference to the clause cited next.
MEANING_GIVEN = re.compile(
    r"\bhas the (?:same )?meaning given (?:to (?:that|such|the|this) (?:expression|term)|to it)"
    r"\s+(?:in|by|under)\s+$"
)
#: A character a use may not follow ("\\w" is what ``str.isalnum`` accepts, and "_").


@dataclass
class Term:
    """A defined term: where it is defined and, for "has the meaning given … in Section D1.2",
    the clause it is defined by (ids as written, uids where present)."""

    term: str
    uid: str
    id: str
    defined_by: list[str] = field(default_factory=list)
    defined_by_uids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class TermUse:
    """One use of a term in one field of one unit (character offsets into that field); the
    unit by uid only, as uses are many and an id costs a walk up the tree."""

    term: str
    unit_uid: str
    field: str
    start: int
    end: int
    text: str


def plurals(term: str) -> list[str]:
    """The forms a term is used in: "Party" -> Party, Parties; "Modification Proposal" -> +s."""
    return [term, plural(term)]


def defined_terms(version: Version, resolutions: Iterable[Resolution] = ()) -> list[Term]:
    """Every Definition as a Term; a definition "given … in Section X" is linked to X."""
    cited: dict[str, list[Resolution]] = defaultdict(list)
    for res in resolutions:
        if res.ref.field == "text":
            cited[res.ref.source_uid].append(res)
    terms = []
    for unit in version.definitions():
        term = Term(unit.label, unit.uid, unit.id)
        for res in cited.get(unit.uid, ()):
            if MEANING_GIVEN.search(unit.text, 0, res.ref.start):
                term.defined_by = res.target_ids
                term.defined_by_uids = res.target_uids
                break
        terms.append(term)
    return terms


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, longest first, as a character trie."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


class TermFinder:
    """Finds uses of a fixed set of terms; build once per version."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.forms: dict[str, str] = {}
        for term in terms:
            for form in plurals(term):
                self.forms.setdefault(form, term)
        # No look-behind: a pattern opening on the trie's first letters lets the regex engine
        # skip ahead fast; a match glued to a word before it is dropped in :meth:`uses`.
        pattern = _trie_pattern(self.forms) if self.forms else r"(?!)"
        self.regex = re.compile(rf"(?:{pattern})(?![\w-])")

    def uses(self, units: Iterable[Unit]) -> Iterator[TermUse]:
        """Uses in the units' headings, text and tails; a definition's own term is skipped."""
        finditer, forms, definition = self.regex.finditer, self.forms, UnitKind.DEFINITION
        for unit in units:
            own = unit.label if unit.kind is definition else None
            uid = unit.uid
            for name in FIELDS:
                text = getattr(unit, name)
                if not text:
                    continue
                for match in finditer(text):
                    start, end = match.span()
                    form = match.group()
                    term = forms[form]
                    if term == own:
                        continue
                    if start:  # glued to a word before it: [\w-] (\w is isalnum or "_")
                        before = text[start - 1]
                        if before.isalnum() or before == "_" or before == "-":
                            continue
                    yield TermUse(term, uid, name, start, end, form)


def term_uses(version: Version, terms: Iterable[Term]) -> list[TermUse]:
    """Every use of ``terms`` in ``version``, in document order."""
    with paused_gc():
        return list(TermFinder(t.term for t in terms).uses(version.units()))
