"""PDF (pdfplumber): words with positions, to lines, to paragraphs, to blocks.

* Lines: words grouped by their top edge.  A line within 50pt of the top or bottom edge of the
  page is a running header or footer, recorded in ``report.dropped`` and never yielded, when it
  is one: the same words (numbers aside) in that band on another page, a page number or a
  furniture pattern, or any line there in a one-page document.  Other words in the band are the
  Code's (a page with narrow margins), kept, with a warning.
* Outer furniture: a header or footer can stand outside that band (a two-line Word footer, an
  ODF layout's header inside the margin).  In the outer eighth of the page at the top or the
  bottom, the lines from the page's edge inwards are furniture, dropped as the band's are, for
  as long as each is one: the same words (numbers aside) at the same height on most pages (more
  than half, at least two), a page number or a furniture pattern.  The first line that is none
  of these, or opens with a clause number or list label, is the Code's, and so is every line
  after it.
* Margin balloons: segments starting right of the body text's right edge and of 75% of the
  page width ("Deleted: Modificat", as Word prints tracked deletions) go to
  ``report.comments``, never into clause text.  The body's right edge is where the lines
  that start left of 75% of the width end.
* Segments: a line splits where the gap between two words is wider than a tab
  (``SEGMENT_GAP``).  A first segment that is a clause number or list label alone is a
  hanging indent ("C2.3 | Without…", "(a) | to make…"): it starts a paragraph.
* Paragraphs: lines are joined while the step down to the next line is an ordinary line
  pitch; a wider step (paragraph spacing), a change of font (a bold heading above its
  clause), a hanging label or a new definitions row starts a new paragraph.  The first
  line of a page continues the paragraph before the break unless that paragraph ended
  with ``.``, ``;`` or ``:``, is a Section, Appendix or Part header (unless the line finishes
  its title in capitals and the same font), is page furniture, is set in another font, or the
  line starts with a clause number or label.  A line opening with a connective left of a list
  item's words ("and the Code Administrator shall …") after the item's closing comma goes to the
  tree builder as its own line, which decides whether it is the list's tail.  Wrapped lines are
  joined as the tree builder joins them (no space after a hyphen).
* Footnotes: the lines at a page's foot, above its footer, set smaller than most of the page's
  text and opening with the note's number, go to ``report.dropped`` with a ``footnote`` finding,
  as do the raised marks of those numbers in the page's text.
* Definitions: inside A1.1, a line with a left column and a right column is a definitions
  row; left-column words on the following lines of the row (a term wrapped over two lines,
  "Authority Determined" / "Modification") are joined to the term.  A row is yielded as
  ``Block(term=…, text=first paragraph, role="definition")``, its further paragraphs as
  their own blocks.  Elsewhere the columns of a line are read as one line (unless ruled, below).
* Tables with ruling lines (``page.find_tables()``, two columns or more): each row is read cell
  by cell, as the .docx reader reads a table: inside A1.1 a two-column row is a definition (its
  term, the first paragraph of its right cell, the cell's further paragraphs after it; a row
  whose left cell is empty at a page's top goes on with the row before the break); elsewhere the
  cells' paragraphs in turn (:meth:`_Assembler._plain_row`).  In a cell a line opening with a
  number or label after one that ends a unit starts a paragraph.  A table whose words do not
  each stand inside one of its cells is read line by line, with a ``table-layout`` warning, as
  are lines in columns with no ruling lines outside A1.1.
* Two columns: a page whose lines stand on both sides of a gutter of whitespace down its middle,
  in columns of about one width and length (:func:`_gutter`), is read column by column between
  the lines that cross the gutter, with a ``two-columns`` note; a column's first line joins the
  paragraph before as a page's first line does.
* Hyphenation: a word a hyphen broke at a line's end ("Requ-" + "irements") is joined where the
  file has the word unbroken and not hyphenated elsewhere (:mod:`redline.read.hyphenation`, the
  text reader's rule), with a repair at the line after the break.
* Each paragraph is cleaned by :func:`redline.read.text.text_blocks` (furniture patterns,
  copy-out repairs) like a line of text.
* Position: file, page and line number on the page (of the paragraph's first line).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFException
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from redline.models import Comment, Finding, Position, ReadReport, RedlineError, Repair
from redline.read import patterns as pat
from redline.read.hyphenation import REASON, broken_word, layout_join, vocabulary
from redline.read.layout import DefinitionsScope, row_text
from redline.read.structure import CONNECTIVE, Block, join_wrapped
from redline.read.text import text_blocks

#: Height of the top and bottom bands holding running headers and footers, in points.
FURNITURE_BAND = 50.0
#: A band line that is a page number alone: "3", "- 3 -", "Page 3", "3 of 16".
_PAGE_NUMBER = re.compile(r"^[-–\s]*(?:page\s+)?\d+(?:\s*(?:of|/)\s*\d+)?[-–\s]*$", re.IGNORECASE)
#: The outer part of a page: this fraction of its height at the top and at the bottom.
OUTER_PART = 0.125
#: Lines whose tops differ by at most this (points) on two pages stand at the same height.
SAME_HEIGHT = 1.5
#: A word smaller than this fraction of its line's largest size, and raised, is a superscript.
RAISED_SIZE = 0.8
#: Words starting right of this fraction of the page width are margin balloons.
BALLOON_FROM = 0.75
#: A gap between words wider than this (points) separates columns or a hanging label.
SEGMENT_GAP = 10.0
#: A step between lines above this multiple of the text height starts a paragraph.
PARAGRAPH_STEP = 1.5
#: Words whose tops differ by less than this (points) share a line.
SAME_LINE = 2.5
_ENDS_PARAGRAPH = (".", ";", ":")
#: Where a two-column page's gutter may stand: between these fractions of the page width.
GUTTER_WITHIN = (0.3, 0.7)
#: The fraction of a page's lines that may cross its gutter (headings across the page).
GUTTER_CROSSED = 0.2
#: How alike a two-column page's columns are: the fraction of lines split by the gutter, and
#: the narrower column's width and line count against the wider's, at least.
COLUMN_LIKENESS = 0.6
#: A page with fewer body lines is never read as two columns.
MIN_COLUMN_LINES = 6
#: A table cell this short (characters) is read after a tab on the line before: alone, it would be debris.
_SHORT_CELL = 3


@dataclass
class Segment:
    """Words of one line with no wide gap between them."""

    x0: float
    x1: float
    text: str


@dataclass
class Line:
    """A body line of a page, split into segments."""

    position: Position
    segments: list[Segment]
    first_on_page: bool  # the page's first line, or a column's on a page in two columns
    spaced: bool  # the step down from the line above is wider than an ordinary line pitch
    new_font: bool  # set in another font than the line above, on this page or the one before
    words: list[dict] = field(default_factory=list)  # pdfplumber words left of the balloons, with their chars

    @property
    def hanging(self) -> bool:
        """A clause number or list label standing apart from its text."""
        return len(self.segments) > 1 and bool(pat.NUMBER_TOKEN.match(self.segments[0].text))

    def text(self, segments: list[Segment] | None = None) -> str:
        return " ".join(s.text for s in (self.segments if segments is None else segments))

    def indent(self, segments: list[Segment]) -> float:
        """Where the words of ``segments`` start, after a clause number or label opening them."""
        words = [w for w in self.words if w["x0"] >= segments[0].x0]
        if len(words) > 1 and pat.NUMBER_TOKEN.match(words[0]["text"]):
            return words[1]["x0"]
        return words[0]["x0"] if words else segments[0].x0


def read_pdf_file(path: Path, report: ReadReport) -> Iterator[Block]:
    """Blocks of a PDF file, one per paragraph (or definitions row), the words a line-end hyphen
    broke joined where the hyphen is the layout's (:func:`_join_hyphenated`)."""
    assembler = _Assembler(report)
    blocks = list(assembler.blocks(_lines(path, report)))
    _join_hyphenated(blocks, assembler.broken, report)
    yield from blocks


