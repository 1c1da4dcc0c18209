"""Where every unit lives in the site (page and anchor), and a field's text with its
cross-references and defined-term uses turned into links."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from html import escape
from urllib.parse import quote

from redline.emit.worddiff import DELETE, EQUAL, word_diff
from redline.graph import ClauseGraph
from redline.models import Unit, UnitKind, Version
from redline.refs import RefKind, Resolution, Status
from redline.terms import Term, TermUse


def page_name(top: Unit) -> str:
    """The page of a Section or Appendix: "section-A.html", "appendix-AG.html"."""
    prefix = "appendix" if top.kind is UnitKind.APPENDIX else "section"
    return f"{prefix}-{top.label}.html"


def anchor_of(unit_id: str) -> str:
    """A unit's anchor: its id with spaces as underscores ("A1.1:Draft_Proposal", "C2.3(f)(i)")."""
    return unit_id.replace(" ", "_")


@dataclass
class Places:
    """Each unit's page and anchor, by uid; anchors are unique within the site."""

    href: dict[str, str] = field(default_factory=dict)  # uid -> "section-C.html#C2.3"
    anchor: dict[str, str] = field(default_factory=dict)  # uid -> "C2.3"
    ids: dict[str, str] = field(default_factory=dict)  # uid -> "C2.3"

    @classmethod
    def of(cls, version: Version) -> Places:
        places, used = cls(), set()
        for top in version.root.children:
            page = page_name(top)
            for unit, unit_id in top.walk_ids():
                anchor, n = anchor_of(unit_id), 2
                while anchor in used:  # a repeated id (reported when read) keeps its own anchor
                    anchor, n = f"{anchor_of(unit_id)}-{n}", n + 1
                used.add(anchor)
                places.anchor[unit.uid] = anchor
                places.ids[unit.uid] = unit_id
                places.href[unit.uid] = f"{page}#{quote(anchor, safe=':()._-')}"
        return places


@dataclass
class Links:
    """The references and term uses of one version, by unit and field, and who cites whom."""

    places: Places
    graph: ClauseGraph
    refs: dict[tuple[str, str], list[Resolution]]
    uses: dict[tuple[str, str], list[TermUse]]
    definition: dict[str, str]  # term -> definition uid

    @classmethod
    def of(cls, version: Version, resolutions: list[Resolution], terms: list[Term], uses: list[TermUse],
           graph: ClauseGraph) -> Links:
        refs: dict[tuple[str, str], list[Resolution]] = defaultdict(list)
        for res in resolutions:
            refs[res.ref.source_uid, res.ref.field].append(res)
        by_field: dict[tuple[str, str], list[TermUse]] = defaultdict(list)
        for use in uses:
            by_field[use.unit_uid, use.field].append(use)
        return cls(Places.of(version), graph, refs, by_field, {t.term: t.uid for t in terms})

    def cited_by(self, uid: str) -> list[tuple[str, str]]:
        """(id, href) of every unit citing ``uid``, in document order."""
        places = self.places
        return [(places.ids[n], places.href[n]) for n in self.graph.referring_uids(uid) if n in places.href]

    def _spans(self, unit: Unit, name: str) -> list[tuple[int, int, str, str]]:
        """Link spans (start, end, opening tag, closing tag) in one field, in order, none overlapping."""
        spans: list[tuple[int, int, str, str]] = []
        for res in self.refs.get((unit.uid, name), ()):
            spans.append((res.ref.start, res.ref.end, *self._ref_tags(res)))
        for use in self.uses.get((unit.uid, name), ()):
            target = self.places.href.get(self.definition.get(use.term, ""))
            if target:
                spans.append((use.start, use.end, f'<a class="term" href="{escape(target)}" '
                              f'title="defined term: {escape(use.term)}">', "</a>"))
        spans.sort(key=lambda s: (s[0], -s[1]))  # a reference before a term use it contains
        kept, at = [], 0
        for span in spans:
            if span[0] >= at:  # not inside a span already kept
                kept.append(span)
                at = span[1]
        return kept

    def marked(self, unit: Unit, name: str) -> str:
        """The field ``name`` of ``unit`` as HTML, its references and term uses as links."""
        return self.marked_diff(getattr(unit, name), unit, name)

    def marked_diff(self, old: str, unit: Unit, name: str) -> str:
        """The field ``name`` of ``unit`` against its ``old`` text: the word diff in ``<ins>``/``<del>``,
        with the references and term uses of the new text as links around them."""
        new = getattr(unit, name)
        spans = self._spans(unit, name)
        opens = {start: opening for start, _, opening, _ in spans}
        closes = {end: closing for _, end, _, closing in spans}
        cuts = sorted({*opens, *closes})
        out: list[str] = []
        done: set[tuple[str, int]] = set()

        def reach(pos: int) -> None:  # tags due at a position of the new text, each once
            for what, tags in (("close", closes), ("open", opens)):
                if pos in tags and (what, pos) not in done:
                    done.add((what, pos))
                    out.append(tags[pos])

        at = 0
        for op, text in word_diff(old, new) if old != new else [(EQUAL, new)]:
            reach(at)
            if op == DELETE:
                out.append(f"<del>{escape(text)}</del>")
                continue
            end = at + len(text)
            points = [at, *(c for c in cuts if at < c < end), end]
            for start, stop in zip(points, points[1:], strict=False):
                reach(start)
                piece = escape(new[start:stop])
                out.append(piece if op == EQUAL else f"<ins>{piece}</ins>")
            at = end
        reach(at)
        return "".join(out)

    def _ref_tags(self, res: Resolution) -> tuple[str, str]:
        """An ``<a>`` to the first target of a resolved reference; a styled ``<span>`` otherwise."""
        hrefs = [self.places.href[uid] for uid in res.target_uids if uid in self.places.href]
        if res.ref.kind is RefKind.THIS_CODE:
            hrefs = ["index.html"]  # the whole Code: its contents
        if res.status is Status.RESOLVED and hrefs:
            targets = ", ".join(res.target_ids)
            return f'<a class="xref" href="{escape(hrefs[0])}" title="{escape(targets)}">', "</a>"
        what = {Status.EXTERNAL: "outside the SEC", Status.AMBIGUOUS: "ambiguous: " + ", ".join(res.target_ids),
                Status.UNRESOLVED: "not in this version: " + ", ".join(res.missing or res.target_ids)}
        status = res.status if res.status in what else Status.UNRESOLVED
        return f'<span class="xref {status.value}" title="{escape(what[status])}">', "</span>"
