"""The list of affected units, each with its reasons, from a change log (and the clause graph).

A unit is affected when it was edited directly, edited consequentially, or is untouched but
refers to an edited, renumbered or deleted unit, or uses a changed term.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from redline.amend.retarget import id_pattern
from redline.check import stale_heading
from redline.graph import ClauseGraph
from redline.models import Affected, Change, ChangeKind, Unit, UnitKind, Version
from redline.refs import find_references, resolve_references
from redline.support.gc import paused_gc
from redline.terms import TermFinder, plurals

_DEFINITION_KINDS = (ChangeKind.ADD_DEFINITION, ChangeKind.AMEND_DEFINITION, ChangeKind.DELETE_DEFINITION)


def affected_units(base: Version, amended: Version, changes: Iterable[Change],
                   base_graph: ClauseGraph | None = None) -> list[Affected]:
    """Affected units, direct edits first, then consequential ones, then units that refer or use.

    Referrers and term users come from the base's clause graph (built once, or passed in) and
    from the changed units of the amended version, analysed alone: never a second full analysis.
    """
    with paused_gc():  # many small objects, few cycles: no whole-heap collection meanwhile
        return _affected(base, amended, list(changes), base_graph)


def _affected(base: Version, amended: Version, changes: list[Change],
              base_graph: ClauseGraph | None) -> list[Affected]:
    # One row per unit (by uid): a unit deleted and the one re-lettered into its number are two
    # rows under one id, and a unit re-lettered is shown by its new id, whatever found it.
    found: dict[str, Affected] = {}
    new_units, old_units, old_ids = amended.lookups().by_uid, base.lookups().by_uid, base.lookups().ids

    def add(uid: str, unit_id: str, reason: str, direct: bool) -> None:
        unit = new_units.get(uid) or old_units.get(uid)
        key = uid if unit is not None else f"id:{unit_id}"
        entry = found.get(key)
        if entry is None:
            entry = found[key] = Affected(unit_id, uid="") if unit is None else Affected(unit.id, uid=uid)
        if reason not in entry.reasons:
            entry.reasons.append(reason)
        entry.direct = entry.direct or direct

    changes = [c for c in changes if c.kind is not ChangeKind.NOT_APPLIED]
    for change in changes:
        how = "edited consequentially" if change.consequential else "edited directly"
        was = old_units.get(change.unit_uid) if change.kind is ChangeKind.RENUMBER else None
        what = f"{change.reason}, was {was.id}" if was is not None and was.id != change.unit_id else change.reason
        add(change.unit_uid, change.unit_id, f"{how}: {what} ({change.instruction})", not change.consequential)
    touched = {c.unit_uid for c in changes if c.kind is not ChangeKind.REFERENCE and c.unit_uid}
    terms = {term for c in changes if c.kind is not ChangeKind.REFERENCE and (term := _changed_term(c, old_units))}
    # a unit deleted takes its paragraphs with it: a reference to one of them cites nothing too
    deleted = {u.uid for c in changes if c.kind in (ChangeKind.DELETE, ChangeKind.DELETE_DEFINITION)
               for u in (old_units[c.unit_uid].walk() if c.unit_uid in old_units else ())}
    touched |= deleted
    graph = base_graph or ClauseGraph.build(base)
    for uid in sorted(touched):  # the base's graph: its units cite and use as the base has them
        note = _DELETED if uid in deleted else "changed by this modification"
        for source in graph.referring_uids(uid):
            add(source, old_ids[source], f"refers to {old_ids[uid]} ({note})", False)
        how = "deleted" if uid in deleted else "changed"  # a term whose meaning the unit's words give
        for term, target in graph.terms_defined_by(uid):
            where = f"defined by reference to {target}" if target else f"defined in {old_ids[uid]}"
            for user in graph.term_user_uids(term):
                add(user, old_ids[user], f"uses term {term} ({where}, {how} by this modification)", False)
    for change in changes:  # a unit inserted or moved between two that a range cites falls in it
        if change.kind in (ChangeKind.INSERT, ChangeKind.MOVE) and (unit := new_units.get(change.unit_uid)):
            how = "inserted" if change.kind is ChangeKind.INSERT else "moved"
            for source, text in _ranges_around(unit, graph):
                add(source, old_ids.get(source, source),
                    f"refers to {text}, a range that now also covers {unit.id} ({how} by this modification)", False)
    for change in changes:  # a unit moved away from a range it stood in: the range no longer covers it
        if change.kind is ChangeKind.MOVE and change.unit_uid in old_units:
            for source, text in graph.ranges_spanning(change.unit_uid, change.unit_uid):
                add(source, old_ids.get(source, source), _moved_out(text, change.before, change.after), False)
    renamed = {c.before: c.after for c in changes if c.kind is ChangeKind.RENUMBER
               and (was := old_units.get(c.unit_uid)) is not None and was.kind is UnitKind.DEFINITION}
    terms |= set(renamed)
    added = {_term(c) for c in changes if c.kind is ChangeKind.ADD_DEFINITION} | set(renamed.values())
    gone = ({_term(c) for c in changes if c.kind is ChangeKind.DELETE_DEFINITION} | set(renamed)) - added
    finder = TermFinder(sorted(terms | holding_gone(graph, gone, added)))
    still = still_used(finder, amended.lookups().by_uid, gone, graph) if gone else set()
    changed = _changed_units(amended, {c.unit_uid for c in changes})
    fresh = added - set(graph.terms)  # defined now, not in the base: its words anywhere now carry the meaning
    for term in sorted(terms):
        how = _how(term, renamed, gone, fresh)
        for user in graph.term_user_uids(term):
            add(user, old_ids[user], _uses(term, how, (user, term) in still), False)
    for use in TermFinder(sorted(fresh)).uses(_holding(base, amended, changed, sorted(fresh))) if fresh else ():
        add(use.unit_uid, new_units[use.unit_uid].id, _uses(use.term, _how(use.term, renamed, gone, fresh), False),
            False)
    # a quoted heading may no longer match: in words this modification wrote, or in a unit citing
    # one whose heading it changed ("Section D1.3 (Persons Entitled to Submit …)")
    retitled = {c.unit_uid for c in changes if c.field == "heading"}
    quoting = _changed_units(amended, {c.unit_uid for c in changes} |
                             {source for uid in retitled for source in graph.referring_uids(uid)})
    edited = {u.uid for u in changed}
    for resolution in resolve_references(amended, find_references(quoting)):  # on the lookups: no walk
        ref = resolution.ref
        if ref.source_uid in edited:
            for uid, target in zip(resolution.target_uids, resolution.target_ids, strict=False):
                if uid in touched:
                    add(ref.source_uid, ref.source_id, f"refers to {target} (changed by this modification)", False)
        if (real := stale_heading(resolution, new_units)) is not None:
            named = new_units[resolution.heading_uid or ""]
            add(ref.source_uid, ref.source_id, f"quotes the heading of {named.id} as ({resolution.quoted_heading}), "
                                               f"but it is headed {real!r}: the quotation no longer matches", False)
    ids = {u.uid: u.id for u in changed}
    for use in finder.uses(changed):
        if use.term in terms:
            add(use.unit_uid, ids[use.unit_uid],
                _uses(use.term, _how(use.term, renamed, gone, fresh), use.term in gone), False)
    order = _document_order(amended, base, list(found.values()))
    return sorted(found.values(), key=lambda a: (not a.direct, order[id(a)]))


#: Why a reference to a deleted unit needs a drafter: it is left as written, so it cites
#: nothing, or (after re-lettering) whatever unit now has that number.
_DELETED = "deleted by this modification: left as written, it now cites nothing or the unit that took its number"


def holding_gone(graph: ClauseGraph, gone: set[str], added: set[str]) -> set[str]:
    """The terms still defined that hold a term no longer defined (``gone``): uses are read among
    them too, so "Incident Event" inside "Renamed Incident Event" is no use of it (the graph knows
    the base's terms; the amended version's are those, less the gone, and the ``added``)."""
    if not gone:
        return set()
    return {t for t in (set(graph.terms) - gone) | added if any(g in t and g != t for g in gone)}


def still_used(finder: TermFinder, by_uid: dict[str, Unit], gone: set[str], graph: ClauseGraph,
               written: Iterable[str] = ()) -> set[tuple[str, str]]:
    """(uid, term) for each unit of the amended version (its units ``by_uid``) still using a term no
    longer defined (``gone``): among the base's users of it (a rename rewrites some uses) and the
    units ``written`` since."""
    users = {uid for term in gone for uid in graph.term_user_uids(term)} | set(written)
    return {(use.unit_uid, use.term) for use in finder.uses(by_uid[uid] for uid in sorted(users) if uid in by_uid)
            if use.term in gone}


def _moved_out(text: str, old: str, new: str) -> str:
    """Why a range reference ("Sections C1.1 to C1.3") is affected by moving ``old`` to ``new``: an
    end of it follows the unit, so the range now spans from its other end to wherever the unit went
    (a drafter should check what it covers); a unit within it leaves it."""
    written = old.split(":", 1)[-1]
    if re.search(id_pattern(written), text):
        return (f"refers to {text}, a range ending at {old}, which this modification moves to {new}: the range "
                f"follows it and now spans other units; check what it should cover")
    return f"refers to {text}, a range that no longer covers {old} (moved by this modification to {new})"


def _ranges_around(unit: Unit, graph: ClauseGraph) -> list[tuple[str, str]]:
    """The base's range references spanning ``unit``'s neighbours of its kind, where it stands now."""
    before, after = unit.neighbours() if unit.kind is not UnitKind.DEFINITION else (None, None)
    return [] if before is None or after is None else graph.ranges_spanning(before.uid, after.uid)


def _holding(base: Version, amended: Version, changed: list[Unit], terms: list[str]) -> list[Unit]:
    """The units of ``amended`` whose words hold one of ``terms`` (a plain substring test, so the
    term finder reads only those), with the terms' own definitions, in document order: the
    unchanged ones found by one search of the base's words, the ``changed`` ones read."""
    new_units = amended.lookups().by_uid
    edited = {u.uid for u in changed}
    # every form a term is used in ("Parties" for "Party"), less those holding another ("Party's")
    forms = {form for term in terms for form in plurals(term)}
    forms = {form for form in forms if not any(other != form and other in form for other in forms)}
    found = {uid for form in forms for uid in base.holding(form) if uid not in edited and uid in new_units}
    found.update(u.uid for u in changed if any(form in f"{u.heading}\n{u.text}\n{u.tail}" for form in forms))
    found.update(own.uid for term in terms if (own := amended.get(f"A1.1:{term}")) is not None)
    return sorted((new_units[uid] for uid in found), key=_Paths(amended))


