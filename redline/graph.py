"""The clause graph: units, what contains what, what refers to what, which terms are used where.

A ``networkx`` multi-digraph keyed by uid.  Edges carry ``kind``: ``contains`` (parent → child),
``refers_to`` (source → target, one edge per reference, with text, field, span and status; none
for "this Code", which names no unit),
``uses_term`` (unit → definition, with a count) and ``defines`` (definition → the clause it is
defined by).  A target absent from the version gets a ``missing`` node keyed ``missing:<id>``, so
impact queries still reach the units citing it.

:class:`ClauseGraph` precomputes reverse indexes: an impact query is a few dict lookups.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from operator import attrgetter
from pathlib import Path

import networkx as nx

from redline import refs
from redline.models import Impact, RedlineError, UnitKind, Version
from redline.read import read_derived
from redline.refs import RefKind, Resolution, references
from redline.support.gc import paused_gc
from redline.terms import Term, TermUse, defined_terms, term_uses

_LAST_LABEL = re.compile(r"\([^()]*\)$")
_PART = re.compile(r"^(?P<section>[A-Z])\d+[A-Z]?$")


def parent_id(unit_id: str) -> str | None:
    """The id one level up by the SEC's numbering: "D3.13(a)" -> "D3.13" -> "D3" -> "D";
    "AG:3.2.4" -> "AG:3.2" -> "AG:3" -> "Appendix AG"; "A1.1:Proposer" -> "A1.1"."""
    if _LAST_LABEL.search(unit_id):
        return _LAST_LABEL.sub("", unit_id)
    head, colon, tail = unit_id.rpartition(":")
    if colon and "." in tail and tail[:1].isdigit():
        return f"{head}:{tail.rpartition('.')[0]}"
    if colon:
        return head if "." in head else f"Appendix {head}"
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


#: How many terms' impacts a graph keeps (the last asked): one reaching most of the Code holds
#: tens of thousands of rows, so all 1,600 kept would cost hundreds of MB.
_KEPT_IMPACTS = 8
#: A reference written as a range: "Sections G7.18 to G7.22", "paragraphs (a) to (c)".
_RANGE = re.compile(r"\bto\b|[–—-]\s*(?:Section\s+)?[A-Z(\d]")


def build_graph(version: Version, resolutions: Iterable[Resolution], terms: Iterable[Term],
                uses: Iterable[TermUse]) -> nx.MultiDiGraph:
    """The clause graph of ``version`` from its references, terms and term uses."""
    with paused_gc():
        graph = nx.MultiDiGraph(name=version.name)
        values = {kind: kind.value for kind in UnitKind}
        nodes = []
        contains = []
        for order, (unit, unit_id) in enumerate(version.walk_ids()):  # ids in one walk
            uid = unit.uid
            nodes.append((uid, {"id": unit_id, "kind": values[unit.kind], "label": unit.label,
                                "order": order}))
            parent = unit.parent
            if parent is not None and parent.kind is not UnitKind.VERSION:
                contains.append((parent.uid, uid, "contains", {"kind": "contains"}))
        add_nodes(graph, nodes)
        add_edges(graph, contains)
        refers = []
        for n, res in enumerate(resolutions):
            ref = res.ref
            if ref.kind is RefKind.THIS_CODE:  # names no unit: no edge (nor a "missing:Code" node)
                continue
            targets = _targets(graph, res.target_uids, res.target_ids)
            if targets:
                text, field, span, status = ref.text, ref.field, (ref.start, ref.end), res.status.value
                refers.extend((ref.source_uid, target, f"refers_to:{n}",
                               {"kind": "refers_to", "text": text, "field": field, "span": span,
                                "status": status}) for target in targets)
        add_edges(graph, refers)
        definitions: dict[str, str] = {}
        graph.graph["terms"] = definitions  # term -> defining unit (A1.1, or a clause's words)
        for term in terms:
            definitions[term.term] = term.uid
            add_edges(graph, [(term.uid, target, "defines", {"kind": "defines", "term": term.term})
                              for target in _targets(graph, term.defined_by_uids, term.defined_by)])
        # One edge per (unit, term), however often the unit uses it: the count is an attribute.
        counts = Counter(map(attrgetter("unit_uid", "term"), uses))
        add_edges(graph, [(uid, definitions[term], "uses_term",
                           {"kind": "uses_term", "term": term, "count": count})
                          for (uid, term), count in counts.items()])
        return graph


def add_nodes(graph: nx.MultiDiGraph, nodes: Iterable[tuple[str, dict]]) -> None:
    """``graph.add_nodes_from(nodes)`` for (node, data) pairs whose data dicts are fresh (the
    graph keeps them), filled in directly as :func:`add_edges` does."""
    if not (graph.node_attr_dict_factory is dict and graph.adjlist_inner_dict_factory is dict):
        graph.add_nodes_from(nodes)
        return
    attrs, succ, pred = graph._node, graph._succ, graph._pred
    for node, data in nodes:
        old = attrs.get(node)
        if old is not None:
            old.update(data)
        elif node is None:
            raise ValueError("None cannot be a node")
        else:
            succ[node] = {}
            pred[node] = {}
            attrs[node] = data
    clear_cache = getattr(nx, "_clear_cache", None)
    if clear_cache is not None:
        clear_cache(graph)


def add_edges(graph: nx.MultiDiGraph, edges: Iterable[tuple[str, str, str, dict]]) -> None:
    """``graph.add_edges_from(edges)`` for (u, v, key, data) tuples whose data dicts are fresh
    (the graph keeps them): the dicts networkx builds, filled in directly, where
    ``add_edges_from`` costs several µs an edge through its views (a full-size Code has 240k)."""
    if not (graph.edge_key_dict_factory is dict and graph.edge_attr_dict_factory is dict):
        graph.add_edges_from(edges)  # a graph class with its own dicts: the public way
        return
    succ, pred = graph._succ, graph._pred
    for u, v, key, data in edges:
        if u not in succ:
            graph.add_node(u)
        if v not in succ:
            graph.add_node(v)
        keydict = succ[u].get(v)
        if keydict is None:
            succ[u][v] = pred[v][u] = {key: data}
        elif (old := keydict.get(key)) is None:
            keydict[key] = data
        else:
            old.update(data)
    clear_cache = getattr(nx, "_clear_cache", None)
    if clear_cache is not None:
        clear_cache(graph)


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

    def __init__(self, ids: dict[str, str], order: dict[str, int]) -> None:
        self.ids = ids
        self.order = order
        self.found: dict[str, list] = {}  # node -> [reasons, direct]

    def add(self, nodes: Iterable[str], reason: str, direct: bool) -> None:
        found = self.found
        for node in nodes:
            entry = found.get(node)
            if entry is None:
                found[node] = [[reason], direct]
            elif reason not in entry[0]:
                entry[0].append(reason)
                entry[1] = entry[1] or direct

    def result(self) -> Impact:
        """Direct first, then in document order."""
        found, ids, order = self.found, self.ids, self.order
        direct = [n for n, entry in found.items() if entry[1]]
        others = [n for n, entry in found.items() if not entry[1]]
        direct.sort(key=order.__getitem__)  # stable: ties stay in the order found
        others.sort(key=order.__getitem__)
        nodes = direct + others
        return Impact(tuple(ids[n] for n in nodes), tuple(tuple(found[n][0]) for n in nodes),
                      (True,) * len(direct) + (False,) * len(others))


class ClauseGraph:
    """The graph with reverse indexes for impact queries.

    The indexes are built once, in one pass over the nodes and one over the edges; a query is
    then lookups in them plus building its result (term users come in document order, sorted
    once per term and kept).
    """

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        with paused_gc():
            self.graph = graph
            self.by_id: dict[str, str] = {}
            self._referrers: dict[str, list[str]] = defaultdict(list)  # target node -> sources
            self._inside: dict[str, list[str]] = defaultdict(list)  # id -> referenced ids below it
            self._defining: dict[str, list[str]] = defaultdict(list)  # target node -> definitions
            self.terms: dict[str, str] = {}  # term -> definition node
            self._users: dict[str, list[str]] = defaultdict(list)  # term -> users (a clause may define two)
            self._ids: dict[str, str] = {}  # node -> id
            self._order: dict[str, int] = {}  # node -> document order (-1: missing)
            self._term_impacts: OrderedDict[str, Impact] = OrderedDict()  # memo of the last few, by term
            self._owner: dict[str, str] | None = None  # node -> the term whose definition holds it, when asked
            self._inline_terms: dict[str, list[str]] | None = None  # node -> terms defined in its words
            by_id, terms, ids, order = self.by_id, self.terms, self._ids, self._order
            definition = UnitKind.DEFINITION.value
            for node, data in graph.nodes(data=True):
                node_id = data["id"]
                ids[node] = node_id
                order[node] = data["order"]
                if node_id not in by_id:
                    by_id[node_id] = node
                if data["kind"] == definition and data["label"] not in terms:
                    terms[data["label"]] = node
            for term, node in graph.graph.get("terms", {}).items():  # terms defined in clauses too
                terms.setdefault(term, node)
            referrers, inside, defining, users = self._referrers, self._inside, self._defining, self._users
            ancestors: dict[str, list[str]] = {}
            for source, targets in _adjacency(graph):
                for target, keys in targets.items():
                    for data in keys.values():
                        kind = data["kind"]
                        if kind == "uses_term":  # the most common, then "contains" (skipped)
                            users[data["term"]].append(source)
                        elif kind == "contains":
                            continue
                        elif kind == "refers_to":
                            cited = referrers[target]
                            if not cited:
                                target_id = ids[target]
                                for above in _ancestors(target_id, ancestors):
                                    inside[above].append(target_id)
                            cited.append(source)
                        elif kind == "defines":
                            defining[target].append(source)

    @classmethod
    def build(cls, version: Version) -> ClauseGraph:
        """The clause graph of ``version``, running the whole pipeline."""
        return analyse(version)[3]

    def referring_uids(self, uid: str) -> list[str]:
        """The uids of the units citing ``uid``, in document order."""
        return list(dict.fromkeys(self._referrers.get(uid, ())))

    def citing_within(self, uid: str) -> list[tuple[str, str]]:
        """(id cited, citing uid) for each citation of the unit ``uid`` or of a unit inside it
        ("Section C7.2(i)" when C7.2 is deleted), in document order of the cited ids."""
        unit_id = self._ids.get(uid)
        if unit_id is None:
            return []
        found = [(unit_id, source) for source in self.referring_uids(uid)]
        for below in dict.fromkeys(self._inside.get(unit_id, ())):
            found.extend((below, source) for source in dict.fromkeys(self._referrers.get(self.by_id[below], ())))
        return found

    def ranges_spanning(self, first: str, last: str) -> list[tuple[str, str]]:
        """(citing uid, reference text) of each range reference ("Sections G7.18 to G7.22") that
        cites both units ``first`` and ``last``: a unit placed between them falls in its range."""
        found: dict[tuple[str, str], None] = {}
        succ = self.graph._succ
        for source in set(self._referrers.get(first, ())) & set(self._referrers.get(last, ())):
            keys = {key for key, data in succ[source].get(first, {}).items() if data.get("kind") == "refers_to"}
            for key, data in succ[source].get(last, {}).items():
                if key in keys and _RANGE.search(data["text"]):
                    found[(source, data["text"])] = None
        return sorted(found, key=lambda pair: self._order.get(pair[0], 0))

    def unit_ids(self, uids: Iterable[str]) -> list[str]:
        """The ids of the units (or missing targets) ``uids``, as the version has them."""
        return [self._ids[uid] for uid in uids]

    def term_user_uids(self, term: str) -> list[str]:
        """The uids of the units using a defined term (none for an unknown term)."""
        return list(self._users.get(term, ())) if term in self.terms else []

    def node(self, unit_id: str) -> str:
        """The node with ``unit_id``: a unit, or a missing target some unit cites; an id neither
        in the version nor cited ("Z99", even where Section Z is known) is an error."""
        if unit_id in self.by_id:
            return self.by_id[unit_id]
        raise RedlineError(f"unknown clause {unit_id!r}: not in the version and cited nowhere")

    def term_node(self, term: str) -> tuple[str, str]:
        """The defined term matching ``term`` (exactly, else ignoring case) and its definition."""
        if term in self.terms:
            return term, self.terms[term]
        for known, node in self.terms.items():
            if known.casefold() == term.casefold():
                return known, node
        raise RedlineError(f"unknown term {term!r}: not defined in A1.1")

    def impact_of_clause(self, unit_id: str) -> Impact:
        """Units affected by a change to ``unit_id``: those citing it, a unit inside it or a unit
        containing it; definitions given by reference to it, and the units using those terms."""
        with paused_gc():
            return self._impact_of_clause(unit_id)

    def impact_of_term(self, term: str) -> Impact:
        """Units affected by a change to a defined term: its definition and every unit using it,
        then the units using a term defined using it (:meth:`_defined_using`); the last few
        terms' are kept."""
        term, definition = self.term_node(term)
        memo = self._term_impacts.get(term)
        if memo is None:
            # A query only builds its result (thousands of objects for a common term, no cycles):
            # a collection of the whole heap, which the pipeline may leave due, must not land in it.
            with paused_gc():
                memo = self._term_impacts[term] = self._impact_of_term(term, definition)
            if len(self._term_impacts) > _KEPT_IMPACTS:  # a common term's reaches most of the Code
                self._term_impacts.popitem(last=False)
        else:
            self._term_impacts.move_to_end(term)
        return memo

    def _impact_of_clause(self, unit_id: str) -> Impact:
        node = self.by_id.get(unit_id)
        if node is None and unit_id not in self._inside:  # "D1": not in the version, but D1.2 cited
            node = self.node(unit_id)
        labels = self.graph.nodes
        found = _Collector(self._ids, self._order)
        found.add(self._referrers.get(node, ()), f"refers to {unit_id}", True)
        meanings: list[tuple[str, str]] = []  # (term, why) for each term whose meaning the unit shapes
        for definition, target, where in self._defining_around(unit_id):
            term = labels[definition]["label"]
            found.add([definition], f"defines term {term} by reference to {where}", target == unit_id)
            meanings.append((term, f"term defined by reference to {where}"))
        for below in self._inside.get(unit_id, ()):
            found.add(self._referrers[self.by_id[below]], f"refers to {below}, inside {unit_id}",
                      False)
        for above in id_ancestors(unit_id):
            found.add(self._referrers.get(self.by_id.get(above, ""), ()),
                      f"refers to {above}, which contains {unit_id}", False)
        meanings += self._defined_in(node)
        for term, why in meanings:
            found.add(self._users.get(term, ()), f"uses term {term} ({why})", False)
            for dependent, how in self._defined_using(term):
                found.add(self._users.get(dependent, ()), f"uses term {dependent}, {how} ({why})", False)
        return found.result()

    def _defining_around(self, unit_id: str, inside: bool = True) -> list[tuple[str, str, str]]:
        """(definition node, target id, how the target stands to ``unit_id``) for each term
        defined by reference to the unit, to a unit inside it (unless not ``inside``) or to one
        holding it."""
        found = [(d, unit_id, unit_id) for d in self._defining.get(self.by_id.get(unit_id, ""), ())]
        for below in dict.fromkeys(self._inside.get(unit_id, ()) if inside else ()):
            found += [(d, below, f"{below}, inside {unit_id}") for d in self._defining.get(self.by_id[below], ())]
        for above in id_ancestors(unit_id):
            found += [(d, above, f"{above}, which contains {unit_id}")
                      for d in self._defining.get(self.by_id.get(above, ""), ())]
        return found

    def _defined_in(self, node: str | None) -> list[tuple[str, str]]:
        """(term, why) for the term whose A1.1 definition is or holds ``node``, and each term
        defined in its words ("(the “SEC Materials”)")."""
        if node is None:
            return []
        unit_id = self._ids[node]
        found = [(term, f"defined in {unit_id}") for term in self._inline().get(node, ())]
        if (term := self._definition_owner().get(node)) is not None:
            definition = self._ids[self.terms[term]]
            found.append((term, f"defined in {definition}" if definition == unit_id
                          else f"defined in {definition}, which holds {unit_id}"))
        return found

    def terms_defined_by(self, uid: str) -> list[tuple[str, str]]:
        """(term, id) for each term defined by reference to the unit ``uid`` or to a unit holding
        it ("has the meaning given … in Section D1.3": a change to D1.3(a) changes it), and
        (term, "") for each term defined in its words."""
        unit_id = self._ids.get(uid)
        if unit_id is None:
            return []
        labels = self.graph.nodes
        found = [(labels[d]["label"], target) for d, target, _ in self._defining_around(unit_id, inside=False)]
        return found + [(term, "") for term in self._inline().get(uid, ())]

    def _impact_of_term(self, term: str, definition: str) -> Impact:
        users = sorted(self._users.get(term, ()), key=self._order.__getitem__)  # stable
        if definition in users:  # the definition uses its own term: let the collector merge the reasons
            found = _Collector(self._ids, self._order)
            found.add([definition], f"defines term {term}", True)
            found.add(users, f"uses term {term}", True)
            direct = found.result()
        else:  # all direct, in document order: the users, and the definition where it falls
            # (before a user of the same order, as it is found first)
            at = bisect_left([self._order[n] for n in users], self._order[definition])
            user_ids = tuple(self._ids[n] for n in users)
            unit_ids = (*user_ids[:at], self._ids[definition], *user_ids[at:])
            reasons = ((f"uses term {term}",),) * len(users)
            direct = Impact(unit_ids, (*reasons[:at], (f"defines term {term}",), *reasons[at:]),
                            (True,) * len(unit_ids))
        indirect = self._through_definitions(term, {definition, *users})
        return direct if not indirect.unit_ids else Impact(
            direct.unit_ids + indirect.unit_ids, direct.reasons + indirect.reasons, direct.direct + indirect.direct)

    def _through_definitions(self, term: str, direct: set[str]) -> Impact:
        """The units reached through the definitions that use ``term`` (:meth:`_defined_using`),
        but for the ``direct`` ones, in document order, each with every link that reaches it."""
        reasons: dict[str, list[str]] = {}
        for dependent, how in self._defined_using(term):
            reason = f"uses term {dependent}, {how}"
            for node in dict.fromkeys(self._users.get(dependent, ())):
                if node not in direct:
                    reasons.setdefault(node, []).append(reason)
        nodes = sorted(reasons, key=self._order.__getitem__)
        return Impact(tuple(self._ids[n] for n in nodes), tuple(tuple(reasons[n]) for n in nodes),
                      (False,) * len(nodes))

    def _defined_using(self, term: str) -> list[tuple[str, str]]:
        """(dependent, how) for each term whose A1.1 definition uses ``term`` in its words, its
        paragraphs' too, and so on for the terms defined using those: a change to the meaning of
        "Party" changes that of "Supplier Party" ("a Party that …"), and so reaches its users. (Not
        through a term defined by reference to a clause using it: in a Code whose clauses use
        many terms that closure is all of it, see the README's Known limits.)"""
        owner = self._definition_owner()
        links: list[tuple[str, str]] = []
        seen, todo = {term}, [term]
        for used in todo:  # breadth first: the nearest link names each dependent
            for user in dict.fromkeys(owner[node] for node in self._users.get(used, ()) if node in owner):
                if user not in seen:
                    seen.add(user)
                    links.append((user, f"defined using {used}"))
                    todo.append(user)
        return links

    def _definition_owner(self) -> dict[str, str]:
        """Node → the term whose A1.1 definition holds it (the definition and its paragraphs)."""
        if self._owner is None:
            owner: dict[str, str] = {}
            for term, node in self.terms.items():
                if self.graph.nodes[node]["kind"] == UnitKind.DEFINITION.value:
                    owner.update(dict.fromkeys(self._subtree(node), term))
            self._owner = owner
        return self._owner

    def _inline(self) -> dict[str, list[str]]:
        """Node → the terms defined in its words (not A1.1 definitions)."""
        if self._inline_terms is None:
            inline: dict[str, list[str]] = defaultdict(list)
            for term, node in self.terms.items():
                if self.graph.nodes[node]["kind"] != UnitKind.DEFINITION.value:
                    inline[node].append(term)
            self._inline_terms = inline
        return self._inline_terms

    def _subtree(self, node: str) -> list[str]:
        """The node and every node it contains."""
        succ, found, stack = self.graph._succ, [], [node]
        while stack:
            at = stack.pop()
            found.append(at)
            stack.extend(child for child, keys in succ[at].items()
                         if any(data["kind"] == "contains" for data in keys.values()))
        return found


