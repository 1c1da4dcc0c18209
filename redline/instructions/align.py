"""Align quoted legal text with the base units it names, by content, and find the edits.

Labels and page noise are unreliable in extracted text, so nothing here trusts them: the quoted
words are diffed against the words of the named units (diff-match-patch over word tokens) and
every difference is classified: "[...]" elides unchanged words, a gap at a footer or garbage
location is words lost in extraction (unchanged, reported), OCR garbage inserted is ignored, and
the rest are edits.  Tracked documents (.docx) align only their old text this way; their
revisions give the edits exactly.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from diff_match_patch import diff_match_patch

from redline.instructions.headings import CITES_AT_END, LIST_LABEL_TOKEN, REFERENCE_WRAP, is_junk
from redline.instructions.model import DELETE, EQUAL, INSERT, Line
from redline.models import LIST_KINDS, Unit
from redline.read import patterns as pat

_FIELDS_BEFORE = ("heading", "text")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_PUNCT = string.punctuation + "‘’“”…–—"
#: OCR confusions tried, one at a time, on a word the base does not know ("js" → "is").
_CONFUSIONS = (("j", "i"), ("I", "l"), ("l", "I"), ("g", "q"), ("q", "g"), ("1", "l"), ("0", "o"),
               ("e", "c"), ("c", "e"), ("rn", "m"), ("m", "rn"))
_LABEL_STARTS = (pat.CLAUSE_START, pat.APPENDIX_CLAUSE_START, pat.LIST_LABEL, pat.SLIP_LABEL)
_NOT_A_LABEL = re.compile(r"^(?:,|and\b|or\b)")
_ELIDED_BY_WRITER = "[...]"  # the base's own mark for words its source lost


@dataclass
class Slot:
    """One word of a base unit's field."""

    unit: Unit
    field: str
    start: int
    end: int
    text: str


@dataclass
class Token:
    """One word of the quoted text, with its revision state and where it came from."""

    text: str
    state: str
    line: Line
    noise_before: bool = False
    kind: str = "word"  # word, elision, junk


@dataclass
class Edit:
    """Base words ``slots[i:j]`` become ``words``; a pure insertion (i == j) goes before slot i,
    into the field of slot i - 1 when ``attach`` is "prev"."""

    i: int
    j: int
    words: list[str]
    line: Line
    attach: str = "prev"


@dataclass
class Alignment:
    """The edits found, and what was decided or could not be decided on the way."""

    slots: list[Slot]
    edits: list[Edit] = field(default_factory=list)
    notes: list[tuple[Line, str]] = field(default_factory=list)
    unresolved: list[tuple[Line, str]] = field(default_factory=list)
    units_by_line: dict[int, Unit] = field(default_factory=dict)


# --- the two sides ------------------------------------------------------------------------

def base_slots(units: list[Unit]) -> list[Slot]:
    """The words of ``units`` (whole subtrees) in reading order: heading, text, children, tail."""
    slots: list[Slot] = []

    def visit(unit: Unit) -> None:
        for name in _FIELDS_BEFORE:
            slots.extend(_words(unit, name))
        for child in unit.children:
            visit(child)
        slots.extend(_words(unit, "tail"))

    for unit in units:
        visit(unit)
    return slots


def _words(unit: Unit, name: str) -> Iterator[Slot]:
    for m in re.finditer(r"\S+", getattr(unit, name)):
        yield Slot(unit, name, m.start(), m.end(), m.group())


def label_length(text: str, previous: str = "") -> int:
    """Characters of clause numbers and list labels opening a line ("C2.3 ", "‘ (@) ", "3.24 ")."""
    if REFERENCE_WRAP.search(previous.rstrip()):
        return 0  # "… Section" / "L13.42 (…)": a reference wrapped onto this line
    cut = 0
    for _ in range(3):
        rest = text[cut:]
        lead = len(rest) - len(rest.lstrip())
        found = next((m for regex in _LABEL_STARTS if (m := regex.match(rest.lstrip()))), None)
        if found is None or _NOT_A_LABEL.match(found["rest"]):
            break
        cut += lead + len(rest.lstrip()) - len(found["rest"])
    return cut


