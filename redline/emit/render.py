"""All three outputs of a redline, in memory: ``redline.docx``, ``legal-text.docx``, ``redline.html``."""

from __future__ import annotations

from redline.emit import docx_redline, html, legal_text
from redline.emit.meta import EmitMeta
from redline.models import Affected, Version


def render_all(base: Version, amended: Version, affected: list[Affected], meta: EmitMeta) -> dict[str, bytes]:
    """Output file name → content; units of the two versions correspond by ``uid``."""
    return {
        "redline.docx": docx_redline.render(base, amended, affected, meta),
        "legal-text.docx": legal_text.render(base, amended, affected, meta),
        "redline.html": html.render(base, amended, affected, meta).encode("utf-8"),
    }
