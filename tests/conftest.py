"""Shared fixtures: the bundled corpus and the rules files, read once per session."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from redline.models import Version
from redline.read import read_version
from redline.refs import Resolution

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
BASE_DIR = CORPUS / "sec-5.18"
EXPECTED_DIR = CORPUS / "secmp0049-expected"
SEED_000 = CORPUS / "seeds" / "secmp0049-draft-legal-text.txt"
SEED_003 = CORPUS / "seeds" / "secmp0022-final-modification-report.txt"
RULES = ROOT / "rules"


def norm(text: str) -> str:
    """Whitespace-normalised text."""
    return re.sub(r"\s+", " ", text).strip()


def signature(version: Version) -> list[tuple[str, str, str, str]]:
    """Every unit as (id, heading, text, tail), whitespace-normalised, in document order."""
    return [(u.id, norm(u.heading), norm(u.text), norm(u.tail)) for u in version.units()]


@pytest.fixture(scope="session")
def base() -> Version:
    return read_version([BASE_DIR])


@pytest.fixture(scope="session")
def expected() -> Version:
    return read_version([EXPECTED_DIR])


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory) -> None:
    """Parsed versions are cached in a directory of this test session's own."""
    import os

    os.environ["REDLINE_CACHE"] = str(tmp_path_factory.mktemp("redline-cache"))


def version_of(tmp_path: Path, text: str, name: str = "section.txt") -> Version:
    """``text`` written to one file under ``tmp_path`` and read as a version."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_version([path])


def rows(found: list[Resolution], source: str) -> list[tuple[str, list[str], str]]:
    """The references of unit ``source``: text, target ids, status."""
    return [(r.ref.text, r.target_ids, r.status.value) for r in found if r.ref.source_id == source]


def expect_read_error(path: Path, fragment: str) -> None:
    """Reading ``path`` fails with one line naming it; ``redline parse`` exits 2 without a traceback."""
    from click.testing import CliRunner

    from redline.cli import main
    from redline.models import RedlineError

    with pytest.raises(RedlineError) as caught:
        read_version([path])
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path)) and fragment in message
    result = CliRunner().invoke(main, ["parse", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output and fragment in result.output


#: Where `.ci/run` collects every .docx the suite wrote, for the OOXML validator (unset: not collected).
DOCX_DIR_VARIABLE = "REDLINE_TEST_DOCX_DIR"
#: Files a test writes broken on purpose (a truncated zip, a bomb, a word split by a revision) end so.
DELIBERATELY_BROKEN = ".broken.docx"


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Copy every .docx written under this session's temporary folder into $REDLINE_TEST_DOCX_DIR."""
    import os
    import shutil

    target = os.environ.get(DOCX_DIR_VARIABLE)
    factory = getattr(session.config, "_tmp_path_factory", None)
    if not target or factory is None:
        return
    basetemp = factory.getbasetemp()
    for path in sorted(basetemp.rglob("*.docx")):
        if path.name.endswith(DELIBERATELY_BROKEN) or not path.is_file():
            continue
        copy = Path(target) / path.relative_to(basetemp)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
