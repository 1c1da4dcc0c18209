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

from redline.instructions.model import DELETE, EQUAL, INSERT, Line
from redline.models import ReadReport
from redline.read.docx import open_document  # the safe-zip, one-line-error opener

_INSERTED = {qn("w:ins"), qn("w:moveTo")}
_DELETED = {qn("w:del"), qn("w:moveFrom")}
_TEXT = {qn("w:t"): None, qn("w:delText"): None, qn("w:tab"): "\t", qn("w:br"): " ", qn("w:cr"): " "}


def _state(element: etree._Element, stop: etree._Element) -> str:
    node = element.getparent()
    while node is not None and node is not stop:
        if node.tag in _INSERTED:
            return INSERT
        if node.tag in _DELETED:
            return DELETE
        node = node.getparent()
    return EQUAL


def _mark(holder: etree._Element | None) -> str:
    """The revision recorded in a ``w:rPr`` of a paragraph mark or a ``w:trPr`` of a row."""
    if holder is None:
        return EQUAL
    if any(holder.find(tag) is not None for tag in _INSERTED):
        return INSERT
    if any(holder.find(tag) is not None for tag in _DELETED):
        return DELETE
    return EQUAL


def paragraph_runs(p: etree._Element) -> list[tuple[str, str]]:
    """(state, text) pieces of a paragraph, neighbours in the same state merged."""
    runs: list[tuple[str, str]] = []
    for r in p.iter(qn("w:r")):
        state = _state(r, p)
        for child in r:
            if child.tag not in _TEXT:
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
    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.count = 0

    def paragraph(self, p: etree._Element, **extra: object) -> Line:
        self.count += 1
        line = Line(paragraph_runs(p), f"para {self.count}", self.count, mark=_paragraph_mark(p), **extra)
        self.lines.append(line)
        return line

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


def read_docx(path: Path, report: ReadReport) -> tuple[list[Line], dict[str, str]]:
    """The document's paragraphs in order (table rows as definitions) and its revision metadata."""
    body = open_document(path, report).body
    reader = _Reader()
    for child in body:
        if child.tag == qn("w:p"):
            reader.paragraph(child)
        elif child.tag == qn("w:tbl"):
            reader.table(child)
    return reader.lines, revision_meta(body)
