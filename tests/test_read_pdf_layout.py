"""The PDF reader on layouts the text reader never sees: words a line-end hyphen broke, tables
with ruling lines, and pages set in two columns.

Every document here is synthetic: SEC-style wording written for these tests (not SEC text), drawn
with reportlab line by line, or laid out as a .docx (python-docx) and printed to PDF by LibreOffice.
"""

from __future__ import annotations

from pathlib import Path

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
