"""``legal-text.docx``: a modification's draft legal text as drafters circulate it.

A title, then per group of changed units an instruction line ("Amend Section C2.3 as
follows:", "Add the following new definitions into Section A1.1 in alphabetical order:",
"Delete Section L1.12(c)", "Move Section C2.3 to Section C2.5:" where it stood and "Section
C2.5 (moved from Section C2.3):" where it stands) followed by the units with tracked changes, unchanged sibling
paragraphs elided as "[...]".
"""

from __future__ import annotations

import re

from redline.emit.layout import Block, Para, heading_paras, summary_blocks, unit_blocks
from redline.emit.meta import EmitMeta
from redline.emit.pairs import Pair, Redline
from redline.emit.sec_docx import SecDocx
from redline.emit.summary import Summary
from redline.models import Affected, Unit, UnitKind, Version
from redline.support.gc import paused_gc

_HEADED = (UnitKind.SECTION, UnitKind.APPENDIX, UnitKind.PART)
_NUMBER = re.compile(r"^(.*?)(\d+)$")


def _name(unit: Unit) -> str:
    """How an instruction names a unit: "C2.3", "Appendix AG paragraph 3.2.4"."""
    if unit.kind is UnitKind.APPENDIX:
        return f"Appendix {unit.label}"
    if unit.appendix:
        return f"Appendix {unit.appendix} paragraph {unit.id.split(':', 1)[1]}"
    return unit.id


def refs(units: list[Unit]) -> str:
    """"Section C2.3", "Sections F1.4 and F1.6", "Sections G7.18 to G7.22"."""
    names = [_name(u) for u in units]
    word = "" if names[0].startswith("Appendix") else "Section"
    if len(names) == 1:
        return f"{word} {names[0]}".strip()
    joined = f"{names[0]} and {names[1]}" if len(names) == 2 else f"{names[0]} to {names[-1]}"
    return f"{word}s {joined}".strip() if word else joined


def _follows(first: Unit, second: Unit) -> bool:
    """True when ``second`` is numbered right after ``first`` ("G7.18" → "G7.19")."""
    a, b = _NUMBER.match(first.label), _NUMBER.match(second.label)
    return bool(a and b and a[1] == b[1] and int(b[2]) == int(a[2]) + 1)


def _only_deletions(pair: Pair) -> list[Pair]:
    """The topmost deleted units below an otherwise unchanged clause ([] if anything else changed)."""
    deleted, others = [], False
    for child in pair.children:
        if child.deleted:
            deleted.append(child)
        elif child.changed:
            sub = _only_deletions(child)
            others = others or not sub
            deleted.extend(sub)
    if pair.own_change or others:
        return []
    return deleted


def _definition_groups(clause: Pair) -> list[Block]:
    blocks: list[Block] = []
    defs = [c for c in clause.children if c.kind is UnitKind.DEFINITION and c.changed]
    where = _name(clause.unit)
    for instruction, chosen in (
        (f"Add the following new definitions into Section {where} in alphabetical order:",
         [d for d in defs if d.inserted]),
        (f"Amend the following definitions in Section {where} as follows:",
         [d for d in defs if not (d.inserted or d.deleted)]),
        (f"Delete the following definitions from Section {where}:", [d for d in defs if d.deleted]),
    ):
        if chosen:
            blocks.append(Para.plain("instruction", instruction))
            for pair in chosen:
                blocks.extend(unit_blocks(pair, elide=True))
    return blocks


