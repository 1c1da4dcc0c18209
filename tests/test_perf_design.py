"""The fast paths of the parse pipeline give what the plain ways give.

Each shortcut taken for speed (ids computed top-down in one walk, furniture patterns joined,
the cue regex rewritten, graph dicts filled directly, term users sorted once) is checked here
against the plain computation it replaces, on the corpus and on a synthetic Code.
"""

from __future__ import annotations

import gc
import re
from pathlib import Path

import networkx as nx
import pytest

from redline.graph import add_edges, add_nodes, analyse
from redline.models import Unit, UnitKind, Version
from redline.read import patterns as read_pat
from redline.read import read_version
from redline.refs import patterns as ref_pat
from redline.support.gc import paused_gc
from redline.tools.synth import generate, write_corpus

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> list[Version]:
    out = tmp_path_factory.mktemp("synth")
    write_corpus(generate(0.05, 3), out)
    return [read_version([CORPUS / "sec-5.18"]), read_version([CORPUS / "secmp0049-expected"]),
            read_version([out])]


def test_walk_and_walk_ids_match_the_recursive_walk_and_id(versions: list[Version]) -> None:
    def recursive(unit: Unit) -> list[Unit]:
        return [unit, *(u for child in unit.children for u in recursive(child))]

    for version in versions:
        units = recursive(version.root)
        assert list(version.root.walk()) == units
        assert [(u, i) for u, i in version.root.walk_ids()] == [(u, u.id) for u in units]
        assert version.ids() == {u.uid: u.id for u in units[1:]}


def test_walk_ids_asks_a_unit_hung_without_add() -> None:
    clause = Unit("c", UnitKind.CLAUSE, "C1.1")
    stray = Unit("p", UnitKind.PARAGRAPH, "(a)")  # parent left unset
    clause.children.append(stray)
    assert list(clause.walk_ids()) == [(clause, "C1.1"), (stray, "(a)")]


def test_walk_follows_children_added_during_the_walk() -> None:
    root = Unit("r", UnitKind.SECTION, "A")
    first = root.add(Unit("1", UnitKind.PART, "A1"))
    seen = []
    for unit in root.walk():
        seen.append(unit.label)
        if unit is first:
            first.add(Unit("2", UnitKind.CLAUSE, "A1.1"))
            root.add(Unit("3", UnitKind.PART, "A2"))
    assert seen == ["A", "A1", "A1.1", "A2"]


@pytest.mark.parametrize("line", [
    "Page 3 of 40", "the text, page 3 of 4  ", "this document is CLASSED AS WHITE",
    "classed as white\n", "© SECCo 2020", "Version 1.2", "12th March 2020", "SECMP0049 - Draft",
    "paGe 1 of 2 and more", "a line about the page", "ends in white", "Administered by Gemserv", "on page 4 of 16",
])
def test_furniture_start_is_any_furniture_pattern(line: str) -> None:
    assert (read_pat.furniture_start(line) is not None) == any(p.search(line) for p in read_pat.FURNITURE)


def test_furniture_start_on_every_corpus_line() -> None:
    lines = [ln.strip() for p in sorted(CORPUS.rglob("*.txt"))
             for ln in p.read_text(encoding="utf-8").splitlines()]
    assert [read_pat.furniture_start(ln) is not None for ln in lines] == \
        [any(p.search(ln) for p in read_pat.FURNITURE) for ln in lines]


@pytest.mark.parametrize(("line", "start"), [
    ("Page 3 of 16", 0), ("page 3 of 16", 0), ("C1.4 The Panel shall meet. Page 4 of 16", 27),
    ("the minutes shall be set out on page 4 of 16", None),  # the Code's own words, not a footer
    ("administered by the Code Administrator in accordance with", None), ("Administered by Gemserv", 0),
])
def test_a_footer_run_into_a_line_is_cut_from_it_and_words_are_never_furniture(line: str, start: int | None) -> None:
    """A line of the Code's words ending "… on page 4 of 16", or opening "administered by …", was
    dropped whole as page furniture; a footer run into a line's end took the line with it."""
    assert read_pat.furniture_start(line) == start