def _join_hyphenated(blocks: list[Block], broken: list[tuple[Block, str, str, Position]], report: ReadReport) -> None:
    """Join each word a hyphen broke at a line's end (``broken``: the block, its field, the word,
    the line after) where :func:`redline.read.hyphenation.layout_join` finds the hyphen the
    layout's, the file's blocks its document; each join is a repair at the line after."""
    if not broken:
        return
    words = vocabulary(text for block in blocks for text in (block.text, block.term or ""))
    for block, field_name, word, pos in broken:
        text = getattr(block, field_name)
        if text.count(word) == 1 and (joined := layout_join(word, words)):
            setattr(block, field_name, text.replace(word, joined))
            report.repairs.append(Repair(pos, word, joined, REASON))


def _lines(path: Path, report: ReadReport) -> Iterator[Line | TableRow]:
    """The body lines of every page, a table's as its rows (:func:`_tabled`); the first line of a
    page is ``new_font`` when it is set in another font than the last line of the page before."""
    with open_pdf(path) as pdf:
        running, outer = running_furniture(pdf), OuterLines.of(pdf)
        previous: Line | None = None
        for number, page in enumerate(pdf.pages, start=1):
            lines = list(page_lines(page, str(path), number, report, running, outer))
            for line in lines[:1]:
                if previous is not None:
                    line.new_font = _font(previous.words) != _font(line.words)
            yield from _tabled(page, lines, report)
            previous = lines[-1] if lines else previous


