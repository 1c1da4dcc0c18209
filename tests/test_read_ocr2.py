"""OCR slips and page furniture in the text reader and in legal text (findings of the PDF/OCR probe).

Every fixture here is synthetic: SEC-style text built around SEC 5.18 wording, or seed 000 with
its footers' number changed, as another modification's legal text would read.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SEED_000

from redline.instructions import read_instructions
from redline.models import ReadReport
from redline.read import patterns as pat
from redline.read.structure import TreeBuilder
from redline.read.text import read_text_file


def _issues(draft) -> list[tuple[str, str, str]]:
    return [(i.severity, i.where, i.message) for i in draft.issues]


# --- 1. run-in footers of any modification, and a running header in quoted text ---------------------


@pytest.fixture(scope="module")
def seed_draft(base):
    return read_instructions(SEED_000, base)


def test_run_in_footers_of_another_modification_read_as_the_seeds_do(seed_draft, base, tmp_path):
    """Seed 000 with its footers' number changed from 0049 to 0071 (synthetic): every run-in footer
    ("changegtP0071 - Draft", "includefeg 0071 - brat") is set aside as 0049's are; they had been
    written as amendment words, and `apply` wrote them into the Code."""
    text, count = re.subn(r"49(?= - (?:Draft|brat)$)", "71", SEED_000.read_text(encoding="utf-8"), flags=re.M)
    assert count == 7
    variant = tmp_path / "secmp0049-footers-0071.txt"
    variant.write_text(text, encoding="utf-8")
    draft = read_instructions(variant, base)
    assert draft.instructions == seed_draft.instructions
    assert _issues(draft) == _issues(seed_draft)
    assert not any("71 - " in str(step) for i in draft.instructions for step in i.get("replace", []))


@pytest.mark.parametrize("line, keep", [
    ("implementation of changegtP0071 - Draft", "implementation of"),
    ("and subject t@tagiroo71 - Draft", "and subject"),
    ("(such report to includefeg 0123 - brat", "(such report to includefeg"),
    ("insofar as such Disputes relatg ¢p0o07 - Draft", "insofar as such Disputes relatg"),
])
def test_a_footer_number_glued_to_garbage_is_cut_from_the_line(line, keep):
    m = pat.FOOTER_TAIL.fullmatch(line)
    assert m and m["keep"].rstrip() == keep


@pytest.mark.parametrize("line", [
    "the Panel shall consider the Draft",
    "as set out in paragraph 49 - Draft",
    "the Code Administrator shall publish version 2.0 - Draft",
    "the Modification Proposal - Draft",
])
def test_real_words_ending_in_draft_are_no_footer(line):
    assert pat.FOOTER_TAIL.fullmatch(line) is None


_L117K = ("(k) to provide the Panel, the Change Board, the Change Sub-Committee and Working Groups with support "
          "and advice in respect of Draft Proposals and Modification Proposals that")


def test_a_running_header_copied_into_quoted_text_is_set_aside_and_noted(base, tmp_path):
    """SEC-style legal text (synthetic) whose quoted L1.17(k) has the running header "Smart Energy Code"
    on a line of its own: it had become inserted words."""
    path = tmp_path / "lt.txt"
    path.write_text("\n".join([
        "SECMP0099 legal text", "Section L ‘Smart Metering Key Infrastructure and DCC Key Infrastructure’",
        "Amend Section L1.17 as follows:", "L1.17 The SMKI PMA shall undertake the following duties:", "[...]",
        _L117K, "Smart Energy Code", "provide for variations to the SMKI SEC Documents or the DCCKI SEC Documents;",
    ]) + "\n", encoding="utf-8")
    draft = read_instructions(path, base)
    written = " ".join(step["with"] for i in draft.instructions for step in i.get("replace", []))
    assert "Draft Proposals" in written and "Smart Energy Code" not in written
    assert any(i.severity == "note" and "set aside as page furniture" in i.message and "l.7" in i.message
               for i in draft.issues)


# --- 2. OCR-slipped list labels -------------------------------------------------------------------

SECTION_L = Path(__file__).resolve().parent.parent / "corpus" / "sec-5.18" / "section-L.txt"


def _read(path: Path):
    report = ReadReport()
    builder = TreeBuilder(path.stem, report)
    for block in read_text_file(path, report):
        builder.feed(block)
    return builder.finish(), report


@pytest.mark.parametrize("clean, slipped, unit", [
    ("(o) to exercise such functions", "(0) to exercise such functions", "L1.17(o)"),
    ("(ii) the SMKI RAPP;", "(11) the SMKI RAPP;", "L1.17(d)(ii)"),
    ("(vi) the SMKI Recovery Procedure,", "(vl) the SMKI Recovery Procedure,", "L1.17(d)(vi)"),
    ("(l) to provide assurance", "(I) to provide assurance", "L1.17(l)"),
])
def test_a_slipped_label_the_neighbours_expect_is_repaired_with_its_line(tmp_path, clean, slipped, unit):
    """Section L with one label slipped by OCR (a synthetic variation): the slip is read as the label
    the list expects, with a repair line; it had been folded into the paragraph before ("(0)",
    "(11)", "(vl)"), or opened a capital sub-list, and (m) with it ("(I)")."""
    text = SECTION_L.read_text(encoding="utf-8")
    assert text.count(clean) == 1
    line = text[:text.index(clean)].count("\n") + 1
    path = tmp_path / "section-L.txt"
    path.write_text(text.replace(clean, slipped), encoding="utf-8")
    version, report = _read(path)
    truth, _ = _read(SECTION_L)
    assert [(u.id, u.text) for u in version.units()] == [(u.id, u.text) for u in truth.units()]
    assert version.get(unit).text.startswith(clean.split(" ", 1)[1])
    assert [(r.position.line, r.original, r.repaired) for r in report.repairs] == [
        (line, slipped.split()[0], clean.split()[0])]


_SYNTHETIC_LIST = """SECTION X: SYNTHETIC SEC-STYLE SECTION
X1 SYNTHETIC PART
X1.1 The Panel shall:
(a) review the synthetic report;
{label} publish the synthetic notice; and
(c) notify each Party.
"""


@pytest.mark.parametrize("label", ["(0)", "(11)", "(vl)", "(I)"])
def test_a_slipped_label_no_neighbour_expects_is_reported(tmp_path, label):
    """Where the list expects "(b)", a slip that reads as no such label is reported with its line
    (never silently words of (a), never a sub-list "(a)(I)" nobody expects)."""
    path = tmp_path / "x.txt"
    path.write_text(_SYNTHETIC_LIST.format(label=label), encoding="utf-8")
    version, report = _read(path)
    assert [(f.position.line, f.kind) for f in report.findings] == [(5, "unreadable-label")]
    assert label in report.findings[0].message
    assert {u.id for u in version.units()} >= {"X1.1(a)", "X1.1(c)"}
    assert not any(u.id.startswith("X1.1(a)(") for u in version.units())


# --- 3. table rows and short wrapped lines are words, not furniture --------------------------------

_TABLE = ("SECTION G: SECURITY\nG7 SECURITY SUB-COMMITTEE\n"
          "G7.21 Notwithstanding Section D6.3, the Security Sub-Committee shall give the following notices "
          "within the number of Working Days set out below:\n"
          "Notice of nomination of a synthetic representative\tthe Security Sub-Committee\t5\n"
          "Notice of withdrawal of a representative under Section D6.6\tthe Security Sub-Committee\t10\n"
          "G7.22 For the purposes of Section D7.1, the Security Sub-Committee may make written representations.\n")


def test_a_table_row_ending_in_a_number_outside_a_contents_block_is_words(tmp_path):
    """A synthetic table copied as text, cells separated by tabs, its last cell a number: its rows
    are G7.21's words (they had been dropped as contents entries, with the reference to D6.6)."""
    path = tmp_path / "table.txt"
    path.write_text(_TABLE, encoding="utf-8")
    version, report = _read(path)
    text = version.get("G7.21").text
    assert text.endswith("Notice of withdrawal of a representative under Section D6.6 the Security Sub-Committee 10")
    assert "synthetic representative the Security Sub-Committee 5" in text
    assert not report.dropped


