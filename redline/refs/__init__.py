"""Cross-references: find (spaCy) → resolve (against a Version) → graph and checks."""

from __future__ import annotations

from collections.abc import Iterable

from redline.models import Version
from redline.refs.find import find_references
from redline.refs.models import CrossReference, RawTarget, RefKind, Resolution, Status
from redline.refs.resolve import resolve_references
from redline.support.gc import paused_gc

__all__ = ["CrossReference", "RawTarget", "RefKind", "Resolution", "Status", "find_references",
           "references", "resolve_references", "without_code"]


def references(version: Version) -> list[Resolution]:
    """Every cross-reference of ``version``, found and resolved, in document order."""
    with paused_gc():
        return resolve_references(version, find_references(version.units()))


def without_code(resolutions: Iterable[Resolution]) -> list[Resolution]:
    """The references to units and documents: "this Code" (which names no unit) left out."""
    return [res for res in resolutions if res.ref.kind is not RefKind.THIS_CODE]
