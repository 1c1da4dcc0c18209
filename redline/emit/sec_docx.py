"""Render SEC layout blocks into a .docx with tracked changes (shared by redline and legal text)."""

from __future__ import annotations

import functools

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from redline.emit.layout import Block, DefRow, Para
from redline.emit.meta import EmitMeta
from redline.emit.ooxml import RevisionIds, Revisions, enable_track_revisions, indent, make_run, new_element
from redline.emit.package import TEMPLATE, new_document, to_bytes
from redline.emit.worddiff import EQUAL, INSERT

_STYLES = {"title": "Title", "section": "Heading 1", "part": "Heading 2"}
_BOLD = {"heading", "instruction"}
_NUMBER_WIDTH = Cm(1.5).twips  # clause numbers hang in this width
_LEVEL_STEP = Cm(1.0).twips  # each list level indents by this much more
_TERM_WIDTH, _DEFINITION_WIDTH = Cm(5.0), Cm(11.0)


def _bold() -> etree._Element:
    rpr = new_element("w:rPr")
    rpr.append(new_element("w:b"))
    return rpr


class SecDocx:
    """A new document in the SEC's layout whose revisions carry the meta's author and date."""

    def __init__(self, meta: EmitMeta, header: str = "") -> None:
        self.meta = meta
        self.document = new_document(meta)
        self.revisions = Revisions(meta.author, meta.date, RevisionIds(self.document.element))
        enable_track_revisions(self.document.settings.element)
        if header:
            self.document.sections[0].header.paragraphs[0].text = header
        self._table: Table | None = None
        self._style_ids, self._table_style = _style_ids()
        self._move_names: dict[str, str] = {}  # moved unit's uid → the move's name, both sides
        self._open_move: tuple[str, etree._Element, etree._Element] | None = None  # key, end, last p

    def add(self, blocks: list[Block]) -> None:
        """Append blocks; consecutive definition rows share one two-column table."""
        for block in blocks:
            if isinstance(block, DefRow):
                self._add_row(block)
            else:
                self._table = None
                paragraph = self.document.add_paragraph()
                if style_id := self._style_ids.get(block.role):
                    paragraph._p.style = style_id  # as add_paragraph(style=name) sets it
                self._fill(paragraph, block, in_table=False)
        self._close_move()

    def to_bytes(self) -> bytes:
        """The finished .docx: the same blocks and meta always give the same bytes."""
        return to_bytes(self.document, self.meta)

    def _add_row(self, row: DefRow) -> None:
        if self._table is None:
            self._table = self.document.add_table(rows=0, cols=2)
            self._table._tbl.tblStyle_val = self._table_style  # as table.style = "Table Grid" sets it
        cells = self._table.add_row().cells
        cells[0].width, cells[1].width = _TERM_WIDTH, _DEFINITION_WIDTH
        if row.inserted or row.deleted:
            self.revisions.mark_row(self._table.rows[-1]._tr, "insert" if row.inserted else "delete")
        self._fill(cells[0].paragraphs[0], row.term, in_table=True)
        for i, para in enumerate(row.body):
            self._fill(cells[1].paragraphs[0] if i == 0 else cells[1].add_paragraph(), para, in_table=True)

    def _fill(self, paragraph: Paragraph, para: Para, in_table: bool) -> None:
        _indent(paragraph, para, in_table)
        rpr = _bold() if para.role in _BOLD else None
        p = paragraph._p
        self._track_move(p, para)
        for op, text in para.segments():
            run = make_run(text, rpr)
            p.append(run if op == EQUAL else self.revisions.wrap(_kind(op == INSERT, para.move), [run]))
        if para.inserted or para.deleted:
            self.revisions.mark_paragraph(p, _kind(para.inserted, para.move))

    def _track_move(self, p: etree._Element, para: Para) -> None:
        """Open, continue or close the named move range the paragraph belongs to."""
        key = f"{para.move}:{para.move_key}" if para.move else ""
        if self._open_move is not None and self._open_move[0] == key:
            self._open_move = (key, self._open_move[1], p)
            return
        self._close_move()
        if para.move:
            name = self._move_names.setdefault(para.move_key, f"move{len(self._move_names) + 1}")
            start, end = self.revisions.move_range(f"move_{para.move}", name)
            ppr = p.find(qn("w:pPr"))
            p.insert(0 if ppr is None else p.index(ppr) + 1, start)
            self._open_move = (key, end, p)

    def _close_move(self) -> None:
        if self._open_move is not None:
            _, end, last = self._open_move
            last.append(end)
            self._open_move = None


@functools.cache
def _style_ids() -> tuple[dict[str, str | None], str | None]:
    """Each role's paragraph style id and the definitions table's in the template, which every
    document here is made from: resolved once per process, as python-docx finds a style by name
    by walking every style."""
    styles = Document(str(TEMPLATE)).styles
    return ({role: styles.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH) for role, name in _STYLES.items()},
            styles.get_style_id("Table Grid", WD_STYLE_TYPE.TABLE))


def _kind(inserted: bool, move: str) -> str:
    """The revision kind of inserted or deleted text, "move_to"/"move_from" in a moved unit."""
    if move:
        return "move_to" if inserted else "move_from"
    return "insert" if inserted else "delete"


def _indent(paragraph: Paragraph, para: Para, in_table: bool) -> None:
    """Hanging indents for numbered paragraphs, text indents for tails and elisions."""
    base = 0 if in_table else _NUMBER_WIDTH
    if para.role == "clause" and not in_table:
        indent(paragraph._p, _NUMBER_WIDTH, hanging=_NUMBER_WIDTH, tab=_NUMBER_WIDTH)
    elif para.role == "list":
        left = base + _LEVEL_STEP * para.level
        indent(paragraph._p, left, hanging=_LEVEL_STEP, tab=left)
    elif para.role in ("tail", "elision"):
        indent(paragraph._p, base + _LEVEL_STEP * para.level)
