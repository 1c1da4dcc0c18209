"""``redline.docx``: the changed part of a version in the SEC's layout, with tracked changes."""

from __future__ import annotations

from redline.emit.meta import EmitMeta
from redline.emit.pairs import affected_uids, pair_versions
from redline.emit.sec_docx import SecDocx
from redline.emit.select import changed_part
from redline.models import Affected, Version


def render(base: Version, amended: Version, affected: list[Affected], meta: EmitMeta) -> bytes:
    """Every changed or affected clause, whole, under its Section and Part headings."""
    root = pair_versions(base, amended)
    header = f"Redline {meta.heading}: {base.name} → {amended.name}".replace("  ", " ")
    document = SecDocx(meta, header=header)
    document.add(changed_part(root, affected_uids(affected, base, amended)))
    return document.to_bytes()

