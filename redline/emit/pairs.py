"""Base and amended units side by side, matched by permanent identity (``uid``).

A uid only in the amended version is an inserted unit, only in the base a deleted one; a
changed label is a renumbering.  :func:`pair_versions` merges the two trees into one tree of
:class:`Pair` in document order, deleted units kept where they stood.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from redline.models import Affected, Unit, UnitKind, Version


@dataclass
class Pair:
    """One unit as it was (``base``) and as it is (``new``); either may be None."""

    base: Unit | None
    new: Unit | None
    children: list[Pair] = field(default_factory=list)
    parent: Pair | None = field(default=None, repr=False)

    @property
    def unit(self) -> Unit:
        """The amended unit, or the base one for a deleted unit."""
        unit = self.new or self.base
        assert unit is not None
        return unit

    @property
    def kind(self) -> UnitKind:
        return self.unit.kind

    @property
    def inserted(self) -> bool:
        return self.base is None

    @property
    def deleted(self) -> bool:
        return self.new is None

    @property
    def own_change(self) -> bool:
        """Inserted, deleted, or label, heading, text or tail differ."""
        if self.base is None or self.new is None:
            return True
        return any(getattr(self.base, name) != getattr(self.new, name)
                   for name in ("label", "heading", "text", "tail"))

    @property
    def changed(self) -> bool:
        """This unit or any unit below it changed."""
        return self.own_change or any(child.changed for child in self.children)

    def walk(self) -> Iterator[Pair]:
        """This pair and every pair below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


def _merge(parent: Pair, base_kids: list[Unit], new_kids: list[Unit], base_by_uid: dict[str, Unit],
           new_uids: set[str]) -> None:
    """Children in amended order, each base-only child right after its base predecessor."""
    order = {unit.uid: i for i, unit in enumerate(base_kids)}
    cursor = 0

    def flush(upto: int) -> None:
        nonlocal cursor
        for unit in base_kids[cursor:upto]:
            if unit.uid not in new_uids:
                _attach(parent, Pair(unit, None), base_by_uid, new_uids)
        cursor = max(cursor, upto)

    for unit in new_kids:
        if unit.uid in order:
            flush(order[unit.uid] + 1)
        _attach(parent, Pair(base_by_uid.get(unit.uid), unit), base_by_uid, new_uids)
    flush(len(base_kids))


def _attach(parent: Pair, pair: Pair, base_by_uid: dict[str, Unit], new_uids: set[str]) -> None:
    pair.parent = parent
    parent.children.append(pair)
    base_kids = pair.base.children if pair.base else []
    new_kids = pair.new.children if pair.new else []
    _merge(pair, base_kids, new_kids, base_by_uid, new_uids)


def pair_versions(base: Version, amended: Version) -> Pair:
    """The merged tree of both versions, rooted at a pair of the two version roots."""
    base_by_uid = base.by_uid()
    new_uids = set(amended.by_uid())
    root = Pair(base.root, amended.root)
    _merge(root, base.root.children, amended.root.children, base_by_uid, new_uids)
    return root


def affected_uids(affected: list[Affected], base: Version, amended: Version) -> set[str]:
    """The uids of the affected units (looked up by id in the amended version, then the base)."""
    new_index, base_index = amended.index(), base.index()
    found = (new_index.get(a.unit_id) or base_index.get(a.unit_id) for a in affected)
    return {unit.uid for unit in found if unit is not None}


def direct_changes(root: Pair) -> list[Affected]:
    """One Affected per unit whose own label, heading, text or tail changed."""
    found = []
    for pair in root.walk():
        if pair is root or not pair.own_change:
            continue
        if pair.inserted:
            reason = "inserted"
        elif pair.deleted:
            reason = "deleted"
        elif pair.base.label != pair.new.label:  # type: ignore[union-attr]
            reason = f"renumbered from {pair.base.id}"  # type: ignore[union-attr]
        else:
            reason = "edited directly"
        found.append(Affected(pair.unit.id, [reason], direct=True))
    return found
