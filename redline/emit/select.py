"""Which part of a version a redline shows: every changed or affected clause, whole, under its
Section and Part headings."""

from __future__ import annotations

from redline.emit.layout import Block, heading_paras, unit_blocks
from redline.emit.pairs import Pair
from redline.models import UnitKind

_HEADED = (UnitKind.SECTION, UnitKind.APPENDIX, UnitKind.PART)


def changed_part(root: Pair, keep: set[str]) -> list[Block]:
    """Blocks for each clause that changed or holds a unit whose uid is in ``keep``."""
    blocks: list[Block] = []
    open_headings: list[list] = []  # [Paras, shown] for the Section and Part being walked

    def show_headings() -> None:
        for entry in open_headings:
            if not entry[1]:
                blocks.extend(entry[0])
                entry[1] = True

    def visit(pair: Pair) -> None:
        if pair.kind in _HEADED:
            untitled = pair.kind is UnitKind.PART and not any(u is not None and u.heading
                                                               for u in (pair.base, pair.new))
            open_headings.append([heading_paras(pair), untitled])  # an untitled Part shows no line
            if pair.own_change:
                show_headings()
            for child in pair.children:
                visit(child)
            open_headings.pop()
        elif pair.changed or any(p.unit.uid in keep for p in pair.walk()):
            show_headings()
            blocks.extend(unit_blocks(pair, keep=keep))

    for child in root.children:
        visit(child)
    return blocks
