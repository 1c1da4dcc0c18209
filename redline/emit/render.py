"""All three outputs of a redline, in memory: ``redline.docx``, ``legal-text.docx``, ``redline.html``."""

from __future__ import annotations

from redline.emit import docx_redline, html, legal_text
from redline.emit.meta import EmitMeta
from redline.emit.pairs import Redline
from redline.emit.summary import Summary
from redline.models import Affected, Version
from redline.progress import progress
from redline.support.gc import paused_gc


def render_all(base: Version, amended: Version, affected: list[Affected], meta: EmitMeta,
               summary: Summary | None = None) -> dict[str, bytes]:
    """Output file name → content; units of the two versions correspond by ``uid``; each opens with
    ``summary`` (what a comparison of two versions knows, when None)."""
    with paused_gc():  # pairing and laying out allocate much; the versions form few cycles
        redline = Redline.of(base, amended, affected, meta, summary)  # the versions are paired once
        makers = {
            "redline.docx": docx_redline.compose,
            "legal-text.docx": legal_text.compose,
            "redline.html": lambda r: html.compose(r).encode("utf-8"),
        }
        return {name: makers[name](redline) for name in progress(list(makers), "writing redlines")}
