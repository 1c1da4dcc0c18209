"""Reference forms a fourth probe of the finder found misread (refs4), each on a small SYNTHETIC
SEC-style version: invented clauses in the SEC's drafting style, not SEC text."""

from __future__ import annotations

from pathlib import Path

import pytest

from redline.amend.engine import apply_modification
from redline.models import Instruction, Modification, Version
from redline.read import read_version
from redline.refs import Resolution, references


def version_of(tmp_path: Path, text: str, name: str = "section.txt") -> Version:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_version([path])


def rows(found: list[Resolution], source: str) -> list[tuple[str, list[str], str]]:
    return [(r.ref.text, r.target_ids, r.status.value) for r in found if r.ref.source_id == source]


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
(h) comply with paragraph (b) of Section C4.2 and (a) of Section C4.3 (Election Duties).
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
