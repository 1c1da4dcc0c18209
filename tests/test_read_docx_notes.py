"""The .docx reader's footnotes, endnotes, comments and text boxes: every word lands in a unit or
the reading report, once.  A footnote's text had been dropped without a word; a comment's too;
a text box's was read twice (its drawing and the VML copy Word keeps of it), four times in a
table cell or a header, and its paragraphs ran into the words around them.  The documents are
built here from synthetic SEC-style text."""

from __future__ import annotations

from pathlib import Path

import docx
from builders import Notes, build_docx, text_box
from click.testing import CliRunner
from conftest import signature
from conservation import docx_words, imbalance
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.run import Run

from redline.cli import main
from redline.emit.package import TEMPLATE
from redline.instructions import read_instructions
from redline.models import Comment, Position
from redline.read import read_version
from redline.read.docx import paragraph_text

FIXTURE = Path(__file__).parent / "fixtures" / "sample-section.txt"
NOTE_ONE = "Synthetic note: see the Panel's minutes of 1 May."
NOTE_TWO = "Synthetic second note.\nIts second paragraph, on Draft Proposals."
ENDNOTE = "Synthetic endnote on the Code Administrator."


def _document() -> tuple[docx.document.Document, Notes]:
    document = docx.Document(str(TEMPLATE))
    document.add_paragraph("SECTION C: GOVERNANCE")
    return document, Notes(document)


def _save(document: docx.document.Document, notes: Notes, path: Path) -> Path:
    notes.attach()
    document.save(str(path))
    return path


def _conserved(path: Path) -> None:
    assert imbalance(docx_words(path), read_version([path])) == ({}, {})


def _noted(tmp_path: Path) -> Path:
    """C1.1 with a footnote mark mid-sentence, C1.2 with a second footnote (a custom mark) and an
    endnote, C1.3 with none."""
    document, notes = _document()
    p = document.add_paragraph("C1.1 The Panel")
    notes.mark(p, "footnote", NOTE_ONE)
    p.add_run(" shall meet each month.")
    p = document.add_paragraph("C1.2 The Panel shall publish its minutes.")
    notes.mark(p, "footnote", NOTE_TWO, custom="†")
    notes.mark(p, "endnote", ENDNOTE)
    document.add_paragraph("C1.3 The Panel may act.")
    return _save(document, notes, tmp_path / "noted.docx")


def test_footnotes_and_endnotes_are_reported_at_their_marks_not_read_into_clauses(tmp_path: Path) -> None:
    path = _noted(tmp_path)
    version = read_version([path])
    assert [(u.id, u.text) for u in version.units() if u.kind.value == "clause"] == [
        ("C1.1", "The Panel shall meet each month."), ("C1.2", "The Panel shall publish its minutes."),
        ("C1.3", "The Panel may act.")]
    source = str(path)
    assert version.report.dropped == [
        (Position(source, 2), NOTE_ONE), (Position(source, 3), "†"),
        (Position(source, 3), "† Synthetic second note. Its second paragraph, on Draft Proposals."),
        (Position(source, 3), ENDNOTE)]  # no separator, no continuation separator
    findings = [(f.position, f.kind, f.message) for f in version.report.findings]
    assert findings == [
        (Position(source, 2), "footnote", "2 footnote(s) in word/footnotes.xml, first \"Synthetic note: see the "
         "Panel's minutes \": kept out of the clauses, each in the furniture dropped at the paragraph "
         "holding its mark"),
        (Position(source, 3), "endnote", "1 endnote(s) in word/endnotes.xml, first 'Synthetic endnote on the "
         "Code Administra': kept out of the clauses, each in the furniture dropped at the paragraph "
         "holding its mark")]
    _conserved(path)


def test_parse_warns_of_the_notes_and_lists_them_with_the_furniture(tmp_path: Path) -> None:
    path = _noted(tmp_path)
    result = CliRunner().invoke(main, ["parse", str(path)])
    assert result.exit_code == 0
    assert f"warning: {path}:2: 2 footnote(s) in word/footnotes.xml" in result.output
    assert f"{path}:3: 'Synthetic endnote on the Code Administrator.'" in result.output


