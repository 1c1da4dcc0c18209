"""Paragraphs: a page's lines and table rows joined into paragraphs and definitions rows, handed
over as blocks (see :mod:`redline.read.pdf`)."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from redline.models import Finding, Position, ReadReport
from redline.read import patterns as pat
from redline.read.hyphenation import broken_word
from redline.read.layout import DefinitionsScope, row_text
from redline.read.pdf.lines import SAME_LINE, SEGMENT_GAP, Line, Segment
from redline.read.pdf.tables import TableRow
from redline.read.structure import CONNECTIVE, Block, join_wrapped
from redline.read.text import text_blocks

_ENDS_PARAGRAPH = (".", ";", ":")
#: A table cell this short (characters) is read after a tab on the line before: alone, it would be debris.
_SHORT_CELL = 3
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


class Assembler:
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
