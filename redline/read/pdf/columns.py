"""Two-column pages: the gutter down a page's middle, and its lines in reading order (see
:mod:`redline.read.pdf`)."""

from __future__ import annotations

from redline.models import Finding, Position, ReadReport
from redline.read.pdf.lines import SEGMENT_GAP

#: Where a two-column page's gutter may stand: between these fractions of the page width.
GUTTER_WITHIN = (0.3, 0.7)
#: The fraction of a page's lines that may cross its gutter (headings across the page).
GUTTER_CROSSED = 0.2
#: How alike a two-column page's columns are: the fraction of lines split by the gutter, and
#: the narrower column's width and line count against the wider's, at least.
COLUMN_LIKENESS = 0.6
#: A page with fewer body lines is never read as two columns.
MIN_COLUMN_LINES = 6


def reading_order(body: list[tuple[Position, list[dict]]], width: float, number: int,
                  report: ReadReport) -> list[tuple[Position, list[dict], bool]]:
    """The words of a page's body lines in reading order, each with whether a column starts there:
    as they stand, or column by column on a page set in two columns (:func:`_gutter`), with a
    ``two-columns`` note."""
    ordered = [(pos, words, False) for pos, words in body]
    if gutter := _gutter([words for _, words in body], width):
        ordered = _column_order(body, gutter)
        report.findings.append(Finding(ordered[0][0], "two-columns", f"page {number} is set in two columns (a gutter "
                                       f"from x={gutter[0]:.0f} to {gutter[1]:.0f}pt): read column by column, the "
                                       "left first, between the lines that run across the page"))
    return ordered


def _gutter(lines: list[list[dict]], width: float) -> tuple[float, float] | None:
    """The gutter of a page set in two columns: the widest strip in the middle of the page
    (:data:`GUTTER_WITHIN`), :data:`SEGMENT_GAP` wide at least, that the fewest lines' words
    cross, at most :data:`GUTTER_CROSSED` of them; None unless the lines form two columns there
    (:func:`_two_columns`)."""
    if len(lines) < MIN_COLUMN_LINES:
        return None
    low, high = (int(f * width) for f in GUTTER_WITHIN)
    cover = [0] * (high - low)
    for words in lines:
        for x in {x for w in words for x in range(max(low, int(w["x0"])), min(high, int(w["x1"]) + 1))}:
            cover[x - low] += 1
    fewest = min(cover)
    if fewest > GUTTER_CROSSED * len(lines):
        return None
    best: tuple[int, int] = (0, 0)
    start: int | None = None
    for x, count in enumerate([*cover, fewest + 1]):
        if count == fewest:
            start = x if start is None else start
        elif start is not None:
            best, start = max(best, (start, x), key=lambda run: run[1] - run[0]), None
    gutter = (float(low + best[0]), float(low + best[1]))
    return gutter if gutter[1] - gutter[0] >= SEGMENT_GAP and _two_columns(lines, gutter) else None


def _two_columns(lines: list[list[dict]], gutter: tuple[float, float]) -> bool:
    """Nearly every line stands left of the gutter, right of it or both (:data:`GUTTER_CROSSED`);
    the columns are of about one width and hold about as many lines (:data:`COLUMN_LIKENESS`);
    and the left column's lines mostly run to the gutter, as a column of text does (a table's
    terms do not)."""
    sides = [ws for ws in lines if not _crosses(ws, gutter)]
    left = [[w for w in ws if w["x1"] <= gutter[0]] for ws in sides]
    left = [ws for ws in left if ws]
    right = [ws for ws in ([w for w in ws if w["x0"] >= gutter[1]] for ws in sides) if ws]
    if len(sides) < (1 - GUTTER_CROSSED) * len(lines) or not left or not right:
        return False
    widths = (gutter[0] - min(ws[0]["x0"] for ws in left), max(ws[-1]["x1"] for ws in right) - gutter[1])
    full = [ws for ws in left if ws[-1]["x1"] >= gutter[0] - widths[0] / 4]
    return min(widths) >= COLUMN_LIKENESS * max(widths) \
        and min(len(left), len(right)) >= COLUMN_LIKENESS * max(len(left), len(right)) \
        and len(full) >= COLUMN_LIKENESS * len(left)


def _crosses(words: list[dict], gutter: tuple[float, float]) -> bool:
    return any(w["x1"] > gutter[0] and w["x0"] < gutter[1] for w in words)


def _column_order(body: list[tuple[Position, list[dict]]],
                  gutter: tuple[float, float]) -> list[tuple[Position, list[dict], bool]]:
    """The lines of a two-column page in reading order: between the lines that cross the gutter
    (a heading across the page), the left column's parts of the lines, then the right's; each
    with whether a column starts there (after a break, as a page's first line)."""
    ordered: list[tuple[Position, list[dict], bool]] = []
    left: list[tuple[Position, list[dict], bool]] = []
    right: list[tuple[Position, list[dict], bool]] = []
    for pos, words in body:
        if _crosses(words, gutter):
            ordered += [*left, *right, (pos, words, False)]
            left, right = [], []
            continue
        if part := [w for w in words if w["x1"] <= gutter[0]]:
            left.append((pos, part, False))
        if part := [w for w in words if w["x0"] >= gutter[1]]:
            right.append((pos, part, not right and bool(left)))
    return ordered + left + right