def _how(term: str, renamed: dict[str, str], gone: set[str], fresh: set[str]) -> str:
    """What the modification did to ``term``'s definition (``fresh``: the terms it newly defines,
    a renamed one's new name among them)."""
    if term in renamed:
        return f"renamed to {renamed[term]}"
    if old := next((old for old, new in renamed.items() if new == term), None):
        return f"renamed from {old}"
    return "deleted" if term in gone else "added" if term in fresh else "changed"


def _uses(term: str, how: str, undefined: bool) -> str:
    """Why a unit using ``term`` is affected: what became of its definition and, when the unit
    (amended) still uses the term and it is no longer defined, that."""
    if undefined:
        return f"uses term {term} (definition {how} by this modification; {term} is no longer defined)"
    return f"uses term {term} (definition {how} by this modification)"


def _changed_term(change: Change, old_units: dict[str, Unit]) -> str | None:
    """The term whose definition a change edits: the base definition holding the unit changed (a
    paragraph of it too: "Significant Code Review Phase(b)"), or a new definition's term."""
    unit = old_units.get(change.unit_uid)
    while unit is not None and unit.kind is not UnitKind.DEFINITION:
        unit = unit.parent
    if unit is not None:
        return unit.label
    return _term(change) if change.kind in _DEFINITION_KINDS else None


