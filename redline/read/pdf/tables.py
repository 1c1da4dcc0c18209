"""Tables drawn with ruling lines: a page's lines inside one, regrouped as its rows, cell by cell
(see :mod:`redline.read.pdf`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pdfplumber

from redline.models import Finding, Position, ReadReport
from redline.read.pdf.lines import SAME_LINE, Line, font_of, group_lines, segments_of, spaced_from


@dataclass
class TableRow:
    """A row of a table drawn with ruling lines: the lines of each cell, left to right."""

    position: Position
    cells: list[list[Line]]
    first_on_page: bool  # the page's first line is in this row (it may go on with the row before the break)


def tabled(page: pdfplumber.page.Page, lines: list[Line], report: ReadReport) -> Iterator[Line | TableRow]:
    """The page's lines, those of a table with ruling lines and two columns or more
    (``page.find_tables()``) as its rows, top to bottom; a table whose words do not each fall
    inside one of its cells is read line by line, with a ``table-layout`` warning."""
    tables = [t for t in page.find_tables() if any(len([c for c in r.cells if c]) > 1 for r in t.rows)]
    index = 0
    while index < len(lines):
        table = next((t for t in tables if _inside(lines[index].words, t.bbox)), None)
        if table is None:
            yield lines[index]
            index += 1
            continue
        end = index
        while end < len(lines) and _inside(lines[end].words, table.bbox):
            end += 1
        rows = _rows(table, lines[index:end])
        if rows is None:
            report.findings.append(Finding(lines[index].position, "table-layout", "a table's words do not each "
                                           "stand inside one of its cells: read line by line across its columns, "
                                           "so the words of its cells may be mixed"))
            yield from lines[index:end]
        else:
            yield from rows
        index = end


def _inside(words: list[dict], bbox: tuple[float, float, float, float]) -> bool:
    """Some of the words' middles lie inside ``bbox``."""
    return any(_holds(bbox, w) for w in words)


def _holds(bbox: tuple[float, float, float, float], word: dict) -> bool:
    x, y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def _rows(table: pdfplumber.table.Table, lines: list[Line]) -> list[TableRow] | None:
    """The table's rows, each cell's words regrouped into lines; None when a word lies in no cell,
    in two, or across a cell's side."""
    at = {id(w): line for line in lines for w in line.words}
    words = [w for line in lines for w in line.words]
    placed: set[int] = set()
    rows: list[TableRow] = []
    for row in table.rows:
        cells = [[w for w in words if _holds(cell, w)] for cell in row.cells if cell is not None]
        if any(w["x0"] < cell[0] - SAME_LINE or w["x1"] > cell[2] + SAME_LINE
               for cell, ws in zip([c for c in row.cells if c is not None], cells, strict=True) for w in ws):
            return None
        if len({id(w) for ws in cells for w in ws} | placed) != len(placed) + sum(map(len, cells)):
            return None  # a word in two cells (a merged cell listed in two rows)
        placed.update(id(w) for ws in cells for w in ws)
        if any(cells):
            cell_lines = [_cell_lines(ws, at) for ws in cells]
            first = min((ls[0] for ls in cell_lines if ls), key=lambda line: line.position.line or 0)
            rows.append(TableRow(first.position, cell_lines, at[id(first.words[0])].first_on_page))
    return rows if len(placed) == len(words) else None


def _cell_lines(words: list[dict], at: dict[int, Line]) -> list[Line]:
    """A cell's words as lines, each at the position of the page's line it stands on."""
    lines: list[Line] = []
    previous: list[dict] | None = None
    for group in group_lines(words):
        spaced = previous is not None and spaced_from(previous, group)
        new_font = previous is not None and font_of(previous) != font_of(group)
        lines.append(Line(at[id(group[0])].position, segments_of(group), False, spaced, new_font, group))
        previous = group
    return lines