#: "[...]" (or "[…]") as a word of a line, with the punctuation after the words it stands for.
_ELISION_WORD = re.compile(r"^\[\s*(?:(?:\.\s*){3}|…\s*)\][.,;:]?$")


def seed_tokens(lines: list[Line]) -> list[Token]:
    """The quoted words, labels stripped, elisions and garbage marked, line-end hyphens re-joined."""
    tokens: list[Token] = []
    previous = ""
    for line in lines:
        printed = "".join(text for _, text in line.runs)
        if pat.ELISION.match(printed):
            tokens.append(Token(_ELIDED_BY_WRITER, EQUAL, line, line.noise_before, "elision"))
            previous = printed
            continue
        first = True
        cited = bool(CITES_AT_END.search(previous.rstrip()))  # "… paragraph" + "(b) of …": a reference's label
        for state, text in _line_words(line.runs, previous):
            last = tokens[-1] if tokens else None
            if first and last is not None and last.state == state and re.search(r"[A-Za-z]-$", last.text) \
                    and text[:1].isalpha():
                last.text += text  # "Sub-" / "Committee" re-joined
            elif _ELISION_WORD.match(text):  # "… Working Group), [...] the Security …": words elided mid-line
                tokens.append(Token(_ELIDED_BY_WRITER, state, line, first and line.noise_before, "elision"))
            else:
                tokens.append(Token(text, state, line, first and line.noise_before,
                                    "junk" if is_junk(text, within=cited or not first) else "word"))
            first = False
        previous = printed
    return tokens


def _line_words(runs: list[tuple[str, str]], previous: str) -> Iterator[tuple[str, str]]:
    """(state, word) of a line, labels skipped: the old text (runs not inserted) diffed word by word
    with the new text (runs not deleted); an untracked line's words are all EQUAL."""
    old = "".join(text for state, text in runs if state != INSERT)
    new = "".join(text for state, text in runs if state != DELETE)
    old_words = old[label_length(old, previous):].split()
    new_words = new[label_length(new, previous):].split()
    if old_words == new_words:
        yield from ((EQUAL, w) for w in new_words)
        return
    i = k = 0
    for hi, hj, hk, hm in [*_diff(old_words, new_words), (len(old_words), len(old_words), len(new_words), 0)]:
        for was, now in zip(old_words[i:hi], new_words[k:hk], strict=True):  # alike by key ("–" is "—")
            if was == now:
                yield EQUAL, was
            else:  # a tracked change of quotation mark or dash style is a change
                yield DELETE, was
                yield INSERT, now
        yield from ((DELETE, w) for w in old_words[hi:hj])
        yield from ((INSERT, w) for w in new_words[hk:hm])
        i, k = hj, hm


def _key(text: str) -> str:
    return text.translate(_QUOTES)


def _core(word: str) -> tuple[str, str, str]:
    core = word.strip(_PUNCT)
    if not core:
        return word, "", ""
    start = word.index(core)
    return word[:start], core, word[start + len(core):]


def vocabulary(units: Iterator[Unit]) -> set[str]:
    """Every word (punctuation stripped) of the base version."""
    words: set[str] = set()
    for unit in units:
        for name in ("heading", "text", "tail", "label"):
            words.update(_core(w)[1] for w in getattr(unit, name).split())
    return words


def repair_word(word: str, vocab: set[str]) -> str | None:
    """The word an OCR slip stands for, when the base knows it and not the slip ("subseguent")."""
    lead, core, trail = _core(word)
    if not core or core in vocab or not core.isalnum():
        return None
    for wrong, right in _CONFUSIONS:
        for m in re.finditer(re.escape(wrong), core):
            candidate = core[:m.start()] + right + core[m.end():]
            if candidate in vocab:
                return lead + candidate + trail
    if core.isalpha() and core.islower():
        for i in range(2, len(core) - 1):
            if core[:i] in vocab and core[i:] in vocab:
                return f"{lead}{core[:i]} {core[i:]}{trail}"
    return None