def _term(change: Change) -> str:
    return change.unit_id.split(":", 1)[1] if ":" in change.unit_id else change.unit_id


def _changed_units(version: Version, uids: set[str]) -> list[Unit]:
    """The units of ``version`` the change log names (text may now cite or use new things), in
    document order."""
    by_uid = version.lookups().by_uid
    path = _Paths(version)
    return sorted((by_uid[uid] for uid in uids if uid in by_uid), key=path)


def _document_order(amended: Version, base: Version, entries: list[Affected]) -> dict[int, tuple]:
    """A sort key for each entry (by ``id``): its unit's place in the amended version, else (a
    deleted unit) after all of those, at its place in the base."""
    new, old = amended.lookups(), base.lookups()
    new_path, old_path = _Paths(amended), _Paths(base)
    keys: dict[int, tuple] = {}
    for entry in entries:
        now = new.by_uid.get(entry.uid) if entry.uid else new.by_id.get(entry.unit_id)
        was = old.by_uid.get(entry.uid) if entry.uid else old.by_id.get(entry.unit_id)
        keys[id(entry)] = (0, new_path(now)) if now is not None else (1, old_path(was)) if was is not None else (2,)
    return keys


class _Paths:
    """A unit's place in a version as the indexes of it and its ancestors among their siblings
    (which sort in document order); each parent's children are numbered once."""

    def __init__(self, version: Version) -> None:
        self.version = version
        self.by_uid = version.lookups().by_uid
        self.numbers: dict[int, dict[str, int]] = {}

    def __call__(self, unit: Unit) -> tuple[int, ...]:
        path = []
        while unit.parent is not None:
            parent = unit.parent  # for a unit shared with another version, found again in this one
            parent = self.version.root if parent.parent is None else self.by_uid.get(parent.uid, parent)
            numbers = self.numbers.get(id(parent))
            if numbers is None:
                numbers = self.numbers[id(parent)] = {c.uid: i for i, c in enumerate(parent.children)}
            path.append(numbers[unit.uid])
            unit = parent
        return tuple(reversed(path))


#: The affected list's columns.
AFFECTED_COLUMNS = ("unit", "direct", "reasons")


def affected_records(affected: Iterable[Affected], identities: bool = False) -> list[dict[str, object]]:
    """The JSON/CSV shape of the affected list; with ``identities``, each unit's uid too (the JSON
    file's: two rows may show one id, a unit deleted and the one re-lettered into its number)."""
    if identities:
        return [{"unit": a.unit_id, "uid": a.uid, "direct": a.direct, "reasons": a.reasons} for a in affected]
    return [{"unit": a.unit_id, "direct": a.direct, "reasons": a.reasons} for a in affected]
