"""Reference forms a fourth probe of the finder found misread (refs4), each on a small SYNTHETIC
SEC-style version: invented clauses in the SEC's drafting style, not SEC text."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import rows, version_of

from redline.amend.engine import apply_modification
from redline.check import check
from redline.graph import analyse
from redline.models import Instruction, Modification, UnitKind, Version
from redline.refs import Resolution, references, without_code

# SYNTHETIC, SEC-style (clause numbers in the style of Section C; wording invented)
QUALIFIED_LISTS = """\
SECTION C: GOVERNANCE
C4 ELECTIONS
Election Results
C4.2 The Panel shall:
(a) publish the results of each election;
(b) notify each Party of the results; and
(c) report to the Authority.
Election Duties
C4.3 The Code Administrator shall:
(a) hold each election;
(b) notify the Panel of the results; and
(c) keep a record.
C4.4 Each Voting Group shall:
(a) comply with paragraph (b) of Section C4.2 and (a) of Section C4.3;
(b) comply with paragraphs (a) and (b) of Section C4.2 and paragraph (c) of Section C4.3;
(c) comply with paragraph (b) of Section C4.2, (a) of Section C4.3 and (c) of Section C4.3;
(d) comply with paragraph (b) of Section C4.2 or (a) and (c) of Section C4.3;
(e) comply with Section C4.2(b) and (a) of Section C4.3;
(f) comply with paragraph (b) of Section C4.2 and (a) of Section Q4.3;
(g) comply with paragraphs (b) and (a) of Section C4.3 and Section C4.2(a), (b) and (c);
(h) comply with paragraph (b) of Section C4.2 and (a) of Section C4.3 (Election Duties);
(i) comply with Section C4.2 (c), Sections C4.2 (a) and C4.3 (b) and Section C4 (Elections).
"""


@pytest.fixture()
def qualified(tmp_path: Path) -> list[Resolution]:
    return references(version_of(tmp_path, QUALIFIED_LISTS))


def test_labels_after_a_qualified_paragraph_with_their_own_clause_are_that_clauses(
        qualified: list[Resolution]) -> None:
    # "(a) of Section C4.3" had been lost: the reference ended at C4.2, "Section C4.3" read alone
    assert rows(qualified, "C4.4(a)") == [
        ("paragraph (b) of Section C4.2 and (a) of Section C4.3", ["C4.2(b)", "C4.3(a)"], "resolved")]
    assert rows(qualified, "C4.4(c)") == [
        ("paragraph (b) of Section C4.2, (a) of Section C4.3 and (c) of Section C4.3",
         ["C4.2(b)", "C4.3(a)", "C4.3(c)"], "resolved")]
    assert rows(qualified, "C4.4(d)") == [
        ("paragraph (b) of Section C4.2 or (a) and (c) of Section C4.3", ["C4.2(b)", "C4.3(a)", "C4.3(c)"],
         "resolved")]


def test_each_qualified_paragraph_written_out_is_its_own_reference(qualified: list[Resolution]) -> None:
    assert rows(qualified, "C4.4(b)") == [
        ("paragraphs (a) and (b) of Section C4.2", ["C4.2(a)", "C4.2(b)"], "resolved"),
        ("paragraph (c) of Section C4.3", ["C4.3(c)"], "resolved")]


def test_a_label_after_a_clauses_paragraph_with_its_own_clause_is_not_the_first_clauses(
        qualified: list[Resolution]) -> None:
    # "Section C4.2(b) and (a) of Section C4.3" had been C4.2(b) and C4.2(a), then C4.3 alone
    assert rows(qualified, "C4.4(e)") == [
        ("Section C4.2(b) and (a) of Section C4.3", ["C4.2(b)", "C4.3(a)"], "resolved")]


def test_an_absent_second_clause_is_unresolved(qualified: list[Resolution]) -> None:
    found = [r for r in qualified if r.ref.source_id == "C4.4(f)"]
    assert [(r.ref.text, r.target_ids, r.missing, r.status.value) for r in found] == [
        ("paragraph (b) of Section C4.2 and (a) of Section Q4.3", ["C4.2(b)", "Q4.3(a)"], ["Q4.3(a)"],
         "unresolved")]


def test_labels_listed_together_and_labels_after_an_id_are_read_as_before(qualified: list[Resolution]) -> None:
    assert rows(qualified, "C4.4(g)") == [
        ("paragraphs (b) and (a) of Section C4.3", ["C4.3(b)", "C4.3(a)"], "resolved"),
        ("Section C4.2(a), (b) and (c)", ["C4.2(a)", "C4.2(b)", "C4.2(c)"], "resolved")]


def test_a_bracket_after_the_last_clause_quotes_its_heading(qualified: list[Resolution]) -> None:
    [res] = [r for r in qualified if r.ref.source_id == "C4.4(h)"]
    assert (res.target_ids, res.quoted_heading) == (["C4.2(b)", "C4.3(a)"], "Election Duties")
    assert res.heading_uid is not None and res.heading_uid.endswith("C4.3")


def test_a_label_a_space_after_a_clauses_number_is_that_clauses(qualified: list[Resolution]) -> None:
    # "Section C4.2 (c)" (a space, as a report or a join of PDF lines writes it) had been C4.2 alone
    assert rows(qualified, "C4.4(i)") == [
        ("Section C4.2 (c)", ["C4.2(c)"], "resolved"),
        ("Sections C4.2 (a) and C4.3 (b)", ["C4.2(a)", "C4.3(b)"], "resolved"),
        ("Section C4", ["C4"], "resolved")]


def test_renumbering_the_second_clause_rewrites_its_part_of_the_reference(tmp_path: Path) -> None:
    mod = Modification("SECMP9999", "synthetic", "", "test.toml",
                       instructions=[Instruction(1, "renumber", {"unit": "C4.3", "to": "C4.3A"})])
    amended = apply_modification(version_of(tmp_path, QUALIFIED_LISTS), mod).version
    assert amended.get("C4.4(a)").text == "comply with paragraph (b) of Section C4.2 and (a) of Section C4.3A;"
    assert amended.get("C4.4(e)").text == "comply with Section C4.2(b) and (a) of Section C4.3A;"


# SYNTHETIC, SEC-style (Section D's clause numbers; wording invented), with OCR's letter l for the
# digit 1 at the end of a clause number
L_FOR_ONE = """\
SECTION D: MODIFICATION PROCESS
D1 RAISING MODIFICATION PROPOSALS
D1.1 Any Party may raise a Modification Proposal.
D1.2 Proposals under Section D1.l, Sections D1.l and D1.2, Clause D1.ll, Section D1.1l and Section D1.l(a) are raised.
D1.3 D1.leaving, Section D1.leaving and Dl.l stay as written, and so does Section D1.1l0n.
D1.11 The Panel may raise a Modification Proposal.
"""


def test_a_letter_l_ending_a_clause_number_after_section_is_repaired_and_reported(tmp_path: Path) -> None:
    version = version_of(tmp_path, L_FOR_ONE)
    assert version.get("D1.2").text == ("Proposals under Section D1.1, Sections D1.1 and D1.2, Clause D1.11, "
                                        "Section D1.11 and Section D1.1(a) are raised.")
    assert version.get("D1.3").text == "D1.leaving, Section D1.leaving and Dl.l stay as written, and so does " \
                                       "Section D1.1l0n."
    [repair] = version.report.repairs
    assert (repair.position.line, repair.reason) == (4, "letter l read for the digit 1")
    assert repair.original == L_FOR_ONE.splitlines()[3] and repair.repaired.endswith("Section D1.1(a) are raised.")
    assert rows(references(version), "D1.2") == [
        ("Section D1.1", ["D1.1"], "resolved"),
        ("Sections D1.1 and D1.2", ["D1.1", "D1.2"], "resolved"),
        ("Section D1.11", ["D1.11"], "resolved"),
        ("Section D1.1(a)", ["D1.1(a)"], "unresolved")]


def test_a_clause_number_opening_its_line_with_a_letter_l_is_repaired_and_starts_its_clause(tmp_path: Path) -> None:
    text = ("SECTION D: MODIFICATION PROCESS\nD1 RAISING MODIFICATION PROPOSALS\nD1.l Any Party may raise a "
            "Modification Proposal.\nD1.2 The Panel shall consider it.\nD1.3 D1.leaving the Panel stays.\n")
    version = version_of(tmp_path, text)
    assert [u.id for u in version.units() if u.kind is UnitKind.CLAUSE] == ["D1.1", "D1.2", "D1.3"]
    assert version.get("D1.1").text == "Any Party may raise a Modification Proposal."
    [repair] = version.report.repairs
    assert (repair.position.line, repair.original[:5], repair.repaired[:5]) == (3, "D1.l ", "D1.1 ")


# SYNTHETIC, SEC-style (Appendix and Schedule numbering in the SEC's style; wording invented)
SCHEDULES_AND_APPENDICES = """\
SECTION M: GENERAL
M1 INTERPRETATION
M1.1 Each Party shall comply with Schedules 1 and 2, Schedule 3, Schedules 4 to 6 and Schedules 7-8.
M1.2 The DCC shall comply with Appendices A and B, Appendices AA to AC, Appendix C, D and E, \
Appendices Y to AB, Appendices A–B and Appendix AG (Incident Management Policy).
M1.3 Nothing in Schedule 1 of an Accession Agreement, paragraph 5 of Schedule 2 to the Energy Act 2008, \
paragraph 1.1 of Appendix B or Appendices B to A applies, and the Appendices to this Code are part of it.
APPENDIX A: FIRST SYNTHETIC APPENDIX
1 PURPOSE
1.1 This Appendix applies.
APPENDIX B: SECOND SYNTHETIC APPENDIX
1 PURPOSE
1.1 This Appendix applies.
APPENDIX AG: INCIDENT MANAGEMENT POLICY
1 PURPOSE
1.1 This Appendix applies.
"""


@pytest.fixture()
def coded(tmp_path: Path) -> tuple[Version, list[Resolution]]:
    version = version_of(tmp_path, SCHEDULES_AND_APPENDICES)
    return version, without_code(references(version))


def test_schedules_their_lists_and_ranges_are_references_unresolved_without_the_schedule(
        coded: tuple[Version, list[Resolution]]) -> None:
    # these had been no references at all (a Schedule was only another document's part)
    version, found = coded
    assert rows(found, "M1.1") == [
        ("Schedules 1 and 2", ["Schedule 1", "Schedule 2"], "unresolved"),
        ("Schedule 3", ["Schedule 3"], "unresolved"),
        ("Schedules 4 to 6", ["Schedule 4", "Schedule 5", "Schedule 6"], "unresolved"),
        ("Schedules 7-8", ["Schedule 7", "Schedule 8"], "unresolved")]
    assert {r.ref.kind.value for r in found if r.ref.source_id == "M1.1"} == {"schedule"}
    assert [f.message for f in check(version, *analyse(version)[:3]) if f.unit == "M1.1"][0] == \
        "'Schedules 1 and 2' cites Schedule 1, Schedule 2, not in this version"


def test_appendix_lists_and_ranges_are_each_appendix(coded: tuple[Version, list[Resolution]]) -> None:
    # "Appendix C, D and E" had been Appendix C alone; the plural "Appendices" had not been read
    _, found = coded
    assert rows(found, "M1.2") == [
        ("Appendices A and B", ["Appendix A", "Appendix B"], "resolved"),
        ("Appendices AA to AC", ["Appendix AA", "Appendix AB", "Appendix AC"], "unresolved"),
        ("Appendix C, D and E", ["Appendix C", "Appendix D", "Appendix E"], "unresolved"),
        ("Appendices Y to AB", ["Appendix Y", "Appendix Z", "Appendix AA", "Appendix AB"], "unresolved"),
        ("Appendices A–B", ["Appendix A", "Appendix B"], "resolved"),
        ("Appendix AG", ["Appendix AG"], "resolved")]
    [last] = [r for r in found if r.ref.text == "Appendix AG"]
    assert last.quoted_heading == "Incident Management Policy" and last.heading_uid is not None


def test_another_documents_schedule_stays_external_and_a_backwards_range_is_unresolved(
        coded: tuple[Version, list[Resolution]]) -> None:
    _, found = coded
    assert [(text, status) for text, _, status in rows(found, "M1.3")] == [
        ("Schedule 1 of an Accession Agreement", "external"),
        ("paragraph 5 of Schedule 2 to the Energy Act 2008", "external"),
        ("paragraph 1.1 of Appendix B", "resolved"),
        ("Appendices B to A", "unresolved")]
    [backwards] = [r for r in found if r.ref.text == "Appendices B to A"]
    assert backwards.target_ids[0] == "Appendix B" and backwards.target_ids[-1] == "Appendix A"
    assert "running backwards" in backwards.target_ids[1]


def test_a_paragraph_written_after_its_appendix_is_that_appendixs(tmp_path: Path) -> None:
    """"Appendix AG paragraph 3.2" had been Appendix AG and, apart, the citing unit's own
    "paragraph 3.2": in another Appendix, that Appendix's 3.2, resolved and wrong (SYNTHETIC)."""
    version = version_of(tmp_path, "SECTION H: SYNTHETIC\nH1 GENERAL\nH1.1 The DCC shall comply with Appendix AG "
                         "paragraphs 3.1 and 3.2.\nAPPENDIX AG: SYNTHETIC PROCEDURE\n3 PROCESS\n3.1 The DCC shall "
                         "act.\n3.2 The DCC shall report.\nAPPENDIX L: SYNTHETIC RULES\n3 PROCESS\n3.1 The DCC "
                         "shall act.\n3.2 The DCC shall follow Appendix AG paragraph 3.1.\n")
    found = references(version)
    assert rows(found, "H1.1") == [("Appendix AG paragraphs 3.1 and 3.2", ["AG:3.1", "AG:3.2"], "resolved")]
    assert rows(found, "L:3.2") == [("Appendix AG paragraph 3.1", ["AG:3.1"], "resolved")]
