"""The clause graph: units, what contains what, what refers to what, which terms are used where.

A ``networkx`` multi-digraph keyed by uid.  Edges carry ``kind``: ``contains`` (parent → child),
``refers_to`` (source → target, one edge per reference, with text, field, span and status),
``uses_term`` (unit → definition, with a count) and ``defines`` (definition → the clause it is
defined by).  A target absent from the version gets a ``missing`` node keyed ``missing:<id>``, so
impact queries still reach the units citing it.

:class:`ClauseGraph` precomputes reverse indexes: an impact query is a few dict lookups.
"""

from __future__ import annotations

import gc
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import networkx as nx

from redline.models import Affected, RedlineError, UnitKind, Version
from redline.refs import Resolution, references
from redline.terms import Term, TermUse, defined_terms, term_uses

_LAST_LABEL = re.compile(r"\([^()]*\)$")
_PART = re.compile(r"^(?P<section>[A-Z])\d+[A-Z]?$")


def parent_id(unit_id: str) -> str | None:
    """The id one level up by the SEC's numbering: "D3.13(a)" -> "D3.13" -> "D3" -> "D";
    "AG:3.2.4" -> "AG:3.2" -> "AG:3" -> "AG"; "A1.1:Proposer" -> "A1.1"."""
    if _LAST_LABEL.search(unit_id):
        return _LAST_LABEL.sub("", unit_id)
    head, colon, tail = unit_id.rpartition(":")
    if colon and "." in tail and tail[:1].isdigit():
        return f"{head}:{tail.rpartition('.')[0]}"
    if colon:
        return head
    if "." in unit_id:
        return unit_id.rpartition(".")[0]
    part = _PART.match(unit_id)
    return part["section"] if part else None


def id_ancestors(unit_id: str) -> list[str]:
    """Every id above ``unit_id``, nearest first."""
    chain = []
    current = parent_id(unit_id)
    while current:
        chain.append(current)
        current = parent_id(current)
    return chain


def build_graph(version: Version, resolutions: Iterable[Resolution], terms: Iterable[Term],
                uses: Iterable[TermUse]) -> nx.MultiDiGraph:
    """The clause graph of ``version`` from its references, terms and term uses."""
    graph = nx.MultiDiGraph(name=version.name)
    graph.add_nodes_from(
        (unit.uid, {"id": unit.id, "kind": unit.kind.value, "label": unit.label, "order": order})
        for order, unit in enumerate(version.units())
    )
    graph.add_edges_from(
        (unit.parent.uid, unit.uid, "contains", {"kind": "contains"})
        for unit in version.units()
        if unit.parent is not None and unit.parent.kind is not UnitKind.VERSION
    )
    graph.add_edges_from(
        (res.ref.source_uid, target, f"refers_to:{n}",
         {"kind": "refers_to", "text": res.ref.text, "field": res.ref.field,
          "span": (res.ref.start, res.ref.end), "status": res.status.value})
        for n, res in enumerate(resolutions)
        for target in _targets(graph, res.target_uids, res.target_ids)
    )
    definitions = {}
    for term in terms:
        definitions[term.term] = term.uid
        graph.add_edges_from((term.uid, target, "defines", {"kind": "defines", "term": term.term})
                             for target in _targets(graph, term.defined_by_uids, term.defined_by))
    counts = Counter((use.unit_uid, use.term) for use in uses)
    graph.add_edges_from(
        (uid, definitions[term], "uses_term", {"kind": "uses_term", "term": term, "count": count})
        for (uid, term), count in counts.items()
    )
    return graph


def _targets(graph: nx.MultiDiGraph, uids: list[str], ids: list[str]) -> list[str]:
    """Nodes for targets: the uids in the graph, and a ``missing`` node per id not found."""
    nodes = [uid for uid in uids if uid in graph]
    if len(nodes) == len(ids):
        return nodes
    found = {graph.nodes[uid]["id"] for uid in nodes}
    for target_id in ids:
        if target_id not in found:
            node = f"missing:{target_id}"
            graph.add_node(node, id=target_id, kind="missing", label=target_id, order=-1)
            nodes.append(node)
    return nodes