# --- tables with ruling lines -------------------------------------------------------------------

@dataclass
class TableRow:
    """A row of a table drawn with ruling lines: the lines of each cell, left to right."""

    position: Position
    cells: list[list[Line]]
    first_on_page: bool  # the page's first line is in this row (it may go on with the row before the break)


def _tabled(page: pdfplumber.page.Page, lines: list[Line], report: ReadReport) -> Iterator[Line | TableRow]:
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
    for group in _group_lines(words):
        spaced = previous is not None and _spaced(previous, group)
        new_font = previous is not None and _font(previous) != _font(group)
        lines.append(Line(at[id(group[0])].position, _segments(group), False, spaced, new_font, group))
        previous = group
    return lines


def _banded(text: str) -> str:
    """A band line's words with its numbers blanked: "Page 3 of 16" and "Page 4 of 16" are one."""
    return re.sub(r"\d+", "#", " ".join(text.split()))


def running_furniture(pdf: pdfplumber.PDF) -> set[str] | None:
    """The header and footer lines that run: the words (numbers blanked) of a line in a page's top
    or bottom band that stand in that band on another page too; None for a one-page document,
    where nothing can be told to run (every band line is furniture there)."""
    if len(pdf.pages) < 2:
        return None
    seen: Counter[str] = Counter()
    for page in pdf.pages:
        bands = [page.crop((0, 0, page.width, FURNITURE_BAND)),
                 page.crop((0, page.height - FURNITURE_BAND, page.width, page.height))]
        seen.update({_banded(line) for band in bands for line in (band.extract_text() or "").splitlines()
                     if line.strip()})
    return {text for text, pages in seen.items() if pages > 1}


