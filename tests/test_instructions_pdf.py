"""`redline instructions` on a redlined PDF: a reportlab document drawn the way Word prints markup
(insertions coloured and underlined, deletions coloured and struck through or moved to "Deleted: …"
balloons in the right margin, running header and footer) reads back to exactly its edits."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import norm, signature
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from redline.amend.engine import apply_modification
from redline.amend.rules import load_rules
from redline.cli import main
from redline.instructions import read_instructions
from redline.instructions.model import DELETE, EQUAL, INSERT, Draft
from redline.instructions.to_rules import to_toml
from redline.models import Version

MARGIN = "margin"  # a run drawn only as a "Deleted: …" balloon level with the current line
PAGE_W, PAGE_H = A4
LEFT, TEXT_X, RIGHT, BALLOON_X = 72.0, 120.0, 430.0, 460.0
FONT, SIZE, LEADING = "Times-Roman", 10.0, 13.0
RED = (0.8, 0.1, 0.1)

Run = tuple[str, str]


def _para(label: str, *runs: Run) -> tuple[str, list[Run]]:
    return label, list(runs)


class _Drawer:
    """Draws paragraphs of runs word by word, wrapping at RIGHT, with Word's markup."""

    def __init__(self, path: Path, pages: int, spaces: bool) -> None:
        self.pdf = canvas.Canvas(str(path), pagesize=A4)
        self.pages, self.page = pages, 1
        self.space = " " if spaces else ""
        self._furniture()

    def _furniture(self) -> None:
        self.pdf.setFont("Helvetica", 8)
        self.pdf.setFillColorRGB(0, 0, 0)
        self.pdf.drawString(LEFT, PAGE_H - 30, "SECMP0077 Draft Legal Text")
        self.pdf.drawString(LEFT, 28, f"Page {self.page} of {self.pages}")
        self.y = PAGE_H - 80

    def new_page(self) -> None:
        self.pdf.showPage()
        self.page += 1
        self._furniture()

    def paragraph(self, label: str, runs: list[Run]) -> None:
        x = TEXT_X if label else LEFT
        if label:
            self._word(LEFT, label, EQUAL)
        for state, text in runs:
            if state == MARGIN:
                self.pdf.setFont("Helvetica", 8)
                self.pdf.setFillColorRGB(*RED)
                self.pdf.drawString(BALLOON_X, self.y, f"Deleted: {text}")
                continue
            for word in text.split():
                width = stringWidth(word, FONT, SIZE)
                if x + width > RIGHT:
                    x, self.y = TEXT_X if label else LEFT, self.y - LEADING
                self._word(x, word, state)
                x += width + stringWidth(" ", FONT, SIZE)
        self.y -= 2 * LEADING

    def _word(self, x: float, word: str, state: str) -> None:
        width = stringWidth(word, FONT, SIZE)
        self.pdf.setFont(FONT, SIZE)
        self.pdf.setFillColorRGB(*(RED if state != EQUAL else (0, 0, 0)))
        self.pdf.drawString(x, self.y, f"{word}{self.space}")  # Word prints a space glyph after each word
        if state != EQUAL:
            self.pdf.setStrokeColorRGB(*RED)
            self.pdf.setLineWidth(0.5)
            rise = -1.5 if state == INSERT else 0.3 * SIZE  # underline below the baseline, strike mid-x-height
            self.pdf.line(x, self.y + rise, x + width, self.y + rise)

    def save(self) -> None:
        self.pdf.save()


def _draw(path: Path, pages: list[list[tuple[str, list[Run]]]], spaces: bool = True) -> Path:
    """Each inner list on a page of its own; ``spaces=False`` places words without space glyphs between them."""
    drawer = _Drawer(path, len(pages), spaces)
    for n, paragraphs in enumerate(pages):
        if n:
            drawer.new_page()
        for label, runs in paragraphs:
            drawer.paragraph(label, runs)
    drawer.save()
    return path


def _base_runs(base: Version, unit_id: str, edits: dict[str, list[Run]] | None = None) -> list[Run]:
    """A base unit's text as runs, each ``edits`` key (a phrase of it, first occurrence) replaced by its runs."""
    text = base.get(unit_id).text
    runs: list[Run] = []
    for phrase, replacement in (edits or {}).items():
        before, text = text.split(phrase, 1)
        runs.extend([(EQUAL, before), *replacement])
    return [*runs, (EQUAL, text)]


SUBMIT = "submit Modification Proposals"


def _g7_20(base: Version, struck_a: list[Run], struck_b: list[Run]) -> list[tuple[str, list[Run]]]:
    """Amend G7.20: "Modification" becomes "Draft" in (a) and (b)."""
    return [
        _para("", (EQUAL, "Amend Section G7.20 as follows:")),
        _para("G7.20", *_base_runs(base, "G7.20")),
        _para("(a)", *_base_runs(base, "G7.20(a)", {SUBMIT: [(EQUAL, "submit"), *struck_a, (EQUAL, "Proposals")]})),
        _para("(b)", *_base_runs(base, "G7.20(b)", {SUBMIT: [(EQUAL, "submit"), *struck_b, (EQUAL, "Proposals")]})),
    ]


