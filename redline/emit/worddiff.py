"""Word-level diff: diff-match-patch's character diff, snapped so no edit splits a word.

``word_diff(old, new)`` returns ``(op, text)`` segments, op in "equal", "delete", "insert";
equal + delete segments concatenate to ``old``, equal + insert segments to ``new``, and no
segment boundary falls between two word characters of either text.
"""

from __future__ import annotations

from dataclasses import dataclass

from diff_match_patch import diff_match_patch

EQUAL, DELETE, INSERT = "equal", "delete", "insert"
Segment = tuple[str, str]


@dataclass
class _Edit:
    """A run of deletions and insertions between two equal chunks."""

    old: str = ""
    new: str = ""

    def __bool__(self) -> bool:
        return bool(self.old or self.new)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _word_prefix(text: str) -> int:
    n = 0
    while n < len(text) and _is_word(text[n]):
        n += 1
    return n


def _word_suffix(text: str) -> int:
    n = 0
    while n < len(text) and _is_word(text[-1 - n]):
        n += 1
    return n


def _alternate(old: str, new: str) -> tuple[list[_Edit], list[str]]:
    """Edits and equal chunks, alternating: edits[i] comes before equals[i]; one edit more."""
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(old, new)
    dmp.diff_cleanupSemantic(diffs)
    edits, equals = [_Edit()], []
    for op, text in diffs:
        if op == 0:
            equals.append(text)
            edits.append(_Edit())
        elif op < 0:
            edits[-1].old += text
        else:
            edits[-1].new += text
    return edits, equals


def _word_at(text: str, index: int) -> bool:
    return bool(text) and _is_word(text[index])


def _splits_word(edits: list[_Edit], equals: list[str], i: int, at_start: bool) -> bool:
    """Does edit ``i`` start (or end) between two word characters of the old or the new text?"""
    edit = edits[i]
    if not edit:
        return False
    k = i - 1 if at_start else i  # the equal chunk on that side of the edit
    if not 0 <= k < len(equals) or not _word_at(equals[k], -1 if at_start else 0):
        return False
    far = equals[i] if at_start and i < len(equals) else equals[i - 1] if not at_start and i else ""
    index = 0 if at_start else -1
    return any(_word_at(side or far, index) for side in (edit.old, edit.new))


def _snap(edits: list[_Edit], equals: list[str]) -> bool:
    """Move one partial word from an equal chunk into the edit beside it; False when none is left."""
    for i, chunk in enumerate(equals):
        if _splits_word(edits, equals, i, at_start=False):
            n = _word_prefix(chunk)
            edits[i].old += chunk[:n]
            edits[i].new += chunk[:n]
            equals[i] = chunk[n:]
        elif _splits_word(edits, equals, i + 1, at_start=True):
            n = _word_suffix(chunk)
            edits[i + 1].old = chunk[-n:] + edits[i + 1].old
            edits[i + 1].new = chunk[-n:] + edits[i + 1].new
            equals[i] = chunk[:-n]
        else:
            continue
        if not equals[i]:  # the chunk was one word: the two edits become one
            del equals[i]
            merged = edits.pop(i + 1)
            edits[i].old += merged.old
            edits[i].new += merged.new
        return True
    return False


def word_diff(old: str, new: str) -> list[Segment]:
    """Diff ``old`` against ``new`` as equal/delete/insert segments on word boundaries."""
    edits, equals = _alternate(old, new)
    while _snap(edits, equals):
        pass
    segments: list[Segment] = []
    for i, edit in enumerate(edits):
        if edit.old:
            segments.append((DELETE, edit.old))
        if edit.new:
            segments.append((INSERT, edit.new))
        if i < len(equals) and equals[i]:
            segments.append((EQUAL, equals[i]))
    return segments
