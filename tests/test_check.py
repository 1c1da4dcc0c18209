"""Integrity findings: stale quoted headings, unresolved references, terms, self-references."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from redline.check import check
from redline.cli import main
from redline.graph import analyse
from redline.read import read_version

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "corpus" / "sec-5.18"

SAMPLE = """\
SECTION C: GOVERNANCE
C7 CODE ADMINISTRATOR
C7.2 The Code Administrator shall:
(i) facilitate a process;
(j) without prejudice to the generality of Section C7.2(i), provide support;
(k) comply with Section C7.2(k), despite the Code Administrator's view;
L10.24 For the purposes of this Section L10.24 the Code Administrator acts.
SECTION A: DEFINITIONS AND INTERPRETATION
A1.1
Panel\tmeans the panel established under Section C7 (Code Administrator).
Unused Term\tmeans nothing at all.
"""


def findings(tmp_path: Path) -> list[tuple[str, str]]:
    path = tmp_path / "sample.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    version = read_version([path])
    return [(f.kind, f.unit) for f in check(version, *analyse(version)[:3])]


def test_cli_reports_the_stale_heading_in_m85b() -> None:
    result = CliRunner().invoke(main, ["check", str(BASE)])
    assert result.exit_code == 1
    rows = json.loads(result.output)
    stale = [r for r in rows if r["kind"] == "stale_heading"]
    assert [r["unit"] for r in stale] == ["M8.5(b)"]
    assert "Section D (Modifications)" in stale[0]["message"]
    assert "MODIFICATION PROCESS" in stale[0]["message"]


def test_quoted_heading_matching_the_title_is_no_finding() -> None:
    version = read_version([BASE])
    messages = [f.message for f in check(version, *analyse(version)[:3]) if f.kind == "stale_heading"]
    assert not any("(Security)" in m or "(DCC Key Infrastructure)" in m or "(Modification Process)" in m
                   for m in messages)


def test_self_reference_only_for_list_units(tmp_path: Path) -> None:
    found = findings(tmp_path)
    assert ("self_reference", "C7.2(k)") in found
    assert ("self_reference", "C7.2(j)") not in found
    assert not any(kind == "self_reference" and unit == "L10.24" for kind, unit in found)


def test_stale_part_heading_unused_and_unresolved(tmp_path: Path) -> None:
    found = findings(tmp_path)
    assert ("stale_heading", "A1.1:Panel") not in found  # "Code Administrator" = part title
    assert ("unused_term", "A1.1:Unused Term") in found
    assert ("unused_term", "A1.1:Panel") in found  # "panel" in lower case is no use


def test_possible_undefined_term_is_conservative(tmp_path: Path) -> None:
    found = findings(tmp_path)
    possible = [unit for kind, unit in found if kind == "possible_undefined_term"]
    # "Code Administrator" recurs, but it is a part title: not reported
    assert possible == []


def test_possible_undefined_terms_in_corpus() -> None:
    version = read_version([BASE])
    rows = [f.message for f in check(version, *analyse(version)[:3]) if f.kind == "possible_undefined_term"]
    assert any("'Change Board'" in m for m in rows)
    assert not any("'Modification Proposal" in m for m in rows)  # a defined term
    assert not any("Persons Entitled" in m for m in rows)  # inside a quoted heading


def test_check_clean_version_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "clean.txt"
    path.write_text("SECTION C: GOVERNANCE\nC1.1 The rules in Section C1.2 apply.\nC1.2 They apply.\n",
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path), "--format", "csv"])
    assert result.exit_code == 0 and result.output.strip() == "kind,unit,message"  # the header, even empty


TERMS_SAMPLE = """\
SECTION A: DEFINITIONS AND INTERPRETATION
A1.1
Elective Communication Services\tmeans the services described in Section H7.1 (Elective Services).
Release Services\tmeans services released under Section X1.18 (Release Services).
Self Term\tmeans a Self Term as varied, where:
(a) a Self Term is revised.
SECTION C: GOVERNANCE
C3.2 The Panel shall give each Party in breach a notice (a “Notice of Breach”), \
and the Parties (each a “Relevant Supplier”) shall reply. A Notice of Breach lapses after a year.
C3.3 A Party may request an Elective Communication Service. The Working Group shall meet, \
and the Working Groups shall report.
C3.4 The Working Group may consult the Panel and each Relevant Supplier.
C3.5 The Panel shall follow Part 4.4 of the SMKI Compliance Policy (Nature of the Initial Assessment) and \
Part 4.5 of the SMKI Compliance Policy (Timing of the Initial Assessment).
"""


def term_findings(tmp_path: Path) -> list[tuple[str, str, str]]:
    path = tmp_path / "terms.txt"
    path.write_text(TERMS_SAMPLE, encoding="utf-8")
    version = read_version([path])
    return [(f.kind, f.unit, f.message) for f in check(version, *analyse(version)[:3])
            if f.kind in ("unused_term", "possible_undefined_term")]


def test_terms_defined_in_a_clause_are_defined_terms(tmp_path: Path) -> None:
    path = tmp_path / "terms.txt"
    path.write_text(TERMS_SAMPLE, encoding="utf-8")
    version = read_version([path])
    _, terms, uses, graph = analyse(version)
    inline = {t.term: t.id for t in terms if t.inline}
    assert inline == {"Notice of Breach": "C3.2", "Relevant Supplier": "C3.2"}
    # the quoted defining words are no use; the later "A Notice of Breach" is one
    text = version.get("C3.2").text
    assert [u.start for u in uses if u.term == "Notice of Breach"] == [text.index("A Notice of Breach") + 2]
    # two terms defined by one clause keep their own users
    assert [a.unit_id for a in graph.impact_of_term("Notice of Breach")] == ["C3.2"]
    assert [a.unit_id for a in graph.impact_of_term("Relevant Supplier")] == ["C3.2", "C3.4"]


def test_check_reports_a_term_unused_or_undefined_never_both(tmp_path: Path) -> None:
    got = term_findings(tmp_path)
    kinds = {}
    for kind, _, message in got:
        kinds.setdefault(message.split("'")[1], set()).add(kind)
    assert all(len(found) == 1 for found in kinds.values()), kinds
    # used only in its own definition (and its paragraph): unused, and not "not defined"
    assert ("unused_term", "A1.1:Self Term", "'Self Term' is defined but never used") in got
    # used only inside a quoted heading: unused
    assert ("unused_term", "A1.1:Release Services", "'Release Services' is defined but never used") in got
    # an external document's quoted heading is no undefined term
    assert not [g for g in got if "Initial Assessment" in g[2]]
    # a term defined in a clause is a defined term, used like any other
    assert not [g for g in got if "Notice of Breach" in g[2] or "Relevant Supplier" in g[2]]


def test_singular_and_plural_are_one_term_and_one_finding(tmp_path: Path) -> None:
    got = term_findings(tmp_path)
    # "an Elective Communication Service" uses "Elective Communication Services"
    assert not [g for g in got if "Elective Communication" in g[2]]
    assert [g for g in got if "Working Group" in g[2]] == [
        ("possible_undefined_term", "C3.3",
         "'Working Group / Working Groups' is capitalised like a defined term (3 uses) but is not defined")]


def test_a_heading_quoted_after_a_paragraph_reference_is_checked_against_its_clause(tmp_path: Path) -> None:
    """"Section D1.3(a) (Persons Entitled to Submit Modification Proposals)" after D1.3 was retitled:
    a paragraph has no heading, so nothing was checked; the bracket quotes its clause's heading."""
    path = tmp_path / "section-D.txt"
    path.write_text("SECTION D: MODIFICATIONS\nD1 RAISING\nPersons Entitled to Submit Draft Proposals\n"
                    "D1.3 The following may raise:\n(a) the Panel; and\n(b) any Party.\n"
                    "D1.4 A person under Section D1.3(a) (Persons Entitled to Submit Modification Proposals) acts.\n"
                    "D1.5 A person under Section D1.3(b) (Persons Entitled to Submit Draft Proposals) acts.\n"
                    "D1.6 A person under Section D1.3(a) (as it applies to Suppliers) acts.\n", encoding="utf-8")
    version = read_version([path])
    assert [(f.kind, f.unit) for f in check(version, *analyse(version)[:3])] == [("stale_heading", "D1.4")]