def test_normalise_space_is_the_regex_collapse() -> None:
    for text in ["  a \t b\n", "\u00a0x\u2003y\x1c", "", " ", "one", "a\u3000\u3000b "]:
        assert read_pat.normalise_space(text) == re.sub(r"\s+", " ", text).strip()


#: The cue regex as first written, one alternative per kind of cue.
PLAIN_CUE = re.compile(
    r"(?:[Ss]ections?|[Pp]aragraphs?|Appendix|Conditions?|Parts?|Schedules?|Clauses?|Annex)\b"
    r"|[Tt]his\s+(?:Section|Appendix)\b"
    r"|(?P<fixed>[Tt]his\s+Code|other\s+Energy\s+Codes|DCC\s+Licence|Act\s+\d{4})\b"
)


def test_cue_regex_finds_what_the_plain_one_finds(versions: list[Version]) -> None:
    for version in versions:
        for unit in version.units():
            for text in (unit.heading, unit.text, unit.tail):
                fast = [(m.span(), m.group().endswith(ref_pat.FIXED_CUE_ENDS))
                        for m in ref_pat.CUE.finditer(text)]
                plain = [(m.span(), bool(m.group("fixed"))) for m in PLAIN_CUE.finditer(text)]
                assert fast == plain, text


def test_bulk_nodes_and_edges_build_the_networkx_graph() -> None:
    rows = [("a", {"id": "A"}), ("b", {"id": "B"}), ("a", {"id": "A2", "x": 1})]
    edges = [("a", "b", "k", {"kind": "x"}), ("a", "b", "j", {"kind": "y"}), ("b", "c", "k", {"n": 1}),
             ("a", "b", "k", {"more": 2}), ("c", "a", "k", {})]
    fast, plain = nx.MultiDiGraph(), nx.MultiDiGraph()
    add_nodes(fast, [(n, dict(d)) for n, d in rows])
    add_edges(fast, [(u, v, k, dict(d)) for u, v, k, d in edges])
    plain.add_nodes_from(rows)
    plain.add_edges_from(edges)
    assert list(fast.nodes(data=True)) == list(plain.nodes(data=True))
    assert list(fast.edges(keys=True, data=True)) == list(plain.edges(keys=True, data=True))
    assert {n: dict(fast.pred[n]) for n in fast} == {n: dict(plain.pred[n]) for n in plain}


def test_impact_of_term_matches_a_plain_sort(versions: list[Version]) -> None:
    """Direct: the definition and its users in document order; then, not direct, in document
    order, the users of every term whose definition (or a paragraph of it) uses the term, and so
    on, worked out here plainly with networkx."""
    *_, graph = analyse(versions[-1])
    g = graph.graph
    order = {n: d["order"] for n, d in g.nodes(data=True)}
    contains = g.edge_subgraph([(u, v, k) for u, v, k in g.edges(keys=True) if k == "contains"])

    def users(definition: str) -> set[str]:
        return {u for u, _, k in g.in_edges(definition, keys=True) if k == "uses_term"}

    owner = {n: t for t, d in graph.terms.items() if g.nodes[d]["kind"] == "definition"
             for n in {d} | (nx.descendants(contains, d) if d in contains else set())}
    indirect = 0
    for term, definition in list(graph.terms.items())[:40]:
        direct = sorted({definition, *users(definition)}, key=order.__getitem__)
        closure, todo = {term}, [term]
        while todo:
            for t in {owner[u] for u in users(graph.terms[todo.pop()]) if u in owner} - closure:
                closure.add(t)
                todo.append(t)
        reached = set().union(*(users(graph.terms[t]) for t in closure - {term})) - set(direct)
        got = graph.impact_of_term(term)
        assert [a.unit_id for a in got] == [g.nodes[n]["id"] for n in
                                            (*direct, *sorted(reached, key=order.__getitem__))]
        assert got[[a.unit_id for a in got].index(g.nodes[definition]["id"])].reasons == [f"defines term {term}"]
        assert [a.direct for a in got] == [True] * len(direct) + [False] * len(reached)
        assert all(r.startswith("uses term ") and ", defined using " in r for a in got[len(direct):]
                   for r in a.reasons)
        indirect += len(reached)
    assert indirect  # the sample has terms defined using others


def test_paused_gc_nests_and_restores() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
