"""PDF (pdfplumber): words with positions, to lines, to paragraphs, to blocks.

One module a stage, data flowing one way: :mod:`.lines` (words to lines and segments),
:mod:`.furniture` (headers, footers, footnotes), :mod:`.columns` (two-column pages), :mod:`.page`
(a page's body lines, balloons set aside), :mod:`.tables` (ruled tables' rows), :mod:`.paragraphs`
(paragraphs and definitions rows, as blocks); this module runs them and joins hyphen-broken words.

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
  cells' paragraphs in turn (:meth:`.paragraphs.Assembler._plain_row`).  In a cell a line
  opening with a number or label after one that ends a unit starts a paragraph.  A table whose
  words do not each stand inside one of its cells is read line by line, with a ``table-layout``
  warning, as are lines in columns with no ruling lines outside A1.1.
* Two columns: a page whose lines stand on both sides of a gutter of whitespace down its middle,
  in columns of about one width and length (:func:`.columns._gutter`), is read column by column
  between the lines that cross the gutter, with a ``two-columns`` note; a column's first line
  joins the paragraph before as a page's first line does.
* Hyphenation: a word a hyphen broke at a line's end ("Requ-" + "irements") is joined where the
  file has the word unbroken and not hyphenated elsewhere (:mod:`redline.read.hyphenation`, the
  text reader's rule), with a repair at the line after the break.
* Each paragraph is cleaned by :func:`redline.read.text.text_blocks` (furniture patterns,
  copy-out repairs) like a line of text.
* Position: file, page and line number on the page (of the paragraph's first line).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from redline.models import Position, ReadReport, Repair
from redline.read.hyphenation import REASON, layout_join, vocabulary
from redline.read.pdf.furniture import OuterLines, running_furniture
from redline.read.pdf.lines import Line, font_of
from redline.read.pdf.page import open_pdf, page_lines
from redline.read.pdf.paragraphs import Assembler
from redline.read.pdf.tables import TableRow, tabled
from redline.read.structure import Block

#: The names the instructions reader (:mod:`redline.instructions.from_pdf`) and the readers use.
__all__ = ["OuterLines", "open_pdf", "page_lines", "read_pdf_file", "running_furniture"]


def read_pdf_file(path: Path, report: ReadReport) -> Iterator[Block]:
    """Blocks of a PDF file, one per paragraph (or definitions row), the words a line-end hyphen
    broke joined where the hyphen is the layout's (:func:`_join_hyphenated`)."""
    assembler = Assembler(report)
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
    """The body lines of every page, a table's as its rows (:func:`tabled`); the first line of a
    page is ``new_font`` when it is set in another font than the last line of the page before."""
    with open_pdf(path) as pdf:
        running, outer = running_furniture(pdf), OuterLines.of(pdf)
        previous: Line | None = None
        for number, page in enumerate(pdf.pages, start=1):
            lines = list(page_lines(page, str(path), number, report, running, outer))
            for line in lines[:1]:
                if previous is not None:
                    line.new_font = font_of(previous.words) != font_of(line.words)
            yield from tabled(page, lines, report)
            previous = lines[-1] if lines else previous
