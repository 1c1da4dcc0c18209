"""The clause graph and impact queries (corpus, CLI, and a full-size synthetic Code)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from redline.cli import main
from redline.graph import analyse, id_ancestors
from redline.read import read_version
from redline.tools.synth import generate, write_corpus

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "corpus" / "sec-5.18"


@pytest.fixture(scope="module")
def base_graph():
    version = read_version([BASE])
    return version, analyse(version)


def test_id_ancestors() -> None:
    assert id_ancestors("D3.13(a)") == ["D3.13", "D3", "D"]
    assert id_ancestors("AG:3.2.4") == ["AG:3.2", "AG:3", "Appendix AG"]
    assert id_ancestors("A1.1:Proposer") == ["A1.1", "A1", "A"]


def test_edges(base_graph) -> None:
    version, (_, _, _, graph) = base_graph
    g = graph.graph
    kinds = {data["kind"] for *_, data in g.edges(data=True)}
    assert kinds == {"contains", "refers_to", "uses_term", "defines"}
    assert g.has_edge("L1.17(h)", "L1.17(d)")
    assert g.nodes["missing:D1.3"]["id"] == "D1.3"
    assert g.has_edge("A1.1:Proposer", "missing:D1.3", key="defines")
    assert g.has_edge("C2.3(d)", "A1.1:Modification Proposal", key="uses_term")
    assert g.edges["C2.3(d)", "A1.1:Modification Proposal", "uses_term"]["count"] == 2


def test_cli_impact_term_lists_every_unit_using_it(base_graph) -> None:
    version, (_, _, uses, _) = base_graph
    ids = {u.uid: u.id for u in version.units()}
    users = {ids[u.unit_uid] for u in uses if u.term == "Modification Proposal"}
    result = CliRunner().invoke(main, ["impact", str(BASE), "--term", "Modification Proposal"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    listed = {row["unit"] for row in rows}
    assert users <= listed and len(users) == 30
    assert rows[0] == {"unit": "A1.1:Modification Proposal", "direct": True,
                       "reasons": ["defines term Modification Proposal"]}
    assert all("uses term Modification Proposal" in row["reasons"] for row in rows[1:])


def test_impact_of_clause_reasons_direct_first(base_graph) -> None:
    _, (*_, graph) = base_graph
    rows = [(a.unit_id, a.direct, a.reasons) for a in graph.impact_of_clause("D1.2")]
    assert rows[0] == ("A1.1:Modification Proposal", True,
                       ["refers to D1.2", "defines term Modification Proposal by reference to D1.2"])
    directs = [direct for _, direct, _ in rows]
    assert directs == sorted(directs, reverse=True)
    reasons = dict((unit, r) for unit, _, r in rows)
    assert "uses term Modification Proposal (term defined by reference to D1.2)" in reasons["M8.5(b)"]
    assert "refers to D, which contains D1.2" in reasons["M8.5(b)"]


def test_impact_of_a_section_reaches_references_inside_it(base_graph) -> None:
    _, (*_, graph) = base_graph
    reasons = {a.unit_id: a.reasons for a in graph.impact_of_clause("D")}
    # and, as G7.20 uses "Modification Proposal", defined by reference to D1.2, through that term
    assert reasons["G7.20"] == ["refers to D1.3, inside D",
                                "uses term Modification Proposal (term defined by reference to D1.2, inside D)"]
    assert reasons["C2.3(d)"] == ["refers to D", "uses term Modification Proposal (term defined by reference to "
                                                 "D1.2, inside D)"]


def test_impact_cli_errors_and_formats() -> None:
    runner = CliRunner()
    bad = runner.invoke(main, ["impact", str(BASE), "--clause", "Q9.9"])
    assert bad.exit_code == 2 and "unknown clause" in bad.output and bad.output.count("\n") == 1
    bad = runner.invoke(main, ["impact", str(BASE), "--term", "Not A Term"])
    assert bad.exit_code == 2 and "unknown term" in bad.output
    md = runner.invoke(main, ["impact", str(BASE), "--clause", "D1.3", "--format", "md"])
    assert md.exit_code == 0 and md.output.startswith("| unit | direct | reasons |")
    csv = runner.invoke(main, ["impact", str(BASE), "--clause", "L1.17(d)", "--format", "csv"])
    assert csv.output.splitlines() == ["unit,direct,reasons", "L1.17(h),yes,refers to L1.17(d)"]
    inside = runner.invoke(main, ["impact", str(BASE), "--clause", "Z99"])  # Section Z exists, Z99 does not
    assert inside.exit_code == 2 and "unknown clause 'Z99'" in inside.output


def test_xrefs_and_terms_cli() -> None:
    runner = CliRunner()
    rows = json.loads(runner.invoke(main, ["xrefs", str(BASE)]).output)
    row = next(r for r in rows if r["source"] == "M8.5(b)")
    assert (row["text"], row["targets"], row["status"], row["quoted_heading"]) == (
        "Section D", ["D"], "resolved", "Modifications")
    terms = {t["term"]: t for t in json.loads(runner.invoke(main, ["terms", str(BASE)]).output)}
    assert terms["Proposer"]["defined_by"] == ["D1.3"] and terms["Proposer"]["used_in"] == {"C7.2(j)": 1}


@pytest.fixture(scope="module")
def full_size(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("synth")
    write_corpus(generate(1.0, 0), out)
    return read_version([out])


def test_full_size_impact_of_clauses_is_what_the_graph_holds(full_size) -> None:
    """At full size, each sampled clause's direct impact is exactly the units with an edge citing it
    (speed is the benchmark's to measure, not a test's)."""
    *_, graph = analyse(full_size)
    nodes = graph.graph.nodes
    clauses = [(n, d["id"]) for n, d in nodes(data=True) if d["kind"] == "clause"][::50]
    assert len(clauses) > 100
    for node, clause in clauses:
        citing = {nodes[u]["id"] for u, _, d in graph.graph.in_edges(node, data=True) if d["kind"] == "refers_to"}
        impact = graph.impact_of_clause(clause)
        assert {a.unit_id for a in impact if f"refers to {clause}" in a.reasons} == citing
        assert len(set(impact.unit_ids)) == len(impact)


def test_an_impact_reads_as_affected_units(base_graph) -> None:
    """The query's columns read back as one Affected per unit: by index, slice and iteration."""
    from redline.models import Affected

    _, (*_, graph) = base_graph
    impact = graph.impact_of_term("Modification Proposal")
    rows = list(impact)
    assert len(rows) == len(impact) > 3 and all(isinstance(a, Affected) for a in rows)
    assert rows[0] == impact[0] == Affected("A1.1:Modification Proposal", ["defines term Modification Proposal"], True)
    assert impact[1:3] == rows[1:3] and impact[-1] == rows[-1]
    assert [a.unit_id for a in rows] == list(impact.unit_ids)
    rows[0].reasons.append("changed by a caller")  # each Affected read is the caller's own
    assert impact[0].reasons == ["defines term Modification Proposal"]
    with pytest.raises(IndexError):
        impact[len(impact)]


