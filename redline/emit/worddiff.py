"""Word-level diff: diff-match-patch over tokens, so no edit splits a word.

``word_diff(old, new)`` returns ``(op, text)`` segments, op in "equal", "delete", "insert";
equal + delete segments concatenate to ``old``, equal + insert segments to ``new``, and no
segment boundary falls between two word characters of either text.
"""

from __future__ import annotations

import re

from diff_match_patch import diff_match_patch

EQUAL, DELETE, INSERT = "equal", "delete", "insert"
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
    """Diff ``old`` against ``new`` as equal/delete/insert segments on word boundaries."""
    vocabulary: dict[str, str] = {}
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(_encode(old, vocabulary), _encode(new, vocabulary), False)
    dmp.diff_cleanupSemantic(diffs)
    tokens = {char: token for token, char in vocabulary.items()}
    segments: list[Segment] = []
    for op, chars in diffs:
        kind = EQUAL if op == 0 else DELETE if op < 0 else INSERT
        text = "".join(tokens[c] for c in chars)
        if segments and segments[-1][0] == kind:
            segments[-1] = (kind, segments[-1][1] + text)
        else:
            segments.append((kind, text))
    return _deletions_first(segments)


def _deletions_first(segments: list[Segment]) -> list[Segment]:
    """Within each run of changes, the deletion before the insertion (as Word shows them)."""
    ordered: list[Segment] = []
    for segment in segments:
        if segment[0] == DELETE and ordered and ordered[-1][0] == INSERT:
            ordered.insert(len(ordered) - 1, segment)
        else:
            ordered.append(segment)
    return ordered
