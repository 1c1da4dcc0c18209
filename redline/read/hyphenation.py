"""Line-end hyphenation: the word a hyphen at a line's end broke, and whether to join it.

A hyphen at a line's end is the layout's ("Requ-" + "irements") where the document has the word
unbroken elsewhere ("Requirements") and has the hyphenated form nowhere else; otherwise it is the
Code's ("Sub-" + "Committee" stays "Sub-Committee").  Each join is reported as a repair with
:data:`REASON`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from redline.read import patterns as pat

#: The reason of the repair a join is reported with.
REASON = "line-end hyphenation joined: the word stands unbroken elsewhere in the document"


def broken_word(before: str, after: str) -> str | None:
    """The word a hyphen ending ``before`` broke, with the letters opening ``after``
    ("… Security Requ-" + "irements;" → "Requ-irements"); None when ``before`` ends no word so."""
    if before.endswith("-") and (head := pat.HYPHEN_AT_END.search(before)) \
            and (tail := pat.LETTERS_AT_START.match(after)):
        return f"{head['head']}-{tail.group()}"
    return None


def vocabulary(texts: Iterable[str]) -> Counter[str]:
    """How often each word (with its hyphens, case-folded) stands in ``texts``."""
    words: Counter[str] = Counter()
    for text in texts:
        words.update(w.casefold() for w in pat.HYPHENATED_WORD.findall(text))
    return words


def layout_join(word: str, words: Counter[str]) -> str | None:
    """``word`` ("Requ-irements", as :func:`broken_word` gives it) without its hyphen when the
    hyphen is the layout's: ``words`` (the document's :func:`vocabulary`, ``word`` counted once)
    has the word unbroken and not hyphenated elsewhere; None when the hyphen is the Code's."""
    joined = word.replace("-", "", 1)
    return joined if words[joined.casefold()] and words[word.casefold()] <= 1 else None
