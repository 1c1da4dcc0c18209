"""Word-level diff: reconstruction and word boundaries, by example and by property."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from redline.emit.worddiff import DELETE, EQUAL, INSERT, _diff, word_diff

_WORD = re.compile(r"\w")


def _side(segments: list[tuple[str, str]], op: str) -> list[tuple[str, str]]:
    return [(o, t) for o, t in segments if o in (EQUAL, op)]


def _assert_valid(old: str, new: str) -> None:
    segments = word_diff(old, new)
    assert "".join(t for _, t in _side(segments, DELETE)) == old
    assert "".join(t for _, t in _side(segments, INSERT)) == new
    assert all(t for _, t in segments)
    for op in (DELETE, INSERT):
        view = _side(segments, op)
        for (_, t1), (_, t2) in zip(view, view[1:], strict=False):  # equal|equal: an edit point
            assert not (_WORD.match(t1[-1]) and _WORD.match(t2[0])), f"boundary inside a word: {t1!r}|{t2!r}"


def test_replaced_word_is_whole() -> None:
    assert word_diff("submit a Modification Proposal", "submit a Draft Proposal") == [
        (EQUAL, "submit a "), (DELETE, "Modification"), (INSERT, "Draft"), (EQUAL, " Proposal")]


def test_never_marks_part_of_a_word() -> None:
    segments = word_diff("Modification Proposals", "Modifications Proposals")
    assert (DELETE, "Modification") in segments and (INSERT, "Modifications") in segments


def test_insertion_aligns_with_the_phrase() -> None:
    # SECMP0049's F1.4(a) edit: a drafter marks "[the Change Sub-Committee, ]the Change Board",
    # not "the Change [Sub-Committee, the Change ]Board" (the same edit, slid by three tokens).
    assert word_diff("the Panel, the Change Board", "the Panel, the Change Sub-Committee, the Change Board") == [
        (EQUAL, "the Panel, "), (INSERT, "the Change Sub-Committee, "), (EQUAL, "the Change Board")]


def test_deletion_aligns_with_the_phrase() -> None:
    assert word_diff("the Panel, the Change Sub-Committee, the Change Board", "the Panel, the Change Board") == [
        (EQUAL, "the Panel, "), (DELETE, "the Change Sub-Committee, "), (EQUAL, "the Change Board")]


def test_an_edit_that_cannot_slide_stays() -> None:
    assert word_diff("the Panel shall decide", "the Panel shall promptly decide") == [
        (EQUAL, "the Panel shall "), (INSERT, "promptly "), (EQUAL, "decide")]


def test_identical_and_empty() -> None:
    assert word_diff("", "") == []
    assert word_diff("same text", "same text") == [(EQUAL, "same text")]
    assert word_diff("", "new words") == [(INSERT, "new words")]
    assert word_diff("old words", "") == [(DELETE, "old words")]


@given(st.text(alphabet="ab c.-\t(", max_size=30))
def test_identical_text_shortcut_is_the_diff(text: str) -> None:
    """Equal texts skip the diff: what it would have given (one equal segment), and nothing for ""."""
    assert word_diff(text, text) == list(_diff.__wrapped__(text, text))


def test_each_result_is_the_callers_own() -> None:
    """Changed pairs are diffed once and kept: a caller changing its list leaves the next one whole."""
    first = word_diff("the Panel shall", "the Board shall")
    first.clear()
    assert word_diff("the Panel shall", "the Board shall") == [
        (EQUAL, "the "), (DELETE, "Panel"), (INSERT, "Board"), (EQUAL, " shall")]


_TEXT = st.lists(st.sampled_from(["Draft", "Modification", "Proposal", "Proposals", "Panel", "the", "a", "ab",
                                  "ba", "C2.3", "(a)", " ", "  ", ",", ";", "-", "é", "x", "\t"]),
                 max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXT, _TEXT)
def test_reconstructs_on_word_boundaries_vocabulary(old: str, new: str) -> None:
    _assert_valid(old, new)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab c.-", max_size=30), st.text(alphabet="ab c.-", max_size=30))
def test_reconstructs_on_word_boundaries_characters(old: str, new: str) -> None:
    _assert_valid(old, new)
