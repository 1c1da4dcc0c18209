"""PDF (pdfplumber): words with positions, to lines, to paragraphs, to blocks.

* Lines: words grouped by their top edge.  A line within 50pt of the top or bottom edge of the
  page is a running header or footer, recorded in ``report.dropped`` and never yielded, when it
  is one: the same words (numbers aside) in that band on another page, a page number or a
  furniture pattern, or any line there in a one-page document.  Other words in the band are the
  Code's (a page with narrow margins), kept, with a warning.
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
  with ``.``, ``;`` or ``:`` or the line starts with a clause number or label.  Wrapped
  lines are joined as the tree builder joins them (no space after a hyphen).
* Definitions: inside A1.1, a line with a left column and a right column is a definitions
  row; left-column words on the following lines of the row (a term wrapped over two lines,
  "Authority Determined" / "Modification") are joined to the term.  A row is yielded as
  ``Block(term=…, text=first paragraph, role="definition")``, its further paragraphs as
  their own blocks.  Elsewhere the columns of a line are read as one line.
* Each paragraph is cleaned by :func:`redline.read.text.text_blocks` (furniture patterns,
  copy-out repairs) like a line of text.
* Position: file, page and line number on the page (of the paragraph's first line).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFException
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from redline.models import Comment, Finding, Position, ReadReport, RedlineError
from redline.read import patterns as pat
from redline.read.layout import DefinitionsScope
from redline.read.structure import Block, join_wrapped
from redline.read.text import text_blocks

#: Height of the top and bottom bands holding running headers and footers, in points.
FURNITURE_BAND = 50.0
#: A band line that is a page number alone: "3", "- 3 -", "Page 3", "3 of 16".
_PAGE_NUMBER = re.compile(r"^[-–\s]*(?:page\s+)?\d+(?:\s*(?:of|/)\s*\d+)?[-–\s]*$", re.IGNORECASE)
#: Words starting right of this fraction of the page width are margin balloons.
BALLOON_FROM = 0.75
#: A gap between words wider than this (points) separates columns or a hanging label.
SEGMENT_GAP = 10.0
#: A step between lines above this multiple of the text height starts a paragraph.
PARAGRAPH_STEP = 1.5
#: Words whose tops differ by less than this (points) share a line.
SAME_LINE = 2.5
_ENDS_PARAGRAPH = (".", ";", ":")


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
    first_on_page: bool
    spaced: bool  # the step down from the line above is wider than an ordinary line pitch
    new_font: bool  # set in another font than the line above (a heading and its clause)
    words: list[dict] = field(default_factory=list)  # pdfplumber words left of the balloons, with their chars

    @property
    def hanging(self) -> bool:
        """A clause number or list label standing apart from its text."""
        return len(self.segments) > 1 and bool(pat.NUMBER_TOKEN.match(self.segments[0].text))

    def text(self, segments: list[Segment] | None = None) -> str:
        return " ".join(s.text for s in (self.segments if segments is None else segments))


def read_pdf_file(path: Path, report: ReadReport) -> Iterator[Block]:
    """Blocks of a PDF file, one per paragraph (or definitions row)."""
    yield from _Assembler(report).blocks(_lines(path, report))


def _lines(path: Path, report: ReadReport) -> Iterator[Line]:
    with open_pdf(path) as pdf:
        running = running_furniture(pdf)
        for number, page in enumerate(pdf.pages, start=1):
            yield from page_lines(page, str(path), number, report, running)


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
               running: set[str] | None = None) -> Iterator[Line]:
    """The body lines of a page; headers and footers (``running``: see :func:`running_furniture`)
    go to ``report.dropped``, balloons to ``report.comments``."""
    body: list[tuple[Position, list[dict], list[Segment]]] = []
    page_words = page.extract_words(extra_attrs=["fontname", "size"], return_chars=True)
    for index, words in enumerate(_group_lines(page_words), 1):
        pos = Position(source, index, number)
        text = " ".join(w["text"] for w in words)
        if max(w["bottom"] for w in words) < FURNITURE_BAND or \
                min(w["top"] for w in words) > page.height - FURNITURE_BAND:
            if running is None or _banded(text) in running or _PAGE_NUMBER.match(text) or \
                    pat.furniture_start(text) == 0:
                report.dropped.append((pos, text))
                continue
            report.findings.append(Finding(pos, "band-text", f"{text[:40]!r} stands in the page's header or "
                                           "footer band but runs on no other page: read as the Code's words"))
        body.append((pos, words, _segments(words)))
    edge = _body_edge([segments for _, _, segments in body], page.width)
    previous: list[dict] | None = None
    for pos, words, segments in body:
        if balloon := [s for s in segments if s.x0 > edge]:
            report.comments.append(Comment(pos, " ".join(s.text for s in balloon)))
        kept = [s for s in segments if s.x0 <= edge]
        if not kept:
            continue
        words = [w for w in words if w["x0"] <= edge]
        yield Line(pos, kept, previous is None, previous is not None and _spaced(previous, words),
                   previous is not None and _font(previous) != _font(words), words)
        previous = words


def _body_edge(lines: list[list[Segment]], width: float) -> float:
    """The right edge of body text: segments starting beyond it are margin balloons."""
    body_from = BALLOON_FROM * width
    return max([body_from, *(s.x1 for segments in lines for s in segments if s.x0 < body_from)])


def _spaced(above: list[dict], words: list[dict]) -> bool:
    height = max(w["bottom"] - w["top"] for w in above + words)
    return min(w["top"] for w in words) - min(w["top"] for w in above) > PARAGRAPH_STEP * height


def _font(words: list[dict]) -> tuple[str, int]:
    """The font most of a line's characters are set in."""
    weight: Counter[tuple[str, int]] = Counter()
    for w in words:
        weight[(w["fontname"], round(w["size"]))] += len(w["text"])
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