def test_a_note_marked_nowhere_is_reported_without_a_paragraph(tmp_path: Path) -> None:
    document, notes = _document()
    p = document.add_paragraph("C1.1 The Panel shall meet.")
    notes.mark(p, "footnote", NOTE_ONE)
    p = document.add_paragraph("C1.2 The Panel shall act.")
    notes.mark(p, "footnote", "Synthetic orphan note.")
    p._p.remove(p._p.findall(qn("w:r"))[-1])  # its mark deleted outside Word, the note left behind
    path = _save(document, notes, tmp_path / "orphan.docx")
    report = read_version([path]).report
    assert report.dropped == [(Position(str(path), 2), NOTE_ONE), (Position(str(path)), "Synthetic orphan note.")]
    assert [f.message.endswith("(1 marked nowhere in the body)") for f in report.findings] == [True]
    _conserved(path)


def test_comments_are_kept_apart_at_the_paragraph_they_start_in(tmp_path: Path) -> None:
    document, notes = _document()
    document.add_paragraph("C1.1 The Panel shall meet.")
    p = document.add_paragraph("C1.2 The Panel shall publish its minutes.")
    document.add_comment(Run(p.runs[0]._r, p), "Synthetic comment: which minutes?", author="Alice Reviewer",
                         initials="AR")
    path = _save(document, notes, tmp_path / "commented.docx")
    version = read_version([path])
    assert version.get("C1.2").text == "The Panel shall publish its minutes."
    assert version.report.comments == [Comment(Position(str(path), 3), "Synthetic comment: which minutes?")]
    assert not version.report.dropped and not version.report.findings
    _conserved(path)


def test_a_text_box_is_read_once_its_paragraphs_apart(tmp_path: Path) -> None:
    """In a body paragraph, in a table cell and in a header; a footnote marked in a text box
    is at the paragraph holding the box."""
    document, notes = _document()
    p = document.add_paragraph("C1.1 The Panel shall")
    box = text_box(["consider each", "Draft Proposal"])
    p._p.append(box)
    p.add_run("within 10 days.")
    assert paragraph_text(p._p) == "C1.1 The Panel shall consider each Draft Proposal within 10 days."
    p.runs[0].text, p.runs[-1].text = "C1.1 The Panel shall ", " within 10 days."  # python-docx sees no box
    inside = docx.text.paragraph.Paragraph(box.find(f".//{qn('w:txbxContent')}/{qn('w:p')}"), None)
    notes.mark(inside, "footnote", NOTE_ONE)
    table = document.add_table(rows=1, cols=3)
    table.rows[0].cells[0].text = "Notice"
    table.rows[0].cells[1].paragraphs[0]._p.append(text_box(["Panel Members"], 2))
    table.rows[0].cells[2].text = "10"
    header = document.sections[0].header.paragraphs[0]
    header.text = "SEC Section C"
    header._p.append(text_box(["Classified White"], 3))
    path = _save(document, notes, tmp_path / "boxed.docx")
    version = read_version([path])
    assert version.get("C1.1").text == ("The Panel shall consider each Draft Proposal within 10 days. "
                                        "Notice Panel Members 10")
    assert version.report.dropped == [(Position(str(path)), "SEC Section C Classified White"),
                                      (Position(str(path), 2), NOTE_ONE)]
    _conserved(path)


def test_a_built_section_with_notes_reads_as_without_them(tmp_path: Path) -> None:
    version = read_version([FIXTURE])
    path = build_docx(version, tmp_path / "plain.docx")
    document = docx.Document(str(path))
    notes = Notes(document)
    marked = [p for p in document.paragraphs if p.text.startswith(("C2.3", "C2.4"))]
    for n, p in enumerate(marked):
        notes.mark(p, "footnote" if n % 2 == 0 else "endnote", f"Synthetic note {n + 1} on Panel duties.")
    assert len(marked) == 2
    noted = _save(document, notes, tmp_path / "noted.docx")
    back = read_version([noted])
    assert signature(back) == signature(version)
    assert sorted(f.kind for f in back.report.findings) == ["endnote", "footnote"]
    _conserved(noted)


def test_instructions_carry_a_notes_text_in_its_unresolved_item(tmp_path: Path, base) -> None:
    document, notes = _document()
    p = document.add_paragraph("Amend Section C1.1 as follows:")
    notes.mark(p, "footnote", "Synthetic drafting note: see SECMP0034.")
    draft = read_instructions(_save(document, notes, tmp_path / "legal.docx"), base)
    unresolved = [(i.where, i.message, i.text) for i in draft.issues if "referred to here" in i.message]
    assert unresolved == [("para 2", "footnote 1 is referred to here: its text (below) is not read as "
                           "instructions; write any change it makes into the rules by hand",
                           "Synthetic drafting note: see SECMP0034.")]


