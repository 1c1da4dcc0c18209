"""Each reference form of issue 13, found and resolved on a small SYNTHETIC SEC-style version
(invented clauses in the SEC's drafting style, not SEC text)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from redline.amend.engine import apply_modification
from redline.check import check
from redline.cli import main
from redline.graph import analyse, build_graph
from redline.models import Instruction, Modification, Version
from redline.read import read_version
from redline.refs import RefKind, Resolution, references, without_code

SAMPLE = """\
SECTION A: DEFINITIONS AND INTERPRETATION
A1 DEFINITIONS
A1.1 In this Code:
Anomaly Detection Threshold\tmeans a number that:
(a) is set by a User;
(b) where none is set, is:
(i) notified by the DCC; or
(ii) set by the Panel.
DCC\thas the meaning given to that expression in the DCC Licence.
SECTION B: ACCESSION
B1 ACCESSION
B1.1 An applicant shall apply under paragraph 4.1 of Appendix B and under Appendix B.
SECTION C: GOVERNANCE
C4 THE PANEL
Panel Duties
C4.2 The Panel shall:
(a) act;
(b) decide:
(i) promptly; and
(ii) fairly; and
(c) report.
C5 PANEL PROCEDURES
Panel Guidance
C5.3 Guidance under this Section C5.3 shall not conflict with another paragraph of this Section C5.3.
SECTION G: SECURITY
G6 ANOMALY DETECTION
G6.1 Each User shall notify:
(d) in respect of each anomaly, the matters in paragraph (b)(ii) of Section C4.2, \
paragraphs (a) and (c) of Section C4.2 and paragraphs (a) to (c) of Section C4.2;
(e) the number in paragraph (b)(ii) of the definition of Anomaly Detection Threshold in Section A1 (Definitions); and
(f) anything under paragraph (b) of Section Q4.2.
SECTION J: CHARGES
J2 PAYMENT
J2.4A This Section J2.4A applies to every Party under Sections A to Z of this Code.
SECTION X: TRANSITION
X1 TESTING
Testing in respect of Additional Release Services
X1.17 Testing is set out here.
X1.18 The DCC shall comply with Section X1.17 (Testing in respect of Additional Release Services), \
with Section X1.17 (Testing of Additional Release Services), \
with Section X1.17 (as it applies to it), with the Data Protection Act 2018, \
with Part 4.4 of the SMKI Compliance Policy (Nature of the Initial Assessment), \
with Schedule 1 of an Accession Agreement and with the DCC Licence.
APPENDIX B: SMKI PROPOSALS
4 ASSESSMENT
4.1 Assess under Section 4.2, paragraph 4.2 and Section B1.1.
4.2 Report.
"""


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample as a version file, for the reader and the command line alike."""
    path = Path(tmp_path_factory.mktemp("forms")) / "section-A.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sample(sample_file: Path) -> Version:
    return read_version([sample_file])


@pytest.fixture(scope="module")
def found(sample: Version) -> list[Resolution]:
    return references(sample)


def rows(found: list[Resolution], source: str) -> list[tuple[str, list[str], str]]:
    return [(r.ref.text, r.target_ids, r.status.value) for r in found if r.ref.source_id == source]


def test_qualified_paragraphs_point_at_the_qualified_unit(found: list[Resolution]) -> None:
    assert rows(found, "G6.1(d)") == [
        ("paragraph (b)(ii) of Section C4.2", ["C4.2(b)(ii)"], "resolved"),
        ("paragraphs (a) and (c) of Section C4.2", ["C4.2(a)", "C4.2(c)"], "resolved"),
        ("paragraphs (a) to (c) of Section C4.2", ["C4.2(a)", "C4.2(b)", "C4.2(c)"], "resolved"),
    ]
    # a qualified paragraph that is absent is missing under its own clause, never the citing one
    assert rows(found, "G6.1(f)") == [("paragraph (b) of Section Q4.2", ["Q4.2(b)"], "unresolved")]


def test_a_definitions_own_paragraph(found: list[Resolution]) -> None:
    [res] = [r for r in found if r.ref.source_id == "G6.1(e)"]
    assert res.ref.text == "paragraph (b)(ii) of the definition of Anomaly Detection Threshold in Section A1"
    assert (res.target_ids, res.status.value) == (["A1.1:Anomaly Detection Threshold(b)(ii)"], "resolved")
    assert res.quoted_heading == "Definitions"  # Section A1's heading, not the paragraph's


def test_appendices_and_their_own_numbers(found: list[Resolution]) -> None:
    assert rows(found, "B1.1") == [("paragraph 4.1 of Appendix B", ["B:4.1"], "resolved"),
                                   ("Appendix B", ["Appendix B"], "resolved")]
    assert rows(found, "B:4.1") == [("Section 4.2", ["B:4.2"], "resolved"),
                                    ("paragraph 4.2", ["B:4.2"], "resolved"),
                                    ("Section B1.1", ["B1.1"], "resolved")]


