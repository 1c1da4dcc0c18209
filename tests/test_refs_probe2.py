"""Reference forms a probe of the finder found misread (probe-refs2), each on a small SYNTHETIC
SEC-style version: invented clauses in the SEC's drafting style, not SEC text."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import rows, version_of

from redline.amend.engine import apply_modification
from redline.check import check
from redline.graph import analyse
from redline.models import Instruction, Modification, RedlineError, Version
from redline.refs import Resolution, references

# SYNTHETIC, SEC-style (the shape of L1.17; wording invented)
RELATIVE_RANGES = """\
SECTION L: SMART METERING KEY INFRASTRUCTURE
L1 SMKI POLICY MANAGEMENT AUTHORITY
L1.17 The SMKI PMA shall:
(a) approve each policy;
(b) propose variations to each policy;
(c) review each policy;
(d) report in accordance with paragraphs (a) to (c) above;
(e) report on the matters referred to in paragraphs (a) to (c);
(f) act under paragraphs (c) to (a) above; and
(g) publish what it decides:
(i) on its website;
(ii) in its annual report;
(iii) to the Panel; and
(iv) to each Party, having regard to paragraphs (a) to (c) above and paragraphs (i) to (iii) above.
"""


@pytest.fixture()
def ranges(tmp_path: Path) -> list[Resolution]:
    return references(version_of(tmp_path, RELATIVE_RANGES))


def test_a_relative_range_is_every_sibling_between_its_ends(ranges: list[Resolution]) -> None:
    every = ["L1.17(a)", "L1.17(b)", "L1.17(c)"]
    assert rows(ranges, "L1.17(d)") == [("paragraphs (a) to (c) above", every, "resolved")]
    assert rows(ranges, "L1.17(e)") == [("paragraphs (a) to (c)", every, "resolved")]


def test_a_relative_range_running_backwards_is_unresolved(ranges: list[Resolution]) -> None:
    [(text, targets, status)] = rows(ranges, "L1.17(f)")
    assert (text, status) == ("paragraphs (c) to (a) above", "unresolved")
    assert targets[0] == "L1.17(c)" and targets[-1] == "L1.17(a)" and "running backwards" in targets[1]


def test_a_relative_range_is_read_at_the_level_holding_both_ends(ranges: list[Resolution]) -> None:
    # from (g)(iv): (a)..(c) are paragraphs one level up; (i)..(iii) are its own siblings
    assert rows(ranges, "L1.17(g)(iv)") == [
        ("paragraphs (a) to (c) above", ["L1.17(a)", "L1.17(b)", "L1.17(c)"], "resolved"),
        ("paragraphs (i) to (iii) above", ["L1.17(g)(i)", "L1.17(g)(ii)", "L1.17(g)(iii)"], "resolved"),
    ]


def test_a_change_to_a_paragraph_inside_a_relative_range_reaches_its_citer(tmp_path: Path) -> None:
    version = version_of(tmp_path, RELATIVE_RANGES)
    graph = analyse(version)[3]
    impacted = set(graph.impact_of_clause("L1.17(b)").unit_ids)
    assert {"L1.17(d)", "L1.17(e)"} <= impacted


# SYNTHETIC, SEC-style (clause numbers in the style of Sections C and Appendix AG; wording invented)
QUALIFIED = """\
SECTION C: GOVERNANCE
C4 ELECTIONS
C4.2 The Panel shall:
(a) publish the results of each election; and
(b) notify each Party of the results.
C4.3 The Code Administrator shall:
(a) hold each election; and
(b) notify the Panel of the results.
C4.4 Each Voting Group shall:
(a) comply with paragraph (b) of Sections C4.2 and C4.3;
(b) comply with paragraph (a) of Section C4.2 or C4.3;
(c) comply with paragraphs (a) and (b) of each of Sections C4.2 and C4.3; and
(d) comply with paragraph (b) of Section C4.2 and (a) of Section C4.3;
(e) comply with paragraph (b) of Sections C4.2 to C4.3 and paragraphs (a) to (b) of Sections C4.2 to C4.3; and
(f) comply with sub-paragraph (i) of paragraph (b) of Section C4.5 and sub-paragraph (ii) of paragraph (c).
C4.5 The Panel shall:
(b) notify:
(i) each Party; and
(ii) the Authority.
APPENDIX AG: INCIDENT MANAGEMENT POLICY
3 INCIDENTS
3.2 The DCC shall:
(a) record each Incident; and
(b) close each Incident.
3.3 The DCC shall act in accordance with paragraph (a) of Section 3.2 and paragraph (b) of paragraph 3.2:
(a) promptly; and
(b) fully.
"""


@pytest.fixture()
def qualified(tmp_path: Path) -> list[Resolution]:
    return references(version_of(tmp_path, QUALIFIED))


def test_a_paragraph_of_a_list_of_clauses_is_that_paragraph_of_each(qualified: list[Resolution]) -> None:
    assert rows(qualified, "C4.4(a)") == [
        ("paragraph (b) of Sections C4.2 and C4.3", ["C4.2(b)", "C4.3(b)"], "resolved")]
    assert rows(qualified, "C4.4(b)") == [
        ("paragraph (a) of Section C4.2 or C4.3", ["C4.2(a)", "C4.3(a)"], "resolved")]
    assert rows(qualified, "C4.4(c)") == [
        ("paragraphs (a) and (b) of each of Sections C4.2 and C4.3",
         ["C4.2(a)", "C4.2(b)", "C4.3(a)", "C4.3(b)"], "resolved")]


def test_a_paragraph_of_a_range_of_clauses_is_that_paragraph_of_each(qualified: list[Resolution]) -> None:
    assert rows(qualified, "C4.4(e)") == [
        ("paragraph (b) of Sections C4.2 to C4.3", ["C4.2(b)", "C4.3(b)"], "resolved"),
        ("paragraphs (a) to (b) of Sections C4.2 to C4.3", ["C4.2(a)", "C4.2(b)", "C4.3(a)", "C4.3(b)"],
         "resolved")]


def test_a_sub_paragraph_of_a_paragraph(qualified: list[Resolution]) -> None:
    # of a named clause's paragraph, and of the citing clause's own (c), which has no (ii)
    assert rows(qualified, "C4.4(f)") == [
        ("sub-paragraph (i) of paragraph (b) of Section C4.5", ["C4.5(b)(i)"], "resolved"),
        ("sub-paragraph (ii) of paragraph (c)", ["C4.4(c)(ii)"], "unresolved")]


def test_a_list_running_on_into_labels_keeps_its_first_clause(qualified: list[Resolution]) -> None:
    # "… of Section C4.2 and (a) of Section C4.3": no list of clauses; never the citing clause's (b);
    # the labels after it are their own clause's (tests/test_refs_probe4.py)
    assert rows(qualified, "C4.4(d)") == [
        ("paragraph (b) of Section C4.2 and (a) of Section C4.3", ["C4.2(b)", "C4.3(a)"], "resolved")]


def test_a_paragraph_of_an_appendix_clause_is_under_that_clause(qualified: list[Resolution]) -> None:
    assert rows(qualified, "AG:3.3") == [
        ("paragraph (a) of Section 3.2", ["AG:3.2(a)"], "resolved"),
        ("paragraph (b) of paragraph 3.2", ["AG:3.2(b)"], "resolved"),
    ]


def renumbered(version: Version, unit: str, to: str) -> dict[str, str]:
    mod = Modification("SECMP9999", "synthetic", "", "test.toml",
                       instructions=[Instruction(1, "renumber", {"unit": unit, "to": to})])
    return {u.id: u.text for u in apply_modification(version, mod).version.units()}


def test_renumbering_a_listed_clause_rewrites_the_list(tmp_path: Path) -> None:
    text = renumbered(version_of(tmp_path, QUALIFIED), "C4.3", "C4.3A")["C4.4(a)"]
    assert text == "comply with paragraph (b) of Sections C4.2 and C4.3A;"


def test_a_label_shared_with_a_paragraph_kept_is_not_rewritten_silently(tmp_path: Path) -> None:
    # renumbering C4.3(b) alone cannot be written in "paragraph (b) of Sections C4.2 and C4.3":
    # rewriting the label would move the citation of C4.2(b) too
    with pytest.raises(RedlineError, match=r"'paragraph \(b\) of Sections C4.2 and C4.3' in C4.4\(a\).*C4.2\(b\)"):
        renumbered(version_of(tmp_path, QUALIFIED), "C4.3(b)", "C4.3(c)")


# SYNTHETIC, SEC-style (the shape of L1.17(h) to (k); wording invented)
SUB_PARAGRAPHS = """\
SECTION L: SMART METERING KEY INFRASTRUCTURE
L1 SMKI POLICY MANAGEMENT AUTHORITY
L1.17 The SMKI PMA shall:
(h) consider the costs of each assessment;
(i) decide on the use of each recovery key;
(j) review each of the following documents:
(i) the first document; and
(ii) the second document, having regard to any review under sub-paragraph (i) above; and
(k) review each document under paragraph (i) above.
"""


def test_a_sub_paragraph_names_the_sub_paragraph_level_only(tmp_path: Path) -> None:
    version = version_of(tmp_path, SUB_PARAGRAPHS)
    found = references(version)
    assert rows(found, "L1.17(j)(ii)") == [("sub-paragraph (i) above", ["L1.17(j)(i)"], "resolved")]
    assert rows(found, "L1.17(k)") == [("paragraph (i) above", ["L1.17(i)"], "resolved")]
    graph = analyse(version)[3]
    assert "L1.17(j)(ii)" not in graph.impact_of_clause("L1.17(i)").unit_ids


# SYNTHETIC, SEC-style (G7 clause numbers; dash ranges and wording invented)
DASHES = """\
SECTION G: SECURITY
G7 SECURITY SUB-COMMITTEE
G7.18 The Security Sub-Committee shall:
(a) provide support;
(b) monitor thresholds; and
(c) advise the Panel.
G7.19 The Security Sub-Committee shall monitor proposals.
G7.20 The Security Sub-Committee may submit proposals.
G7.21 Nothing in Sections G7.18–G7.20, Sections G7.18 - G7.20 or Sections G7.18-G7.20 prevents it.
G7.22 Nothing in Section G7.18(a)–(c), Section G7.18(a) – (c) or paragraphs (a)–(c) of Section G7.18 prevents it.
G7.23 A Section G7.18-compliant plan, Section G7.19 - the Panel decides - and Section X2.3-1 apply.
G7.24 Sections C–E apply, and so does Section G - A Party may object.
APPENDIX AG: INCIDENT MANAGEMENT POLICY
3 INCIDENTS
3.1 The DCC shall record each Incident.
3.2 The DCC shall close each Incident.
3.3 The DCC shall act under Sections 3.1-3.2, paragraphs 3.1–3.2 and Section 3.1 - 3 days after.
"""


@pytest.fixture()
def dashes(tmp_path: Path) -> list[Resolution]:
    return references(version_of(tmp_path, DASHES))


def test_a_dash_between_ids_makes_a_range(dashes: list[Resolution]) -> None:
    every = ["G7.18", "G7.19", "G7.20"]
    assert rows(dashes, "G7.21") == [("Sections G7.18–G7.20", every, "resolved"),
                                     ("Sections G7.18 - G7.20", every, "resolved"),
                                     ("Sections G7.18-G7.20", every, "resolved")]
    assert rows(dashes, "AG:3.3")[:2] == [("Sections 3.1-3.2", ["AG:3.1", "AG:3.2"], "resolved"),
                                          ("paragraphs 3.1–3.2", ["AG:3.1", "AG:3.2"], "resolved")]


def test_a_dash_between_labels_makes_a_range(dashes: list[Resolution]) -> None:
    every = ["G7.18(a)", "G7.18(b)", "G7.18(c)"]
    assert rows(dashes, "G7.22") == [("Section G7.18(a)–(c)", every, "resolved"),
                                     ("Section G7.18(a) – (c)", every, "resolved"),
                                     ("paragraphs (a)–(c) of Section G7.18", every, "resolved")]


def test_a_hyphen_in_a_word_or_before_another_kind_of_number_is_no_range(dashes: list[Resolution]) -> None:
    assert rows(dashes, "G7.23") == [("Section G7.18", ["G7.18"], "resolved"),
                                     ("Section G7.19", ["G7.19"], "resolved"),
                                     ("Section X2.3", ["X2.3"], "unresolved")]
    assert rows(dashes, "AG:3.3")[2:] == [("Section 3.1", ["AG:3.1"], "resolved")]


def test_a_dash_between_section_letters_makes_a_range_only_forwards(dashes: list[Resolution]) -> None:
    assert rows(dashes, "G7.24") == [("Sections C–E", ["C", "D", "E"], "unresolved"),
                                     ("Section G", ["G"], "resolved")]


# SYNTHETIC, SEC-style (the shape of A1.1 Significant Code Review Phase, shortened; wording invented)
DEFINITION_PARAGRAPHS = """\
SECTION A: DEFINITIONS AND INTERPRETATION
A1 DEFINITIONS
A1.1 In this Code:
Review Phase\tmeans the period ending on the earlier of:
(a) the date on which the Authority decides; or
(b) the date 28 days after the Authority's conclusion.
SECTION D: MODIFICATION PROCESS
D5 REVIEWS
D5.1 No Party may raise a proposal:
(a) during the period in paragraph (a) of the definition of “Review Phase”;
(b) during the period in paragraph (b) of the definition of "Review Phase" in Section A1.1;
(c) during the period in paragraph (b) of the definition of Review Phase; or
(d) in the cases in paragraph (d) above.
"""


def test_a_definitions_paragraph_with_the_term_in_quotation_marks(tmp_path: Path) -> None:
    found = references(version_of(tmp_path, DEFINITION_PARAGRAPHS))
    assert rows(found, "D5.1(a)") == [("paragraph (a) of the definition of “Review Phase”",
                                       ["A1.1:Review Phase(a)"], "resolved")]
    assert rows(found, "D5.1(b)") == [('paragraph (b) of the definition of "Review Phase" in Section A1.1',
                                       ["A1.1:Review Phase(b)"], "resolved")]
    assert rows(found, "D5.1(c)") == [("paragraph (b) of the definition of Review Phase",
                                       ["A1.1:Review Phase(b)"], "resolved")]


def test_check_reports_a_relative_paragraph_citing_itself(tmp_path: Path) -> None:
    version = version_of(tmp_path, DEFINITION_PARAGRAPHS)
    selves = [(f.unit, f.message) for f in check(version, *analyse(version)[:3]) if f.kind == "self_reference"]
    assert selves == [("D5.1(d)", "'paragraph (d) above' in D5.1(d) cites the paragraph itself")]


# SYNTHETIC, SEC-style (Appendix numbering in the style of Appendix AG; the other documents' names
# are real Energy Codes and standards, the wording is invented)
OTHER_DOCUMENTS = """\
SECTION H: DCC SERVICES
H1 SERVICES
H1.1 The DCC shall comply with Section 4 of the Uniform Network Code and with Section 4 of this Code.
H1.2 The DCC shall comply with Section 4 of the Code, with paragraph 4 of the Smart Energy Code \
and with the Retail Energy Code.
H1.3 The DCC shall comply with Section 3 of the Registration Data Interface Code of Connection.
APPENDIX AG: INCIDENT MANAGEMENT POLICY
3 INCIDENTS
3.1 The DCC shall manage each Incident.
3.2 The DCC shall act under paragraph 3.1 of the Retail Energy Code and section 3.1 of the \
Balancing and Settlement Code.
3.3 The DCC shall have regard to Section 3.1 of the Incident Management Guidance and paragraph 3.1 \
of the ISO 27001 Standard.
"""


def test_a_numbered_citation_of_another_code_or_standard_is_external(tmp_path: Path) -> None:
    found = references(version_of(tmp_path, OTHER_DOCUMENTS))
    external = [(r.ref.source_id, r.ref.text, r.ref.document, r.status.value, r.target_ids)
                for r in found if r.ref.document]
    assert external == [
        ("H1.1", "Section 4 of the Uniform Network Code", "Uniform Network Code", "external", []),
        ("AG:3.2", "paragraph 3.1 of the Retail Energy Code", "Retail Energy Code", "external", []),
        ("AG:3.2", "section 3.1 of the Balancing and Settlement Code", "Balancing and Settlement Code",
         "external", []),
        ("AG:3.3", "Section 3.1 of the Incident Management Guidance", "Incident Management Guidance",
         "external", []),
        ("AG:3.3", "paragraph 3.1 of the ISO 27001 Standard", "ISO 27001 Standard", "external", []),
    ]


def test_this_code_and_the_code_stay_the_sec(tmp_path: Path) -> None:
    found = references(version_of(tmp_path, OTHER_DOCUMENTS))
    assert [t for t, _, _ in rows(found, "H1.1")][1:] == ["Section 4", "this Code"]
    # "the Code" and the SEC's own name are the SEC: the number is read as its own Section 4
    assert [(t, s) for t, _, s in rows(found, "H1.2")] == [("Section 4", "unresolved"),
                                                        ("paragraph 4", "unresolved")]
    # a name running on after "Code" is not taken for a shorter document's
    assert not any(r.ref.document for r in found if r.ref.source_id == "H1.3")


# SYNTHETIC, SEC-style (Appendix numbering in the style of Appendix AG; wording invented)
APPENDIX_PARTS = """\
SECTION G: SECURITY
G7 SECURITY SUB-COMMITTEE
G7.18 The Security Sub-Committee shall act in accordance with Clause 3.2 of Appendix AG.
G7.19 The DCC shall comply with Part 3 of Appendix AG and with clause 5 of the Framework Agreement.
APPENDIX AG: INCIDENT MANAGEMENT POLICY
3 INCIDENT MANAGEMENT
3.1 The DCC shall manage each Incident.
3.2 The DCC shall investigate each Problem.
"""


def test_a_clause_or_part_of_an_appendix_is_that_unit(tmp_path: Path) -> None:
    found = references(version_of(tmp_path, APPENDIX_PARTS))
    assert rows(found, "G7.18") == [("Clause 3.2 of Appendix AG", ["AG:3.2"], "resolved")]
    assert rows(found, "G7.19") == [("Part 3 of Appendix AG", ["AG:3"], "resolved"),
                                    ("clause 5 of the Framework Agreement", [], "external")]


def test_renumbering_a_paragraph_rewrites_its_sub_paragraphs_citations(tmp_path: Path) -> None:
    text = renumbered(version_of(tmp_path, QUALIFIED), "C4.5(b)", "C4.5(c)")["C4.4(f)"]
    assert text.startswith("comply with sub-paragraph (i) of paragraph (c) of Section C4.5 and ")


def test_renumbering_a_paragraph_rewrites_a_relative_paragraph_and_sub_paragraph(tmp_path: Path) -> None:
    # SYNTHETIC, SEC-style: "paragraph (b)(ii) below" names both labels
    version = version_of(tmp_path, """\
SECTION C: GOVERNANCE
C4 ELECTIONS
C4.5 The Panel shall:
(a) act under paragraph (b)(ii) below; and
(b) notify:
(i) each Party; and
(ii) the Authority.
""")
    assert renumbered(version, "C4.5(b)", "C4.5(c)")["C4.5(a)"] == "act under paragraph (c)(ii) below; and"
