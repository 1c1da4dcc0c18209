"""Emitters: tracked-change redlines of one SEC version against another.

``emit_all`` writes ``redline.docx``, ``legal-text.docx`` and ``redline.html`` (the folder as a whole);
``render.render_all`` gives the same outputs in memory.
"""

from __future__ import annotations

from pathlib import Path

from redline.emit.meta import EmitMeta
from redline.emit.render import render_all
from redline.models import Affected, Version
from redline.write import write_tree


def emit_all(base: Version, amended: Version, affected: list[Affected], meta: EmitMeta,
             out: Path) -> list[Path]:
    """Write the three outputs as the whole of folder ``out``; return their paths."""
    return write_tree(out, {out / name: data for name, data in render_all(base, amended, affected, meta).items()})
