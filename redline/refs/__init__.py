"""Cross-references: find (spaCy) → resolve (against a Version) → graph and checks."""

from __future__ import annotations

from redline.models import Version
from redline.perf import paused_gc
from redline.refs.find import find_references
from redline.refs.models import CrossReference, RawTarget, RefKind, Resolution, Status
from redline.refs.resolve import resolve_references

__all__ = ["CrossReference", "RawTarget", "RefKind", "Resolution", "Status", "find_references",
           "references", "resolve_references"]


def references(version: Version) -> list[Resolution]:
    """Every cross-reference of ``version``, found and resolved, in document order."""
    with paused_gc():
        return resolve_references(version, find_references(version.units()))
