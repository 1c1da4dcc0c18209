"""What a change to a unit means for the terms its words give meaning to: an A1.1 definition and
its paragraphs, a clause a term is defined by reference to ("has the meaning given to that
expression in Section D1.3"), a clause defining a term in its words ("(the “SEC Materials”)").
`impact` and `apply`'s affected list had left the users of those terms out (a probe's findings)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BASE_DIR

from redline.amend.affected import affected_units
from redline.amend.engine import apply_modification
from redline.amend.rules import load_rules
from redline.cli import main
from redline.graph import ClauseGraph
from redline.read import read_version

#: Synthetic, SEC-style (Proposer's definition as in corpus/sec-5.18; the clauses' words invented).
SYNTHETIC = {
    "section-A.txt": "SECTION A: DEFINITIONS AND INTERPRETATION\nA1.1\n"
                     "Party\tmeans a person that is a party to the Framework Agreement.\n"
                     "Proposer\thas the meaning given to that expression in Section D1.3 (Persons Entitled to "
                     "Submit Modification Proposals).\n"
                     "Review Phase\tmeans the period:\n(a) starting on the date a review starts; and\n"
                     "(b) ending 28 days after it ends.\n",
    "section-D.txt": "SECTION D: MODIFICATION PROCESS\nD1 RAISING MODIFICATION PROPOSALS\n"
                     "Persons Entitled to Submit Modification Proposals\n"
                     "D1.3 Any Party may submit a proposal, and the person who submits it is the Proposer.\n"
                     "D1.4 The Code Administrator shall acknowledge each proposal to the Proposer.\n"
                     "D1.5 No proposal may be submitted during a Review Phase.\n",
    "section-M.txt": "SECTION M: GENERAL\nM5 INTELLECTUAL PROPERTY\n"
                     "M5.1 This Section applies to all documents any Party writes under this Code (collectively, the "
                     "“SEC Materials”).\nM5.3 The Code Administrator may copy the SEC Materials.\n",
}
HEAD = '[modification]\nid = "SECMP9125"\ntitle = "Synthetic"\nbaseline = "5.18"\n'


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("meaning")
    for name, text in SYNTHETIC.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def reached(folder: Path, *query: str) -> dict[str, list[str]]:
    graph = ClauseGraph.build(read_version([folder]))
    impact = graph.impact_of_clause(query[1]) if query[0] == "clause" else graph.impact_of_term(query[1])
    return {a.unit_id: a.reasons for a in impact}


def test_a_definition_reaches_its_terms_users() -> None:
    """`impact --clause A1.1:Proposer` on the corpus was empty."""
    assert reached(BASE_DIR, "clause", "A1.1:Proposer") == {
        "C7.2(j)": ["uses term Proposer (defined in A1.1:Proposer)"]}


def test_a_paragraph_of_a_definition_reaches_its_terms_users(synthetic: Path) -> None:
    assert reached(synthetic, "clause", "A1.1:Review Phase(b)")["D1.5"] == [
        "uses term Review Phase (defined in A1.1:Review Phase, which holds A1.1:Review Phase(b))"]


def test_a_section_reaches_the_users_of_terms_defined_by_reference_inside_it() -> None:
    """`impact --clause D` on the corpus listed A1.1:Proposer ("refers to D1.3, inside D") but not
    C7.2(j), which uses "Proposer"."""
    found = reached(BASE_DIR, "clause", "D")
    assert "uses term Proposer (term defined by reference to D1.3, inside D)" in found["C7.2(j)"]


def test_an_id_holding_cited_units_is_a_clause_to_ask_about() -> None:
    """D1 is no unit of the corpus, but D1.2 and D1.3 are cited: it was "unknown clause 'D1'"."""
    found = reached(BASE_DIR, "clause", "D1")
    assert "refers to D1.3, inside D1" in found["G7.20"]
    assert "uses term Proposer (term defined by reference to D1.3, inside D1)" in found["C7.2(j)"]


def test_a_clause_reaches_the_users_of_a_term_defined_in_its_words(synthetic: Path) -> None:
    assert reached(synthetic, "clause", "M5.1")["M5.3"] == ["uses term SEC Materials (defined in M5.1)"]


def test_a_term_does_not_reach_through_a_clause_a_term_is_defined_by_reference_to(synthetic: Path) -> None:
    """Deliberately not followed (README, Known limits): D1.3 uses "Party" and defines "Proposer" by
    reference, but that closure through whole clauses reaches most of a Code."""
    found = reached(synthetic, "term", "Party")
    assert "D1.3" in found and "D1.4" not in found and "M5.3" not in found


@pytest.mark.parametrize(("body", "user", "reason"), [
    ('[[instruction]]\nkind = "amend_definition"\nterm = "Review Phase(b)"\n'
     'replace = [{find = "28 days", with = "56 days"}]\n',
     "D1.5", "uses term Review Phase (definition changed by this modification)"),
    ('[[instruction]]\nkind = "amend"\nunit = "D1.3"\nreplace = [{find = "Any Party", with = "Any person"}]\n',
     "D1.4", "uses term Proposer (defined by reference to D1.3, changed by this modification)"),
    ('[[instruction]]\nkind = "amend"\nunit = "M5.1"\nreplace = [{find = "all documents", with = "the documents"}]\n',
     "M5.3", "uses term SEC Materials (defined in M5.1, changed by this modification)"),
])
def test_apply_lists_the_users_of_a_term_whose_meaning_it_changes(synthetic, tmp_path, body, user, reason) -> None:
    """Amending a definition's paragraph (as SECMP0049 amends "Significant Code Review Phase(a)"),
    the clause a term is defined by reference to, or the clause defining a term in its words had
    listed none of the term's users."""
    rules = tmp_path / "SECMP9125.toml"
    rules.write_text(HEAD + body, encoding="utf-8")
    base = read_version([synthetic])
    result = apply_modification(base, load_rules(rules))
    rows = {a.unit_id: a.reasons for a in affected_units(base, result.version, result.changes)}
    assert reason in rows[user]


def test_the_cli_prints_the_impact_of_a_definition() -> None:
    result = CliRunner().invoke(main, ["impact", str(BASE_DIR), "--clause", "A1.1:Proposer", "--format", "csv"])
    assert result.exit_code == 0 and "C7.2(j),no,uses term Proposer (defined in A1.1:Proposer)" in result.output
