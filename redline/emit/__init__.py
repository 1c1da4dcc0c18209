"""Emitters: tracked-change redlines of one SEC version against another.

``emit_all`` writes ``redline.docx``, ``legal-text.docx`` and ``redline.html`` (each atomically);
``render.render_all`` gives the same outputs in memory.
"""

from __future__ import annotations

from pathlib import Path

from redline.emit.meta import EmitMeta
from redline.emit.render import render_all
from redline.models import Affected, Version
from redline.write import write_atomic


def emit_all(base: Version, amended: Version, affected: list[Affected], meta: EmitMeta,
             out: Path) -> list[Path]:
    """Write the three outputs into ``out``; return their paths."""
    paths = []
    for name, data in render_all(base, amended, affected, meta).items():
        write_atomic(out / name, data)
        paths.append(out / name)
    return paths
