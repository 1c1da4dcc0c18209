"""New text in a rules file ("text", then "(a) …" lines), read into units with the readers' own
tree builder, so inserted and redrafted units are structured exactly as read ones are."""

from __future__ import annotations

from redline.models import LIST_KINDS, Position, RedlineError, Unit, UnitKind
from redline.read import labels as lab
from redline.read.structure import Block, TreeBuilder


def list_depth(unit: Unit) -> int:
    """How many list levels ``unit`` and its ancestors make: 0 for a clause, 1 for (a)."""
    return sum(1 for u in (unit, *unit.ancestors()) if u.kind in LIST_KINDS)


def list_kind(parent: Unit) -> UnitKind:
    """The kind of a list unit directly under ``parent``."""
    return (UnitKind.PARAGRAPH, UnitKind.SUBPARAGRAPH, UnitKind.ITEM)[min(list_depth(parent), 2)]


def parse_fragment(context: Unit, lines: list[str], where: str) -> Unit:
    """Parse "text\\n(a) …\\n(b) …" as the content of a unit like ``context``.

    The lines are fed to a tree builder behind a stand-in Section and clause, numbered as Word
    numbering is (so the new text is never taken for a wrapped line), and stand-in list levels when
    ``context`` is a paragraph, so labels are read at the right depth.
    """
    position = Position(where)
    builder = TreeBuilder("fragment")
    section = context.section
    code = section.label if section else "X"
    if section is not None and section.kind is UnitKind.APPENDIX:
        heads = [Block(f"APPENDIX {code}: FRAGMENT", position), Block(lines[0], position, number="9.9")]
    elif context.kind is UnitKind.DEFINITION:
        heads = [Block("SECTION A: FRAGMENT", position), Block("", position, number="A1.1"),
                 Block(lines[0], position, term="Fragment", role="definition")]
    else:
        heads = [Block(f"SECTION {code}: FRAGMENT", position), Block(lines[0], position, number=f"{code}99.99")]
    depth = list_depth(context)
    stand_ins = [Block(f"({lab.label_at(1, lab.SCHEME_BY_DEPTH[min(level, 2)])}) x:", position)
                 for level in range(depth)]
    for block in [*heads, *stand_ins, *(Block(line, position) for line in lines[1:])]:
        builder.feed(block)
    fragment = builder.finish()
    if fragment.report.unplaced or fragment.report.findings:
        problem = fragment.report.findings[0].message if fragment.report.findings else "text fits no unit"
        raise RedlineError(f"cannot read the new text: {problem}")
    wanted = UnitKind.DEFINITION if context.kind is UnitKind.DEFINITION else UnitKind.CLAUSE
    holder = next(u for u in fragment.units() if u.kind is wanted)
    for _ in range(depth):
        holder = holder.children[0]
    if depth:
        holder.text = lines[0]
    return holder
