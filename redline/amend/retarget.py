"""Rewrite the references to renumbered units: found and resolved by :mod:`redline.refs`.

A reference points at permanent identities (uids); when a unit's label changes, the written
form of every reference that resolves to it (or to one of its descendants) is rewritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from redline.models import LIST_KINDS, Unit, Version
from redline.refs import find_references
from redline.refs.models import RefKind
from redline.refs.resolve import Resolver


@dataclass(frozen=True)
class ReferenceEdit:
    """One reference to rewrite: where it is and what it becomes."""

    source_uid: str
    field: str
    start: int
    end: int
    old: str
    new: str


def _id_pattern(unit_id: str) -> str:
    """A written id, not part of a longer id: "D3.13" but not "D3.131" or "ZD3.13"."""
    return rf"(?<![\w.]){re.escape(unit_id)}(?![\d.]\d|\w)"


def reference_edits(version: Version, renamed_uids: dict[str, tuple[str, str]],
                    known: set[str] | None = None, resolver: Resolver | None = None) -> list[ReferenceEdit]:
    """Edits to references resolving to any renamed uid (uid → (old id, new id)), last first.

    ``version`` is the version as it stood before the renaming, so references still resolve.
    ``known`` (uids), when given, are the only units outside the renamed units' clauses that may
    cite them — from the clause graph — so the rest of the version is not scanned.
    """
    edits = []
    resolver = resolver or Resolver(version)
    units = _candidates(version, renamed_uids, known, resolver.by_uid)
    for resolution in resolver.resolve_all(find_references(units)):
        hits = [renamed_uids[u] for u in resolution.target_uids if u in renamed_uids]
        if not hits or resolution.ref.kind is RefKind.EXTERNAL:
            continue
        ref = resolution.ref
        new = ref.text
        for old_id, new_id in sorted(hits, key=lambda pair: -len(pair[0])):
            if ref.kind is RefKind.PARAGRAPH:  # "paragraph (c) above": the label alone is written
                old_label, new_label = old_id[old_id.rfind("("):], new_id[new_id.rfind("("):]
                new = re.sub(re.escape(old_label), new_label, new)
            else:
                written = old_id.split(":", 1)[-1]
                new = re.sub(_id_pattern(written), new_id.split(":", 1)[-1], new)
        if new != ref.text:
            edits.append(ReferenceEdit(ref.source_uid, ref.field, ref.start, ref.start + len(ref.text), ref.text, new))
    return sorted(edits, key=lambda e: (e.source_uid, e.field, -e.start))


def _candidates(version: Version, renamed_uids: dict[str, tuple[str, str]], known: set[str] | None,
                by_uid: dict[str, Unit]) -> list[Unit]:
    """Units that may cite a renamed unit: those whose words contain an old id (or, with
    ``known``, those units), and every unit of the clause around a renamed paragraph (where
    "paragraph (c) above" may point at it)."""
    found: dict[str, Unit] = {}
    for uid in renamed_uids:
        unit = by_uid.get(uid)
        if unit is not None and unit.kind in LIST_KINDS:
            clause = next((a for a in unit.ancestors() if a.kind not in LIST_KINDS), unit)
            found.update((u.uid, u) for u in clause.walk())
    if known is not None:
        found.update((uid, by_uid[uid]) for uid in known if uid in by_uid)
        return list(found.values())
    written = {old.split(":", 1)[-1].split("(")[0] for old, _ in renamed_uids.values()}
    for unit in version.units():
        if any(w in f"{unit.heading} {unit.text} {unit.tail}" for w in written):
            found[unit.uid] = unit
    return list(found.values())