def _m5_1(base: Version) -> list[tuple[str, list[Run]]]:
    """Amend M5.1: "Draft Proposals and" inserted."""
    return [
        _para("", (EQUAL, "Amend Section M5.1 as follows:")),
        _para("M5.1", *_base_runs(base, "M5.1", {"including Modification": [
            (EQUAL, "including"), (INSERT, "Draft Proposals and"), (EQUAL, "Modification")]})),
    ]


def _redline(base: Version, path: Path) -> Path:
    """(a): "Modification" struck through beside a truncated "Deleted: Modificat" balloon; (b): moved into a
    balloon level with the inserted "Draft"; M5.1 on page 2."""
    struck_a = [(DELETE, "Modification"), (MARGIN, "Modificat"), (INSERT, "Draft")]
    moved_b = [(MARGIN, "Modification"), (INSERT, "Draft")]
    preamble = [_para("", (EQUAL, "Draft legal text for SECMP0077, against version 5.18 of the SEC."))]
    return _draw(path, [preamble + _g7_20(base, struck_a, moved_b), _m5_1(base)])


def _intended(base: Version) -> dict[str, str]:
    drafted = base.get("G7.20(a)").text.replace(SUBMIT, "submit Draft Proposals", 1)
    return {
        "G7.20(a)": drafted,
        "G7.20(b)": base.get("G7.20(b)").text.replace(SUBMIT, "submit Draft Proposals", 1),
        "M5.1": base.get("M5.1").text.replace("including Modification", "including Draft Proposals and Modification"),
    }


def _apply(draft: Draft, base: Version, tmp_path: Path) -> Version:
    draft.meta["baseline"] = "5.18"
    rules = tmp_path / "rules.toml"
    rules.write_text(to_toml(draft, "redlined pdf"), encoding="utf-8")
    return apply_modification(base, load_rules(rules)).version


@pytest.fixture(scope="module")
def redline_draft(base: Version, tmp_path_factory: pytest.TempPathFactory) -> Draft:
    return read_instructions(_redline(base, tmp_path_factory.mktemp("pdf") / "legal-text.pdf"), base)


def test_the_redline_pdf_gives_exactly_its_edits(redline_draft: Draft, base: Version, tmp_path: Path) -> None:
    assert [i for i in redline_draft.issues if i.severity == "unresolved"] == []
    assert redline_draft.meta["id"] == "SECMP0077" and redline_draft.meta["baseline"] == "5.18"
    amended = _apply(redline_draft, base, tmp_path)
    for unit_id, text in _intended(base).items():
        assert norm(amended.get(unit_id).text) == norm(text), unit_id
    before = {row[0]: row for row in signature(base)}
    after = {row[0]: row for row in signature(amended)}
    assert {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)} == set(_intended(base))


def test_instructions_cite_page_and_line(redline_draft: Draft) -> None:
    sources = {i["unit"]: i["source"] for i in redline_draft.instructions}
    assert set(sources) == {"G7.20(a)", "G7.20(b)", "M5.1"}
    assert sources["M5.1"].startswith("p.2 l.") and sources["M5.1"].endswith("Amend Section M5.1 as follows:")
    assert all(s.startswith("p.1 l.") for unit, s in sources.items() if unit != "M5.1")


def test_balloons_are_evidence_or_put_back(redline_draft: Draft) -> None:
    messages = [(i.severity, i.message) for i in redline_draft.issues]
    assert ("note", "margin balloon 'Deleted: Modification': the deletion is put back before the line's "
                    "insertion") in messages
    assert not [m for severity, m in messages if severity == "check"]  # both deletions shown by a balloon


def test_a_pdf_without_markup_yields_no_edits(base: Version, tmp_path: Path) -> None:
    plain = [(EQUAL, "Modification")]
    path = _draw(tmp_path / "clean.pdf", [_g7_20(base, plain, plain), _m5_1(base)[:1] + [
        _para("M5.1", *_base_runs(base, "M5.1"))]], spaces=False)
    draft = read_instructions(path, base)
    assert [h.first for h in draft.headings] == ["G7.20", "M5.1"]
    assert draft.instructions == [] and [i for i in draft.issues if i.severity == "unresolved"] == []


def test_a_balloon_that_cannot_be_placed_is_unresolved(base: Version, tmp_path: Path) -> None:
    unplaceable = [(MARGIN, "Modification"), (EQUAL, "Modification")]
    draft = read_instructions(_draw(tmp_path / "odd.pdf", [_g7_20(base, unplaceable, [(EQUAL, "Modification")])]),
                              base)
    assert draft.instructions == []
    assert [(i.severity, i.where[:4]) for i in draft.issues if "cannot be placed" in i.message] == [
        ("unresolved", "p.1 ")]


@pytest.mark.parametrize("content, fragment", [(None, "password-protected PDF"),
                                               (b"%PDF-1.4\nnot really a pdf\n", "not a readable PDF")])
def test_a_bad_pdf_fails_in_one_line(content: bytes | None, fragment: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.pdf"
    if content is None:
        locked = canvas.Canvas(str(path), encrypt="pw")
        locked.drawString(72, 700, "Amend Section G7.20 as follows:")
        locked.save()
    else:
        path.write_bytes(content)
    result = CliRunner().invoke(main, ["instructions", str(path)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and fragment in result.stderr and "Traceback" not in result.output
