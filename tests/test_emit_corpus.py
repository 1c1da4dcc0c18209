"""The bundled corpus: SEC 5.18 → SECMP0049, emitted and round-tripped through LibreOffice."""

from __future__ import annotations

from pathlib import Path

import pytest
from emit_samples import assert_well_formed_unique_ids, assert_word_boundaries, lines, split_summary
from libreoffice import round_trip

from redline.emit import emit_all
from redline.emit.meta import EmitMeta
from redline.emit.pairs import direct_changes, pair_versions
from redline.read import read_version

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
BASE, EXPECTED = CORPUS / "sec-5.18", CORPUS / "secmp0049-expected"
META = EmitMeta(author="SECAS", date="2018-10-05", modification="SECMP0049")

pytestmark = pytest.mark.skipif(not (BASE.is_dir() and EXPECTED.is_dir()), reason="corpus not bundled")


def _corpus_lines(folder: Path) -> list[str]:
    """Paragraphs in version order: Sections, then Appendices."""
    files = sorted(folder.glob("*.txt"), key=lambda p: (p.name.startswith("appendix"), p.name))
    return [line for path in files for line in lines(path.read_text(encoding="utf-8"))]


def _is_subsequence(part: list[str], whole: list[str]) -> bool:
    remaining = iter(whole)
    return all(any(p == w for w in remaining) for p in part)


@pytest.fixture(scope="module")
def emitted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("secmp0049")
    base, amended = read_version([BASE]), read_version([EXPECTED])
    emit_all(base, amended, direct_changes(pair_versions(base, amended)), META, out)
    return out


def test_documents_are_sound(emitted: Path) -> None:
    for name in ("redline.docx", "legal-text.docx"):
        assert_well_formed_unique_ids(emitted / name)
        assert_word_boundaries(emitted / name)


@pytest.mark.libreoffice
def test_accept_all_is_expected_and_reject_all_is_base(emitted: Path) -> None:
    tracked = round_trip(emitted / "redline.docx", emitted / "lo")
    (_, accepted), (_, rejected) = split_summary(tracked.accepted()), split_summary(tracked.rejected())
    base, expected = _corpus_lines(BASE), _corpus_lines(EXPECTED)
    assert _is_subsequence(accepted, expected)
    assert _is_subsequence(rejected, base)
    assert {p for p in expected if p not in base} <= set(accepted)  # every changed paragraph is shown
    assert {p for p in base if p not in expected} <= set(rejected)
    assert {author for author, _ in tracked.authors_dates()} == {"SECAS"}
