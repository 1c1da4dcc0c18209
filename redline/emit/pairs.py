"""Base and amended units side by side, matched by permanent identity (``uid``).

A uid only in the amended version is an inserted unit, only in the base a deleted one; a
changed label is a renumbering.  A unit in both whose parent changed, or which left the
longest run of its siblings kept in order, is moved (:func:`moved_uids`): it is shown twice, as
moved away ("from", the base unit with its children) where it stood and as moved here ("to",
the amended unit with its children) where it stands.  :func:`pair_versions` merges the two
trees into one tree of :class:`Pair` in document order, deleted units kept where they stood.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field

from redline.emit.meta import EmitMeta
from redline.emit.summary import Summary
from redline.models import CONTAINER_KINDS, Affected, Unit, UnitKind, Version


@dataclass
class Pair:
    """One unit as it was (``base``) and as it is (``new``); either may be None."""

    base: Unit | None
    new: Unit | None
    children: list[Pair] = field(default_factory=list)
    parent: Pair | None = field(default=None, repr=False)
    move: str = ""  # "from" (where a moved unit stood) or "to" (where it stands), with both units
    move_key: str = ""  # the uid of the moved unit this pair belongs to (itself or an ancestor)

    @property
    def unit(self) -> Unit:
        """The amended unit, or the base one for a deleted unit or where a moved one stood."""
        unit = self.base if self.move == "from" else self.new or self.base
        assert unit is not None
        return unit

    @property
    def kind(self) -> UnitKind:
        return self.unit.kind

    @property
    def inserted(self) -> bool:
        """No base side here: a new unit, or a moved one where it now stands."""
        return self.base is None or self.move == "to"

    @property
    def deleted(self) -> bool:
        """No amended side here: a deleted unit, or a moved one where it stood."""
        return self.new is None or self.move == "from"

    @functools.cached_property
    def own_change(self) -> bool:
        """Inserted, deleted, moved, or label, heading, text or tail differ."""
        if self.base is None or self.new is None or self.move:
            return True
        return any(getattr(self.base, name) != getattr(self.new, name)
                   for name in ("label", "heading", "text", "tail"))

    @functools.cached_property
    def changed(self) -> bool:
        """This unit or any unit below it changed."""
        return self.own_change or any(child.changed for child in self.children)

    def walk(self) -> Iterator[Pair]:
        """This pair and every pair below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


def _merge(parent: Pair, base_kids: list[Unit], new_kids: list[Unit], tree: _Trees) -> None:
    """Children in amended order, each base-only (or moved-away) child right after its base
    predecessor."""
    order = {unit.uid: i for i, unit in enumerate(base_kids)}
    cursor = 0

    def flush(upto: int) -> None:
        nonlocal cursor
        for unit in base_kids[cursor:upto]:
            if unit.uid in tree.moved and tree.wanted(unit):
                _attach_moved(parent, unit, "from", unit.uid, tree)
            elif unit.uid not in tree.new_by_uid and tree.wanted(unit):
                _attach(parent, Pair(unit, None), tree)
        cursor = max(cursor, upto)

    for unit in new_kids:
        if unit.uid in tree.moved:
            if tree.wanted(unit):
                _attach_moved(parent, unit, "to", unit.uid, tree)
            continue
        if unit.uid in order:
            flush(order[unit.uid] + 1)
        if tree.wanted(unit):
            _attach(parent, Pair(tree.base_by_uid.get(unit.uid), unit), tree)
    flush(len(base_kids))


def _attach(parent: Pair, pair: Pair, tree: _Trees) -> None:
    pair.parent = parent
    parent.children.append(pair)
    base_kids = pair.base.children if pair.base else []
    new_kids = pair.new.children if pair.new else []
    _merge(pair, base_kids, new_kids, tree)


def _attach_moved(parent: Pair, unit: Unit, move: str, key: str, tree: _Trees) -> None:
    """A moved unit and all its children on one side ("from": the base's, "to": the amended's)."""
    base = unit if move == "from" else tree.base_by_uid.get(unit.uid)
    new = tree.new_by_uid.get(unit.uid) if move == "from" else unit
    pair = Pair(base, new, move=move, move_key=key, parent=parent)
    parent.children.append(pair)
    for child in unit.children:
        _attach_moved(pair, child, move, key, tree)


@dataclass
class _Trees:
    """Both versions' lookups, and which clause-level units a redline needs (None: all)."""

    base_by_uid: dict[str, Unit]
    new_by_uid: dict[str, Unit]
    moved: set[str]
    needed: set[str] | None

    def wanted(self, unit: Unit) -> bool:
        """Pair this unit? Clause-level units (and definitions) only when they hold a change."""
        if self.needed is None or unit.uid in self.needed:
            return True
        parent = unit.parent
        return not (unit.kind is UnitKind.DEFINITION or parent is None or parent.kind in CONTAINER_KINDS)


def moved_uids(base: Version, amended: Version) -> set[str]:
    """Units in both versions that moved: under another parent, or out of the heaviest run of
    their siblings that kept their order (so a unit inserted or deleted moves none).  A unit
    that kept its label weighs more than one renumbered, so of two units that swapped places the
    renumbered one is the one that moved."""
    mine, theirs = amended.differing(base)  # a shared unit's children are where they were
    before = {child.uid: (parent.uid, i, child.label) for parent in [base.root, *theirs]
              for i, child in enumerate(parent.children)}
    moved: set[str] = set()
    for parent in [amended.root, *mine]:
        kept = []
        for child in parent.children:
            if child.uid not in before:
                continue
            old_parent, index, label = before[child.uid]
            if old_parent != parent.uid:
                moved.add(child.uid)
            else:
                kept.append((index, child.uid, 2 if label == child.label else 1))
        if any(a[0] > b[0] for a, b in zip(kept, kept[1:], strict=False)):
            in_order = _in_order(kept)  # once: it had been searched again for every sibling
            moved.update(uid for _, uid, _ in kept if uid not in in_order)
    return moved


