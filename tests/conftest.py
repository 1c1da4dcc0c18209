"""Shared fixtures: the bundled corpus and the rules files, read once per session."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from redline.models import Version
from redline.read import read_version

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
