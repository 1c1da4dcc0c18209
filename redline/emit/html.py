"""``redline.html``: one self-contained page (inline CSS, no scripts, no network) showing the
affected clauses with their reasons, linked to the changed part of the version marked up with
``<ins>``/``<del>``."""

from __future__ import annotations

import re
from html import escape

from redline.emit.layout import Block, DefRow, Para
from redline.emit.meta import EmitMeta
from redline.emit.ooxml import clean
from redline.emit.pairs import Redline
from redline.emit.select import changed_part
from redline.emit.worddiff import DELETE, EQUAL
from redline.models import Affected, Version

_CSS = """
body { font-family: Arial, Helvetica, sans-serif; max-width: 60em; margin: 2em auto; line-height: 1.4; }
ins { color: #1a5fb4; text-decoration: underline; }
del { color: #c01c28; text-decoration: line-through; }
p { margin: 0.3em 0; }
.section { font-size: 1.3em; font-weight: bold; margin-top: 1.2em; }
.part { font-size: 1.1em; font-weight: bold; margin-top: 0.8em; }
.heading { font-weight: bold; }
.clause { padding-left: 4em; text-indent: -4em; }
.list, .tail, .elision { padding-left: calc(4em + var(--level) * 2.5em); }
.list { text-indent: -2.5em; }
table.definitions { border-collapse: collapse; width: 100%; }
table.definitions td { border: 1px solid #999; vertical-align: top; padding: 0.3em; }
table.definitions td:first-child { width: 30%; font-weight: bold; }
.inserted { background: #eef4fb; }
.deleted { background: #fbeeee; }
"""


def _text(text: str) -> str:
    return escape(clean(text), quote=True)


class _Anchors:
    """Sanitised, unique ``id`` attributes for unit ids."""

    def __init__(self) -> None:
        self.by_unit: dict[str, str] = {}

    def add(self, unit_id: str) -> str:
        base = "u-" + (re.sub(r"[^A-Za-z0-9_-]+", "-", unit_id).strip("-") or "unit")
        anchor, n = base, 2
        while anchor in self.by_unit.values():
            anchor, n = f"{base}-{n}", n + 1
        self.by_unit.setdefault(unit_id, anchor)
        return anchor


def _segments_html(para: Para) -> str:
    parts = []
    for op, text in para.segments():
        tag = "del" if op == DELETE else "ins"
        parts.append(_text(text) if op == EQUAL else f"<{tag}>{_text(text)}</{tag}>")
    return "".join(parts)


def _para_html(para: Para, anchors: _Anchors) -> str:
    classes = [para.role] + (["inserted"] if para.inserted else ["deleted"] if para.deleted else [])
    attrs = f' class="{" ".join(classes)}" style="--level: {para.level}"'
    if para.anchor:
        attrs += f' id="{anchors.add(para.anchor)}"'
    return f"<p{attrs}>{_segments_html(para)}</p>"


def _row_html(row: DefRow, anchors: _Anchors) -> str:
    state = ' class="inserted"' if row.inserted else ' class="deleted"' if row.deleted else ""
    anchor = f' id="{anchors.add(row.term.anchor)}"' if row.term.anchor else ""
    body = "".join(_para_html(p, anchors) for p in row.body)
    return f"<tr{state}{anchor}><td>{_segments_html(row.term)}</td><td>{body}</td></tr>"


def _body(blocks: list[Block], anchors: _Anchors) -> str:
    out: list[str] = []
    in_table = False
    for block in blocks:
        if isinstance(block, DefRow) != in_table:
            out.append('<table class="definitions">' if not in_table else "</table>")
            in_table = not in_table
        out.append(_row_html(block, anchors) if isinstance(block, DefRow) else _para_html(block, anchors))
    if in_table:
        out.append("</table>")
    return "\n".join(out)


def render(base: Version, amended: Version, affected: list[Affected], meta: EmitMeta) -> str:
    """The whole page."""
    return compose(Redline.of(base, amended, affected, meta))


def compose(redline: Redline) -> str:
    """The page, from a redline's pairs."""
    meta = redline.meta
    anchors = _Anchors()
    body = _body(changed_part(redline.root, redline.context), anchors)
    items = []
    for entry in redline.affected:
        label = _text(entry.unit_id)
        if entry.unit_id in anchors.by_unit:
            label = f'<a href="#{anchors.by_unit[entry.unit_id]}">{label}</a>'
        kind = "direct" if entry.direct else "consequential"
        items.append(f'<li class="{kind}">{label}: {_text("; ".join(entry.reasons))}</li>')
    title = _text(f"Redline {meta.heading}".strip())
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>{_CSS}</style>
</head>
<body>
<h1>{title}</h1>
<p class="meta">{_text(redline.base_name)} → {_text(redline.amended_name)}; {_text(meta.author)}, {_text(meta.date)}</p>
<h2>Affected clauses</h2>
<ul class="affected">
{chr(10).join(items)}
</ul>
<h2>Changes</h2>
{body}
</body>
</html>
"""

