"""A redlined PDF (Word "print with markup", or a PDF of legal-text.docx): lines with their revisions.

Lines, page furniture and margin balloons come from :mod:`redline.read.pdf` (by position).  Each
character's revision is read from the thin horizontal rules (``lines`` and flat ``rects``) that
cross it: one through the middle of the glyph box strikes it through (deleted); one at or below
the baseline of a coloured glyph underlines it (inserted).  Black underlined text is ordinary
formatting, and Word's coloured balloon connectors never colour the text they run under.

Right-margin "Deleted: …" balloons are evidence of the deletion struck through beside them.  A
balloon whose text is struck through nowhere near it is a deletion Word moved out of the line: it
is put back, before the insertion, when it is level with a line showing exactly one insertion and
no deletion; otherwise it is reported.  Other balloons ("Formatted: …") are noted and set aside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfplumber.utils.text import LIGATURES

from redline.instructions.headings import FURNITURE
from redline.instructions.model import DELETE, EQUAL, INSERT, Balloon, Issue, Line, mark_noise
from redline.models import Position, ReadReport
from redline.read import patterns as pat
from redline.read.pdf import OuterLines, open_pdf, page_lines, running_furniture

#: A horizontal rule no thicker than this (points) may be an underline or a strike-through.
RULE_HEIGHT = 2.0
#: Where a rule crosses a glyph box, as a fraction of the box height down from its top.
STRIKE = (0.3, 0.75)
UNDERLINE = (0.75, 1.3)
#: A colour channel spread above this is a colour, not a grey.
COLOUR_SPREAD = 0.1
#: A gap between two characters of one pdfplumber word wider than this share of the font size is a space
#: (words placed one by one, without space glyphs, come out of pdfplumber run together).
WORD_GAP = 0.2
#: An "alone" balloon (on no text line) looks this many lines up and down for its deletion.
BALLOON_REACH = 3

_BALLOON_LABEL = re.compile(r"^(?:Deleted|Inserted|Formatted|Comment|Moved)\b[^:]{0,30}:\s*")
_DELETED = re.compile(r"^Deleted:\s*(?P<text>.+?)[\s…]*$")


@dataclass
class Rule:
    """A thin horizontal rule: ``y`` is its middle, measured down from the top of the page."""

    x0: float
    x1: float
    y: float


def page_rules(page: pdfplumber.page.Page) -> list[Rule]:
    """The page's thin horizontal lines and rectangles."""
    return [Rule(obj["x0"], obj["x1"], (obj["top"] + obj["bottom"]) / 2) for obj in (*page.lines, *page.rects)
            if obj["bottom"] - obj["top"] <= RULE_HEIGHT and obj["x1"] > obj["x0"]]


def coloured(colour: object) -> bool:
    """True for an RGB or CMYK fill that is not black, white or grey."""
    if not isinstance(colour, tuple | list) or len(colour) not in (3, 4) \
            or not all(isinstance(c, int | float) for c in colour):
        return False
    channels = [float(c) for c in colour[:3]]
    return max(channels) - min(channels) > COLOUR_SPREAD


def char_state(char: dict, rules: list[Rule]) -> str:
    """DELETE when struck through, INSERT when coloured and underlined, else EQUAL."""
    middle = (char["x0"] + char["x1"]) / 2
    height = (char["bottom"] - char["top"]) or 1.0
    crossings = [(r.y - char["top"]) / height for r in rules if r.x0 <= middle <= r.x1]
    if any(STRIKE[0] <= f < STRIKE[1] for f in crossings):
        return DELETE
    if coloured(char.get("non_stroking_color")) and any(UNDERLINE[0] <= f <= UNDERLINE[1] for f in crossings):
        return INSERT
    return EQUAL


def line_runs(words: list[dict], rules: list[Rule]) -> list[tuple[str, str]]:
    """(state, text) runs of a line's words, an unchanged space between words and at wide gaps inside one."""
    runs: list[tuple[str, str]] = []

    def add(state: str, text: str) -> None:
        if runs and runs[-1][0] == state:
            runs[-1] = (state, runs[-1][1] + text)
        else:
            runs.append((state, text))

    for n, word in enumerate(words):
        if n:
            add(EQUAL, " ")
        previous = None
        for char in word["chars"]:
            if previous is not None and char["x0"] - previous["x1"] > WORD_GAP * char["size"]:
                add(EQUAL, " ")
            add(char_state(char, rules), LIGATURES.get(char["text"], char["text"]))
            previous = char
    return runs


