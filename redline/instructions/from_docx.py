"""A .docx of draft legal text with tracked changes: paragraphs as runs inserted, deleted or unchanged.

Reads ``w:ins``/``w:del`` (and ``w:moveTo``/``w:moveFrom``) around runs, paragraph-mark
revisions (``w:pPr/w:rPr/w:ins|w:del``) and whole-row revisions of tables
(``w:trPr/w:ins|w:del``); a two-column table row is a definition (term | text).  Revision
authors and dates are collected for the rules file's metadata.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from docx.oxml.ns import qn
from lxml import etree

from redline.instructions.model import DELETE, EQUAL, INSERT, Issue, Line
from redline.models import ReadReport
from redline.read.docx import MARKS, open_document  # the safe-zip, one-line-error opener

_INSERTED = {qn("w:ins"), qn("w:moveTo")}
_DELETED = {qn("w:del"), qn("w:moveFrom")}
_TEXT = {qn("w:t"): None, qn("w:delText"): None, qn("w:tab"): "\t", qn("w:br"): " ", qn("w:cr"): " ",
         qn("w:noBreakHyphen"): "-", qn("w:softHyphen"): ""}
_TEXT_BOX, _FALLBACK = qn("w:txbxContent"), "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_NOTE_REFERENCES = (qn("w:footnoteReference"), qn("w:endnoteReference"))


def _state(element: etree._Element, stop: etree._Element, deleted: bool = False) -> str | None:
    """A run's revision: inserted, deleted (also text in ``w:delText``: ``deleted``) or
    unchanged; None for text inserted and then deleted (under both, in either order), which is
    in neither the old text nor the new."""
    inserted = False
    node = element.getparent()
    while node is not None and node is not stop:
        deleted = deleted or node.tag in _DELETED
        inserted = inserted or node.tag in _INSERTED
        node = node.getparent()
    return None if inserted and deleted else DELETE if deleted else INSERT if inserted else EQUAL


def _outside_boxes(p: etree._Element) -> list[etree._Element]:
    """The paragraph's own runs: none inside a text box (read as paragraphs of their own) or in
    the fallback copy Word keeps of a drawing."""
    runs = []
    for r in p.iter(qn("w:r")):
        node = r.getparent()
        while node is not None and node is not p and node.tag not in (_TEXT_BOX, _FALLBACK):
            node = node.getparent()
        if node is p:
            runs.append(r)
    return runs


def _mark(holder: etree._Element | None) -> str:
    """The revision recorded in a ``w:rPr`` of a paragraph mark or a ``w:trPr`` of a row."""
    if holder is None:
        return EQUAL
    if any(holder.find(tag) is not None for tag in _INSERTED):
        return INSERT
    if any(holder.find(tag) is not None for tag in _DELETED):
        return DELETE
    return EQUAL


def paragraph_runs(p: etree._Element, own: list[etree._Element] | None = None) -> list[tuple[str, str]]:
    """(state, text) pieces of a paragraph (``own``: its runs, :func:`_outside_boxes`, when the
    caller has them), neighbours in the same state merged."""
    runs: list[tuple[str, str]] = []
    for r in _outside_boxes(p) if own is None else own:
        for child in r:
            if child.tag not in _TEXT or (state := _state(r, p, child.tag == qn("w:delText"))) is None:
                continue
            text = _TEXT[child.tag] if _TEXT[child.tag] is not None else child.text or ""
            if runs and runs[-1][0] == state:
                runs[-1] = (state, runs[-1][1] + text)
            else:
                runs.append((state, text))
    return runs


def _paragraph_mark(p: etree._Element) -> str:
    ppr = p.find(qn("w:pPr"))
    return _mark(ppr.find(qn("w:rPr")) if ppr is not None else None)


class _Reader:
    def __init__(self, notes: dict[tuple[str, str], str]) -> None:
        self.lines: list[Line] = []
        self.count = 0
        self.issues: list[Issue] = []
        self.notes = notes  # each footnote's and endnote's text, by (kind, id)

    def paragraph(self, p: etree._Element, **extra: object) -> Line:
        self.count += 1
        own = _outside_boxes(p)
        line = Line(paragraph_runs(p, own), f"para {self.count}", self.count, mark=_paragraph_mark(p), **extra)
        self.lines.append(line)
        for mark in (m for r in own for m in r.iterchildren(*_NOTE_REFERENCES)):
            kind, number = MARKS[mark.tag], mark.get(qn("w:id"), "")
            text = self.notes.get((kind, number), "")
            said = "its text (below) is not read as instructions" if text else "the document has no such note"
            self.issues.append(Issue("unresolved", line.where, f"{kind} {number} is referred to here: {said}; "
                                     "write any change it makes into the rules by hand", text=text))
        for box in p.iter(_TEXT_BOX):  # a text box's paragraphs follow the one it is anchored in
            if next(box.iterancestors(_FALLBACK), None) is None and next(box.iterancestors(qn("w:p"))) is p:
                self.blocks(box)  # its paragraphs and tables; a box within a box is read from its own paragraph
        return line

    def blocks(self, container: etree._Element) -> None:
        """Paragraphs and tables in order, those in content controls (``w:sdt``) too."""
        for child in container:
            if child.tag == qn("w:p"):
                self.paragraph(child)
            elif child.tag == qn("w:tbl"):
                self.table(child)
            elif child.tag == qn("w:sdt") and (content := child.find(qn("w:sdtContent"))) is not None:
                self.blocks(content)

    def table(self, tbl: etree._Element) -> None:
        for tr in tbl.iter(qn("w:tr")):
            cells = tr.findall(qn("w:tc"))
            row = _mark(tr.find(qn("w:trPr")))
            if len(cells) != 2:
                for tc in cells:
                    for p in tc.iter(qn("w:p")):
                        self.paragraph(p)
                continue
            term = [run for p in cells[0].iter(qn("w:p")) for run in paragraph_runs(p)]
            for n, p in enumerate(cells[1].iter(qn("w:p"))):
                self.paragraph(p, **({"term": term, "row": row} if n == 0 else {"row": row}))


def revision_meta(body: etree._Element) -> dict[str, str]:
    """The most frequent revision author and the latest revision date."""
    authors: Counter[str] = Counter()
    dates = []
    for tag in (*_INSERTED, *_DELETED):
        for el in body.iter(tag):
            if author := el.get(qn("w:author")):
                authors[author] += 1
            if date := el.get(qn("w:date")):
                dates.append(date)
    meta = {}
    if authors:
        meta["author"] = authors.most_common(1)[0][0]
    if dates:
        meta["date"] = max(dates)
    return meta


def read_docx(path: Path, report: ReadReport) -> tuple[list[Line], dict[str, str], list[Issue]]:
    """The document's paragraphs in order (table rows as definitions, text boxes after the
    paragraph holding them), its revision metadata, and what it could not read (footnotes and
    endnotes, each with its text)."""
    document = open_document(path, report)
    body = document.body
    reader = _Reader({(note.kind, note.id): note.text for note in document.notes})
    reader.blocks(body)
    return reader.lines, revision_meta(body), reader.issues