def _adjacency(graph: nx.MultiDiGraph) -> Iterable[tuple[str, dict[str, dict[str, dict]]]]:
    """(node, {successor: {key: data}}) in ``graph.edges`` order, from the graph's own dicts
    (iterating ``graph.edges(data=True)`` costs a generator step and a tuple per edge)."""
    succ = getattr(graph, "_succ", None)
    if isinstance(succ, dict):
        return succ.items()
    return ((node, {nbr: dict(keys) for nbr, keys in nbrs.items()}) for node, nbrs in graph.adj.items())


def _ancestors(unit_id: str, memo: dict[str, list[str]]) -> list[str]:
    """:func:`id_ancestors`, each chain worked out once (a parent's chain is shared)."""
    chain = memo.get(unit_id)
    if chain is None:
        parent = parent_id(unit_id)
        chain = [parent, *_ancestors(parent, memo)] if parent else []
        memo[unit_id] = chain
    return chain


def analyse(version: Version) -> tuple[list[Resolution], list[Term], list[TermUse], ClauseGraph]:
    """The whole pipeline for one version: references, terms, term uses and the graph."""
    with paused_gc():
        resolutions = references(version)
        terms = defined_terms(version, resolutions)
        uses = term_uses(version, terms)
        return resolutions, terms, uses, ClauseGraph(build_graph(version, resolutions, terms, uses))


#: The code an analysis comes from (references, terms and the graph): a change to any of it
#: misses the cache.
SOURCES = (*refs.SOURCES, *(Path(__file__).parent / name for name in ("terms.py", "wording.py", "graph.py")))


def read_analysis(paths: Sequence[str | Path]
                  ) -> tuple[Version, list[Resolution], list[Term], list[TermUse], ClauseGraph]:
    """The version read from ``paths`` and its analysis (as :func:`analyse`), from the cache when there."""
    return read_derived(paths, "analysis", SOURCES, lambda version: (version, *analyse(version)))


def read_graph(paths: Sequence[str | Path]) -> tuple[Version, ClauseGraph]:
    """The version read from ``paths`` and its clause graph, from the cache when there: what
    ``apply`` and ``batch`` need, kept apart from the whole analysis (a smaller entry, without
    the references and term uses the graph was built from)."""
    return read_derived(paths, "graph", SOURCES, lambda version: (version, analyse(version)[3]))