def test_impact_of_a_term_reaches_the_users_of_terms_defined_using_it(tmp_path) -> None:
    """A change to "Party" changes what "Supplier Party" ("a Party that …") means, so it reaches
    the units using "Supplier Party" too, and through it "Supplier Notice"; these had been left out
    (SYNTHETIC definitions in the SEC's style)."""
    path = tmp_path / "section-A.txt"
    path.write_text("SECTION A: DEFINITIONS AND INTERPRETATION\nA1 DEFINITIONS\nA1.1 In this Code:\n"
                    "Party means a person that is a party to this Code.\n"
                    "Supplier Notice means a notice that is given:\n(a) by a Supplier Party; and\n(b) in writing.\n"
                    "Supplier Party means a Party that holds a supply licence.\n"
                    "A1.2 Each Supplier Party shall notify each other Party.\nA1.3 Each Supplier Party shall pay.\n"
                    "A1.4 A Supplier Notice is final.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["impact", str(path), "--term", "Party"])
    assert result.exit_code == 0, result.output
    assert [(row["unit"], row["direct"], row["reasons"]) for row in json.loads(result.stdout)] == [
        ("A1.1:Party", True, ["defines term Party"]),
        ("A1.1:Supplier Party", True, ["uses term Party"]),
        ("A1.2", True, ["uses term Party"]),
        ("A1.1:Supplier Notice(a)", False, ["uses term Supplier Party, defined using Party"]),
        ("A1.3", False, ["uses term Supplier Party, defined using Party"]),
        ("A1.4", False, ["uses term Supplier Notice, defined using Supplier Party"]),
    ]


def test_impact_of_a_clause_follows_the_terms_defined_by_reference_to_it_through(tmp_path) -> None:
    """A change to A1.5, where "Party" is defined, reaches the users of "Supplier Party" too."""
    path = tmp_path / "section-A.txt"
    path.write_text("SECTION A: DEFINITIONS AND INTERPRETATION\nA1 DEFINITIONS\nA1.1 In this Code:\n"
                    "Party has the meaning given to that expression in Section A1.5.\n"
                    "Supplier Party means a Party that holds a supply licence.\n"
                    "A1.3 Each Supplier Party shall pay.\nA1.5 A Party is a person bound by this Code.\n",
                    encoding="utf-8")
    rows = {a.unit_id: a.reasons for a in analyse(read_version([path]))[3].impact_of_clause("A1.5")}
    assert rows["A1.3"] == ["uses term Supplier Party, defined using Party (term defined by reference to A1.5)"]
    assert rows["A1.1:Supplier Party"] == ["uses term Party (term defined by reference to A1.5)"]
