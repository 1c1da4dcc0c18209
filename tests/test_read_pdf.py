"""The PDF reader: an SEC-style PDF reads back to the text reader's tree, with page furniture
dropped, margin balloons kept apart and wrapped terms re-joined; bad PDFs fail in one line."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from builders import BALLOON, build_docx, build_pdf
from conftest import BASE_DIR, expect_read_error, signature
from libreoffice import require_soffice
from reportlab.pdfgen import canvas

from redline.models import ReadReport, Version
from redline.read import read_version
from redline.read.pdf import read_pdf_file

FIXTURE = Path(__file__).parent / "fixtures" / "sample-section.txt"
SOURCES = [FIXTURE, *sorted(BASE_DIR.glob("*.txt"))] + ([BASE_DIR] if BASE_DIR.is_dir() else [])


@pytest.fixture(scope="module")
def fixture_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Version, Version]:
    """The fixture as text, and as read back from its PDF."""
    version = read_version([FIXTURE])
    path = build_pdf(version, tmp_path_factory.mktemp("pdf") / "sample.pdf")
    return version, read_version([path])


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_pdf_reads_back_to_the_text_tree(source: Path, tmp_path: Path) -> None:
    version = read_version([source])
    back = read_version([build_pdf(version, tmp_path / "v.pdf")])
    assert signature(back) == signature(version)
    assert not [f for f in back.report.findings if f.kind == "unplaced-text"]


def test_balloon_is_a_comment_not_clause_text(fixture_pdf: tuple[Version, Version]) -> None:
    _, back = fixture_pdf
    assert [c.text for c in back.report.comments] == [BALLOON]
    assert not any("Deleted" in u.full_text() or "Modificat " in u.full_text() for u in back.units())


def test_running_header_and_footer_are_dropped(fixture_pdf: tuple[Version, Version]) -> None:
    _, back = fixture_pdf
    dropped = [text for _, text in back.report.dropped]
    assert "Page 1 of 2" in dropped and "Page 2 of 2" in dropped
    assert sum("Smart Energy Code" in text for text in dropped) == 2
    assert not any("Page" in u.full_text() and "of 2" in u.full_text() for u in back.units())


def test_wrapped_terms_are_rejoined(fixture_pdf: tuple[Version, Version]) -> None:
    _, back = fixture_pdf
    terms = [u.label for u in back.definitions()]
    assert "Authority Determined Modification" in terms
    assert "Significant Code Review Phase" in terms
    assert back.get("A1.1:Significant Code Review Phase(c)") is not None


def test_positions_carry_page_and_line(tmp_path: Path) -> None:
    path = build_pdf(read_version([FIXTURE]), tmp_path / "v.pdf")
    blocks = list(read_pdf_file(path, ReadReport()))
    assert {b.position.page for b in blocks} == {1, 2}
    first = blocks[0]
    assert first.text.startswith("SECTION A") and first.position.line == 2  # line 1: the header


@pytest.mark.libreoffice
@pytest.mark.parametrize("auto", [False, True], ids=["typed", "auto-numbered"])
@pytest.mark.parametrize("source", [FIXTURE, BASE_DIR], ids=lambda p: p.name)
def test_pdf_printed_by_libreoffice_reads_back(source: Path, auto: bool, tmp_path: Path) -> None:
    """A real layout engine's PDF (fonts, Word numbering rendered by LibreOffice)."""
    if not source.exists():
        pytest.skip(f"{source} not present")
    soffice = require_soffice()
    version = read_version([source])
    docx_path = build_docx(version, tmp_path / "v.docx", auto_numbering=auto)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_path)],
                   check=True, capture_output=True, timeout=180)
    back = read_version([tmp_path / "v.pdf"])
    assert signature(back) == signature(version)
    assert any("Page 1 of 1" in text for _, text in back.report.dropped)


# --- bad input --------------------------------------------------------------------------------

def test_password_protected_pdf(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    pdf = canvas.Canvas(str(path), encrypt="pw")
    pdf.drawString(72, 700, "SECTION C: GOVERNANCE")
    pdf.save()
    expect_read_error(path, "password-protected PDF")


def test_corrupt_pdf(tmp_path: Path) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(b"%PDF-1.4\nnot really a pdf\n")
    expect_read_error(path, "not a readable PDF")


def test_truncated_pdf(tmp_path: Path) -> None:
    whole = build_pdf(read_version([FIXTURE]), tmp_path / "whole.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[:400])
    expect_read_error(path, "not a readable PDF")


def test_the_codes_words_in_the_header_band_are_kept_and_running_furniture_dropped(tmp_path: Path) -> None:
    """A page with narrow margins: its first clause stood within 50pt of the top and was dropped
    as a header ("1 line(s) of page furniture dropped").  Now only what runs (the same words in that
    band on another page, numbers aside), page numbers and furniture patterns are furniture."""
    path = tmp_path / "narrow.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    pages = [["SECTION C: GOVERNANCE", "C1 THE PANEL", "C1.1 The Panel shall meet."],
             ["C1.2 The Panel shall publish its minutes.", "C1.3 The Panel shall vote."]]
    for number, lines in enumerate(pages, start=1):
        pdf.setFont("Helvetica", 10)
        pdf.drawString(72, 820, "SEC Section C — Governance")  # a running header: on both pages
        y = 800 if number == 1 else 812  # page 2's first clause stands within the band
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 40
        pdf.drawString(280, 20, f"Page {number} of 2")
        pdf.showPage()
    pdf.save()
    version = read_version([path])
    assert version.get("C1.2") is not None and version.get("C1.2").text == "The Panel shall publish its minutes."
    dropped = [text for _, text in version.report.dropped]
    assert dropped.count("SEC Section C — Governance") == 2 and "Page 2 of 2" in dropped
    assert any(f.kind == "band-text" for f in version.report.findings)
