"""The PDF reader on layouts the text reader never sees: words a line-end hyphen broke, tables
with ruling lines, and pages set in two columns.

Every document here is synthetic: SEC-style wording written for these tests (not SEC text), drawn
with reportlab line by line, or laid out as a .docx (python-docx) and printed to PDF by LibreOffice.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from builders import blank_document
from conftest import signature
from libreoffice import to_pdf
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from redline.models import Version
from redline.read import read_version

_TOP, _PITCH, _SPACE = 780.0, 12.0, 8.0


def _draw(path: Path, paragraphs: list[list[tuple[float, str]] | list[list[tuple[float, str]]]]) -> Path:
    """A one-page A4 PDF in 10pt Helvetica: each paragraph a list of lines, each line its
    (x, words) pieces; lines 12pt apart, paragraphs 8pt further."""
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    pdf.setFont("Helvetica", 10)
    y = _TOP
    for paragraph in paragraphs:
        for line in paragraph:
            for x, words in line:
                pdf.drawString(x, y, words)
            y -= _PITCH
        y -= _SPACE
    pdf.showPage()
    pdf.save()
    return path


def _clause(number: str, *lines: str) -> list[list[tuple[float, str]]]:
    """A clause or list item hanging from its number or label: the words from x=144."""
    return [[(72.0, number), (144.0, lines[0])], *([(144.0, line)] for line in lines[1:])]


def _heading(text: str) -> list[list[tuple[float, str]]]:
    return [[(72.0, text)]]


# --- 1. line-end hyphenation ------------------------------------------------------------------------

def _hyphenated(path: Path, last: str = "(e)", last_text: str = "notify the Code Administrator.") -> Version:
    """Synthetic SEC-style G7.18 (as the text reader's test of hyphenation has it), printed."""
    return read_version([_draw(path, [
        _heading("SECTION G: SECURITY"), _heading("G7 SECURITY SUB-COMMITTEE"),
        _clause("G7.18", "The Security Sub-", "Committee shall:"),
        _clause("(a)", "review the synthetic Security Requirements;"),
        _clause("(d)", "monitor the effective impl-", "ementation of the measures identified in the Security Requ-",
                "irements;"),
        _clause(last, last_text),
    ])])


def test_a_word_broken_by_line_end_hyphenation_in_a_pdf_is_joined_with_a_repair(tmp_path: Path) -> None:
    """"Requ-" + "irements" is "Requirements", which (a) has unbroken, with a repair at the line
    after the break (page 1, line 8); "Sub-" + "Committee" stays, as the page has "SUB-COMMITTEE",
    and so does "impl-" + "ementation" (no "implementation" elsewhere: no evidence).  In a PDF the
    reader had kept every such hyphen: "Security Requ-irements"."""
    version = _hyphenated(tmp_path / "g.pdf")
    assert version.get("G7.18").text == "The Security Sub-Committee shall:"
    assert version.get("G7.18(d)").text == ("monitor the effective impl-ementation of the measures identified in the "
                                            "Security Requirements;")
    assert [(r.position.page, r.position.line, r.original, r.repaired, r.reason) for r in version.report.repairs] == [
        (1, 8, "Requ-irements", "Requirements",
         "line-end hyphenation joined: the word stands unbroken elsewhere in the document")]


def test_a_word_the_pdf_also_has_hyphenated_keeps_its_hyphen(tmp_path: Path) -> None:
    version = _hyphenated(tmp_path / "g.pdf", last_text="notify the Code Administrator of the Requ-irements.")
    assert "Security Requ-irements;" in version.get("G7.18(d)").text
    assert not version.report.repairs


def test_two_broken_words_of_one_pdf_paragraph_are_both_joined_in_order(tmp_path: Path) -> None:
    version = _hyphenated(tmp_path / "g.pdf", last_text="notify the Code Administrator of the implementation.")
    assert version.get("G7.18(d)").text == ("monitor the effective implementation of the measures identified in the "
                                            "Security Requirements;")
    assert [(r.position.line, r.repaired) for r in version.report.repairs] == [(7, "implementation"),
                                                                               (8, "Requirements")]


def test_a_term_broken_by_line_end_hyphenation_in_the_a1_1_columns_is_joined(tmp_path: Path) -> None:
    """A term wrapped in the left column after a hyphen: "Synthetic Require-" + "ments Body" is
    "Synthetic Requirements Body" (the page has "Requirements"); "Other Sub-" + "Committee" is
    "Other Sub-Committee" (the page has "Sub-Committee" too); it had been "Other Sub- Committee"."""
    version = read_version([_draw(tmp_path / "a.pdf", [
        _heading("SECTION A: DEFINITIONS AND INTERPRETATION"), _heading("A1 DEFINITIONS"),
        _clause("A1.1", "In this Code, the following synthetic terms have these meanings:"),
        [[(72.0, "Synthetic Require-"), (216.0, "means the synthetic body that")],
         [(72.0, "ments Body"), (216.0, "reviews the Requirements.")]],
        [[(72.0, "Other Sub-"), (216.0, "means the other body, a Sub-")],
         [(72.0, "Committee"), (216.0, "Committee of the Panel.")]],
    ])])
    assert [(u.label, u.text) for u in version.definitions()] == [
        ("Synthetic Requirements Body", "means the synthetic body that reviews the Requirements."),
        ("Other Sub-Committee", "means the other body, a Sub-Committee of the Panel.")]
    assert [(r.position.line, r.original, r.repaired) for r in version.report.repairs] == [
        (5, "Require-ments", "Requirements")]


# --- 2. tables with ruling lines --------------------------------------------------------------------

_CLAUSE_WORDS = "that the Panel determines under the synthetic process for the purposes of this synthetic test"
_NAMES = ("Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta", "Iota", "Kappa", "Lambda", "Mu")


def _tables_docx(path: Path) -> Path:
    """A synthetic Section A: the A1.1 definitions as a ruled two-column table over three pages
    (a row broken by the first page break; every third definition with a list in its cell),
    then A2.1 with a ruled three-column table of notices."""
    document = blank_document()
    for text in ("SECTION A: DEFINITIONS AND INTERPRETATION", "A1 DEFINITIONS",
                 "A1.1 In this Code, the synthetic expressions in the left hand column below shall have the "
                 "meanings given to them in the right hand column below:"):
        document.add_paragraph(text)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for i, name in enumerate(_NAMES):
        row = table.add_row()
        row.cells[0].text = f"Synthetic {name} Determined Arrangement"
        listed = i % 3 == 2
        row.cells[1].text = f"means the synthetic arrangement {_CLAUSE_WORDS}, and {_CLAUSE_WORDS}" + (
            ", which shall include:" if listed else ".")
        if listed:
            row.cells[1].add_paragraph(f"(a) the first synthetic arrangement {_CLAUSE_WORDS}; and")
            row.cells[1].add_paragraph(f"(b) the second synthetic arrangement {_CLAUSE_WORDS}.")
    for text in ("A1.2 The synthetic interpretation clause applies to each expression above.", "A2 OTHER MATTERS",
                 "A2.1 The Panel shall give the following synthetic notices:"):
        document.add_paragraph(text)
    notices = document.add_table(rows=0, cols=3)
    notices.style = "Table Grid"
    for cells in (("Notice of synthetic withdrawal of a Party",
                   "the Security Sub-Committee and each other Party that the Panel names", "10"),
                  ("Notice of synthetic admission", "the Code Administrator", "5")):
        row = notices.add_row()
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("A2.2 The Panel shall publish each notice.")
    document.save(str(path))
    return path


@pytest.mark.libreoffice
def test_ruled_tables_printed_by_libreoffice_read_row_by_row_as_the_docx_reads_them(tmp_path: Path) -> None:
    """Each row of a ruled table is read cell by cell, as the .docx reader reads the same table:
    A1.1's rows are definitions (a row broken by a page goes on after the break; a cell's "(a)" and
    "(b)" are its list), the notices' rows are A2.1's words in their cells' order.  The cells'
    lines had been read across the page ("Notice of synthetic the Security Sub- 10 withdrawal of a
    Party Committee …"), and A1.2 below the table had become words of the last term."""
    source = _tables_docx(tmp_path / "tables.docx")
    pdf_path = to_pdf(source, tmp_path)
    with pdfplumber.open(pdf_path) as pdf:  # the layout the test is about
        assert [len(page.find_tables()) for page in pdf.pages] == [1, 1, 2]
        assert not pdf.pages[1].extract_text().startswith("Synthetic")  # a row goes on after the break
    want, back = read_version([source]), read_version([pdf_path])
    assert signature(back) == signature(want)
    assert back.get("A2.1").text == (
        "The Panel shall give the following synthetic notices: Notice of synthetic withdrawal of a Party the "
        "Security Sub-Committee and each other Party that the Panel names 10 Notice of synthetic admission the "
        "Code Administrator 5")
    assert back.get("A1.1:Synthetic Gamma Determined Arrangement(b)") is not None
    assert not [f for f in back.report.findings if f.kind == "table-layout"]


def test_a_ruled_table_whose_words_cross_its_rules_is_read_line_by_line_with_a_warning(tmp_path: Path) -> None:
    """A grid drawn over words that cross its middle rule: no cell holds them, so the table is
    not read as one; its lines are read across, as before, and the reader says so with the
    page and line."""
    path = tmp_path / "grid.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    pdf.setFont("Helvetica", 10)
    for y, text in ((780, "SECTION X: SYNTHETIC SECTION"), (760, "X1 SYNTHETIC PART"),
                    (740, "X1.1 The synthetic Panel shall give the notices below:"),
                    (700, "a synthetic notice of withdrawal given to each Party"), (686, "and the Code Administrator;"),
                    (640, "X1.2 The Panel shall publish each notice.")):
        pdf.drawString(72, y, text)
    pdf.grid([66, 200, 520], [715, 680, 660])
    pdf.showPage()
    pdf.save()
    version = read_version([path])
    assert [(f.position.page, f.position.line, f.kind) for f in version.report.findings] == [(1, 4, "table-layout")]
    assert version.get("X1.1").text == ("The synthetic Panel shall give the notices below: a synthetic notice of "
                                        "withdrawal given to each Party and the Code Administrator;")



def test_a_table_with_no_ruling_lines_outside_a1_1_is_warned_of(tmp_path: Path) -> None:
    """A table of notices with no rules, a cell wrapped over two lines: nothing tells its rows
    apart, so its lines are read across the page as before (mixed, here taken for X1.2's heading),
    but now with a warning naming the table's first line (it had been silent)."""
    version = read_version([_draw(tmp_path / "t.pdf", [
        _heading("SECTION X: SYNTHETIC SECTION"), _heading("X1 SYNTHETIC PART"),
        _clause("X1.1", "The synthetic Panel shall give the following notices:"),
        [[(144.0, "Notice of synthetic"), (260.0, "the Security Sub-"), (400.0, "10")],
         [(144.0, "withdrawal of a Party"), (260.0, "Committee")]],
        _clause("X1.2", "The Panel shall publish each notice."),
    ])])
    # the mixed line after "… notices:" is taken for X1.2's heading only as a guess, warned of too
    assert [(f.position.page, f.position.line, f.kind) for f in version.report.findings] == [
        (1, 4, "table-layout"), (1, 4, "continuation-guess")]
    assert version.get("X1.2").heading == "Notice of synthetic the Security Sub- 10 withdrawal of a Party Committee"


# --- 3. pages in two columns ------------------------------------------------------------------------

_TWO_COLUMN_TEXT = "\n".join([
    "SECTION X: SYNTHETIC SECTION", "X1 SYNTHETIC PART",
    *(f"X1.{n} Subject to Section X1.{max(1, n - 1)}, the synthetic Panel shall consider each report that the "
      f"Code Administrator prepares under this synthetic Section number {n} and shall publish its decision "
      "on the Website within the period that the Panel determines." for n in range(1, 9))]) + "\n"


@pytest.mark.parametrize("offset", [0.0, 5.0], ids=["aligned", "offset"])
def test_a_page_in_two_columns_is_read_column_by_column_with_a_note(tmp_path: Path, offset: float) -> None:
    """A synthetic Section printed in two columns (the right column's lines level with the left's,
    or 5pt lower): it reads back as its text does, the left column first, a clause going on from
    the foot of the left column to the head of the right; the reader notes the page.  The two
    columns' lines had been read across the page, each line of X1.5 mixed with one of X1.1."""
    source = tmp_path / "x.txt"
    source.write_text(_TWO_COLUMN_TEXT, encoding="utf-8")
    want = read_version([source])
    pdf = canvas.Canvas(str(tmp_path / "x.pdf"), pagesize=(595, 842))
    pdf.setFont("Helvetica", 10)
    paragraphs = [simpleSplit(line, "Helvetica", 10, 225) for line in _TWO_COLUMN_TEXT.splitlines()]
    half = sum(map(len, paragraphs)) // 2 + 1  # the left column ends in the middle of a clause
    column, y, drawn = 0, 780.0, 0
    for pieces in paragraphs:
        for piece in pieces:
            if drawn == half:
                column, y = 1, 780.0
            pdf.drawString((56, 314)[column], y - offset * column, piece)
            y, drawn = y - _PITCH, drawn + 1
        y -= _SPACE
    pdf.showPage()
    pdf.save()
    back = read_version([tmp_path / "x.pdf"])
    assert signature(back) == signature(want)
    assert [(f.position.page, f.kind) for f in back.report.findings] == [(1, "two-columns")]


def test_the_a1_1_columns_are_no_two_column_page(tmp_path: Path) -> None:
    """Definitions laid out in a term column and a text column, each text of one line: a table,
    not a page of two columns (the terms are short and the term column narrow)."""
    version = read_version([_draw(tmp_path / "a.pdf", [
        _heading("SECTION A: DEFINITIONS AND INTERPRETATION"), _heading("A1 DEFINITIONS"),
        _clause("A1.1", "In this Code, the following synthetic terms have these meanings:"),
        *([[(72.0, f"Synthetic {name} Body"), (216.0, f"means the {name} body set up under Section X{n}.")]]
          for n, name in enumerate(_NAMES, start=1)),
    ])])
    assert len(version.definitions()) == len(_NAMES)
    assert not version.report.findings
