"""``redline.docx``: the changed part of a version in the SEC's layout, with tracked changes."""

from __future__ import annotations

from redline.emit.layout import summary_blocks
from redline.emit.meta import EmitMeta
from redline.emit.pairs import Redline
from redline.emit.sec_docx import SecDocx
from redline.emit.select import changed_part
from redline.models import Affected, Version
from redline.support.gc import paused_gc


def render(base: Version, amended: Version, affected: list[Affected], meta: EmitMeta) -> bytes:
    """Every changed clause, and every clause citing one, whole, under its Section and Part headings."""
    with paused_gc():  # a whole-version pass, as render_all's
        return compose(Redline.of(base, amended, affected, meta))


def compose(redline: Redline) -> bytes:
    """The document, from a redline's pairs."""
    header = f"Redline {redline.meta.heading}: {redline.base_name} → {redline.amended_name}".replace("  ", " ")
    document = SecDocx(redline.meta, header=header)
    document.add(summary_blocks(redline.summary))
    document.add(changed_part(redline.root, redline.context))
    return document.to_bytes()
