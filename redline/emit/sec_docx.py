"""Render SEC layout blocks into a .docx with tracked changes (shared by redline and legal text)."""

from __future__ import annotations

import functools

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.shared import Cm
from lxml import etree

from redline.emit.layout import Block, DefRow, Para
from redline.emit.meta import EmitMeta
from redline.emit.ooxml import RevisionIds, Revisions, enable_track_revisions, indent, make_run, new_element
from redline.emit.package import TEMPLATE, NewDocument
from redline.emit.worddiff import EQUAL, INSERT, MOVED

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
    """A new document in the SEC's layout whose revisions carry the meta's author and date.

    Paragraphs and tables are made as python-docx's ``add_paragraph``, ``add_table`` and
    ``add_row`` make them, from its element classes, straight into the template's body.
    """

    def __init__(self, meta: EmitMeta, header: str = "") -> None:
        self.meta = meta
        self.document = NewDocument(meta, header)
        self.revisions = Revisions(meta.author, meta.date, RevisionIds(self.document.document))
        enable_track_revisions(self.document.settings)
        self._table: CT_Tbl | None = None
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
                p = new_element("w:p")
                self.document.append(p)
                if style_id := self._style_ids.get(block.role):
                    p.style = style_id  # as add_paragraph(style=name) sets it
                self._fill(p, block, in_table=False)
        self._close_move()

    def to_bytes(self) -> bytes:
        """The finished .docx: the same blocks and meta always give the same bytes."""
        self._end_plain()
        return self.document.to_bytes()

    def _end_plain(self) -> None:
        """End the body as Word does: with a paragraph after a final table (a body ending with the
        definitions table got format changes of LibreOffice's own on opening), and with a final
        paragraph mark that is never new nor deleted (:meth:`Revisions.end_body`)."""
        blocks = [c for c in self.document.body if c.tag in (qn("w:p"), qn("w:tbl"))]
        if blocks and blocks[-1].tag == qn("w:tbl"):
            self.document.append(new_element("w:p"))
            return
        self.revisions.end_body(blocks)

    def _add_row(self, row: DefRow) -> None:
        if self._table is None:
            self._table = CT_Tbl.new_tbl(0, 2, self.document.block_width)
            self.document.append(self._table)
            self._table.tblStyle_val = self._table_style  # as table.style = "Table Grid" sets it
        tr = self._table.add_tr()
        for column in self._table.tblGrid.gridCol_lst:  # as Table.add_row lays the cells out
            tc = tr.add_tc()
            if column.w is not None:
                tc.width = column.w
        term, definition = tr.tc_lst
        term.width, definition.width = _TERM_WIDTH, _DEFINITION_WIDTH
        if row.inserted or row.deleted:
            self.revisions.mark_row(tr, "insert" if row.inserted else "delete")
        self._fill(term.p_lst[0], row.term, in_table=True)
        for i, para in enumerate(row.body):
            self._fill(definition.p_lst[0] if i == 0 else definition.add_p(), para, in_table=True)

    def _fill(self, p: etree._Element, para: Para, in_table: bool) -> None:
        _indent(p, para, in_table)
        rpr = _bold() if para.role in _BOLD else None
        self._track_move(p, para)
        for op, text in para.segments():
            run = make_run(text, rpr)
            kind = _kind(para.move == "to", para.move) if op == MOVED else _kind(op == INSERT, "")
            p.append(run if op == EQUAL else self.revisions.wrap(kind, [run]))
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


def _indent(p: etree._Element, para: Para, in_table: bool) -> None:
    """Hanging indents for numbered paragraphs, text indents for tails and elisions."""
    base = 0 if in_table else _NUMBER_WIDTH
    if para.role == "clause" and not in_table:
        indent(p, _NUMBER_WIDTH, hanging=_NUMBER_WIDTH, tab=_NUMBER_WIDTH)
    elif para.role == "list":
        left = base + _LEVEL_STEP * para.level
        indent(p, left, hanging=_LEVEL_STEP, tab=left)
    elif para.role in ("tail", "elision"):
        indent(p, base + _LEVEL_STEP * para.level)