class _Reader:
    """Reads the pages in order, numbering lines through the document."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.report = ReadReport()
        self.lines: list[Line] = []
        self.index: dict[tuple[int, int], int] = {}  # (page, line on page) → line number in the document
        self.offset = 0

    def page(self, page: pdfplumber.page.Page, number: int, running: set[str] | None, outer: OuterLines) -> None:
        rules = page_rules(page)
        seen = len(self.report.dropped), len(self.report.comments)
        for pdf_line in page_lines(page, str(self.path), number, self.report, running, outer):
            runs = line_runs(pdf_line.words, rules)
            text = "".join(t for _, t in runs)
            position = pdf_line.position
            if all(state == EQUAL for state, _ in runs) and _furniture(text):
                self.report.dropped.append((position, text))
                continue
            self.lines.append(Line(runs, _where(position), self.number(position)))
        for position, _ in self.report.dropped[seen[0]:]:
            self.number(position)
        for comment in self.report.comments[seen[1]:]:
            self.number(comment.position)
        self.offset = max(self.index.values(), default=0)

    def number(self, position: Position) -> int:
        key = (position.page or 0, position.line or 0)
        return self.index.setdefault(key, self.offset + key[1])


def _where(position: Position) -> str:
    return f"p.{position.page} l.{position.line}"


def _furniture(text: str) -> bool:
    return bool(FURNITURE.search(text)) or any(p.search(text) for p in pat.FURNITURE)


def _balloons(reader: _Reader) -> list[tuple[str, Position]]:
    """Margin balloons as (text, position of their first line); a line without a label continues the one above."""
    found: list[tuple[str, Position]] = []
    last: Position | None = None
    for comment in reader.report.comments:
        pos = comment.position
        follows = last is not None and last.page == pos.page and (last.line or 0) + 1 == pos.line
        if found and follows and not _BALLOON_LABEL.match(comment.text):
            found[-1] = (f"{found[-1][0]} {comment.text}", found[-1][1])
        else:
            found.append((comment.text, pos))
        last = pos
    return found


def _deleted_near(lines: list[Line], index: int, alone: bool) -> str:
    reach = BALLOON_REACH if alone else 0
    return " ".join(t for line in lines if abs(line.index - index) <= reach for state, t in line.runs
                    if state == DELETE)


class _BalloonPlacer:
    """Decides, for each margin balloon, whether it is evidence, a deletion to put back, or a report."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.by_index = {line.index: line for line in lines}
        self.balloons: list[Balloon] = []
        self.issues: list[Issue] = []

    def place(self, text: str, index: int, where: str) -> None:
        m = _DELETED.match(text)
        if m is None:
            self.issues.append(Issue("note", where, f"margin balloon {text!r} is not a deletion: set aside"))
            return
        line = self.by_index.get(index)
        balloon = Balloon(text, where, index, line is None)
        deleted = pat.normalise_space(m["text"])
        shown = pat.normalise_space(_deleted_near(self.lines, index, balloon.alone))
        if shown and (deleted in shown or shown in deleted):
            self.balloons.append(balloon)
        elif line is not None and self._put_back(line, deleted):
            self.balloons.append(balloon)
            self.issues.append(Issue("note", where, f"margin balloon {text!r}: the deletion is put back before "
                                                    "the line's insertion"))
        else:
            self.issues.append(Issue("unresolved", where, f"margin balloon {text!r}: the deletion is not struck "
                                                          "through nearby and cannot be placed in the line"))

    @staticmethod
    def _put_back(line: Line, deleted: str) -> bool:
        """Put ``deleted`` before the line's only insertion, when it has one and no deletion."""
        states = [state for state, _ in line.runs]
        if DELETE in states or states.count(INSERT) != 1:
            return False
        line.runs.insert(states.index(INSERT), (DELETE, f" {deleted} "))
        return True


def read_pdf(path: Path) -> tuple[list[Line], list[Balloon], list[Issue]]:
    """The document's body lines with their revisions, its deletion balloons, and what was decided about them."""
    reader = _Reader(path)
    with open_pdf(path) as pdf:
        running, outer = running_furniture(pdf), OuterLines.of(pdf)  # furniture beyond the band too
        for number, page in enumerate(pdf.pages, start=1):
            reader.page(page, number, running, outer)
    mark_noise(reader.lines, {reader.number(pos) for pos, _ in reader.report.dropped})
    placer = _BalloonPlacer(reader.lines)
    for text, position in _balloons(reader):
        placer.place(text, reader.number(position), _where(position))
    return reader.lines, placer.balloons, placer.issues
