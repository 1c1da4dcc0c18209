"""``redline.html``: one self-contained page (inline CSS, no scripts, no network) for people: a
legend, the affected clauses grouped by reason (each group collapsible, linked to the clause),
then the changed part of the version marked up with ``<ins>``/``<del>``, styled so that neither
looks like a link, and a print stylesheet.  A moved unit is shown where it stood (class ``moved-from``) and where
it stands (``moved-to``), its words in ``<del class="move">``/``<ins class="move">``."""

from __future__ import annotations

import re
from html import escape

from redline.emit.layout import Block, DefRow, Para
from redline.emit.meta import EmitMeta
from redline.emit.ooxml import clean
from redline.emit.pairs import Redline
from redline.emit.select import changed_part
from redline.emit.summary import Summary
from redline.emit.worddiff import DELETE, EQUAL, MOVED
from redline.models import Affected, Version, reason_group
from redline.support.gc import paused_gc

_CSS = """
body { font-family: Arial, Helvetica, sans-serif; max-width: 60em; margin: 2em auto; line-height: 1.4; color: #1d1d1d; }
a { color: #1a5fb4; text-decoration: none; border-bottom: 1px dotted #1a5fb4; }
ins { color: #0b5d1e; background: #d8f3dc; text-decoration: underline double; }
del { color: #8b0000; background: #fbe0e0; text-decoration: line-through; }
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
.inserted { background: #eef8f0; }
.deleted { background: #fbeeee; }
.moved-from, .moved-to { background: #f4effa; }
ins.move, del.move { color: #613583; }
.moved-from::before { content: "moved away: "; color: #613583; font-size: 0.8em; }
.moved-to::before { content: "moved here: "; color: #613583; font-size: 0.8em; }
table.legend { border-collapse: collapse; margin: 0.5em 0 1em; }
table.legend td { border: 1px solid #ccc; padding: 0.2em 0.6em; }
.affected details { margin: 0.2em 0; }
.affected summary { cursor: pointer; }
.affected summary .n { color: #555; }
.affected ul { margin: 0.2em 0 0.4em; }
.affected .units a { margin-right: 0.5em; }
@media print {
  body { max-width: none; margin: 0; font-size: 10pt; }
  a { color: inherit; border-bottom: none; }
  ins { color: #000; background: none; text-decoration: underline; }
  del { color: #000; background: none; text-decoration: line-through; }
  .inserted, .deleted { background: none; }
  details > * { display: block; }
  details::details-content { content-visibility: visible; display: block; }
  summary { list-style: none; font-weight: bold; }
  h2 { break-after: avoid; }
  p, tr { break-inside: avoid; }
}
.summary { border: 1px solid #999; padding: 0.2em 1em; }
.not-applied li { color: #c01c28; }
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
        if op == MOVED:  # carried by the move: struck where it stood, inserted where it stands
            tag, move = ("del" if para.move == "from" else "ins"), ' class="move"'
        else:
            tag, move = ("del" if op == DELETE else "ins"), ""
        parts.append(_text(text) if op == EQUAL else f"<{tag}{move}>{_text(text)}</{tag}>")
    return "".join(parts)


def _para_html(para: Para, anchors: _Anchors) -> str:
    if para.move:
        classes = [para.role, f"moved-{para.move}"]
    else:
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


def _summary_html(summary: Summary) -> str:
    """The summary block: its lines, the "Not applied" items as a list."""
    body = "".join(f"<p>{_text(line)}</p>" for line in summary.overview())
    if summary.not_applied:
        items = "".join(f"<li>{_text(item.line())}</li>" for item in summary.not_applied)
        body += f'<ul class="not-applied">{items}</ul>'
    return f'<section class="summary">\n<h2>Summary</h2>\n{body}\n</section>'


def render(base: Version, amended: Version, affected: list[Affected], meta: EmitMeta) -> str:
    """The whole page."""
    with paused_gc():  # a whole-version pass, as render_all's
        return compose(Redline.of(base, amended, affected, meta))


def _legend() -> str:
    """What each mark means."""
    rows = [("<ins>inserted words</ins>", "words this modification adds"),
            ("<del>deleted words</del>", "words this modification removes"),
            ('<span class="inserted">a shaded paragraph</span>', "a whole unit inserted (green) or deleted (red)"),
            ('<span class="moved-to">a unit</span>', "a moved unit, shown where it stood and where it stands (purple)"),
            ('<a href="#changes">C2.3</a>', "a link to where the unit is shown below"),
            ("[...]", "text left out: unchanged")]
    cells = "".join(f"<tr><td>{mark}</td><td>{_text(meaning)}</td></tr>" for mark, meaning in rows)
    return f'<h2>Legend</h2>\n<table class="legend">{cells}</table>'


def _affected(affected: list[Affected], anchors: _Anchors) -> str:
    """The affected units grouped by reason, units edited directly first, each group collapsed to one
    line with its count (the print stylesheet opens them)."""
    groups: dict[tuple[bool, str], list[tuple[Affected, str]]] = {}
    for entry in affected:
        if entry.direct:  # once, under its first reason ("edited directly"), with all its reasons
            key = reason_group(entry.reasons[0]) if entry.reasons else "edited"
            groups.setdefault((False, key), []).append((entry, "; ".join(entry.reasons)))
            continue
        for reason in entry.reasons:
            groups.setdefault((True, reason_group(reason)), []).append((entry, reason))

    def link(entry: Affected) -> str:
        label = _text(entry.unit_id)
        anchor = anchors.by_unit.get(entry.unit_id)
        return f'<a href="#{anchor}">{label}</a>' if anchor else label

    out = []
    for (consequential, key), members in sorted(groups.items(), key=lambda item: item[0][0]):
        kind = "consequential" if consequential else "direct"
        reasons = {reason for _, reason in members}
        if len(reasons) == 1:  # one reason shared: the units in a line
            title = next(iter(reasons))
            body = '<p class="units">' + " ".join(link(entry) for entry, _ in members) + "</p>"
        else:
            title = key
            body = "<ul>" + "".join(f"<li>{link(entry)}: {_text(reason.removeprefix(key + ': '))}</li>"
                                    for entry, reason in members) + "</ul>"
        out.append(f'<details class="{kind}"><summary>{_text(title)} '
                   f'<span class="n">({len(members)})</span></summary>{body}</details>')
    return '<h2>Affected clauses</h2>\n<div class="affected">\n' + "\n".join(out) + "\n</div>"


def compose(redline: Redline) -> str:
    """The page, from a redline's pairs: title, summary, legend, affected clauses, changes."""
    meta = redline.meta
    anchors = _Anchors()
    body = _body(changed_part(redline.root, redline.context), anchors)
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
{_summary_html(redline.summary)}
{_legend()}
{_affected(redline.affected, anchors)}
<h2 id="changes">Changes</h2>
{body}
</body>
</html>
"""
