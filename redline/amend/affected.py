"""The list of affected units, each with its reasons, from a change log (and the clause graph).

A unit is affected when it was edited directly, edited consequentially, or is untouched but
refers to an edited, renumbered or deleted unit, or uses a changed term.
"""

from __future__ import annotations

from collections.abc import Iterable

from redline.models import Affected, Change, ChangeKind, Version

_DEFINITION_KINDS = (ChangeKind.ADD_DEFINITION, ChangeKind.AMEND_DEFINITION, ChangeKind.DELETE_DEFINITION)


def affected_units(base: Version, amended: Version, changes: Iterable[Change]) -> list[Affected]:
    """Affected units, direct edits first, then consequential ones, then units that refer or use."""
    found: dict[str, Affected] = {}

    def add(unit_id: str, reason: str, direct: bool) -> None:
        entry = found.setdefault(unit_id, Affected(unit_id))
        if reason not in entry.reasons:
            entry.reasons.append(reason)
        entry.direct = entry.direct or direct

    changes = [c for c in changes if c.kind is not ChangeKind.NOT_APPLIED]
    for change in changes:
        how = "edited consequentially" if change.consequential else "edited directly"
        add(change.unit_id, f"{how}: {change.reason} ({change.instruction})", not change.consequential)
    touched_units = {c.unit_uid for c in changes if c.kind is not ChangeKind.REFERENCE}
    changed_terms = {_term(c) for c in changes if c.kind in _DEFINITION_KINDS and "(" not in _term(c)}
    for unit_id, reason in _reaches(base, amended, touched_units, changed_terms):
        add(unit_id, reason, False)
    return sorted(found.values(), key=lambda a: (not a.direct, _order(amended, base, a.unit_id)))


def _term(change: Change) -> str:
    return change.unit_id.split(":", 1)[1] if ":" in change.unit_id else change.unit_id


def _reaches(base: Version, amended: Version, uids: set[str], terms: set[str]) -> list[tuple[str, str]]:
    """Units that refer to a touched unit or use a changed term, read from the clause graph."""
    from redline.graph import ClauseGraph

    found: list[tuple[str, str]] = []
    for version in (amended, base):
        graph = ClauseGraph.build(version)
        present = {u.uid: u for u in version.units()}
        for uid in sorted(uids & set(present)):
            for unit_id, reason in graph.referrers(uid):
                found.append((unit_id, f"{reason} (changed by this modification)"))
        for term in sorted(terms):
            for unit_id, reason in graph.term_users(term):
                found.append((unit_id, f"{reason} (definition changed by this modification)"))
    return found


def _order(amended: Version, base: Version, unit_id: str) -> int:
    for offset, version in ((0, amended), (100000, base)):
        for i, unit in enumerate(version.units()):
            if unit.id == unit_id:
                return offset + i
    return 200000


def affected_records(affected: list[Affected]) -> list[dict[str, object]]:
    """The JSON/CSV shape of the affected list."""
    return [{"unit": a.unit_id, "direct": a.direct, "reasons": a.reasons} for a in affected]


def affected_markdown(affected: list[Affected], title: str) -> str:
    """The affected list as a Markdown table."""
    lines = [f"# Affected clauses: {title}", "", "| unit | direct | reasons |", "|---|---|---|"]
    for a in affected:
        reasons = "<br>".join(r.replace("|", "\\|") for r in a.reasons)
        lines.append(f"| {a.unit_id} | {'yes' if a.direct else 'no'} | {reasons} |")
    return "\n".join(lines) + "\n"
