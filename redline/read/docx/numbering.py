"""Word automatic numbering: numbering.xml resolved, the number Word shows for each numbered
paragraph (see :mod:`redline.read.docx`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx.oxml.ns import qn
from lxml import etree

from redline.read import labels as lab
from redline.read import patterns as pat
from redline.read.docx.markup import attr


@dataclass
class Level:
    """One level of a Word list: its format, text pattern and start value."""

    fmt: str = "decimal"
    text: str = ""
    start: int = 1


@dataclass
class _ListState:
    levels: dict[int, Level]
    counters: dict[int, int] = field(default_factory=dict)


def _level(lvl: etree._Element) -> Level:
    start = attr(lvl.find(qn("w:start")))
    return Level(fmt=attr(lvl.find(qn("w:numFmt"))) or "decimal",
                 text=attr(lvl.find(qn("w:lvlText"))) or "",
                 start=int(start) if start and start.lstrip("-").isdigit() else 1)


def format_value(value: int, fmt: str) -> str:
    """A counter in a Word number format: (3, 'lowerLetter') → 'c'."""
    if fmt in ("lowerLetter", "upperLetter"):
        return lab.label_at(value, lab.UPPER if fmt == "upperLetter" else lab.LETTER)
    if fmt in ("lowerRoman", "upperRoman"):
        roman = lab.to_roman(value)
        return roman.upper() if fmt == "upperRoman" else roman
    return str(value)


class Numbering:
    """numbering.xml resolved: the number Word shows for each numbered paragraph, in order."""

    def __init__(self, root: etree._Element | None) -> None:
        self.abstract: dict[str, dict[int, Level]] = {}
        self.nums: dict[str, tuple[str, etree._Element]] = {}
        self.state: dict[str, _ListState] = {}
        if root is None:
            return
        for absn in root.iter(qn("w:abstractNum")):
            self.abstract[absn.get(qn("w:abstractNumId"))] = {
                int(lvl.get(qn("w:ilvl"), "0")): _level(lvl) for lvl in absn.iter(qn("w:lvl"))}
        for num in root.iter(qn("w:num")):
            self.nums[num.get(qn("w:numId"))] = (attr(num.find(qn("w:abstractNumId"))) or "", num)

    def _levels(self, num_id: str) -> dict[int, Level] | None:
        if num_id not in self.nums:
            return None
        abstract_id, num = self.nums[num_id]
        levels = {i: Level(lv.fmt, lv.text, lv.start) for i, lv in self.abstract.get(abstract_id, {}).items()}
        for override in num.iter(qn("w:lvlOverride")):
            ilvl = int(override.get(qn("w:ilvl"), "0"))
            if (lvl := override.find(qn("w:lvl"))) is not None:
                levels[ilvl] = _level(lvl)
            start = attr(override.find(qn("w:startOverride")))
            if start is not None and start.isdigit():
                levels.setdefault(ilvl, Level()).start = int(start)
        return levels

    def next_number(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counters of ``num_id`` at ``ilvl`` and return the number shown."""
        if num_id not in self.state:
            levels = self._levels(num_id)
            if levels is None:
                return None
            self.state[num_id] = _ListState(levels)
        state = self.state[num_id]
        level = state.levels.get(ilvl)
        if level is None or level.fmt in ("bullet", "none"):
            return None
        counters = state.counters
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level.start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def value(m: re.Match[str]) -> str:
            k = int(m["level"]) - 1
            shown = state.levels.get(k, Level())
            return format_value(counters.get(k, shown.start), shown.fmt)

        return pat.LEVEL_PLACEHOLDER.sub(value, level.text).strip() or None
