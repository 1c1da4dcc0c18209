"""An ``apply`` output folder read back for the site: the amended version, the change log and the
affected list, checked against the version the site is built from."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redline.emit.summary import NotApplied
from redline.models import LIST_KINDS, Affected, RedlineError, Version
from redline.read import read_version


@dataclass
class ChangeSet:
    """What one ``apply`` run did: its change-log records, affected list and amended version."""

    folder: Path
    amended: Version
    changes: list[dict[str, Any]] = field(default_factory=list)
    affected: list[Affected] = field(default_factory=list)
    modifications: list[str] = field(default_factory=list)
    #: everything the run's outputs do not carry, as its summary lists it (affected.json): what the
    #: rules leave to a drafter, external redrafts, blocked steps, undecided occurrences
    not_applied: list[NotApplied] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Changes per kind, direct and consequential apart, in change-log order of first appearance."""
        return dict(Counter(f"{c['kind']}{' (consequential)' if c['consequential'] else ''}"
                            for c in self.changes if c["kind"] != "not_applied"))


def _load(path: Path) -> Any:
    if not path.is_file():
        raise RedlineError(f"{path}: missing; --changes expects a folder written by 'redline apply'")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise RedlineError(f"{path}: not valid JSON ({exc})") from exc


_CHANGE_KEYS = ("unit", "uid", "kind", "field", "before", "after", "reason", "instruction", "consequential")
_NOT_APPLIED_KEYS = {"unit", "kind", "reason", "source"}


def read_changes(folder: Path, base: Version) -> ChangeSet:
    """Read ``folder`` (changes.json, affected.json, amended/) made by ``apply`` from ``base``."""
    log, listed = _load(folder / "changes.json"), _load(folder / "affected.json")
    records = listed.get("affected") if isinstance(listed, dict) else None
    if not isinstance(log, dict) or not isinstance(log.get("changes"), list):
        raise RedlineError(f"{folder / 'changes.json'}: expected an object with a list 'changes'")
    for n, change in enumerate(log["changes"], 1):
        if not isinstance(change, dict) or any(key not in change for key in _CHANGE_KEYS):
            raise RedlineError(f"{folder / 'changes.json'}: change {n} lacks one of {', '.join(_CHANGE_KEYS)}")
    if log.get("base") != base.name:
        raise RedlineError(f"{folder / 'changes.json'}: made against {log.get('base')!r}, not {base.name!r}; "
                           "pass the version the changes were applied to")
    if not isinstance(records, list) or not all(isinstance(r, dict) and "unit" in r for r in records):
        raise RedlineError(f"{folder / 'affected.json'}: expected an object whose 'affected' is a list of objects "
                           "with 'unit'")
    missing = listed.get("not_applied")
    if not isinstance(missing, list) or not all(isinstance(m, dict) and set(m) >= _NOT_APPLIED_KEYS for m in missing):
        raise RedlineError(f"{folder / 'affected.json'}: expected a list 'not_applied' of objects with "
                           f"{', '.join(sorted(_NOT_APPLIED_KEYS))}")
    amended = read_version([folder / "amended"])
    _carry_identities(amended, log["changes"])
    affected = [Affected(str(r["unit"]), [str(x) for x in r.get("reasons", [])], bool(r.get("direct")),
                         str(r.get("uid") or "")) for r in records]
    mods = [str(m.get("id", "")) for m in log.get("modifications", []) if isinstance(m, dict)]
    not_applied = [NotApplied(str(m["kind"]), str(m["unit"]), str(m["reason"]), str(m["source"]),
                              str(m.get("drafter_line", ""))) for m in missing]
    return ChangeSet(folder, amended, log["changes"], affected, mods, not_applied)


def _carry_identities(amended: Version, changes: list[dict[str, Any]]) -> None:
    """Give renumbered units (and the list units under them) their base identity back.

    Read back from text, a unit's uid is its id; a renumbered unit's base uid is in the change log,
    so it pairs with its old self rather than showing as deleted and inserted.
    """
    renumbered = {c["unit"]: c["uid"] for c in changes if c["kind"] == "renumber" and c["uid"]}
    if not renumbered:
        return
    taken = set(renumbered.values())
    moved: set[str] = set()
    for unit, unit_id in amended.walk_ids():
        parent = unit.parent
        if unit_id in renumbered:
            unit.uid = renumbered[unit_id]
            moved.add(unit.uid)
        elif parent is not None and parent.uid in moved and unit.kind in LIST_KINDS:
            unit.uid = parent.uid + unit.label  # under a renumbered unit: its base id
            moved.add(unit.uid)
        elif unit.uid in taken:
            unit.uid = f"new:{unit.uid}"  # an id a renumbered unit held in the base
