"""Every word read lands in exactly one place: a unit, or the reading report.

Checked on the bundled corpus (and the raw seed 000 text), on ``redline synth`` output, on
.docx and .pdf layouts built from them, and, with hypothesis, on generated SEC-style documents
full of the traps of real copies: preambles, wraps before ids, page furniture, balloons, prose
outside any Section.  The generated text is synthetic, never SEC text.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from builders import build_docx, build_pdf
from conftest import BASE_DIR, EXPECTED_DIR, SEED_000
from conservation import docx_words, imbalance, pdf_words, text_words
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redline.models import ReadReport, Version
from redline.read import read_version
from redline.read.structure import TreeBuilder
from redline.read.text import read_text_file
from redline.tools.synth import generate, write_corpus


def assert_conserved(words_in, version: Version) -> None:
    lost, invented = imbalance(words_in, version)
    assert not lost, f"words read but placed nowhere: {lost}"
    assert not invented, f"words placed but never read: {invented}"


@pytest.mark.parametrize("directory", [BASE_DIR, EXPECTED_DIR], ids=["sec-5.18", "secmp0049-expected"])
def test_the_bundled_corpus_conserves_every_word(directory):
    assert_conserved(text_words(sorted(directory.glob("*.txt"))), read_version([directory]))


def test_the_raw_seed_conserves_every_word():
    """Seed 000 (legal text, read as fragments are): repairs, furniture, balloons all accounted."""
    report = ReadReport()
    builder = TreeBuilder("seed", report)
    for block in read_text_file(SEED_000, report):
        builder.feed(block)
    assert_conserved(text_words([SEED_000]), builder.finish(strict=False))


def test_synth_output_conserves_every_word(tmp_path):
    written = write_corpus(generate(scale=0.02, seed=3), tmp_path, docx=True)
    texts = [p for p in written if p.suffix == ".txt"]
    assert_conserved(text_words(texts), read_version([tmp_path]))
    for path in [p for p in written if p.suffix == ".docx"][:4]:
        assert_conserved(docx_words(path), read_version([path]))


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_layouts_built_from_the_corpus_conserve_every_word(tmp_path, base, fmt):
    if fmt == "docx":
        path = build_docx(base, tmp_path / "sec.docx")
        assert_conserved(docx_words(path), read_version([path]))
    else:
        path = build_pdf(base, tmp_path / "sec.pdf")
        assert_conserved(pdf_words(path), read_version([path]))


# --- generated SEC-style documents ------------------------------------------------------------

_WORDS = ("Panel", "Party", "shall", "the", "Code", "Administrator", "may", "notify", "each", "DCC",
          "Change", "Board", "consider", "any", "report", "in", "respect", "of", "Draft", "Proposal",
          "within", "days", "Working", "Group", "publish", "such", "matters", "and", "or", "Authority")
_TITLES = ("GOVERNANCE", "CHARGES", "SECURITY", "GENERAL", "TESTING")
_FURNITURE = ("Page 3 of 16", "This document is classified as White", "SECMP0049 - Draft Legal Text",
              "Version 1.2")

sentence = st.lists(st.sampled_from(_WORDS), min_size=3, max_size=14).map(lambda ws: " ".join(ws))


@st.composite
def clause_text(draw: st.DrawFn, section: str, part: int, n_clauses: int) -> str:
    """Clause words, with references that may fall at a line end."""
    pieces = [draw(sentence).capitalize()]
    for _ in range(draw(st.integers(0, 2))):
        target = f"{section}{draw(st.integers(1, part + 1))}.{draw(st.integers(1, n_clauses))}"
        pieces.append(draw(st.sampled_from(("in accordance with Section", "under Section", "as set out in Section")))
                      + f" {target}")
        pieces.append(draw(sentence))
    return " ".join(pieces) + draw(st.sampled_from((".", ";", ":")))


@st.composite
def wrapped(draw: st.DrawFn, text: str) -> list[str]:
    """``text`` broken into lines at word boundaries (often just before an id)."""
    words = text.split()
    lines, current = [], []
    for i, word in enumerate(words):
        if current and (draw(st.integers(0, 7)) == 0 or (i and words[i - 1] == "Section" and draw(st.booleans()))):
            lines.append(" ".join(current))
            current = []
        current.append(word)
    lines.append(" ".join(current))
    return lines


@st.composite
def sec_document(draw: st.DrawFn) -> list[str]:
    """An SEC-style text file: Sections, preambles, parts, clauses, lists, tails, noise."""
    lines: list[str] = []
    if draw(st.booleans()):
        lines.append(draw(sentence).capitalize() + ".")  # prose before any Section: unplaced
    codes = draw(st.lists(st.sampled_from("CDFGJLMZ"), min_size=1, max_size=2, unique=True))
    for code in codes:
        lines.append(f"SECTION {code}: {draw(st.sampled_from(_TITLES))}")
        if draw(st.booleans()):
            lines.extend(draw(wrapped(f"This Section {code} applies to {draw(sentence)}.")))
        for part in range(1, draw(st.integers(1, 3)) + 1):
            lines.append(f"{code}{part} {draw(st.sampled_from(_TITLES))}")
            if draw(st.booleans()):
                lines.extend(draw(wrapped(draw(sentence).capitalize() + ".")))
            n = draw(st.integers(1, 4))
            number = 0
            for _ in range(n):
                number += draw(st.integers(1, 2))
                if draw(st.integers(0, 3)) == 0:
                    lines.append(draw(st.sampled_from(("Monitoring and Advice", "Persons Entitled"))))
                body = draw(wrapped(draw(clause_text(code, part, n))))
                lines.append(f"{code}{part}.{number} {body[0]}")
                lines.extend(body[1:])
                if draw(st.booleans()):
                    lines[-1] = lines[-1].rstrip(".;") + ":"
                    for label in "abc"[: draw(st.integers(1, 3))]:
                        item = draw(wrapped(draw(sentence) + ";"))
                        lines.append(f"({label}) {item[0]}")
                        lines.extend(item[1:])
                    if draw(st.booleans()):
                        lines.append("and the " + draw(sentence) + ".")
                if draw(st.integers(0, 4)) == 0:
                    lines.append(draw(st.sampled_from(_FURNITURE)))
                if draw(st.integers(0, 6)) == 0:
                    lines.extend(["Deleted:", "Modificat"])
    return lines


_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read_generated(lines: list[str], directory: Path) -> tuple[Path, Version]:
    path = directory / "section.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, read_version([path])


@_SETTINGS
@given(sec_document())
def test_generated_text_conserves_every_word(lines):
    with tempfile.TemporaryDirectory() as tmp:
        path, version = _read_generated(lines, Path(tmp))
        assert_conserved(text_words([path]), version)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sec_document())
def test_generated_docx_and_pdf_layouts_conserve_every_word(lines):
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        _, version = _read_generated(lines, directory)
        docx_path = build_docx(version, directory / "built.docx")
        assert_conserved(docx_words(docx_path), read_version([docx_path]))
        pdf_path = build_pdf(version, directory / "built.pdf")
        assert_conserved(pdf_words(pdf_path), read_version([pdf_path]))


def test_a_lost_word_is_caught(tmp_path):
    """The check can fail: a version missing a word it read is reported."""
    path, version = _read_generated(["SECTION C: GOVERNANCE", "C1.1 The Panel shall act."], tmp_path)
    version.get("C1.1").text = "The Panel act."
    lost, invented = imbalance(text_words([path]), version)
    assert lost == {"shall": 1} and not invented