def test_external_documents_are_named(found: list[Resolution]) -> None:
    external = [(r.ref.text, r.ref.document) for r in found if r.ref.kind is RefKind.EXTERNAL]
    assert external == [
        ("DCC Licence", "DCC Licence"),
        ("Data Protection Act 2018", "Data Protection Act 2018"),
        ("Part 4.4 of the SMKI Compliance Policy", "SMKI Compliance Policy"),
        ("Schedule 1 of an Accession Agreement", "Accession Agreement"),
        ("DCC Licence", "DCC Licence"),
    ]
    assert {r.status.value for r in found if r.ref.kind is RefKind.EXTERNAL} == {"external"}


def test_meaning_given_in_the_dcc_licence_names_the_document(sample: Version) -> None:
    _, terms, _, _ = analyse(sample)
    dcc = next(t for t in terms if t.term == "DCC")
    assert (dcc.document, dcc.defined_by) == ("DCC Licence", [])


def test_a_bracket_quotes_a_heading_by_comparison_with_it(sample: Version, found: list[Resolution]) -> None:
    x117 = [r for r in found if r.ref.source_id == "X1.18" and r.ref.text == "Section X1.17"]
    assert [r.quoted_heading for r in x117] == [
        "Testing in respect of Additional Release Services",  # lower-case words, yet its heading
        "Testing of Additional Release Services",  # a near miss: a stale heading
        None,  # an ordinary parenthesis
    ]
    stale = [f.message for f in check(sample, *analyse(sample)[:3]) if f.kind == "stale_heading"]
    assert stale == ["Section X1.17 (Testing of Additional Release Services) quotes a heading, but "
                     "X1.17 is headed 'Testing in respect of Additional Release Services'"]


def test_whole_section_ranges_and_self_references(found: list[Resolution]) -> None:
    j = rows(found, "J2.4A")
    assert j[0] == ("This Section J2.4A", ["J2.4A"], "resolved")
    assert j[1] == ("Sections A to Z", [chr(c) for c in range(ord("A"), ord("Z") + 1)], "unresolved")
    assert rows(found, "C5.3") == [("this Section C5.3", ["C5.3"], "resolved")] * 2


def test_this_code_has_its_own_kind_left_out_by_default(sample: Version, found: list[Resolution]) -> None:
    code = [r for r in found if r.ref.text == "this Code"]
    assert [r.ref.kind for r in code] == [RefKind.THIS_CODE] * 2
    assert not [r for r in without_code(found) if r.ref.kind is RefKind.THIS_CODE]
    assert len(without_code(found)) == len(found) - 2
    _, terms, uses, _ = analyse(sample)
    graph = build_graph(sample, found, terms, uses)
    assert "missing:Code" not in graph
    assert not [e for _, _, e in graph.edges(data=True) if e.get("text") == "this Code"]


def test_xrefs_cli_lists_this_code_only_when_asked(sample_file: Path) -> None:
    runner = CliRunner()
    plain = json.loads(runner.invoke(main, ["xrefs", str(sample_file)]).output)
    every = json.loads(runner.invoke(main, ["xrefs", str(sample_file), "--with-code"]).output)
    assert "this_code" not in {r["kind"] for r in plain}
    assert [r for r in every if r["kind"] != "this_code"] == plain
    assert len(every) == len(plain) + 2
    assert {r["document"] for r in plain if r["kind"] == "external"} == {
        "DCC Licence", "Data Protection Act 2018", "SMKI Compliance Policy", "Accession Agreement"}


def _renumbered(sample: Version, unit: str, to: str) -> dict[str, str]:
    mod = Modification("SECMP9999", "synthetic", "", "test.toml",
                       instructions=[Instruction(1, "renumber", {"unit": unit, "to": to})])
    return {u.id: u.text for u in apply_modification(sample, mod).version.units()}


def test_renumbering_rewrites_qualified_paragraphs(sample: Version) -> None:
    text = _renumbered(sample, "C4.2", "C4.5")["G6.1(d)"]
    assert "paragraph (b)(ii) of Section C4.5, paragraphs (a) and (c) of Section C4.5 and " \
           "paragraphs (a) to (c) of Section C4.5" in text
    text = _renumbered(sample, "C4.2(c)", "C4.2(d)")["G6.1(d)"]
    assert "paragraphs (a) and (d) of Section C4.2 and paragraphs (a) to (d) of Section C4.2" in text
    assert _renumbered(sample, "B:4.1", "B:4.1A")["B1.1"].startswith(  # in number order, before B:4.2
        "An applicant shall apply under paragraph 4.1A of Appendix B")