def _in_order(items: list[tuple[int, str, int]]) -> set[str]:
    """The uids of the heaviest run of ``items`` (index, uid, weight) whose indexes (distinct, not
    negative) increase; of equal runs, the one ending at the earliest item, each item extending
    the latest item of the heaviest run before it.  A Fenwick tree of prefix maxima over the
    indexes makes it O(n log n): an A1.1 of 1,600 definitions, one of them moved, had taken a
    quadratic search per redline."""
    size = max((index for index, _, _ in items), default=-1) + 2
    tree = [(0, -1)] * size  # at position index + 1: the (weight, item) of a heaviest run ending there
    best: list[int] = []  # best[i]: the weight of the heaviest run ending at items[i]
    previous: list[int] = []
    for i, (index, _, weight) in enumerate(items):
        top, at = (0, -1), index  # the heaviest run over indexes below this one
        while at > 0:
            top = max(top, tree[at])
            at -= at & -at
        best.append(top[0] + weight)
        previous.append(top[1])
        at = index + 1
        while at < size:
            tree[at] = max(tree[at], (best[i], i))
            at += at & -at
    chosen, at = set(), max(range(len(items)), key=best.__getitem__, default=-1)
    while at >= 0:
        chosen.add(items[at][1])
        at = previous[at]
    return chosen


def changed_uids(base: Version, amended: Version, moved: set[str] | None = None) -> set[str]:
    """Units inserted, deleted, moved (``moved``, when the caller has it), or whose label,
    heading, text or tail differ."""
    mine, theirs = amended.differing(base)
    before = {u.uid: (u.label, u.heading, u.text, u.tail) for u in theirs}
    changed = set()
    for unit in mine:
        if before.pop(unit.uid, None) != (unit.label, unit.heading, unit.text, unit.tail):
            changed.add(unit.uid)
    return changed | set(before) | (moved_uids(base, amended) if moved is None else moved)


def pair_versions(base: Version, amended: Version, focus: set[str] | None = None,
                  moved: set[str] | None = None) -> Pair:
    """The merged tree of both versions, rooted at a pair of the two version roots.

    With ``focus`` (uids), only the clauses and definitions holding a focused unit are paired,
    each whole, under their Sections and Parts: a redline of a few clauses of a full-size SEC
    need not pair the other ten thousand.  ``moved`` is :func:`moved_uids`, when the caller has it.
    """
    base_by_uid = base.lookups().by_uid
    new_by_uid = amended.lookups().by_uid
    moved = moved_uids(base, amended) if moved is None else moved
    needed = None
    if focus is not None:
        needed = set()
        for uid in focus:
            unit = new_by_uid.get(uid) or base_by_uid.get(uid)
            if unit is not None:
                needed.add(uid)
                needed.update(a.uid for a in unit.ancestors())
    root = Pair(base.root, amended.root)
    _merge(root, base.root.children, amended.root.children, _Trees(base_by_uid, new_by_uid, moved, needed))
    return root


def context_uids(affected: list[Affected], base: Version, amended: Version) -> set[str]:
    """The uids of unchanged units a redline shows as context: those that refer to a changed unit.

    Units that merely use a changed term are listed with their reasons, not laid out: a
    much-used term would otherwise pull thousands of clauses into the redline.
    """
    referring = [a for a in affected if any(r.startswith("refers to ") for r in a.reasons)]
    if not referring:
        return set()
    new, old = amended.lookups(), base.lookups()
    found = (new.by_uid.get(a.uid) or old.by_uid.get(a.uid) if a.uid else
             new.by_id.get(a.unit_id) or old.by_id.get(a.unit_id) for a in referring)
    return {unit.uid for unit in found if unit is not None}


@dataclass(frozen=True)
class Redline:
    """What every output of one redline is made from, computed once."""

    base_name: str
    amended_name: str
    root: Pair
    context: set[str]
    affected: list[Affected]
    meta: EmitMeta
    summary: Summary

    @classmethod
    def of(cls, base: Version, amended: Version, affected: list[Affected], meta: EmitMeta,
           summary: Summary | None = None) -> Redline:
        """Pair the two versions and pick the context units; without a run's summary, say only what a
        comparison knows."""
        context = context_uids(affected, base, amended)
        moved = moved_uids(base, amended)  # one comparison of the two trees' orders
        root = pair_versions(base, amended, changed_uids(base, amended, moved) | context, moved)
        summary = summary or Summary.compared(base.name, amended.name, meta.heading, affected)
        return cls(base.name, amended.name, root, context, affected, meta, summary)


def direct_changes(root: Pair) -> list[Affected]:
    """One Affected per unit whose own label, heading, text or tail changed."""
    found = []
    for pair in root.walk():
        if pair is root or not pair.own_change or pair.move == "from" or pair.move_key not in ("", pair.unit.uid):
            continue
        if pair.move:
            reason = f"moved from {pair.base.id}"  # type: ignore[union-attr]
        elif pair.inserted:
            reason = "inserted"
        elif pair.deleted:
            reason = "deleted"
        elif pair.base.label != pair.new.label:  # type: ignore[union-attr]
            reason = f"renumbered from {pair.base.id}"  # type: ignore[union-attr]
        else:
            reason = "edited directly"
        found.append(Affected(pair.unit.id, [reason], direct=True))
    return found
