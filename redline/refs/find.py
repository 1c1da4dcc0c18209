"""Find cross-references in units' text with spaCy's blank English tokenizer and PhraseMatcher.

One ``nlp.pipe`` pass covers a whole version: a regex prefilter cuts short windows after each
cue word ("Section", "paragraph", "this Code"…), the windows are joined into large texts, the
PhraseMatcher finds anchors, and a small reader takes what follows each anchor: an id, a list
or range ("Section X2.3(a), (b) and (c)", "Sections G7.18 to G7.22"), or an Act's name.  The
reader works on plain lists of token texts and offsets, never on spaCy Token objects, so a
full-size Code costs a fraction of a second.  Resolution is a later step.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import spacy
from spacy.attrs import IDX, ORTH, SPACY
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_suffix_regex

from redline.models import Unit
from redline.refs import patterns as pat
from redline.refs.models import CrossReference, RawTarget, RefKind

#: Unit fields searched, in this order.
FIELDS = ("heading", "text", "tail")
#: Characters of windows joined into one spaCy text.
_CHUNK = 200_000

Item = tuple[str, list[str]]  # an id ("X2.3", or "" for a bare label) and its labels ("a")


@functools.cache
def pipeline() -> tuple[Language, PhraseMatcher]:
    """The blank English pipeline with the SEC's infixes and suffix, and the anchor matcher."""
    nlp = spacy.blank("en")
    # No English special cases (contractions, abbreviations, emoticons): none is part of a
    # reference, and checking for them costs more than the rest of the tokenizer's work.
    nlp.tokenizer.rules = {}
    nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, *pat.INFIXES]).finditer
    nlp.tokenizer.suffix_search = compile_suffix_regex([*nlp.Defaults.suffixes, *pat.SUFFIXES]).search
    nlp.max_length = 2 * _CHUNK
    matcher = PhraseMatcher(nlp.vocab)
    for kind, phrases in pat.ANCHORS.items():
        matcher.add(kind, [nlp.make_doc(phrase) for phrase in phrases])
    return nlp, matcher


class _Window(NamedTuple):
    """A stretch of one unit's field, placed at ``offset`` in a joined text."""

    offset: int
    unit: Unit
    field: str
    start: int


def _windows(text: str) -> Iterator[tuple[int, int]]:
    """Merged (start, end) stretches of ``text`` that may hold a reference."""
    current: tuple[int, int] | None = None
    for cue in pat.CUE.finditer(text):
        start = cue.start()
        end = cue.end()
        if not cue.group().endswith(pat.FIXED_CUE_ENDS):
            end = pat.LIST_RUN.match(text, end).end()
            if pat.OF_THE.match(text, end):
                space = text.find(" ", end + pat.EXTERNAL_WINDOW)
                end = len(text) if space < 0 else space
        if current and start <= current[1]:
            current = (current[0], max(current[1], end))
            continue
        if current:
            yield current
        current = (start, end)
    if current:
        yield current


def _chunks(units: Iterable[Unit]) -> Iterator[tuple[str, list[_Window]]]:
    """Joined texts of windows, each with the windows it holds (in order)."""
    parts: list[str] = []
    windows: list[_Window] = []
    size = 0
    separator, gap = pat.SEPARATOR, len(pat.SEPARATOR)
    for unit in units:
        for name in FIELDS:
            text = getattr(unit, name)
            if not text:
                continue
            for start, end in _windows(text):
                windows.append(_Window(size, unit, name, start))
                parts.append(text[start:end])
                parts.append(separator)
                size += end - start + gap
        if size >= _CHUNK:
            yield "".join(parts), windows
            parts, windows, size = [], [], 0
    if windows:
        yield "".join(parts), windows


class _Tokens:
    """One doc's token texts, offsets and spacing as plain lists."""

    def __init__(self, doc: Doc) -> None:
        columns = doc.to_array([ORTH, IDX, SPACY]).T.tolist() if len(doc) else [[], [], []]
        orth, self.idx, self.spaced = columns
        strings = doc.vocab.strings
        self.texts = [strings[o] for o in orth]  # once per token, not once per look
        self.size = len(doc)

    def text(self, i: int) -> str:
        return self.texts[i] if i < self.size else ""

    def end_char(self, i: int) -> int:
        """Character offset just after token ``i - 1`` (the end of a span ending at ``i``)."""
        return self.idx[i - 1] + len(self.text(i - 1))

    def skip_space(self, i: int) -> int:
        while i < self.size and self.text(i).isspace():
            i += 1
        return i


def find_references(units: Iterable[Unit]) -> list[CrossReference]:
    """Every cross-reference in the units' headings, text and tails, in document order."""
    nlp, matcher = pipeline()
    chunks = list(_chunks(units))
    found: list[CrossReference] = []
    for doc, (_, windows) in zip(nlp.pipe(text for text, _ in chunks), chunks, strict=True):
        tokens = _Tokens(doc)
        starts = [w.offset for w in windows]
        ids: dict[str, str] = {}
        for kind, start, end, targets in _anchors(doc, matcher, tokens):
            char = tokens.idx[start]
            window = windows[bisect_right(starts, char) - 1]
            unit = window.unit
            source_id = ids.get(unit.uid) or ids.setdefault(unit.uid, unit.id)
            shift = window.start - window.offset
            found.append(_reference(kind, targets, unit, source_id, window.field,
                                    char + shift, tokens.end_char(end) + shift))
    return found