def test_a_heading_quoted_after_a_list_or_range_is_checked_against_the_nearest_heading(tmp_path: Path) -> None:
    """"Sections D1.3 to D1.4 (Persons Entitled to Submit Modification Proposals)" after D1.3 was
    retitled was never checked (a list or range names no one unit); the bracket quotes the heading
    of a target, or of the Part holding them all, nearest to it."""
    path = tmp_path / "section-D.txt"
    path.write_text("SECTION D: MODIFICATIONS\nD1 RAISING PROPOSALS\nPersons Entitled to Submit Draft Proposals\n"
                    "D1.3 The Panel may raise.\nForm of Proposals\nD1.4 A proposal is in writing.\n"
                    "D1.5 Sections D1.3 to D1.4 (Persons Entitled to Submit Modification Proposals) apply.\n"
                    "D1.6 Sections D1.4 and D1.3 (Form of Proposals) apply.\n"
                    "D1.7 Sections D1.3 to D1.4 (Raising Proposals) apply, and Sections D1.3 and D1.4 (as they "
                    "apply to Suppliers).\n", encoding="utf-8")
    version = read_version([path])
    found = check(version, *analyse(version)[:3])
    assert [(f.kind, f.unit) for f in found] == [("stale_heading", "D1.5")]
    assert "D1.3 is headed 'Persons Entitled to Submit Draft Proposals'" in found[0].message


def test_a_heading_quoted_in_quotation_marks_is_compared_without_them(tmp_path: Path) -> None:
    """'Section D1.3 ("Persons Entitled …")' was always stale: the marks were compared too."""
    path = tmp_path / "section-d.txt"
    path.write_text("SECTION D: MODIFICATION PROCESS\nPersons Entitled to Submit Draft Proposals\n"
                    "D1.3 Any Party may submit a Draft Proposal.\n"
                    'D1.4 Notwithstanding Section D1.3 ("Persons Entitled to Submit Draft Proposals"), none may.\n'
                    "D1.5 Notwithstanding Section D1.3 (“Persons Entitled to Submit Draft Proposals”), none may.\n"
                    "D1.6 Notwithstanding Section D1.3 (“Persons Entitled to Submit Modification Proposals”), none.\n",
                    encoding="utf-8")
    version = read_version([path])
    stale = [f.unit for f in check(version, *analyse(version)[:3]) if f.kind == "stale_heading"]
    assert stale == ["D1.6"]