class _Collector:
    """Affected units gathered for one query, each once, with every reason."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.nodes = graph.nodes
        self.found: dict[str, Affected] = {}

    def add(self, nodes: Iterable[str], reason: str, direct: bool) -> None:
        found = self.found
        for node in nodes:
            affected = found.get(node)
            if affected is None:
                found[node] = Affected(self.nodes[node]["id"], [reason], direct)
            elif reason not in affected.reasons:
                affected.reasons.append(reason)
                affected.direct = affected.direct or direct

    def result(self) -> list[Affected]:
        """Direct first, then in document order."""
        nodes, found = self.nodes, self.found
        return [found[n] for n in sorted(found, key=lambda n: (not found[n].direct,
                                                               nodes[n]["order"]))]


class ClauseGraph:
    """The graph with reverse indexes for impact queries."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self.by_id: dict[str, str] = {}
        self._referrers: dict[str, list[str]] = defaultdict(list)  # target node -> sources
        self._inside: dict[str, list[str]] = defaultdict(list)  # id -> referenced ids below it
        self._defining: dict[str, list[str]] = defaultdict(list)  # target node -> definitions
        self.terms: dict[str, str] = {}  # term -> definition node
        self._users: dict[str, list[str]] = defaultdict(list)  # definition node -> users
        for node, data in graph.nodes(data=True):
            self.by_id.setdefault(data["id"], node)
            if data["kind"] == UnitKind.DEFINITION:
                self.terms.setdefault(data["label"], node)
        for source, target, data in graph.edges(data=True):
            kind = data["kind"]
            if kind == "refers_to":
                if not self._referrers[target]:
                    for above in id_ancestors(graph.nodes[target]["id"]):
                        self._inside[above].append(graph.nodes[target]["id"])
                self._referrers[target].append(source)
            elif kind == "defines":
                self._defining[target].append(source)
            elif kind == "uses_term":
                self._users[target].append(source)

    @classmethod
    def build(cls, version: Version) -> ClauseGraph:
        """The clause graph of ``version``, running the whole pipeline."""
        return analyse(version)[3]

    def referrers(self, uid: str) -> list[tuple[str, str]]:
        """Units citing the unit ``uid`` as (unit id, "refers to <its id>"), in document order."""
        if uid not in self.graph:
            return []
        reason = f"refers to {self.graph.nodes[uid]['id']}"
        return [(self.graph.nodes[n]["id"], reason) for n in dict.fromkeys(self._referrers.get(uid, ()))]

    def term_users(self, term: str) -> list[tuple[str, str]]:
        """Units using a defined term as (unit id, "uses term <term>"); none for an unknown term."""
        definition = self.terms.get(term)
        users = self._users.get(definition, ()) if definition else ()
        return [(self.graph.nodes[n]["id"], f"uses term {term}") for n in users]

    def node(self, unit_id: str) -> str:
        """The node with ``unit_id`` (a unit, or a missing target some unit cites); "" for an
        id absent and uncited but inside a known unit ("D3.13" when Section D is known)."""
        if unit_id in self.by_id:
            return self.by_id[unit_id]
        if any(above in self.by_id for above in id_ancestors(unit_id)):
            return ""
        raise RedlineError(f"unknown clause {unit_id!r}: not in the version and cited nowhere")

    def term_node(self, term: str) -> tuple[str, str]:
        """The defined term matching ``term`` (exactly, else ignoring case) and its definition."""
        if term in self.terms:
            return term, self.terms[term]
        for known, node in self.terms.items():
            if known.casefold() == term.casefold():
                return known, node
        raise RedlineError(f"unknown term {term!r}: not defined in A1.1")

    def impact_of_clause(self, unit_id: str) -> list[Affected]:
        """Units affected by a change to ``unit_id``: those citing it, a unit inside it or a unit
        containing it; definitions given by reference to it, and the units using those terms."""
        node = self.node(unit_id)
        found = _Collector(self.graph)
        found.add(self._referrers.get(node, ()), f"refers to {unit_id}", True)
        defined = self._defining.get(node, [])
        for definition in defined:
            term = self.graph.nodes[definition]["label"]
            found.add([definition], f"defines term {term} by reference to {unit_id}", True)
        for below in self._inside.get(unit_id, ()):
            found.add(self._referrers[self.by_id[below]], f"refers to {below}, inside {unit_id}",
                      False)
        for above in id_ancestors(unit_id):
            found.add(self._referrers.get(self.by_id.get(above, ""), ()),
                      f"refers to {above}, which contains {unit_id}", False)
        for definition in defined:
            term = self.graph.nodes[definition]["label"]
            found.add(self._users.get(definition, ()),
                      f"uses term {term} (term defined by reference to {unit_id})", False)
        return found.result()

    def impact_of_term(self, term: str) -> list[Affected]:
        """Units affected by a change to a defined term: its definition and every unit using it."""
        term, definition = self.term_node(term)
        found = _Collector(self.graph)
        found.add([definition], f"defines term {term}", True)
        found.add(self._users.get(definition, ()), f"uses term {term}", True)
        return found.result()


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: the pipeline allocates few cycles but very many
    objects beside a large tree, and full collections would walk that tree again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def analyse(version: Version) -> tuple[list[Resolution], list[Term], list[TermUse], ClauseGraph]:
    """The whole pipeline for one version: references, terms, term uses and the graph."""
    with _no_gc():
        resolutions = references(version)
        terms = defined_terms(version, resolutions)
        uses = term_uses(version, terms)
        return resolutions, terms, uses, ClauseGraph(build_graph(version, resolutions, terms, uses))