def _anchors(doc: Doc, matcher: PhraseMatcher, tokens: _Tokens
             ) -> Iterator[tuple[RefKind, int, int, list[RawTarget]]]:
    """References as (kind, first token, end token, targets), without overlaps."""
    strings = doc.vocab.strings
    taken = 0
    for match_id, start, end in sorted(matcher(doc), key=lambda m: (m[1], -m[2])):
        if start < taken:
            continue
        read = _read(strings[match_id], tokens, end)
        if read is not None:
            kind, end, targets = read
            taken = end
            yield kind, start, end, targets


def _read(anchor: str, tokens: _Tokens, end: int) -> tuple[RefKind, int, list[RawTarget]] | None:
    """What follows an anchor ending at token ``end``; None when it is no reference."""
    if anchor in pat.WHOLE:
        return RefKind(anchor), end, []
    i = tokens.skip_space(end)
    if anchor in pat.EXTERNAL_CLOSERS:
        closed = _external(tokens, i, pat.EXTERNAL_CLOSERS[anchor])
        if closed is not None:
            return RefKind.EXTERNAL, closed, []
        if anchor not in pat.LISTING:
            return None
    if anchor == "appendix":
        code = tokens.text(i)
        return (RefKind.APPENDIX, i + 1, [RawTarget(f"Appendix {code}")]) if pat.APPENDIX_CODE.match(code) else None
    targets, j = _read_list(tokens, i)
    if not targets:
        return (RefKind.THIS_SECTION, end, []) if anchor == "this_section" else None
    if anchor == "paragraph" and tokens.text(j) in pat.DIRECTION:
        j += 1
    return RefKind(anchor), j, targets


def _external(tokens: _Tokens, i: int, closers: frozenset[str]) -> int | None:
    """End of "88 of the Energy Act 2008" / "22 of the DCC Licence" from token ``i``, or None."""
    if not pat.EXTERNAL_NUMBER.match(tokens.text(i)):
        return None
    i += 1
    while tokens.text(i) in pat.JOINERS or pat.EXTERNAL_NUMBER.match(tokens.text(i)):
        i += 1
    if tuple(tokens.text(j) for j in range(i, i + len(pat.EXTERNAL_OF))) != pat.EXTERNAL_OF:
        return None
    i += len(pat.EXTERNAL_OF)
    for j in range(i, i + pat.NAME_WORDS):
        word = tokens.text(j)
        if word in closers:
            return j + 2 if pat.YEAR.match(tokens.text(j + 1)) else j + 1
        if not pat.NAME_WORD.match(word):
            return None
    return None


def _label_at(tokens: _Tokens, i: int) -> bool:
    return (tokens.text(i) == "(" and tokens.text(i + 2) == ")"
            and bool(pat.LABEL.match(tokens.text(i + 1))))


def _read_item(tokens: _Tokens, i: int) -> tuple[Item | None, int]:
    """One target at token ``i``: an id with adjacent bracketed labels, or labels alone."""
    base = ""
    if pat.TARGET_ID.match(tokens.text(i)):
        base, i = tokens.text(i), i + 1
    labels: list[str] = []
    while _label_at(tokens, i) and (not (base or labels) or not tokens.spaced[i - 1]):
        labels.append(tokens.text(i + 1))
        i += 3
    if not base and not labels:
        return None, i
    return (base, labels), i


def _read_list(tokens: _Tokens, i: int) -> tuple[list[RawTarget], int]:
    """Targets from token ``i`` ("X2.3(a), (b) and (c)", "G7.18 to G7.22") and the end token."""
    item, end = _read_item(tokens, i)
    if item is None:
        return [], end
    targets = [RawTarget(_written(item))]
    while True:
        j, joiners = end, []
        while j < tokens.size and (tokens.text(j) in pat.JOINERS or tokens.text(j).isspace()):
            joiners.append(tokens.text(j))
            j += 1
        following, k = _read_item(tokens, j) if set(joiners) & pat.JOINERS else (None, j)
        if following is None:
            return targets, end
        item = _continue(item, following)
        if pat.RANGE_WORD in joiners:
            targets[-1] = RawTarget(targets[-1].first, _written(item))
        else:
            targets.append(RawTarget(_written(item)))
        end = k


def _continue(previous: Item, item: Item) -> Item:
    """A bare "(b)" after "X2.3(a)" means "X2.3(b)": it replaces as many trailing labels."""
    base, labels = item
    if base:
        return item
    prev_base, prev_labels = previous
    return prev_base, prev_labels[: max(0, len(prev_labels) - len(labels))] + labels


def _written(item: Item) -> str:
    return item[0] + "".join(f"({label})" for label in item[1])


def _reference(kind: RefKind, targets: list[RawTarget], unit: Unit, source_id: str, field: str,
               start: int, end: int) -> CrossReference:
    """The CrossReference for a span of one unit's field."""
    text = getattr(unit, field)
    quoted = _quoted_heading(text, end) if kind is not RefKind.EXTERNAL else None
    return CrossReference(source_uid=unit.uid, source_id=source_id, field=field,
                          text=text[start:end], start=start, end=end, kind=kind,
                          targets=targets, quoted_heading=quoted)


def _quoted_heading(text: str, end: int) -> str | None:
    """The bracket after a reference when it reads as a heading ("(Modification Process)")."""
    bracket = pat.BRACKET_AFTER.match(text, end)
    if not bracket:
        return None
    words = bracket.group(1).split()
    if words and all(w in pat.HEADING_SMALL_WORDS or pat.HEADING_WORD.match(w) for w in words) \
            and pat.HEADING_WORD.match(words[0]):
        return " ".join(words)
    return None
