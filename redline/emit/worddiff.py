"""Word-level diff: diff-match-patch over tokens, so no edit splits a word.

``word_diff(old, new)`` returns ``(op, text)`` segments, op in "equal", "delete", "insert";
equal + delete segments concatenate to ``old``, equal + insert segments to ``new``, and no
segment boundary falls between two word characters of either text.

An insertion or deletion standing alone between equal text can often slide (inserting "Sub-Committee,
the Change " after "the Change " is the same edit as inserting "the Change Sub-Committee, " before
it); it is placed where its ends fall at phrase boundaries, as a drafter marks it.
"""

from __future__ import annotations

import functools
import re

from diff_match_patch import diff_match_patch

EQUAL, DELETE, INSERT = "equal", "delete", "insert"
#: Words a moved unit carries from where it stood to where it stands (a move, not an edit).
MOVED = "moved"
Segment = tuple[str, str]


#: A token: a word with its inner joiners ("D6.13", "Sub-Committee", "PMA’s"), a run of spaces,
#: or one other character. Edits fall only between tokens, so never inside a word or a number.
_TOKEN = re.compile(r"\w+(?:[.\-’'/]\w+)*|\s+|[^\w\s]")


def _encode(text: str, vocabulary: dict[str, str]) -> str:
    """``text`` as one private character per token (diff-match-patch's lines-to-chars trick)."""
    out = []
    for token in _TOKEN.findall(text):
        if token not in vocabulary:
            vocabulary[token] = chr(0xF0000 + len(vocabulary))
        out.append(vocabulary[token])
    return "".join(out)


def word_diff(old: str, new: str) -> list[Segment]:
    """Diff ``old`` against ``new`` as equal/delete/insert segments on word boundaries.

    Most paragraphs a redline shows are unchanged (context), and every renderer diffs the same
    changed ones again: equal texts give one segment at once, and changed pairs are diffed once.
    """
    if old == new:
        return [(EQUAL, old)] if old else []
    return list(_diff(old, new))


@functools.lru_cache(maxsize=4096)
def _diff(old: str, new: str) -> tuple[Segment, ...]:
    """:func:`word_diff` of two different texts."""
    vocabulary: dict[str, str] = {}
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(_encode(old, vocabulary), _encode(new, vocabulary), False)
    dmp.diff_cleanupSemantic(diffs)
    tokens = {char: token for token, char in vocabulary.items()}
    runs: list[_Run] = []
    for op, chars in diffs:
        kind = EQUAL if op == 0 else DELETE if op < 0 else INSERT
        if runs and runs[-1][0] == kind:
            runs[-1][1].extend(tokens[c] for c in chars)
        else:
            runs.append((kind, [tokens[c] for c in chars]))
    segments = [(kind, "".join(words)) for kind, words in _align_phrases(runs) if words]
    return tuple(_deletions_first(segments))


_Run = tuple[str, list[str]]

#: Punctuation after which a phrase ends ("the Panel, | the Change Board").
_PHRASE_END = ",;:."


def _boundary_score(before: list[str], after: list[str]) -> int:
    """How well an edit boundary between two token runs falls: at the text's edge 6, after a
    phrase's punctuation and a space 5, after a space (a word starts) 3, before a space 2, else 1."""
    if not before or not after:
        return 6
    if before[-1].isspace():
        return 5 if len(before) > 1 and before[-2] in _PHRASE_END else 3
    return 2 if after[0].isspace() else 1


def _placement_score(whole: list[str], start: int, size: int) -> int:
    """The score of an edit of ``size`` tokens at ``start``: its two boundaries together."""
    end = start + size
    return _boundary_score(whole[:start], whole[start:]) + _boundary_score(whole[:end], whole[end:])


def _align_phrases(runs: list[_Run]) -> list[_Run]:
    """Slide each lone insertion or deletion between two equal runs to its best-scoring place."""
    runs = [(kind, list(words)) for kind, words in runs]
    for i in range(1, len(runs) - 1):
        (left_kind, left), (kind, edit), (right_kind, right) = runs[i - 1], runs[i], runs[i + 1]
        if kind == EQUAL or left_kind != EQUAL or right_kind != EQUAL or not edit:
            continue
        whole, start, size = left + edit + right, len(left), len(edit)
        low, high = start, start  # the edit slides over tokens equal at both of its ends
        while low > 0 and whole[low - 1] == whole[low - 1 + size]:
            low -= 1
        while high + size < len(whole) and whole[high] == whole[high + size]:
            high += 1
        best = max(range(low, high + 1), key=lambda shift: (_placement_score(whole, shift, size), shift == start))
        runs[i - 1] = (EQUAL, whole[:best])
        runs[i] = (kind, whole[best:best + size])
        runs[i + 1] = (EQUAL, whole[best + size:])
    return runs


def _deletions_first(segments: list[Segment]) -> list[Segment]:
    """Within each run of changes, the deletion before the insertion (as Word shows them)."""
    ordered: list[Segment] = []
    for segment in segments:
        if segment[0] == DELETE and ordered and ordered[-1][0] == INSERT:
            ordered.insert(len(ordered) - 1, segment)
        else:
            ordered.append(segment)
    return ordered