def _clause_groups(clauses: list[Pair]) -> list[Block]:
    """Instructions and blocks for changed sibling clauses, consecutive amendments grouped."""
    blocks: list[Block] = []
    run: list[Pair] = []

    def close_run() -> None:
        if run:
            # by the numbers of the version amended, saying the new ones where they differ
            old, new = refs([p.base or p.unit for p in run]), refs([p.unit for p in run])
            renumbered = f" (renumbered as {new})" if new != old else ""
            blocks.append(Para.plain("instruction", f"Amend {old}{renumbered} as follows:"))
            for pair in run:
                blocks.extend(unit_blocks(pair, elide=True))
            run.clear()

    for pair in clauses:
        if any(c.kind is UnitKind.DEFINITION for c in pair.children):
            close_run()
            blocks.extend(_definition_groups(pair))
        elif pair.move:
            close_run()
            old, new = refs([pair.base]), refs([pair.new])  # type: ignore[list-item]
            verb = f"Move {old} to {new}:" if pair.move == "from" else f"{new} (moved from {old}):"
            blocks.append(Para.plain("instruction", verb))
            blocks.extend(unit_blocks(pair))
        elif pair.inserted or pair.deleted:
            close_run()
            verb = f"Insert new {refs([pair.unit])} as follows:" if pair.inserted else f"Delete {refs([pair.unit])}"
            blocks.append(Para.plain("instruction", verb))
            blocks.extend(unit_blocks(pair))
        elif deleted := _only_deletions(pair):
            close_run()
            for gone in deleted:
                blocks.append(Para.plain("instruction", f"Delete {refs([gone.unit])}"))
                blocks.extend(unit_blocks(gone))
        else:
            if run and not _follows(run[-1].unit, pair.unit):
                close_run()
            run.append(pair)
    close_run()
    return blocks


def _heading_change(pair: Pair) -> list[Block]:
    if pair.inserted:
        verb = f"Insert new {refs([pair.unit])}:"
    elif pair.deleted:
        verb = f"Delete {refs([pair.unit])}"
    elif pair.base is not None and pair.new is not None and pair.base.heading == pair.new.heading \
            and pair.base.label == pair.new.label:
        verb = f"Amend the introductory words of {refs([pair.base or pair.unit])} as follows:"
    else:
        verb = f"Amend the heading of {refs([pair.base or pair.unit])} as follows:"
    return [Para.plain("instruction", verb), *heading_paras(pair)]


def legal_blocks(root: Pair, meta: EmitMeta, summary: Summary) -> list[Block]:
    """The title and the summary, then instructions and units in document order; the instruction
    line a drafter writes for something not applied stands at its Section (or after the summary)."""
    title = f"Draft legal text: {meta.heading}" if meta.heading else "Draft legal text"
    blocks: list[Block] = [Para.plain("title", title), *summary_blocks(summary)]
    sections = {child.unit.label for child in root.children}
    by_section: dict[str, list[str]] = {}
    for item in summary.not_applied:
        if item.drafter_line:
            by_section.setdefault(item.section if item.section in sections else "", []).append(item.drafter_line)
    blocks.extend(Para.plain("instruction", line) for line in by_section.pop("", []))

    def visit(pair: Pair) -> None:
        if pair.kind in (UnitKind.SECTION, UnitKind.APPENDIX):
            blocks.extend(Para.plain("instruction", line) for line in by_section.pop(pair.unit.label, []))
        if pair.own_change:
            blocks.extend(_heading_change(pair))
        clauses: list[Pair] = []
        for child in pair.children:
            if child.kind in _HEADED:
                blocks.extend(_clause_groups(clauses))
                clauses = []
                visit(child)
            elif child.changed:
                clauses.append(child)
            else:
                blocks.extend(_clause_groups(clauses))
                clauses = []
        blocks.extend(_clause_groups(clauses))

    for child in root.children:
        visit(child)
    return blocks


def render(base: Version, amended: Version, affected: list[Affected], meta: EmitMeta) -> bytes:
    """The draft legal text (``affected`` is accepted for a uniform signature; only changes show)."""
    with paused_gc():  # a whole-version pass, as render_all's
        return compose(Redline.of(base, amended, affected, meta))


def compose(redline: Redline) -> bytes:
    """The document, from a redline's pairs."""
    document = SecDocx(redline.meta)
    document.add(legal_blocks(redline.root, redline.meta, redline.summary))
    return document.to_bytes()