def test_tab_entries_under_a_contents_heading_are_still_a_table_of_contents(tmp_path):
    path = tmp_path / "contents.txt"
    path.write_text("Contents\nSECTION G: SECURITY\t1\nG7 SECURITY SUB-COMMITTEE\t2\n\nA1 DEFINITIONS........3\n"
                    "G7 SECURITY SUB-COMMITTEE\t2\n" + _TABLE, encoding="utf-8")
    version, report = _read(path)
    assert [pos.line for pos, _ in report.dropped] == [1, 2, 3, 5, 6]
    assert "Security Sub-Committee 10" in version.get("G7.21").text


_SHORT = """SECTION L: SMART METERING KEY INFRASTRUCTURE AND DCC KEY INFRASTRUCTURE
L1 SMKI POLICY MANAGEMENT AUTHORITY
L1.17 The SMKI PMA shall undertake the following duties:
(a) to approve the Device CPS, and any changes to it, in accordance with Section
L9;
(b) to propose variations to the SMKI SEC Documents, as further described in Section L1.19, within
28
days of the date on which the Panel so requests;
(c) to provide assurance in accordance with Section L2 (SMKI Assurance) and Section
X2.
"""


def test_a_short_wrapped_line_after_a_line_running_on_is_words(tmp_path):
    """SEC-style L1.17 wording (synthetic wraps): "L9;", "28" and "X2." end the line before
    (they had been dropped as furniture, and the references to L9 and X2 lost); the number,
    which could be a page number, is warned of with its line."""
    path = tmp_path / "short.txt"
    path.write_text(_SHORT, encoding="utf-8")
    version, report = _read(path)
    assert version.get("L1.17(a)").text.endswith("in accordance with Section L9;")
    assert "Section L1.19, within 28 days of the date" in version.get("L1.17(b)").text
    assert version.get("L1.17(c)").text.endswith("(SMKI Assurance) and Section X2.")
    assert not report.dropped
    assert [(f.position.line, f.kind) for f in report.findings] == [(7, "continuation-guess")]


