"""The text reader's cheap pre-checks never skip a line its costlier patterns would match."""

from __future__ import annotations

from pathlib import Path

import pytest

from redline.read import patterns as pat
from redline.read.text import _BALLOON_ENDS, may_have_footer

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CRAFTED = [
    "the Panel shall consider the change changegtP0049 - Draft",
    "as set out in Section D1.3 SECMP0049 - Draft Legal Text",
    "the Code Administrator shall publish it Draftag Text",
    "and the DCC shall notify the Code Dele",
    "and the DCC shall notify the Code Deleted:",
    "the Panel shall notify the Code @",
    "as set out in Section Al.1 and Cl.2",
    "the SMKI1 PMA shall review the SMKI1 Compliance Policy",
]


def _lines() -> list[str]:
    found = [ln.strip() for p in sorted(CORPUS.rglob("*.txt"))
             for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return found + CRAFTED


@pytest.mark.parametrize("line", _lines())
def test_pre_checks_hold_wherever_the_patterns_match(line: str) -> None:
    if pat.FOOTER_TAIL.fullmatch(line):
        assert may_have_footer(line)
    if pat.BALLOON_TAIL.fullmatch(line):
        assert line.endswith(_BALLOON_ENDS)
    if pat.LETTER_L_FOR_ONE.search(line):
        assert "l." in line
    if pat.STRAY_DIGIT.search(line):
        assert "SMKI1" in line


def test_crafted_lines_do_match() -> None:
    matched = [line for line in CRAFTED if pat.FOOTER_TAIL.fullmatch(line) or pat.BALLOON_TAIL.fullmatch(line)
               or pat.LETTER_L_FOR_ONE.search(line) or pat.STRAY_DIGIT.search(line)]
    assert len(matched) >= 6
