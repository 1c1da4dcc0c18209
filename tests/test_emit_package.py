"""The template package: a new document is, member for member, what python-docx makes when it opens
the template for each document (the template is opened once per process, and the package zipped
once)."""

from __future__ import annotations

import datetime
import io
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from redline.emit.layout import DefRow, Para
from redline.emit.meta import EmitMeta
from redline.emit.package import TEMPLATE, NewDocument, fixed_zip
from redline.emit.sec_docx import _DEFINITION_WIDTH, _TERM_WIDTH, SecDocx

META = EmitMeta(author="A Drafter", date="2018-10-05", modification="SECMP0049", title="Test ‘title’ & <more>")


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {info.filename: package.read(info) for info in package.infolist()}


def _python_docx(header: str, blocks: list[tuple[str, str]] = (), rows: list[tuple[str, str]] = ()) -> bytes:
    """The document as python-docx's own API makes it from the template: core properties, header,
    styled paragraphs, then a two-column definitions table (cells as SecDocx sizes them) and the
    paragraph after it."""
    document = docx.Document(str(TEMPLATE))
    core = document.core_properties
    core.title, core.subject = META.title, META.modification
    core.author = core.last_modified_by = "redline"
    core.created = core.modified = datetime.datetime(2018, 10, 5)
    core.revision = 1
    if header:
        document.sections[0].header.paragraphs[0].text = header
    for style, text in blocks:
        document.add_paragraph(text, style=style)
    if rows:
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for term, definition in rows:
            cells = table.add_row().cells
            cells[0].width, cells[1].width = _TERM_WIDTH, _DEFINITION_WIDTH
            cells[0].paragraphs[0].add_run(term)
            cells[1].paragraphs[0].add_run(definition)
        document.add_paragraph()  # a body does not end with a table: Word writes a paragraph after it
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip(buffer.getvalue(), META.date)


@pytest.mark.parametrize("header", ["", "Redline SECMP0049: SEC 5.18 → SEC 5.18 + SECMP0049"])
def test_an_empty_document_is_python_docx_s(header: str) -> None:
    assert NewDocument(META, header).to_bytes() == _python_docx(header)


def test_a_header_adds_its_part_its_relationship_and_its_content_type() -> None:
    plain, headed = _members(NewDocument(META).to_bytes()), _members(NewDocument(META, "Head").to_bytes())
    assert set(headed) - set(plain) == {"word/header1.xml"}
    assert b"header" in headed["[Content_Types].xml"] and b"header" not in plain["[Content_Types].xml"]
    assert b"Head</w:t>" in headed["word/header1.xml"] and b"headerReference" in headed["word/document.xml"]


def test_each_document_has_its_own_parts() -> None:
    """The template is kept once per process; a document's changes never reach the next one."""
    first = NewDocument(META, "Head")
    first.append(first.body.makeelement(first.body.tag.replace("body", "p")))
    assert NewDocument(META, "Head").to_bytes() == _python_docx("Head")


def test_paragraphs_and_definition_rows_are_laid_out_as_python_docx_lays_them() -> None:
    """The elements SecDocx makes (styled paragraphs, the table, its rows and cells) are
    python-docx's: the same document bytes when the runs are the same."""
    document = SecDocx(META)
    document.add([Para.plain("section", "SECTION D: MODIFICATION PROCESS"),
                  DefRow(Para("term", ("Panel",), ("Panel",)), [Para("definition", ("means the",), ("means the",))])])
    ours = _members(document.to_bytes())
    theirs = _members(_python_docx("", [("Heading 1", "SECTION D: MODIFICATION PROCESS")], [("Panel", "means the")]))
    assert set(ours) == set(theirs)
    assert [n for n in ours if ours[n] != theirs[n]] == ["word/document.xml", "word/settings.xml"]
    assert _without_runs(ours["word/document.xml"]) == _without_runs(theirs["word/document.xml"])
    made = docx.Document(io.BytesIO(document.to_bytes()))
    assert [p.style.name for p in made.paragraphs] == ["Heading 1", "Normal"]
    assert made.tables[0].style.name == "Table Grid"
    assert [round(c.width.cm, 2) for c in made.tables[0].rows[0].cells] == [5.0, 11.0]  # as twips
    assert [c.text for c in made.tables[0].rows[0].cells] == ["Panel", "means the"]


def _without_runs(xml: bytes) -> bytes:
    """A document part with its runs taken out (SecDocx writes its own, python-docx's differ)."""
    root = etree.fromstring(xml)
    for run in root.iter(qn("w:r")):
        run.getparent().remove(run)
    return etree.tostring(root)