def repair_tokens(tokens: list[Token], vocab: set[str]) -> tuple[list[Token], list[tuple[Line, str]]]:
    """Tokens with OCR slips repaired ("inthe" becomes two tokens), and what was repaired."""
    repaired: list[Token] = []
    done = []
    for token in tokens:
        fixed = repair_word(token.text, vocab) if token.kind == "word" else None
        if fixed is None:
            repaired.append(token)
            continue
        done.append((token.line, f"OCR slip {token.text!r} read as {fixed!r}"))
        for n, word in enumerate(fixed.split()):
            repaired.append(Token(word, token.state, token.line, token.noise_before and n == 0))
    return repaired, done


# --- diffing ------------------------------------------------------------------------------

def _diff(old: list[str], new: list[str], semantic: bool = True) -> list[tuple[int, int, int, int]]:
    """Hunks (i, j, k, l): old[i:j] replaced by new[k:l]; word-level diff-match-patch, by default with
    its semantic clean-up (no stray one-word matches inside a rewritten passage)."""
    codes: dict[str, str] = {}

    def encode(words: list[str]) -> str:
        return "".join(codes.setdefault(_key(w), chr(0x100 + len(codes))) for w in words)

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(encode(old), encode(new), False)
    if semantic:
        dmp.diff_cleanupSemantic(diffs)
    hunks: list[tuple[int, int, int, int]] = []
    i = k = 0
    open_hunk: list[int] | None = None
    for op, chunk in diffs:
        if op == 0:
            if open_hunk:
                hunks.append((open_hunk[0], i, open_hunk[1], k))
                open_hunk = None
            i += len(chunk)
            k += len(chunk)
            continue
        if open_hunk is None:
            open_hunk = [i, k]
        if op < 0:
            i += len(chunk)
        else:
            k += len(chunk)
    if open_hunk:
        hunks.append((open_hunk[0], i, open_hunk[1], k))
    return hunks


def _garbled(inserted: list[str], deleted: list[str]) -> bool:
    """True when every inserted word is a mangled deleted word ("relatg" for "relate")."""
    return all(any(_similar(w, d) for d in deleted) for w in inserted)


def _similar(a: str, b: str) -> bool:
    a, b = _core(a)[1].lower(), _core(b)[1].lower()
    return len(a) >= 4 and a[:4] == b[:4] or SequenceMatcher(None, a, b).ratio() >= 0.75


def _quote(words: list[str]) -> str:
    return " ".join(words)


def align_plain(units: list[Unit], tokens: list[Token]) -> Alignment:
    """Edits that turn ``units`` into the quoted ``tokens`` (revisions invisible)."""
    slots = base_slots(units)
    result = Alignment(slots)
    hunks = _diff([s.text for s in slots], [t.text for t in tokens])
    _map_lines(result, tokens, hunks)
    first_equal = hunks[0][1] if hunks and hunks[0][0] == 0 and hunks[0][2] == 0 else 0
    last_equal = hunks[-1][0] if hunks and hunks[-1][1] == len(slots) else len(slots)
    for i, j, k, m, attach in [part for hunk in hunks for part in _around_elision(hunk, slots, tokens)]:
        inserted = tokens[k:m]
        words = [t.text for t in inserted if t.kind == "word"]
        if junk := [t.text for t in inserted if t.kind == "junk" and not LIST_LABEL_TOKEN.match(t.text)]:
            result.notes.append((inserted[0].line, f"{_quote(junk)!r} read as extraction garbage, not as new words: "
                                                   "check the new text"))
        deleted = [s.text for s in slots[i:j]]
        line = inserted[0].line if inserted else (tokens[k - 1].line if k else tokens[0].line if tokens else None)
        if line is None:
            continue
        noisy = any(t.noise_before for t in tokens[k:m + 1])
        if any(t.kind == "elision" for t in inserted):
            if words:
                result.unresolved.append((line, f"words next to an elision not placed: {_quote(words)!r}"))
            continue
        if noisy and (not words or _garbled(words, deleted)):
            if deleted and deleted != [_ELIDED_BY_WRITER]:
                result.notes.append((line, f"{_quote(deleted)!r} missing at a footer or garbage location: "
                                           "treated as unchanged (lost in extraction)"))
            continue
        if not words and all(d == _ELIDED_BY_WRITER for d in deleted):
            continue  # junk inserted, or the base's own "[...]" gap
        if not words and (i < first_equal or j > last_equal) and deleted:
            result.notes.append((line, f"{len(deleted)} base word(s) not quoted at the start or end: unchanged"))
            continue
        result.edits.append(Edit(i, j, words, line, attach))
    return result


