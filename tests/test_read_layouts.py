"""Sections laid out as the SEC's published files are, read back from .docx, .pdf and text.

Built with python-docx: a running header naming the version, a footer of PAGE/NUMPAGES fields,
a table of contents (a TOC field, "TOC n" styles, dot leaders), the A1.1 definitions as a
two-column table, clause numbers and list labels from Word automatic numbering.  LibreOffice
prints it to PDF and exports it as text (the text a user copies out).  All three, and the
corpus text it was built from, parse to the same tree, and every word is conserved.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx
import pytest
from builders import build_docx
from conftest import BASE_DIR, signature
from conservation import docx_words, imbalance, pdf_words, text_words, words
from libreoffice import _profile, require_soffice

from redline.read import read_version

pytestmark = pytest.mark.libreoffice


def _convert(soffice: str, source: Path, target: str, outdir: Path) -> Path:
    subprocess.run([soffice, f"-env:UserInstallation={_profile()}", "--headless", "--convert-to", target,
                    "--outdir", str(outdir), str(source)], check=True, capture_output=True, timeout=180)
    return outdir / f"{source.stem}.{target.split(':')[0]}"


@pytest.fixture(scope="module", params=["section-A.txt", "section-G.txt"])
def published(request, tmp_path_factory) -> dict[str, Path]:
    """The corpus Section, its published-style .docx, LibreOffice's PDF and text of it."""
    soffice = require_soffice()
    source = BASE_DIR / request.param
    work = tmp_path_factory.mktemp("published")
    built = build_docx(read_version([source]), work / f"{source.stem}.docx", auto_numbering=True, published=True)
    return {"source": source, "docx": built, "pdf": _convert(soffice, built, "pdf", work),
            "text": _convert(soffice, built, "txt:Text (encoded):UTF8", work)}


def test_the_layout_has_what_published_files_have(published):
    body = docx.Document(str(published["docx"]))
    xml = body.element.xml
    assert 'w:instrText xml:space="preserve"> TOC' in xml and "<w:numPr>" in xml
    footer = body.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert "Version 5.18" in body.sections[0].header.paragraphs[0].text


@pytest.mark.parametrize("fmt", ["docx", "pdf", "text"])
def test_docx_pdf_and_text_parse_to_the_corpus_tree(published, fmt):
    expected = read_version([published["source"]])
    back = read_version([published[fmt]])
    assert signature(back) == signature(expected)
    assert not back.report.unplaced and not back.report.findings
    dropped = " ".join(text for _, text in back.report.dropped)
    assert "SECURITY" in dropped or "DEFINITIONS" in dropped  # the table of contents, set aside
    if fmt != "text":
        assert "Version 5.18" in dropped and "Page" in dropped  # the running header and footer


def test_every_word_of_each_layout_is_conserved(published):
    checks = {"pdf": pdf_words(published["pdf"]), "text": text_words([published["text"]])}
    # python-docx cannot show automatic numbers: LibreOffice's text has them, python-docx the
    # header and footer LibreOffice's text leaves out.
    furniture = docx_words(published["docx"])
    furniture.subtract(words("\n".join(p.text for p in docx.Document(str(published["docx"])).paragraphs)))
    for table in docx.Document(str(published["docx"])).tables:
        for row in table.rows:
            for cell in row.cells:
                furniture.subtract(words(cell.text))
    checks["docx"] = text_words([published["text"]]) + +furniture
    for fmt, words_in in checks.items():
        lost, invented = imbalance(words_in, read_version([published[fmt]]))
        assert not lost and not invented, (fmt, lost, invented)
