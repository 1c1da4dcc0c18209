"""Defined terms and their uses: plurals, possessives, longest match, case, definitions."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from redline.models import Unit, UnitKind
from redline.read import read_version
from redline.refs import references
from redline.terms import TermFinder, defined_terms, plurals, term_uses

ROOT = Path(__file__).resolve().parents[1]
LABELS = Path(__file__).with_name("data") / "terms_seed000.json"


def uses(terms: list[str], text: str) -> list[str]:
    unit = Unit(uid="u", kind=UnitKind.CLAUSE, label="C1.1", text=text)
    return [f"{u.term}={u.text}" for u in TermFinder(terms).uses([unit])]


def test_plural_forms() -> None:
    assert plurals("Party") == ["Party", "Parties"]
    assert plurals("Modification Proposal") == ["Modification Proposal", "Modification Proposals"]
    assert plurals("SMKI PMA") == ["SMKI PMA", "SMKI PMAs"]
    assert plurals("Business Process") == ["Business Process", "Business Processes"]


def test_a_term_x_of_y_takes_its_plural_on_x() -> None:
    """"Events of Default" and "Letters of Credit" were no uses of their terms (the plural had been
    put on the last word), so "Letter of Credit" was "defined but never used"."""
    assert plurals("Event of Default") == ["Event of Default", "Events of Default"]
    assert uses(["Letter of Credit", "Party"], "one or more Letters of Credit of a Party") == [
        "Letter of Credit=Letters of Credit", "Party=Party"]


def test_plurals_possessives_and_case() -> None:
    terms = ["Party", "Panel", "SMKI PMA", "Modification Proposal"]
    text = ("Parties and the Panel's view; the SMKI PMA’s attention; Modification Proposals; "
            "a party; the panel; modification proposals")
    assert uses(terms, text) == ["Party=Parties", "Panel=Panel", "SMKI PMA=SMKI PMA",
                                 "Modification Proposal=Modification Proposals"]


def test_longest_term_wins() -> None:
    terms = ["Authority", "Authority Determined Modification", "Modification"]
    assert uses(terms, "an Authority Determined Modification and the Authority") == [
        "Authority Determined Modification=Authority Determined Modification", "Authority=Authority"]


def test_no_match_inside_a_longer_word() -> None:
    assert uses(["Code"], "the Codes, CodeX, Sub-Code and the Code") == ["Code=Codes", "Code=Code"]


@pytest.fixture(scope="module")
def expected_version():
    return read_version([ROOT / "corpus" / "secmp0049-expected"])


def test_meaning_given_links_term_to_clause(expected_version) -> None:
    terms = {t.term: t for t in defined_terms(expected_version, references(expected_version))}
    assert terms["Draft Proposal"].defined_by == ["D1.2"]
    assert terms["Proposer"].defined_by == ["D1.3"]
    assert terms["Change Sub-Committee"].defined_by == []  # "means …": defined in its own words


def test_term_used_inside_another_definition(expected_version) -> None:
    terms = defined_terms(expected_version)
    used = {(u.unit_uid, u.term) for u in term_uses(expected_version, terms)}
    assert ("A1.1:Proposed Solution", "Modification Proposal") in used
    assert ("A1.1:Path 2 Modification", "Authority Determined Modification") in used
    assert ("A1.1:Modification Proposal", "Modification Proposal") not in used  # its own term


@pytest.mark.parametrize("corpus", ["corpus/sec-5.18", "corpus/secmp0049-expected"])
def test_labelled_term_uses_recall(corpus: str) -> None:
    labels = json.loads(LABELS.read_text(encoding="utf-8"))[corpus]
    version = read_version([ROOT / corpus])
    ids = {u.uid: u.id for u in version.units()}
    got = Counter((u.term, ids[u.unit_uid]) for u in term_uses(version, defined_terms(version))
                  if u.term in labels)
    for term, per_unit in labels.items():
        if not per_unit:  # labelled as absent: not a word of it in the version
            assert not any(term in u.full_text() for u in version.root.children)
            continue
        expected = Counter({(term, unit): n for unit, n in per_unit.items()})
        found = Counter({k: n for k, n in got.items() if k[0] == term})
        recall = sum((expected & found).values()) / sum(expected.values())
        print(f"\n{corpus} {term}: {sum(expected.values())} labelled uses, recall {recall:.3f}")
        assert recall == 1.0, expected - found
        assert found == expected  # and nothing extra


def test_a_plural_term_is_used_in_the_singular_too() -> None:
    assert plurals("Elective Communication Services")[-1] == "Elective Communication Service"
    assert plurals("Parties")[-1] == "Party"
    assert uses(["Elective Communication Services"], "an Elective Communication Service, or two") == [
        "Elective Communication Services=Elective Communication Service"]


def test_a_quoted_heading_in_straight_quotes_is_no_term_defined(tmp_path):
    """'Section D1.3 ("Persons Entitled to Submit Modification Proposals")' was a term defined in
    C1.1, with uses, and `check` called it unused."""
    from redline.terms import inline_terms

    path = tmp_path / "section-C.txt"
    path.write_text('SECTION C: GOVERNANCE\nC1 THE PANEL\nC1.1 The Panel shall act under Section D1.3 ("Persons '
                    'Entitled to Submit Modification Proposals").\nC1.2 The body so formed (the "Change Board") '
                    "shall act.\n", encoding="utf-8")
    assert [t.term for t in inline_terms(read_version([path]))] == ["Change Board"]


@pytest.mark.parametrize(("text", "defines"), [
    ("has the meaning given in Section D1.3.", ["D1.3"]),
    ("has the meaning set out in Section D1.3.", ["D1.3"]),
    ("is defined in Section D1.3.", ["D1.3"]),
    ("shall have the meaning ascribed to it in Section D1.3.", ["D1.3"]),
    ("means a notice given under Section D1.3.", []),
])
def test_a_definition_by_reference_in_its_other_wordings(tmp_path, text, defines) -> None:
    """Only "has the meaning given to that expression/to it in …" had linked a definition to the
    clause, so `impact --clause D1.3` missed the users of terms defined the other ways (synthetic rows)."""
    path = tmp_path / "section-a.txt"
    path.write_text(f"SECTION A: DEFINITIONS AND INTERPRETATION\nA1.1\nAlpha Notice\t{text}\n"
                    "SECTION D: MODIFICATION PROCESS\nD1.3 Any Party may give an Alpha Notice.\n", encoding="utf-8")
    version = read_version([path])
    [term] = [t for t in defined_terms(version, references(version)) if t.term == "Alpha Notice"]
    assert term.defined_by == defines


def test_a_quoted_phrase_merely_mentioned_defines_nothing(tmp_path) -> None:
    path = tmp_path / "section-c.txt"
    path.write_text("SECTION C: GOVERNANCE\nC3.1 There shall be a panel (the “Panel”).\n"
                    "C3.5 In this Section C, references to the “Change Board” shall be read as references to the "
                    "Panel, and words such as the “Alpha Beta” are not defined.\n", encoding="utf-8")
    assert [t.term for t in defined_terms(read_version([path]))] == ["Panel"]