@dataclass
class _Paragraph:
    position: Position
    parts: list[str]

    @property
    def text(self) -> str:
        return functools.reduce(join_wrapped, self.parts, "")


@dataclass
class _Row:
    """An open definitions row: the term so far and the paragraphs of its right column."""

    term: list[str]
    paragraphs: list[_Paragraph]


class _Assembler:
    """Joins lines into paragraphs and definitions rows, and hands them over as blocks."""

    def __init__(self, report: ReadReport) -> None:
        self.report = report
        self.scope = DefinitionsScope()
        self.paragraph: _Paragraph | None = None
        self.row: _Row | None = None
        self.column: float | None = None  # x where the definitions' right column starts

    def blocks(self, lines: Iterator[Line]) -> Iterator[Block]:
        for line in lines:
            yield from self._line(line)
        yield from self._close_row()
        yield from self._flush()

    def _line(self, line: Line) -> Iterator[Block]:
        left, right = self._columns(line)
        if left and self.row is not None and self._wraps_term(line, right or []):
            self.row.term.append(line.text(left))
            if right:
                yield from self._body(line, right)
            return
        if left and right:
            yield from self._close_row()
            yield from self._flush()
            self.paragraph = _Paragraph(line.position, [line.text(right)])
            self.row = _Row([line.text(left)], [self.paragraph])
            return
        if self.row is not None and (left or right is None):
            yield from self._close_row()
        yield from self._body(line, right or line.segments)

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
        for block in self._cleaned(first):
            yield Block(block.text, block.position, term=" ".join(row.term), role="definition")
        for paragraph in rest:
            yield from self._cleaned(paragraph)

    # paragraphs

    def _body(self, line: Line, segments: list[Segment]) -> Iterator[Block]:
        text = line.text(segments)
        if self._starts_paragraph(line, segments):
            if self.row is None:
                yield from self._flush()
                self.scope.see(text)
            self.paragraph = _Paragraph(line.position, [text])
            if self.row is not None:
                self.row.paragraphs.append(self.paragraph)
        else:
            assert self.paragraph is not None
            self.paragraph.parts.append(text)

    def _starts_paragraph(self, line: Line, segments: list[Segment]) -> bool:
        if self.paragraph is None or line.spaced or line.new_font:
            return True
        if len(segments) > 1 and pat.NUMBER_TOKEN.match(segments[0].text):
            return True
        if line.first_on_page:
            return self.paragraph.text.endswith(_ENDS_PARAGRAPH) or \
                pat.NUMBER_TOKEN.match(segments[0].text.split()[0]) is not None
        return False

    def _flush(self) -> Iterator[Block]:
        paragraph, self.paragraph = self.paragraph, None
        if paragraph is not None and self.row is None:
            yield from self._cleaned(paragraph)

    def _cleaned(self, paragraph: _Paragraph) -> Iterator[Block]:
        pos = paragraph.position
        yield from text_blocks([paragraph.text], pos.file, self.report, pos.page, pos.line or 1)