def _around_elision(hunk: tuple[int, int, int, int], slots: list[Slot], tokens: list[Token]
                    ) -> list[tuple[int, int, int, int, str]]:
    """A hunk whose quoted side is words, one "[...]" and words, split into the edits on either
    side of it (each with the side a pure insertion attaches to): the words before are placed
    from the start of the hunk's base words, those after from its end, and the base words between
    are the elided ones (no edit).  The diff's clean-up merges an edit next to an elision into
    the elided stretch ("In particular and without limitation, the Code Administrator shall:"
    then "[...]").  The hunk as it is when it holds other than one elision, or a side's words
    match none of the base words."""
    i, j, k, m = hunk
    whole = [(i, j, k, m, "prev")]
    elisions = [n for n in range(k, m) if tokens[n].kind == "elision"]
    if len(elisions) != 1:
        return whole
    e = elisions[0]
    old = [s.text for s in slots[i:j]]
    parts: list[tuple[int, int, int, int, str]] = []
    used = 0  # base words of the hunk the words before the elision take
    if e > k:
        before = _diff(old, [t.text for t in tokens[k:e]], semantic=False)
        if not before or before[-1][1] != len(old) or before[-1][3] != e - k:
            return whole  # the words before end matched to a base word: no elided stretch after them
        last = before.pop()  # after the last match: its words go there, the base words left are elided
        if last[0] == 0 and last[2] == 0:
            return whole  # nothing of the base matched
        parts += [(i + a, i + b, k + c, k + d, "prev") for a, b, c, d in before]
        if last[3] > last[2]:
            parts.append((i + last[0], i + last[0], k + last[2], k + last[3], "prev"))
        used = last[0]
    if m > e + 1:
        opens = _opened_paragraph(tokens[e + 1], slots, i + used, j)
        if opens is not None:  # "[...]" then "(j) …": the words after are (j)'s, from its first word
            after = _diff(old[opens - i:], [t.text for t in tokens[e + 1:m]], semantic=False)
            return parts + [(opens + a, opens + b, e + 1 + c, e + 1 + d, "next" if a == 0 else "prev")
                            for a, b, c, d in after]
        rest = old[used:]
        after = _diff(rest, [t.text for t in tokens[e + 1:m]], semantic=False)
        if not after or after[0][0] != 0 or after[0][2] != 0:
            return whole  # the words after start matched to a base word: no elided stretch before them
        first = after.pop(0)  # before the first match: its words go there, the base words before are elided
        if first[1] == len(rest) and first[3] == m - e - 1:
            return whole  # nothing of the base matched
        start = i + used + first[1]
        if first[3] > first[2]:
            parts.append((start, start, e + 1 + first[2], e + 1 + first[3], "next"))
        parts += [(i + used + a, i + used + b, e + 1 + c, e + 1 + d, "prev") for a, b, c, d in after]
    return parts


def _opened_paragraph(token: Token, slots: list[Slot], start: int, end: int) -> int | None:
    """The first of ``slots[start:end]`` in the paragraph whose label opens ``token``'s line (the
    line after an elision), or None when the line opens with no label found there."""
    label = pat.LIST_LABEL.match(token.line.text.strip())
    if label is None:
        return None
    return next((n for n in range(start, end) if slots[n].unit.kind in LIST_KINDS
                 and slots[n].unit.label == f"({label['label']})" and slots[n].field != "tail"), None)


