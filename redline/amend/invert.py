"""Undo a change log: the inverse of the engine, used to prove edits are exact and reversible."""

from __future__ import annotations

from redline.models import Change, ChangeKind, RedlineError, Version

_REMOVALS = (ChangeKind.DELETE, ChangeKind.DELETE_DEFINITION)
_ADDITIONS = (ChangeKind.INSERT, ChangeKind.ADD_DEFINITION)


def invert(version: Version, changes: list[Change]) -> Version:
    """A copy of ``version`` with ``changes`` undone, last change first."""
    restored = version.clone()
    for change in reversed(changes):
        if change.kind is ChangeKind.NOT_APPLIED:
            continue
        units = restored.by_uid()
        if change.kind in _REMOVALS:
            parent = units.get(change.parent_uid)
            if parent is None or change.subtree is None:
                raise RedlineError(f"cannot restore {change.unit_id}: its parent is gone")
            subtree = change.subtree.copy_tree()
            subtree.parent = parent
            parent.children.insert(change.index, subtree)
            continue
        unit = units.get(change.unit_uid)
        if unit is None:
            raise RedlineError(f"cannot undo {change.kind.value} of {change.unit_id}: unit not found")
        if change.kind in _ADDITIONS:
            assert unit.parent is not None
            unit.parent.children.remove(unit)
            continue
        if change.kind is ChangeKind.MOVE:
            parent = units.get(change.parent_uid)
            if parent is None or unit.parent is None:
                raise RedlineError(f"cannot move {change.unit_id} back: its old parent is gone")
            unit.parent.children.remove(unit)
            parent.children.insert(change.index, unit)
            unit.parent = parent
            for member in unit.walk():
                member.appendix = parent.appendix
            continue
        name = "label" if change.field == "label" else change.field
        if getattr(unit, name) != change.after:
            raise RedlineError(f"cannot undo {change.kind.value} of {change.unit_id}: text differs from the log")
        setattr(unit, name, change.before)
    restored.applied = restored.applied[:-1] if restored.applied else []
    return restored
