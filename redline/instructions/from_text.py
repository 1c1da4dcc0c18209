"""Plain text of draft legal text (typed, or extracted from a redlined PDF as seed 000 was).

Revisions are invisible here: the lines go through ``redline.read``'s cleaning (page
furniture, balloons kept apart, footers cut, number slips), then the draft-only noise of
``headings`` (notes, a running header, garbage lines), and every place where noise was removed is
marked, so that words missing there are read as lost in extraction rather than deleted.
"""

from __future__ import annotations

from pathlib import Path

from redline.instructions.headings import FURNITURE, is_garbage_line
from redline.instructions.model import EQUAL, Balloon, Line, mark_noise
from redline.models import ReadReport
from redline.read import patterns as pat
from redline.read.text import read_text_file

_FOOTER_REASON = "page footer"


def read_text_lines(path: Path, report: ReadReport) -> tuple[list[Line], list[Balloon]]:
    """Cleaned lines with footer/garbage locations marked, and the margin balloons."""
    blocks = list(read_text_file(path, report))
    noise = {pos.line for pos, text in report.dropped if any(p.search(text) for p in pat.FURNITURE)}
    noise |= {r.position.line for r in report.repairs if r.reason.startswith(_FOOTER_REASON)}
    lines: list[Line] = []
    for block in blocks:
        number = block.position.line or 0
        text = block.text
        if FURNITURE.search(text) or is_garbage_line(text):
            report.dropped.append((block.position, text))
            noise.add(number)
            continue
        lines.append(Line([(EQUAL, text)], f"l.{number}", number))
    mark_noise(lines, noise)
    kept = {line.index for line in lines}
    balloons = [Balloon(c.text, f"l.{c.position.line}", c.position.line or 0, (c.position.line or 0) not in kept)
                for c in report.comments]
    return lines, balloons