@dataclass
class OuterLines:
    """The lines in the outer part of the pages: for each line's words (numbers blanked), the
    pages and heights (tops) it stands at."""

    pages: int
    tops: dict[str, list[tuple[int, float]]]

    @classmethod
    def of(cls, pdf: pdfplumber.PDF) -> OuterLines:
        tops: dict[str, list[tuple[int, float]]] = {}
        for number, page in enumerate(pdf.pages, start=1):
            outer = OUTER_PART * page.height
            for part in (page.within_bbox((0, 0, page.width, outer)),
                         page.within_bbox((0, page.height - outer, page.width, page.height))):
                for words in _group_lines(_words(part)):
                    text = " ".join(w["text"] for w in words)
                    tops.setdefault(_banded(text), []).append((number, words[0]["top"]))
        return cls(len(pdf.pages), tops)

    def runs(self, text: str, top: float) -> bool:
        """The line stands at this height on most pages (more than half of them, two at least)."""
        pages = {page for page, at in self.tops.get(_banded(text), []) if abs(at - top) <= SAME_HEIGHT}
        return len(pages) >= max(2, self.pages // 2 + 1)


def _outer(words: list[dict], height: float) -> bool:
    """The line lies in the outer part of its page, at the top or at the bottom."""
    return max(w["bottom"] for w in words) < OUTER_PART * height or \
        min(w["top"] for w in words) > (1 - OUTER_PART) * height


@contextmanager
def open_pdf(path: Path) -> Iterator[pdfplumber.PDF]:
    """The open PDF; a corrupt, protected or unreadable file (also while reading its pages) raises
    a one-line RedlineError."""
    try:
        with pdfplumber.open(path) as pdf:
            yield pdf
    except (PdfminerException, PDFException, PSException) as exc:
        inner = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        raise RedlineError(f"{path}: {_pdf_problem(inner)}") from exc
    except OSError as exc:
        raise RedlineError(f"{path}: cannot read ({exc.strerror or exc})") from exc


def _pdf_problem(exc: object) -> str:
    name = type(exc).__name__
    if "Password" in name or "Encryption" in name:
        return "password-protected PDF; save an unprotected copy and read that"
    detail = str(exc).splitlines()[0] if str(exc) else name
    return f"not a readable PDF ({detail})"


def page_lines(page: pdfplumber.page.Page, source: str, number: int, report: ReadReport,
               running: set[str] | None = None, outer: OuterLines | None = None) -> Iterator[Line]:
    """The body lines of a page; headers and footers (``running``: see :func:`running_furniture`;
    ``outer``: the furniture outside the band, see :func:`_outer_furniture`) and, with ``outer``,
    footnotes (:func:`_footnotes`) and their raised marks in the text go to ``report.dropped``,
    balloons to ``report.comments``."""
    body: list[tuple[Position, list[dict]]] = []
    lines = _group_lines(_words(page, chars=True))
    texts = [" ".join(w["text"] for w in words) for words in lines]
    banded = {index for index, words in enumerate(lines) if _in_band(words, page.height)}
    furniture = {index for index in banded if running is None or _band_furniture(texts[index], running)}
    notes: list[int] = []
    if outer is not None:
        furniture |= _outer_furniture(lines, texts, page.height, (banded, furniture), outer)
        notes = _footnotes(lines, page.height, furniture)
    if notes:
        report.findings.append(Finding(Position(source, notes[0] + 1, number), "footnote",
                                       f"{len(notes)} line(s) in smaller type at the foot of the page, first "
                                       f"{texts[notes[0]][:40]!r}, read as footnotes: kept out of the clauses, "
                                       "with their marks in the text, in the page furniture dropped"))
    numbers = {text[:len(text) - len(text.lstrip("0123456789"))] for text in (texts[i] for i in notes)} - {""}
    for index, (words, text) in enumerate(zip(lines, texts, strict=True)):
        pos = Position(source, index + 1, number)
        if index in furniture or index in notes:
            report.dropped.append((pos, text))
            continue
        if marks := [w for w in words if w["text"] in numbers and _raised(w, words)]:
            report.dropped.append((pos, " ".join(w["text"] for w in marks)))
            words = [w for w in words if w not in marks]
        if index in banded:
            report.findings.append(Finding(pos, "band-text", f"{text[:40]!r} stands in the page's header or "
                                           "footer band but runs on no other page: read as the Code's words"))
        body.append((pos, words))
    ordered = [(pos, words, False) for pos, words in body]
    if gutter := _gutter([words for _, words in body], page.width):
        ordered = _column_order(body, gutter)
        report.findings.append(Finding(ordered[0][0], "two-columns", f"page {number} is set in two columns (a gutter "
                                       f"from x={gutter[0]:.0f} to {gutter[1]:.0f}pt): read column by column, the "
                                       "left first, between the lines that run across the page"))
    segmented = [(pos, words, _segments(words), column) for pos, words, column in ordered]
    edge = _body_edge([segments for _, _, segments, _ in segmented], page.width)
    previous: list[dict] | None = None
    for pos, words, segments, column in segmented:
        if balloon := [s for s in segments if s.x0 > edge]:
            report.comments.append(Comment(pos, " ".join(s.text for s in balloon)))
        kept = [s for s in segments if s.x0 <= edge]
        if not kept:
            continue
        words = [w for w in words if w["x0"] <= edge]
        yield Line(pos, kept, previous is None or column, previous is not None and _spaced(previous, words),
                   previous is not None and _font(previous) != _font(words), words)
        previous = words


# --- two columns -------------------------------------------------------------------------------

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


def _words(page: pdfplumber.page.Page, chars: bool = False) -> list[dict]:
    """The page's words, with their font and size (and characters)."""
    return page.extract_words(extra_attrs=["fontname", "size"], return_chars=chars)


def _in_band(words: list[dict], height: float) -> bool:
    return max(w["bottom"] for w in words) < FURNITURE_BAND or min(w["top"] for w in words) > height - FURNITURE_BAND


def _band_furniture(text: str, running: set[str]) -> bool:
    """A band line that is furniture: it runs, or is a page number or a furniture pattern."""
    return _banded(text) in running or _PAGE_NUMBER.match(text) is not None or pat.furniture_start(text) == 0


def _outer_furniture(lines: list[list[dict]], texts: list[str], height: float,
                     band: tuple[set[int], set[int]], outer: OuterLines) -> set[int]:
    """The furniture outside the band: from the top edge down and from the bottom edge up, the
    lines in the page's outer part that run at their height (``outer``), are page numbers or
    furniture patterns, until the first that is none of these.  ``band``: the lines in the band
    and those of them that are furniture (passed over; the others, the Code's, end the walk)."""
    banded, furniture = band
    found: set[int] = set()
    for order in (range(len(lines)), range(len(lines) - 1, -1, -1)):
        for index in order:
            if index in furniture:
                continue
            words, text = lines[index], texts[index]
            if index in banded:
                break
            if not _outer(words, height) or pat.NUMBER_TOKEN.match(text.split()[0]) or not (
                    outer.runs(text, words[0]["top"]) or _PAGE_NUMBER.match(text) or pat.furniture_start(text) == 0):
                break
            found.add(index)
    return found


def _footnotes(lines: list[list[dict]], height: float, furniture: set[int]) -> list[int]:
    """The footnotes at the foot of a page, top line first: the lines above the footer set in a
    smaller size than most of the page's text, in its lowest third, the first opening with a
    footnote's number ("1See also …"); none when the lines there are not all of that kind."""
    sizes: Counter[int] = Counter()
    for index, words in enumerate(lines):
        if index not in furniture:
            sizes[_font(words)[1]] += sum(len(w["text"]) for w in words)
    if not sizes:
        return []
    body = sizes.most_common(1)[0][0]
    notes: list[int] = []
    for index in range(len(lines) - 1, -1, -1):
        if index in furniture:
            continue
        if _font(lines[index])[1] >= body or lines[index][0]["top"] < height * 2 / 3:
            break
        notes.insert(0, index)
    return notes if notes and lines[notes[0]][0]["text"][0].isdigit() else []


def _raised(word: dict, line: list[dict]) -> bool:
    """A word set smaller than its line and above its foot: a superscript (a footnote's mark)."""
    return word["size"] < RAISED_SIZE * max(w["size"] for w in line) and \
        word["bottom"] < max(w["bottom"] for w in line) - SAME_LINE


def _body_edge(lines: list[list[Segment]], width: float) -> float:
    """The right edge of body text: segments starting beyond it are margin balloons."""
    body_from = BALLOON_FROM * width
    return max([body_from, *(s.x1 for segments in lines for s in segments if s.x0 < body_from)])


def _spaced(above: list[dict], words: list[dict]) -> bool:
    height = max(w["bottom"] - w["top"] for w in above + words)
    return min(w["top"] for w in words) - min(w["top"] for w in above) > PARAGRAPH_STEP * height


def _font(words: list[dict]) -> tuple[str, int]:
    """The font most of a line's characters are set in (its name without a subset's prefix,
    "ABCDEF+Arial", which may differ from page to page)."""
    weight: Counter[tuple[str, int]] = Counter()
    for w in words:
        weight[(w["fontname"].partition("+")[2] or w["fontname"], round(w["size"]))] += len(w["text"])
    return weight.most_common(1)[0][0]


def _group_lines(words: list[dict]) -> list[list[dict]]:
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(word["top"] - lines[-1][0]["top"]) < SAME_LINE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _segments(words: list[dict]) -> list[Segment]:
    segments: list[Segment] = []
    for word in words:
        if segments and word["x0"] - segments[-1].x1 <= SEGMENT_GAP:
            last = segments[-1]
            last.text, last.x1 = f"{last.text} {word['text']}", word["x1"]
        else:
            segments.append(Segment(word["x0"], word["x1"], word["text"]))
    return segments


_HEADERS = (pat.SECTION_HEADER, pat.APPENDIX_HEADER, pat.PART_HEADER, pat.APPENDIX_PART_HEADER)
#: A header's title has at most this many words ("at most 12 words", as the tree builder reads one).
_TITLE_WORDS = 12


def _header(text: str) -> bool:
    """``text`` is a Section, Appendix or Part header: it ends its paragraph at a page break."""
    for regex in _HEADERS:
        if m := regex.match(text):
            title = m["title"] or m.groupdict().get("qtitle") or ""
            return len(title.split()) <= _TITLE_WORDS
    return False


def _finishes_title(line: str) -> bool:
    """A page's first line that finishes a header's title in capitals ("INFRASTRUCTURE"), not a
    Part header or numbered line of its own ("L1 SMKI POLICY MANAGEMENT AUTHORITY")."""
    return line.isupper() and not _header(line) and pat.NUMBER_TOKEN.match(line.split()[0]) is None


@dataclass
class _Paragraph:
    """Lines joined: their words, and where each line starts."""

    parts: list[str]
    positions: list[Position]
    indent: float = 0.0  # where the words of its last line start (see Line.indent)

    @property
    def position(self) -> Position:
        return self.positions[0]

    @property
    def text(self) -> str:
        return functools.reduce(join_wrapped, self.parts, "")

    def add(self, text: str, position: Position) -> None:
        self.parts.append(text)
        self.positions.append(position)

    def extend(self, other: _Paragraph) -> None:
        """Go on with ``other``'s lines."""
        self.parts += other.parts
        self.positions += other.positions

    def breaks(self) -> Iterator[tuple[str, Position]]:
        """The words a hyphen broke at the end of a line ("Requ-irements"), with where the line after starts."""
        for before, after, position in zip(self.parts[:-1], self.parts[1:], self.positions[1:], strict=True):
            if word := broken_word(before, after):
                yield word, position


@dataclass
class _Row:
    """An open definitions row: its term (the left column's lines) and the paragraphs of its right column."""

    term: _Paragraph
    paragraphs: list[_Paragraph]
    ruled: bool = False  # a row of a table with ruling lines (TableRow), not of columns found on each line


class _Assembler:
    """Joins lines into paragraphs and definitions rows, and hands them over as blocks."""

    def __init__(self, report: ReadReport) -> None:
        self.report = report
        self.scope = DefinitionsScope()
        self.paragraph: _Paragraph | None = None
        self.row: _Row | None = None
        self.column: float | None = None  # x where the definitions' right column starts
        #: the words a line-end hyphen broke: the block, its field ("text" or "term"), the word, the line after
        self.broken: list[tuple[Block, str, str, Position]] = []
        self.above: Line | None = None  # the line before, outside A1.1
        self.unruled = False  # that line and the one before it stand in columns (warned of)

    def blocks(self, lines: Iterator[Line | TableRow]) -> Iterator[Block]:
        for line in lines:
            yield from self._table_row(line) if isinstance(line, TableRow) else self._line(line)
        yield from self._close_row()
        yield from self._flush()

    def _line(self, line: Line) -> Iterator[Block]:
        if self.row is not None and self.row.ruled:
            yield from self._close_row()
        self._unruled_table(line)
        left, right = self._columns(line)
        if left and self.row is not None and self._wraps_term(line, right or []):
            self.row.term.add(line.text(left), line.position)
            if right:
                yield from self._body(line, right)
            return
        if left and right:
            yield from self._close_row()
            yield from self._flush()
            self.paragraph = _Paragraph([line.text(right)], [line.position])
            self.row = _Row(_Paragraph([line.text(left)], [line.position]), [self.paragraph])
            return
        if self.row is not None and (left or right is None):
            yield from self._close_row()
        yield from self._body(line, right or line.segments)

    # tables with ruling lines

    def _table_row(self, row: TableRow) -> Iterator[Block]:
        """A table's row read as the .docx reader reads one: inside A1.1 a two-column row is a
        definition (its term, the first paragraph of its right cell; the cell's other paragraphs
        follow), and one at a page's top with its left cell empty goes on with the row before the
        break; any other row gives its cells' paragraphs in turn, a row of two one-paragraph
        cells as one line with a tab between them."""
        self.above = None
        cells = [_cell_paragraphs(lines) for lines in row.cells]
        if row.first_on_page and self.row is not None and self.row.ruled and len(cells) == 2 and not cells[0]:
            self._go_on(cells[1])
            return
        yield from self._close_row()
        yield from self._flush()
        if self.scope.active and len(cells) == 2 and all(cells):
            term, *more = cells[0]
            for paragraph in more:
                term.extend(paragraph)
            self.row, self.paragraph = _Row(term, cells[1], ruled=True), cells[1][-1]
            return
        yield from self._plain_row(cells)

    def _plain_row(self, cells: list[list[_Paragraph]]) -> Iterator[Block]:
        """A row outside the definitions, as the .docx reader reads one: two cells of a paragraph
        each as one line with a tab between them, unless one opens with a clause number or
        label; otherwise each paragraph in turn, cell after cell, but a cell of a few characters
        ("10") goes after a tab on the line before, as the row's words (alone, the text reader's
        cleaning would drop it as a line of debris)."""
        paragraphs = [paragraph for cell in cells for paragraph in cell]
        numbered = [pat.NUMBER_TOKEN.match(p.parts[0].split()[0]) is not None for p in paragraphs]
        lines: list[list[_Paragraph]] = []
        for paragraph, number in zip(paragraphs, numbered, strict=True):
            short = len(paragraph.text) <= _SHORT_CELL or (len(cells) == len(paragraphs) == 2 and not any(numbered))
            if lines and short and not number:
                lines[-1].append(paragraph)
            else:
                lines.append([paragraph])
        for first, *beside in lines:
            self.scope.see(first.text)
            yield from self._cleaned(first, beside=beside)

    def _go_on(self, paragraphs: list[_Paragraph]) -> None:
        """The right cell of a definitions row broken by a page: its first paragraph continues the
        row's last unless that ended with ``.``, ``;`` or ``:`` or it opens with a number or label."""
        assert self.row is not None and self.paragraph is not None
        first, *rest = paragraphs
        if self.paragraph.text.endswith(_ENDS_PARAGRAPH) or pat.NUMBER_TOKEN.match(first.parts[0].split()[0]):
            rest.insert(0, first)
        else:
            self.paragraph.extend(first)
        self.row.paragraphs += rest
        self.paragraph = self.row.paragraphs[-1]

    def _unruled_table(self, line: Line) -> None:
        """Warn of a table with no ruling lines outside A1.1: a line whose columns start where the
        line just above has one, past its first (``table-layout``, once for each run of such
        lines).  Its lines are read across the page, so a cell wrapped over lines is mixed with
        the cells beside it."""
        above, self.above = self.above, None if self.scope.active else line
        columns = above is not None and not line.spaced and not line.first_on_page and all(
            len(each.segments) > 1 and not each.hanging for each in (above, line)) and any(
            abs(a.x0 - b.x0) <= SAME_LINE for a in above.segments[1:] for b in line.segments[1:])
        if columns and not self.unruled:
            self.report.findings.append(Finding(above.position, "table-layout", "lines in columns with no ruling "
                                                "lines (a table?): read across the page, line by line, so the "
                                                "words of a cell wrapped over lines may be mixed with its "
                                                "neighbours'"))
        self.unruled = columns

    # definitions columns

    def _columns(self, line: Line) -> tuple[list[Segment], list[Segment] | None]:
        """(left column, right column) inside A1.1; ([], None) for an ordinary line."""
        if not self.scope.active:
            return [], None
        if self.column is None:
            if len(line.segments) < 2 or line.hanging:
                return [], None
            self.column = line.segments[1].x0
        edge = self.column - SEGMENT_GAP
        left = [s for s in line.segments if s.x0 < edge]
        right = [s for s in line.segments if s.x0 >= edge]
        if (line.hanging and left) or (self.row is None and not (left and right)):
            return [], None  # a clause number at the margin ("A1.2 …"), or text outside the table
        return left, right or None

    def _wraps_term(self, line: Line, right: list[Segment]) -> bool:
        """A left-column line that continues the open row's term rather than starting a row."""
        if line.spaced or line.first_on_page or self.paragraph is None:
            return False
        return not right or pat.NUMBER_TOKEN.match(right[0].text) is not None \
            or not self.paragraph.text.endswith(_ENDS_PARAGRAPH)

    def _close_row(self) -> Iterator[Block]:
        row, self.row = self.row, None
        if row is None:
            return
        self.paragraph = None
        first, *rest = row.paragraphs
        yield from self._cleaned(first, row.term)
        for paragraph in rest:
            yield from self._cleaned(paragraph)

    # paragraphs

    def _body(self, line: Line, segments: list[Segment]) -> Iterator[Block]:
        text = line.text(segments)
        if self._starts_paragraph(line, segments):
            if self.row is None:
                yield from self._flush()
                self.scope.see(text)
            self.paragraph = _Paragraph([text], [line.position])
            if self.row is not None:
                self.row.paragraphs.append(self.paragraph)
        else:
            assert self.paragraph is not None
            self.paragraph.add(text, line.position)
        self.paragraph.indent = line.indent(segments)

    def _starts_paragraph(self, line: Line, segments: list[Segment]) -> bool:
        if self.paragraph is None or _opens(line, segments):
            return True
        if line.first_on_page:
            before, first = self.paragraph.text, line.text(segments)
            return before.endswith(_ENDS_PARAGRAPH) or pat.NUMBER_TOKEN.match(first.split()[0]) is not None \
                or (_header(before) and not _finishes_title(first)) or pat.furniture_start(before) == 0 \
                or self._list_tail(line, segments)
        return False

    def _list_tail(self, line: Line, segments: list[Segment]) -> bool:
        """A page's first line that may be the tail of the list its last item ended with a comma:
        it opens with a connective left of the item's words ("(b) … Smart Metering System," +
        "and the Code Administrator shall …").  It goes to the tree builder as its own line."""
        assert self.paragraph is not None
        return self.paragraph.text.endswith(",") and pat.LIST_LABEL.match(self.paragraph.text) is not None \
            and CONNECTIVE.match(line.text(segments)) is not None \
            and line.indent(segments) < self.paragraph.indent - SAME_LINE

    def _flush(self) -> Iterator[Block]:
        paragraph, self.paragraph = self.paragraph, None
        if paragraph is not None and self.row is None:
            yield from self._cleaned(paragraph)

    def _cleaned(self, paragraph: _Paragraph, term: _Paragraph | None = None,
                 beside: Sequence[_Paragraph] = ()) -> Iterator[Block]:
        """The paragraph's block (a definition's with its ``term``; with the paragraphs of a
        table row ``beside`` it, after tabs), its hyphen breaks noted."""
        pos = paragraph.position
        text = functools.reduce(row_text, (p.text for p in beside), paragraph.text)
        for block in text_blocks([text], pos.file, self.report, pos.page, pos.line or 1):
            if term is not None:
                block = Block(block.text, block.position, term=term.text, role="definition")
                self.broken.extend((block, "term", word, at) for word, at in term.breaks())
            for part in (paragraph, *beside):
                self.broken.extend((block, "text", word, at) for word, at in part.breaks())
            yield block


def _opens(line: Line, segments: list[Segment]) -> bool:
    """The line starts a paragraph whatever came before: it is spaced from the line above, set in
    another font, or opens with a clause number or label standing apart from its words."""
    return line.spaced or line.new_font or (len(segments) > 1 and pat.NUMBER_TOKEN.match(segments[0].text) is not None)


def _cell_paragraphs(lines: list[Line]) -> list[_Paragraph]:
    """A table cell's lines as paragraphs: a line starts one where :func:`_opens` says so, or
    opens with a clause number or label after a line that ends a unit ("… shall include:" +
    "(a) the first …"; "… for the test; and" + "(b) …"), as a cell's paragraphs are seldom spaced."""
    paragraphs: list[_Paragraph] = []
    for line in lines:
        text = line.text()
        if not paragraphs or _opens(line, line.segments) or (
                pat.NUMBER_TOKEN.match(text.split()[0]) and pat.ENDS_UNIT.search(paragraphs[-1].text)):
            paragraphs.append(_Paragraph([text], [line.position]))
        else:
            paragraphs[-1].add(text, line.position)
    return paragraphs