def test_shifted_labels_are_rewritten_at_once(sample: Version) -> None:
    mod = Modification("SECMP9999", "synthetic", "", "test.toml", instructions=[
        Instruction(1, "delete", {"unit": "C4.2(a)", "reletter": True})])
    text = {u.id: u.text for u in apply_modification(sample, mod).version.units()}["G6.1(d)"]
    # (b) -> (a), (c) -> (b): never both to the same letter
    assert "paragraph (a)(ii) of Section C4.2, paragraphs" in text


def test_terms_cli_names_the_document_a_term_is_defined_in(sample_file: Path) -> None:
    rows = {r["term"]: r for r in json.loads(CliRunner().invoke(main, ["terms", str(sample_file)]).output)}
    assert (rows["DCC"]["defined_by_document"], rows["DCC"]["defined_in_clause"]) == ("DCC Licence", False)
    assert rows["Anomaly Detection Threshold"]["defined_by_document"] is None


def test_a_missed_paragraph_and_sub_paragraph_is_under_the_clause(tmp_path: Path) -> None:
    path = tmp_path / "section-G.txt"
    path.write_text("SECTION G: SECURITY\nG6.1 Each User shall:\n(d) act:\n(i) under paragraph (b)(ii) above;\n",
                    encoding="utf-8")
    [res] = references(read_version([path]))
    assert (res.target_ids, res.status.value) == (["G6.1(b)(ii)"], "unresolved")



def test_a_paragraph_written_after_its_clause_is_that_clauses(tmp_path: Path) -> None:
    """"Section C1.1 paragraph (b)" is C1.1(b), never the citing clause's own (b); after a comma
    or with "above" the paragraph is the citing clause's own, read alone."""
    path = tmp_path / "section-C.txt"
    path.write_text("SECTION C: GOVERNANCE\nC1 PANEL\nC1.1 The Panel shall:\n(a) meet; and\n(b) publish.\n"
                    "C1.2 The Panel acts under Section C1.1 paragraph (b), Section C1.1 paragraphs (a) and (b) "
                    "(Panel Duties) and Section C1.1 paragraph (a) above. Subject to Section C1.1, paragraph (b) "
                    "applies:\n(a) at once; and\n(b) later.\n", encoding="utf-8")
    version = read_version([path])
    assert [(r.ref.text, r.target_ids, r.ref.heading_of) for r in references(version)] == [
        ("Section C1.1 paragraph (b)", ["C1.1(b)"], "C1.1"),
        ("Section C1.1 paragraphs (a) and (b)", ["C1.1(a)", "C1.1(b)"], "C1.1"),
        ("Section C1.1", ["C1.1"], None),
        ("paragraph (a) above", ["C1.2(a)"], None),
        ("Section C1.1", ["C1.1"], None),
        ("paragraph (b)", ["C1.2(b)"], None),
    ]
    mod = Modification("SECMP9999", "synthetic", "", "test.toml", instructions=[
        Instruction(1, "renumber", {"unit": "C1.1", "to": "C1.1A"})])
    text = {u.id: u.text for u in apply_modification(version, mod).version.units()}["C1.2"]
    assert text.startswith("The Panel acts under Section C1.1A paragraph (b), Section C1.1A paragraphs (a) and (b)")


def test_a_numbered_part_of_a_part_of_another_document_is_one_external_reference(tmp_path: Path) -> None:
    """"paragraph 5 of Schedule 2 to the Energy Act 2008" was a paragraph 5 of the Code, unresolved,
    and the Act alone; "clause 5 of the Framework Agreement" was not read at all."""
    path = tmp_path / "section-C.txt"
    path.write_text("SECTION C: GOVERNANCE\nC1 PANEL\nC1.1 The Panel shall comply with paragraph 5 of Schedule 2 "
                    "to the Energy Act 2008, with clause 5 of the Framework Agreement, with Schedule 2 to the "
                    "Energy Act 2008 and with paragraph 2 of Condition 13 of the DCC Licence, and send its report "
                    "under Section C1.2 to the Panel.\nC1.2 The Panel shall report.\n", encoding="utf-8")
    assert [(r.ref.text, r.ref.document, r.status.value) for r in references(read_version([path]))] == [
        ("paragraph 5 of Schedule 2 to the Energy Act 2008", "Energy Act 2008", "external"),
        ("clause 5 of the Framework Agreement", "Framework Agreement", "external"),
        ("Schedule 2 to the Energy Act 2008", "Energy Act 2008", "external"),
        ("paragraph 2 of Condition 13 of the DCC Licence", "DCC Licence", "external"),
        ("Section C1.2", None, "resolved"),
    ]
