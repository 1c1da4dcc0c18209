"""redline.pdf, printed by LibreOffice from redline.docx: inserted words underlined, deleted ones
struck through (read back with pdfplumber); without LibreOffice, skipped with a note."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from conftest import RULES
from libreoffice import require_soffice

from redline.cli import main
from redline.emit import pdf as pdf_module
from redline.instructions.from_pdf import char_state, page_rules


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_soffice()
    out = tmp_path_factory.mktemp("pdf")
    result = CliRunner().invoke(main, ["--quiet", "apply", str(RULES / "SECMP0049.toml"), "--pdf", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "redline.pdf"


def _marked(path: Path) -> tuple[str, str]:
    """Every character of the PDF, and beside it its state: + underlined, - struck through, = neither."""
    text, states = [], []
    with pdfplumber.open(path) as document:
        for page in document.pages:
            rules = page_rules(page)
            for char in page.chars:
                text.append(char["text"])
                mark = {"insert": "+", "delete": "-"}.get(char_state(char, rules), "=")
                states.append(mark * len(char["text"]))  # a ligature is one glyph, several letters
    return "".join(text), "".join(states)


def _state_of(text: str, states: str, phrase: str) -> Counter:
    at = text.index(phrase)
    return Counter(states[at:at + len(phrase)])


def test_insertions_underlined_and_deletions_struck_through(printed: Path) -> None:
    text, states = _marked(printed)
    # F1.4(a): "the Panel, [the Change Sub-Committee, ]the Change Board" (SECMP0049's own words)
    inserted = _state_of(text, states, "Change Sub-Committee,")
    assert inserted["+"] >= 0.8 * sum(inserted.values())
    # A1.1 Alternative Solution: "Section D6.13" becomes "Section D6.16"
    old_new = text.index("D6.13D6.16")
    assert Counter(states[old_new:old_new + 5])["-"] >= 4 and Counter(states[old_new + 5:old_new + 10])["+"] >= 4
    unchanged = _state_of(text, states, "The SMKI PMA shall undertake the following duties")
    assert unchanged["="] >= 0.9 * sum(unchanged.values())


def test_without_libreoffice_it_is_skipped_with_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_module, "soffice", lambda: None)
    result = CliRunner().invoke(main, ["apply", str(RULES / "SECMP0049.toml"), "--pdf", "--out", str(tmp_path)])
    assert result.exit_code == 0
    assert "note: redline.pdf skipped: LibreOffice (soffice) is not installed" in result.output
    assert (tmp_path / "redline.docx").is_file() and not (tmp_path / "redline.pdf").exists()
