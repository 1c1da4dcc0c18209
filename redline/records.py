"""Rows for the analysis commands (xrefs, terms, check) and their JSON/CSV/Markdown text; the impact
command reuses :func:`redline.amend.affected.affected_records`."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from redline.check import Integrity
from redline.models import Version
from redline.refs.models import Resolution
from redline.support import jsonfmt
from redline.terms import Term, TermUse


def xref_rows(resolutions: Iterable[Resolution]) -> list[dict[str, Any]]:
    """One row per reference: source (innermost unit), text, targets, status, quoted heading."""
    return [{
        "source": res.ref.source_id,
        "text": res.ref.text,
        "targets": res.target_ids,
        "status": res.status.value,
        "quoted_heading": res.quoted_heading,
        "document": res.ref.document,
        "kind": res.ref.kind.value,
        "field": res.ref.field,
        "start": res.ref.start,
        "end": res.ref.end,
        "source_uid": res.ref.source_uid,
        "target_uids": res.target_uids,
    } for res in resolutions]


def term_rows(version: Version, terms: Iterable[Term], uses: Iterable[TermUse]) -> list[dict[str, Any]]:
    """One row per defined term: where defined (A1.1, or in a clause's words), what it is defined
    by (a clause, or an external document), where used (and how often)."""
    ids = {unit.uid: unit.id for unit in version.units()}
    used: dict[str, dict[str, int]] = defaultdict(dict)
    for use in uses:
        where = used[use.term]
        unit_id = ids[use.unit_uid]
        where[unit_id] = where.get(unit_id, 0) + 1
    return [{
        "term": term.term,
        "defined_in": term.id,
        "defined_by": term.defined_by,
        "defined_by_document": term.document or None,
        "defined_in_clause": term.inline,
        "uses": sum(used[term.term].values()),
        "used_in": used[term.term],
    } for term in terms]


def finding_rows(findings: Iterable[Integrity]) -> list[dict[str, Any]]:
    return [{"kind": f.kind, "unit": f.unit, "message": f.message} for f in findings]


#: Each table's columns, so an empty table still prints its header.
XREF_COLUMNS = ("source", "text", "targets", "status", "quoted_heading", "document", "kind", "field", "start", "end",
                "source_uid", "target_uids")
TERM_COLUMNS = ("term", "defined_in", "defined_by", "defined_by_document", "defined_in_clause", "uses", "used_in")
FINDING_COLUMNS = ("kind", "unit", "message")


def render(rows: list[dict[str, Any]], fmt: str, columns: Sequence[str]) -> str:
    """Rows as JSON (a list of objects), CSV (lists joined by "; ") or a Markdown table; CSV and
    Markdown print the header even when there are no rows, and booleans as yes/no."""
    if fmt == "json":
        return jsonfmt.dumps(rows)
    if rows and tuple(rows[0]) != tuple(columns):
        raise ValueError(f"rows have columns {tuple(rows[0])}, not {tuple(columns)}")
    flat = [[_cell(row[c]) for c in columns] for row in rows]
    if fmt == "md":
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines.extend("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in flat)
        return "\n".join(lines)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(flat)
    return out.getvalue().rstrip("\n")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "; ".join(f"{k} ({v})" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)
