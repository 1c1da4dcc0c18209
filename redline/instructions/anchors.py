"""Edits on base words → rules instructions: find/replace pairs anchored uniquely, or a field's whole text.

A pair's ``find`` grows by neighbouring words until it occurs exactly once in the unit (the
engine's own test); pairs whose anchors overlap merge.  A field that keeps less than half its
words is given whole (``text``), which reads better than a string of scattered pairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from redline.instructions.align import Alignment, Edit, Slot
from redline.instructions.model import Line
from redline.models import Unit, UnitKind

_ENGINE_FIELDS = ("text", "tail", "heading")
#: Below this share of words kept, a field is replaced whole.
KEEP_SHARE = 0.5


@dataclass
class FieldEdit:
    """An edit inside one field: its words ``[a, b)`` become ``words``."""

    a: int
    b: int
    words: list[str]
    line: Line


def _fields(slots: list[Slot]) -> dict[tuple[int, str], tuple[int, int]]:
    """(id(unit), field) → [start, end) of that field's words in ``slots``."""
    spans: dict[tuple[int, str], tuple[int, int]] = {}
    for index, slot in enumerate(slots):
        key = (id(slot.unit), slot.field)
        start = spans.get(key, (index, index))[0]
        spans[key] = (start, index + 1)
    return spans


def field_edits(alignment: Alignment) -> dict[tuple[int, str], list[FieldEdit]]:
    """Split each edit by field, in field-local word positions."""
    slots = alignment.slots
    spans = _fields(slots)
    found: dict[tuple[int, str], list[FieldEdit]] = {}
    for edit in alignment.edits:
        for key, a, b, words in _pieces(edit, slots, spans):
            found.setdefault(key, []).append(FieldEdit(a, b, words, edit.line))
    return found


def _pieces(edit: Edit, slots: list[Slot], spans: dict) -> list[tuple[tuple[int, str], int, int, list[str]]]:
    if edit.i == edit.j:
        use_prev = edit.i > 0 and (edit.attach == "prev" or edit.i == len(slots))
        slot = slots[edit.i - 1] if use_prev else slots[edit.i]
        key = (id(slot.unit), slot.field)
        at = edit.i - spans[key][0]
        return [(key, at, at, edit.words)]
    pieces: list[tuple[tuple[int, str], int, int, list[str]]] = []
    for index in range(edit.i, edit.j):
        slot = slots[index]
        key = (id(slot.unit), slot.field)
        local = index - spans[key][0]
        if pieces and pieces[-1][0] == key:
            pieces[-1] = (key, pieces[-1][1], local + 1, pieces[-1][3])
        else:
            pieces.append((key, local, local + 1, [] if pieces else edit.words))
    return pieces


def _count(unit: Unit, find: str) -> int:
    return sum(len(re.findall(re.escape(find), getattr(unit, name))) for name in _ENGINE_FIELDS)


def _apply(words: list[str], edits: list[FieldEdit], a: int, b: int) -> list[str]:
    out: list[str] = []
    at = a
    for edit in edits:
        out.extend(words[at:edit.a])
        out.extend(edit.words)
        at = edit.b
    out.extend(words[at:b])
    return out


def anchored_pairs(unit: Unit, field_slots: list[Slot], edits: list[FieldEdit]) -> list[dict[str, str]] | None:
    """Find/replace pairs for ``edits`` in one field, or None when no unique anchor exists."""
    words = [s.text for s in field_slots]
    text = getattr(unit, field_slots[0].field) if field_slots else ""
    spans: list[list[Any]] = []
    for edit in sorted(edits, key=lambda e: (e.a, e.b)):
        a, b, left = edit.a, edit.b, True
        while b == a or _count(unit, text[field_slots[a].start:field_slots[b - 1].end]) != 1:
            if left and a > 0:
                a -= 1
            elif b < len(words):
                b += 1
            elif a > 0:
                a -= 1
            else:
                return None
            left = not left
        if spans and a < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], b)
            spans[-1][2].append(edit)
            spans[-1][0] = min(spans[-1][0], a)
        else:
            spans.append([a, b, [edit]])
    return [_pair(text, field_slots[a].start, field_slots[b - 1].end, " ".join(_apply(words, group, a, b)))
            for a, b, group in spans]


def _pair(text: str, start: int, end: int, new: str) -> dict[str, str]:
    """The pair replacing ``text[start:end]`` with ``new``; words deleted outright take a space
    beside them with them, so no two spaces are left ("any  Modification")."""
    if not new and end < len(text) and text[end] == " " and (start == 0 or text[start - 1] == " "):
        end += 1
    elif not new and start > 0 and text[start - 1] == " ":
        start -= 1
    return {"find": text[start:end], "with": new}


def unit_instructions(alignment: Alignment, source: str) -> list[dict[str, Any]]:
    """One instruction per edited unit and way of editing, in document order."""
    slots = alignment.slots
    spans = _fields(slots)
    by_field = field_edits(alignment)
    units: dict[int, Unit] = {id(s.unit): s.unit for s in slots}
    instructions: list[dict[str, Any]] = []
    for unit_key, unit in units.items():
        pairs: list[dict[str, str]] = []
        lines: list[Line] = []
        for name in ("heading", "text", "tail"):
            key = (unit_key, name)
            if key not in by_field:
                continue
            start, end = spans[key]
            edits = by_field[key]
            lines.extend(e.line for e in edits)
            field_slots = slots[start:end]
            words = [s.text for s in field_slots]
            kept = len(words) - sum(e.b - e.a for e in edits)
            found = None if kept < KEEP_SHARE * len(words) else anchored_pairs(unit, field_slots, edits)
            if found is None:
                new = " ".join(_apply(words, sorted(edits, key=lambda e: e.a), 0, len(words)))
                instructions.append(_instruction(unit, {"text": new, "field": name}, source, edits[0].line))
            else:
                pairs.extend(found)
        if pairs:
            instructions.append(_instruction(unit, {"replace": pairs}, source, lines[0]))
    return instructions


def _instruction(unit: Unit, params: dict[str, Any], source: str, line: Line) -> dict[str, Any]:
    in_definition = any(u.kind is UnitKind.DEFINITION for u in (unit, *unit.ancestors()))
    field_name = params.pop("field", "text")
    if in_definition and field_name == "text":
        head = {"kind": "amend_definition", "term": unit.id.split(":", 1)[1]}
    else:
        head = {"kind": "amend", "unit": unit.id}
        if field_name != "text":
            params["field"] = field_name
    return {**head, **params, "source": f"{line.where}: {source}"}
