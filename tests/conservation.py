"""Conservation of words: every word read lands in a unit or in the reading report.

Words are runs of letters or of digits, case-folded ("L13.55Where" is l, 13, 55, where), counted
as a multiset.  The words *in* come from an oracle independent of redline's readers (the
decoded text; python-docx's paragraphs of a .docx's body, tables, text boxes, headers, footers,
footnotes, endnotes and comments; pdfplumber's page text); the words *placed* from the tree (each
unit's label, heading, text and tail) and the report (dropped furniture, notes and metadata,
balloons and comments, unplaced text, header words naming a unit's kind).
A repair that changes words turns its ``original`` words into its ``repaired`` ones.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from redline.models import Position, Unit, UnitKind, Version

_WORD = re.compile(r"[^\W\d_]+|\d+")


def words(text: str) -> Counter[str]:
    """The words of ``text`` as a multiset."""
    return Counter(w.casefold() for w in _WORD.findall(text))


def _implied(unit: Unit, assumed: set[Position | None]) -> bool:
    """A unit the builder made without a line of its own: a Part known only from its clauses'
    numbers ("C2" for "C2.3"), a Section assumed where no header came first (reported)."""
    return (unit.kind is UnitKind.PART and not unit.heading) or (
        unit.kind is UnitKind.SECTION and unit.position in assumed)


def placed(version: Version) -> Counter[str]:
    """Words in the tree and in the reading report."""
    total: Counter[str] = Counter()
    assumed = {f.position for f in version.report.findings if f.kind == "no-section-header"}
    for unit in version.units():
        if not _implied(unit, assumed):
            total.update(words(unit.label))
        for text in (unit.heading, unit.text, unit.tail):
            total.update(words(text))
    report = version.report
    for texts in (report.dropped, report.unplaced, report.structure):
        for _, text in texts:
            total.update(words(text))
    for comment in report.comments:
        total.update(words(comment.text))
    return total


def expected(words_in: Counter[str], version: Version) -> Counter[str]:
    """The words in, with every word-changing repair applied."""
    total = Counter(words_in)
    for repair in version.report.repairs:
        if repair.changes_words:
            total.subtract(words(repair.original))
            total.update(words(repair.repaired))
    return total


def text_words(paths: list[Path]) -> Counter[str]:
    """Words of text files (UTF-8, or Windows-1252 when not UTF-8)."""
    total: Counter[str] = Counter()
    for path in paths:
        raw = path.read_bytes()
        try:
            total.update(words(raw.decode("utf-8-sig")))
        except UnicodeDecodeError:
            total.update(words(raw.decode("cp1252")))
    return total


#: The parts of a .docx besides its body whose words are read: page furniture, notes, comments.
_DOCX_PARTS = ("header", "footer", "footnotes", "endnotes", "comments")
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _paragraph_words(root) -> Counter[str]:
    """Words of every paragraph under ``root`` as python-docx reads a paragraph (its own runs,
    ``Paragraph.text``), a text box's paragraphs each on its own; not the VML copy Word keeps
    of a drawing (``mc:Fallback``), which repeats the drawing's text."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    total: Counter[str] = Counter()
    for p in root.iter(qn("w:p")):
        if not any(a.tag == _FALLBACK for a in p.iterancestors()):
            total.update(words(Paragraph(p, None).text))
    return total


def docx_words(path: Path) -> Counter[str]:
    """Words of a .docx as python-docx sees its paragraphs: in the body (table cells, content
    controls and text boxes included), and in every header, footer, footnote, endnote and comment
    part the main document relates to (python-docx parses these parts; it has no footnote API)."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document(str(path))
    total = _paragraph_words(document.element.body)
    for rel in document.part.rels.values():
        if not rel.is_external and rel.reltype.rsplit("/", 1)[-1] in _DOCX_PARTS:
            total.update(_paragraph_words(parse_xml(rel.target_part.blob)))
    return total


def pdf_words(path: Path) -> Counter[str]:
    """Words of a PDF as pdfplumber extracts each page's text."""
    import pdfplumber

    total: Counter[str] = Counter()
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            total.update(words(page.extract_text() or ""))
    return total


def imbalance(words_in: Counter[str], version: Version) -> tuple[dict[str, int], dict[str, int]]:
    """(words read but placed nowhere, words placed but never read); both empty when conserved."""
    want, got = expected(words_in, version), placed(version)
    lost = {w: n - got.get(w, 0) for w, n in want.items() if n > got.get(w, 0)}
    invented = {w: n - want.get(w, 0) for w, n in got.items() if n > want.get(w, 0)}
    return lost, invented