def align_tracked(units: list[Unit], tokens: list[Token]) -> Alignment:
    """Edits given by the revisions of ``tokens``, placed by finding their old text in ``units``.

    The old text (runs not inserted) is the base's own wording, so each stretch between
    elisions is looked up whole, in order; a stretch that is not found verbatim is diffed.
    """
    slots = base_slots(units)
    result = Alignment(slots)
    old = [t for t in tokens if t.state != INSERT]
    where = _locate(result, old)
    for token in old:
        if id(token) in where:
            result.units_by_line.setdefault(token.line.index, slots[where[id(token)]].unit)
    run: list[Token] = []
    for index, token in enumerate([*tokens, None]):
        if token is not None and token.state != EQUAL and token.kind != "elision":
            run.append(token)
            continue
        if run:
            _tracked_edit(result, run, tokens, index, where)
            run = []
    return result


def _locate(result: Alignment, old: list[Token]) -> dict[int, int]:
    """id(old token) → index of the base word it is."""
    codes: dict[str, str] = {}

    def encode(words: list[str]) -> str:
        return "".join(codes.setdefault(_key(w), chr(0x100 + len(codes))) for w in words)

    base = encode([s.text for s in result.slots])
    where: dict[int, int] = {}
    cursor = 0
    chunks: list[list[Token]] = [[]]
    for token in old:
        if token.kind == "elision":
            chunks.append([])
        else:
            chunks[-1].append(token)
    for chunk in filter(None, chunks):
        at = base.find(encode([t.text for t in chunk]), cursor)
        if at >= 0:
            where.update((id(t), at + n) for n, t in enumerate(chunk))
            cursor = at + len(chunk)
            continue
        rest = [s.text for s in result.slots[cursor:]]
        i = k = 0
        ends = (len(rest), len(rest), len(chunk), len(chunk))
        for hi, hj, hk, hm in [*_diff(rest, [t.text for t in chunk], False), ends]:
            while i < hi and k < hk:
                where[id(chunk[k])] = cursor + i
                i, k = i + 1, k + 1
            stray = [t.text for t in chunk[hk:hm] if t.kind == "word"]
            if stray:
                result.unresolved.append((chunk[hk].line, f"the old text {_quote(stray)!r} is not in the base"))
            i, k = hj, hm
        cursor = max([cursor, *(where[id(t)] + 1 for t in chunk if id(t) in where)])
    return where


def _tracked_edit(result: Alignment, run: list[Token], tokens: list[Token], end: int,
                  where: dict[int, int]) -> None:
    deleted = [where.get(id(t)) for t in run if t.state == DELETE]
    words = [t.text for t in run if t.state == INSERT and t.kind == "word"]
    if None in deleted:
        words_there = _quote([t.text for t in run])
        result.unresolved.append((run[0].line, f"deleted words {words_there!r} not found in the base"))
        return
    if deleted:
        result.edits.append(Edit(min(deleted), max(deleted) + 1, words, run[0].line))  # type: ignore[type-var]
        return
    start = end - len(run)
    before = next((t for t in reversed(tokens[:start]) if id(t) in where), None)
    after = next((t for t in tokens[end:] if id(t) in where), None)
    if before is not None and (before.line is run[0].line or after is None or after.line is not run[0].line):
        result.edits.append(Edit(where[id(before)] + 1, where[id(before)] + 1, words, run[0].line, "prev"))
    elif after is not None:
        result.edits.append(Edit(where[id(after)], where[id(after)], words, run[0].line, "next"))
    else:
        result.unresolved.append((run[0].line, f"inserted words {_quote(words)!r} have no place in the base"))


def _map_lines(result: Alignment, tokens: list[Token], hunks: list[tuple[int, int, int, int]]) -> None:
    """Which base unit each quoted line shows (by its first word that the diff matched)."""
    i = k = 0
    for hi, hj, hk, hm in [*hunks, (len(result.slots), len(result.slots), len(tokens), len(tokens))]:
        while i < hi and k < hk:
            result.units_by_line.setdefault(tokens[k].line.index, result.slots[i].unit)
            i, k = i + 1, k + 1
        i, k = hj, hm