def test_custom_xml_is_read_as_what_it_holds_and_imported_content_is_warned_of(tmp_path: Path) -> None:
    """A paragraph inside custom XML markup had been dropped without a word; content imported
    whole (``w:altChunk``) cannot be read until Word converts it, and is warned of."""
    document, notes = _document()
    document.add_paragraph("C1.1 The Panel shall meet.")
    wrapped = document.add_paragraph("C1.2 The Panel shall publish its minutes.")._p
    custom = parse_xml(f'<w:customXml {nsdecls("w")} w:element="clause"/>')
    wrapped.addprevious(custom)
    custom.append(wrapped)
    chunk = Part(PackURI("/word/afchunk.htm"), "text/html", b"<html><body>Synthetic imported words</body></html>",
                 document.part.package)
    document.element.body.insert(len(document.element.body) - 1, parse_xml(
        f'<w:altChunk {nsdecls("w", "r")} r:id="{document.part.relate_to(chunk, RT.A_F_CHUNK)}"/>'))
    path = _save(document, notes, tmp_path / "custom.docx")
    version = read_version([path])
    assert version.get("C1.2").text == "The Panel shall publish its minutes."
    assert [(f.position, f.kind) for f in version.report.findings] == [(Position(str(path), 3), "unread-content")]
    assert "w:altChunk rId" in version.report.findings[0].message


def test_table_rows_and_cells_wrapped_in_content_controls_or_custom_xml_are_read(tmp_path: Path) -> None:
    """A repeating section wraps a table's rows in a content control (``w:sdt``), custom XML
    markup can wrap a row or a cell: their words had been passed over without a word, and every
    paragraph after them numbered wrongly (SYNTHETIC definitions)."""
    document, notes = _document()
    document.add_paragraph("SECTION A: DEFINITIONS AND INTERPRETATION")
    document.add_paragraph("A1.1 In this Code:")
    table = document.add_table(rows=3, cols=2)
    for row, (term, text) in zip(table.rows, [("Alpha Body", "means the first synthetic body."),
                                              ("Beta Body", "means the second synthetic body."),
                                              ("Gamma Body", "means the third synthetic body.")], strict=True):
        row.cells[0].text, row.cells[1].text = term, text
    rows = table._tbl.tr_lst
    sdt = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtPr/><w:sdtContent/></w:sdt>')
    rows[1].addprevious(sdt)
    sdt.find(qn("w:sdtContent")).append(rows[1])
    custom = parse_xml(f'<w:customXml {nsdecls("w")} w:element="cell"/>')
    cell = rows[2].tc_lst[1]
    cell.addprevious(custom)
    custom.append(cell)
    document.add_paragraph("A1.2 The Panel shall interpret this Code.")
    path = _save(document, notes, tmp_path / "wrapped.docx")
    version = read_version([path])
    assert [(d.label, d.text) for d in version.get("A1.1").children] == [
        ("Alpha Body", "means the first synthetic body."), ("Beta Body", "means the second synthetic body."),
        ("Gamma Body", "means the third synthetic body.")]
    last = version.get("A1.2")
    assert last.text == "The Panel shall interpret this Code." and last.position.line == 10


def test_alternate_content_in_a_paragraph_is_read_once(tmp_path: Path) -> None:
    """Markup compatibility in a paragraph (``mc:AlternateContent``: a choice for newer readers, a
    fallback copy for older ones) had been read twice, both copies (SYNTHETIC clause)."""
    document, notes = _document()
    p = document.add_paragraph("C1.1 The Panel ")._p
    alternate = parse_xml(
        '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        f'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" {nsdecls("w")}>'
        '<mc:Choice Requires="w14"><w:r><w:t>shall meet</w:t></w:r></mc:Choice>'
        '<mc:Fallback><w:r><w:t>shall meet</w:t></w:r></mc:Fallback></mc:AlternateContent>')
    p.append(alternate)
    p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve"> each month.</w:t></w:r>'))
    path = _save(document, notes, tmp_path / "alternate.docx")
    assert read_version([path]).get("C1.1").text == "The Panel shall meet each month."
