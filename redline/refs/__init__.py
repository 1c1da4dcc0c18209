"""Cross-references: find (regex windows, tokens, anchors) → resolve (against a Version) → graph and checks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from redline.models import Version
from redline.read import read_derived
from redline.refs.find import find_references
from redline.refs.models import CrossReference, RawTarget, RefKind, Resolution, Status
from redline.refs.resolve import resolve_references
from redline.support.gc import paused_gc

__all__ = ["CrossReference", "RawTarget", "RefKind", "Resolution", "Status", "find_references",
           "read_references", "references", "resolve_references", "without_code"]

#: The code that finds and resolves references: a change to it misses the cache.
SOURCES = tuple(sorted(Path(__file__).parent.glob("*.py")))


def references(version: Version) -> list[Resolution]:
    """Every cross-reference of ``version``, found and resolved, in document order."""
    with paused_gc():
        return resolve_references(version, find_references(version.units()))


def without_code(resolutions: Iterable[Resolution]) -> list[Resolution]:
    """The references to units and documents: "this Code" (which names no unit) left out."""
    return [res for res in resolutions if res.ref.kind is not RefKind.THIS_CODE]


def read_references(paths: Sequence[str | Path]) -> list[Resolution]:
    """The references of the version read from ``paths``, from the cache when there: its entry
    keeps them with the reading report, not the tree (a fifth of the whole, to write and load)."""
    return read_derived(paths, "references", SOURCES, lambda version: (version.report, references(version)))[1]
