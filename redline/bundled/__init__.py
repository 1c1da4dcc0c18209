"""The bundled corpus and rules files, as package data (``importlib.resources``).

In a checkout ``corpus`` and ``rules`` here are links to the top-level folders; a wheel (and so
a plain ``pip install .``) carries copies, so ``redline apply SECMP0049`` works anywhere.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _root() -> Path:
    return Path(str(files("redline.bundled")))


def corpus_dir(baseline: str) -> Path:
    """The bundled version directory of an SEC version ("5.18" → corpus/sec-5.18); may not exist."""
    return _root() / "corpus" / f"sec-{baseline}"


def rules_file(name: str) -> Path:
    """The bundled rules file of a modification ("SECMP0049" → rules/SECMP0049.toml); may not exist."""
    return _root() / "rules" / f"{name}.toml"
