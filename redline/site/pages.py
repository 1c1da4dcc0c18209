"""The site's pages: one per Section and Appendix, the index with the contents (and, with
changes, their summary), and the search index written beside them."""

from __future__ import annotations

import json
from html import escape

from redline.emit.pairs import Pair
from redline.models import LIST_KINDS, Affected, UnitKind
from redline.site.changes import ChangeSet
from redline.site.links import Links, page_name

_FIELDS = ("heading", "text", "tail")


def frame(title: str, main: str) -> str:
    """A page: the search box in the header, the body, then the search index and its script."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="site.css">
</head>
<body>
<header>
<a class="home" href="index.html">Contents</a>
<form role="search" onsubmit="return false"><label>Search <input id="search" type="search"
  placeholder="a clause id, a term or words" autocomplete="off"></label></form>
<ol id="results"></ol>
</header>
<main>
{main}
</main>
<script src="search-index.js"></script>
<script src="site.js"></script>
</body>
</html>
"""


class PageWriter:
    """Renders the paired tree of one version (against itself, or base against amended)."""

    def __init__(self, links: Links, changes: ChangeSet | None) -> None:
        self.links = links
        self.changes = changes
        affected = changes.affected if changes else []
        # by identity where the list gives it (one id may be a deleted unit's and another's), else by id
        self.reasons = {a.uid: a for a in affected if a.uid}
        self.reasons_by_id: dict[str, Affected] = {}
        for entry in affected:
            self.reasons_by_id.setdefault(entry.unit_id, entry)

    def _field(self, pair: Pair, name: str) -> str:
        """One field: linked text, or its word diff where it changed."""
        base, new = pair.base, pair.new
        if new is None:
            old = getattr(base, name)
            return f"<del>{escape(old)}</del>" if old else ""
        if base is None:
            text = self.links.marked(new, name)
            return f"<ins>{text}</ins>" if text else ""
        return self.links.marked_diff(getattr(base, name), new, name)

    def _label(self, pair: Pair) -> str:
        base, new = pair.base, pair.new
        if base is not None and new is not None and base.label != new.label:
            return f"<del>{escape(base.label)}</del><ins>{escape(new.label)}</ins>"
        return escape(pair.unit.label)

    def _state(self, pair: Pair) -> tuple[list[str], str]:
        """CSS classes and the "affected" note of a unit."""
        classes = []
        if pair.inserted:
            classes.append("inserted")
        elif pair.deleted:
            classes.append("deleted")
        elif pair.own_change:
            classes.append("changed")
        note = ""
        new = pair.new
        entry = None if new is None else self.reasons.get(new.uid) or self.reasons_by_id.get(new.id)
        if entry is not None and not entry.direct:
            classes.append("affected")
            note = f'<p class="reasons">Affected: {escape("; ".join(entry.reasons))}</p>'
        return classes, note

    def unit_html(self, pair: Pair) -> str:
        """A unit below its Section: heading, number and text, its children, tail, and who cites it."""
        unit = pair.unit
        classes, note = self._state(pair)
        places = self.links.places
        anchor = places.anchor.get(unit.uid) if pair.new is not None else None
        ident = f' id="{escape(anchor)}"' if anchor else ""
        kind = "list" if unit.kind in LIST_KINDS else unit.kind.value
        head = self._field(pair, "heading")
        body = self._field(pair, "text")
        label = self._label(pair)
        if anchor:
            label = f'<a class="label" href="#{escape(anchor)}">{label}</a>'
        if unit.kind is UnitKind.PART:
            lines = [f"<h2>{label} {head}</h2>"] + ([f'<p class="text preamble">{body}</p>'] if body else [])
        elif unit.kind is UnitKind.DEFINITION:
            lines = [f'<p class="text"><dfn>{label}</dfn> {body}</p>']
        else:
            lines = [f'<h3 class="heading">{head}</h3>'] if head else []
            lines.append(f'<p class="text">{label} {body}</p>')
        if note:
            lines.append(note)
        lines.extend(self.unit_html(child) for child in pair.children)
        tail = self._field(pair, "tail")
        if tail:
            lines.append(f'<p class="tail">{tail}</p>')
        cited = self.links.cited_by(unit.uid) if pair.new is not None else []
        if cited:
            items = ", ".join(f'<a href="{escape(href)}">{escape(uid)}</a>' for uid, href in cited)
            lines.append(f'<p class="cited-by">Cited by: {items}</p>')
        return f'<div class="unit {kind} {" ".join(classes)}"{ident}>\n' + "\n".join(lines) + "\n</div>"

    def page(self, top: Pair) -> str:
        """The page of one Section or Appendix."""
        unit = top.unit
        word = "Appendix" if unit.kind is UnitKind.APPENDIX else "Section"
        anchor = self.links.places.anchor.get(unit.uid, "")
        heading = self._field(top, "heading")
        body = [f'<h1 id="{escape(anchor)}">{word} {escape(unit.label)}: {heading}</h1>']
        text = self._field(top, "text")
        if text:
            body.append(f'<p class="text">{text}</p>')
        body.extend(self.unit_html(child) for child in top.children)
        return frame(f"{word} {unit.label}: {unit.heading}", "\n".join(body))

    def index(self, root: Pair, title: str) -> str:
        """Contents: each Section and Appendix, with its Parts; the changes' summary first."""
        items = []
        for top in root.children:
            unit = top.unit
            page = page_name(unit)
            parts = "".join(
                f'<li><a href="{escape(self.links.places.href[p.unit.uid])}">{escape(p.unit.label)}</a> '
                f"{escape(p.unit.heading)}</li>"
                for p in top.children if p.kind is UnitKind.PART and p.new is not None)
            word = "Appendix" if unit.kind is UnitKind.APPENDIX else "Section"
            mark = ' <span class="badge">changed</span>' if top.changed else ""
            items.append(f'<li><a href="{page}">{word} {escape(unit.label)}</a> {escape(unit.heading)}{mark}'
                         + (f"<ul>{parts}</ul>" if parts else "") + "</li>")
        summary = self.summary() if self.changes else ""
        return frame(title, f'<h1>{escape(title)}</h1>\n{summary}<h2>Contents</h2>\n<ul class="contents">'
                            + "\n".join(items) + "</ul>")

    def summary(self) -> str:
        """Counts per kind of change, the "Not applied" list and the affected units with reasons."""
        changes = self.changes
        assert changes is not None
        counts = "".join(f"<tr><td>{escape(kind)}</td><td>{n}</td></tr>" for kind, n in changes.counts().items())
        missing = "".join(f"<li>{escape(item.line())}</li>" for item in changes.not_applied) or "<li>none</li>"
        places = {self.links.places.ids[uid]: href for uid, href in self.links.places.href.items()}
        affected = []
        for entry in changes.affected:
            label = escape(entry.unit_id)
            if entry.unit_id in places:
                label = f'<a href="{escape(places[entry.unit_id])}">{label}</a>'
            kind = "direct" if entry.direct else "consequential"
            affected.append(f'<li class="{kind}">{label}: {escape("; ".join(entry.reasons))}</li>')
        mods = ", ".join(changes.modifications) or str(changes.folder)
        return (f'<section class="summary"><h2>Changes: {escape(mods)}</h2>'
                f'<table class="counts"><tr><th>kind of change</th><th>count</th></tr>{counts}</table>'
                f'<h3>Not applied</h3><ul class="not-applied">{missing}</ul>'
                f'<details><summary>Affected units ({len(affected)})</summary><ul class="affected">'
                + "".join(affected) + "</ul></details></section>\n")


def search_index(links: Links, root: Pair) -> str:
    """``search-index.js``: one entry per unit, [id, href, heading or term, text], as a script (a page
    opened from disk may load a script beside it, not fetch a file)."""
    entries = []
    for pair in root.walk():
        unit = pair.new
        if unit is None or unit.uid not in links.places.href:
            continue
        title = unit.label if unit.kind is UnitKind.DEFINITION else unit.heading
        text = " ".join(t for t in (unit.text, unit.tail) if t)
        entries.append([links.places.ids[unit.uid], links.places.href[unit.uid], title, text])
    return "window.REDLINE_INDEX = " + json.dumps(entries, ensure_ascii=False, separators=(",", ":")) + ";\n"