def test_a_number_kept_as_words_in_legal_text_is_noted(base, tmp_path):
    """In legal text (synthetic wraps of L1.17(b)) the guess is a note of the rules, with its line."""
    path = tmp_path / "lt.txt"
    path.write_text("SECMP0099 legal text\nAmend Section L1.17 as follows:\n"
                    "(b) to propose variations to the SMKI SEC Documents, as further described in Section L1.19, "
                    "within\n28\ndays of the date on which the Panel so requests;\n", encoding="utf-8")
    draft = read_instructions(path, base)
    assert [i.where for i in draft.issues if "'28' read as words of the line before" in i.message] == ["l.4"]


def test_a_page_number_after_a_sentence_is_still_furniture(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(_SHORT.replace("Section\nL9;", "Section L9;\n28"), encoding="utf-8")
    version, report = _read(path)
    assert [(pos.line, text) for pos, text in report.dropped] == [(5, "28")]
    assert version.get("L1.17(a)").text.endswith("Section L9;")


# --- 4. "Sectlon" and other one-letter slips of "Section" before an id ------------------------------

_SLIPPED = """SECTION C: GOVERNANCE
C7 CODE ADMINISTRATOR
C7.2 The Code Administrator shall:
(i) facilitate a synthetic process, as set out in Sectton D (Modification Process);
(j) without prejudice to the generality of Sectlon C7.2(i), provide support, in accordance with Secfion D1.3;
(k) act as the sectlon of the Panel, in accordance with Section C3 and the Sectlons C4 to C5.
"""


def test_a_slipped_section_before_an_id_is_repaired_with_its_line(tmp_path):
    """Synthetic SEC-style C7.2: "Sectton D", "Sectlon C7.2(i)", "Secfion D1.3" and "Sectlons C4"
    read "Section", each line's repair reported; "sectlon" before no id is left as it stands."""
    path = tmp_path / "c.txt"
    path.write_text(_SLIPPED, encoding="utf-8")
    version, report = _read(path)
    assert version.get("C7.2(i)").text.endswith("as set out in Section D (Modification Process);")
    assert "generality of Section C7.2(i), provide support, in accordance with Section D1.3;" in \
        version.get("C7.2(j)").text
    assert version.get("C7.2(k)").text == ("act as the sectlon of the Panel, in accordance with Section C3 and the "
                                           "Sections C4 to C5.")
    assert [(r.position.line, r.reason) for r in report.repairs] == [
        (4, "letter slip in 'Section' before an id"), (5, "letter slip in 'Section' before an id"),
        (6, "letter slip in 'Section' before an id")]


@pytest.mark.parametrize("line", ["as set out in Section D", "the Sections C4 to C5", "the Selection D of",
                                  "in the Sectlon of", "the Suction of C4", "the Election D"])
def test_no_section_slip_where_there_is_none(line):
    assert pat.SECTION_SLIP.search(line) is None


@pytest.mark.parametrize("slip", ["Sectlon", "Sectton", "Secfion", "Sect1on", "$ection", "Sectior", "Sectlons"])
def test_every_section_slip_holds_a_cue_the_reader_checks_first(slip):
    line = f"in accordance with {slip} D1.3"
    assert pat.SECTION_SLIP.search(line) and ("ect" in line or "ion" in line)


def test_an_instruction_line_with_a_slipped_section_is_read_and_noted(base, tmp_path):
    path = tmp_path / "lt.txt"
    path.write_text("SECMP0099 legal text\nSection C ‘Governance’\nAmend Sectlon C7.2(j) as follows:\n"
                    "(j) without prejudice to the generality of Section C7.2(i), provide support and assistance to "
                    "the Proposer of a Draft Proposal or Modification Proposal, including assistance in understanding "
                    "this Code so as to properly frame any subsequent Modification Proposal,\n", encoding="utf-8")
    draft = read_instructions(path, base)
    assert [i["unit"] for i in draft.instructions] == ["C7.2(j)"]
    assert not [i for i in draft.issues if i.severity == "unresolved"]
    assert any(i.where == "l.3" and "'Amend Section C7.2(j) as follows:'" in i.message for i in draft.issues)


# --- 5. line-end hyphenation joined where the document has the word unbroken -----------------------

_HYPHENATED = """SECTION G: SECURITY
G7 SECURITY SUB-COMMITTEE
G7.18 The Security Sub-
Committee shall:
(a) review the synthetic Security Requirements;
(d) monitor the effective impl-
ementation of the measures identified in the Security Requ-
irements;
(e) notify the Code Administrator.
"""


def test_a_word_broken_by_line_end_hyphenation_is_joined_with_a_repair(tmp_path):
    """Synthetic SEC-style G7.18: "Requ-" + "irements" is "Requirements", which (a) has unbroken,
    with a repair line; "Sub-" + "Committee" stays (the document has it hyphenated), and so does
    "impl-" + "ementation" (no "implementation" elsewhere: no evidence)."""
    path = tmp_path / "g.txt"
    path.write_text(_HYPHENATED, encoding="utf-8")
    version, report = _read(path)
    assert version.get("G7.18").text == "The Security Sub-Committee shall:"
    assert version.get("G7.18(d)").text == ("monitor the effective impl-ementation of the measures identified in the "
                                            "Security Requirements;")
    assert [(r.position.line, r.original, r.repaired) for r in report.repairs] == [
        (8, "Requ-irements", "Requirements")]


def test_a_hyphenated_word_the_document_also_has_hyphenated_stays(tmp_path):
    path = tmp_path / "g.txt"
    path.write_text(_HYPHENATED.replace("(e) notify the Code Administrator.",
                                        "(e) notify the Code Administrator of the Requ-irements."), encoding="utf-8")
    version, report = _read(path)
    assert "Security Requ-irements;" in version.get("G7.18(d)").text
    assert not report.repairs


def test_two_broken_words_of_one_paragraph_are_both_joined_in_order(tmp_path):
    path = tmp_path / "g.txt"
    path.write_text(_HYPHENATED.replace("(e) notify the Code Administrator.",
                                        "(e) notify the Code Administrator of the implementation."), encoding="utf-8")
    version, report = _read(path)
    assert version.get("G7.18(d)").text == ("monitor the effective implementation of the measures identified in the "
                                            "Security Requirements;")
    assert [(r.position.line, r.repaired) for r in report.repairs] == [(7, "implementation"), (8, "Requirements")]
