"""The plain-text reader: the bundled corpus, the raw seed 000 file, and bad input."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import BASE_DIR, SEED_000

from redline.cli import main
from redline.models import LIST_KINDS, Position, ReadReport, RedlineError, UnitKind, Version
from redline.read import read_version
from redline.read.structure import TreeBuilder
from redline.read.text import read_text_file, text_blocks

#: Units the seed quotes, with the ids the SEC gives them.
QUOTED = ["C2.3", "C2.3(d)", "C2.3(f)", "C2.3(f)(i)", "C2.3(f)(ii)", "C7.2", "C7.2(i)", "C7.2(j)", "F1.4",
          "F1.4(a)", "F1.4(b)", "F1.6", *[f"G7.18({c})" for c in "abcdefghi"], "G7.19(b)", "G7.20(b)", "G7.21",
          "G7.22(a)(ii)", "L1.17(d)", "L1.17(d)(vi)", "L1.17(p)", "L1.18", "L1.19(b)", "L8.11", "L10.24(b)(ii)",
          "L13.55(b)(ii)", "M5.1", "M8.5(c)(ii)", "Z1.6(a)(iii)", "Z1.6(d)", "AG:3.2.4"]
DEFINITIONS = ["Alternative Solution", "Modification Proposal", "Path 1 Modification", "Path 2 Modification",
               "Path 3 Modification", "Proposer", "Significant Code Review Phase"]


def test_parse_lists_every_quoted_clause_and_definition_with_its_id():
    result = CliRunner().invoke(main, ["parse", str(BASE_DIR), "--format", "json"])
    assert result.exit_code == 0, result.output
    units = json.loads(result.stdout)
    ids = [u["id"] for u in units]
    assert set(QUOTED) <= set(ids)
    assert [u["id"] for u in units if u["kind"] == "definition"] == [f"A1.1:{d}" for d in DEFINITIONS]
    assert len(ids) == len(set(ids))
    record = next(u for u in units if u["id"] == "G7.18")
    assert record["heading"] == "Monitoring and Advice" and record["parent"] == "G7"
    assert record["text"] == "The Security Sub-Committee shall:" and record["source"].endswith("section-G.txt:8")


def test_tails_headings_and_levels(base):
    assert base.get("G7.19").tail == "and the Code Administrator shall comply with such process."
    assert base.get("L1.17(d)").tail.startswith("and (where the SMKI PMA considers it appropriate")
    assert base.get("L1.19").heading == "Modification of the SMKI SEC Documents by the SMKI PMA"
    assert base.get("L1.17(d)(iv)").kind is UnitKind.SUBPARAGRAPH
    assert base.get("D").heading == "MODIFICATION PROCESS" and base.get("Appendix AG").kind is UnitKind.APPENDIX
    assert base.get("A1.1:Significant Code Review Phase(d)").text.startswith("the date 28 days")


def read_leniently(path) -> Version:
    """A file read as fragments are (a duplicate id a finding, not an error)."""
    report = ReadReport()
    builder = TreeBuilder(path.stem, report)
    for block in read_text_file(path, report):
        builder.feed(block)
    return builder.finish(strict=False)


def test_the_raw_seed_yields_its_clauses_with_every_repair_reported():
    seed = read_leniently(SEED_000)
    ids = {u.id for u in seed.units()}
    for clause in ("C2.3", "C7.2", "F1.4", "F1.6", "G7.18", "G7.19", "G7.20", "G7.21", "G7.22", "L1.17", "L1.18",
                   "L1.19", "L8.11", "L10.24", "L13.55", "M5.1", "M8.5", "Z1.6"):
        assert clause in ids, clause
    repairs = {(r.original, r.repaired) for r in seed.report.repairs}
    assert ("1.19", "L1.19") in repairs
    assert ("(©)", "(c)") in repairs and ("(€)", "(e)") in repairs and ("(9)", "(g)") in repairs
    assert any(r.repaired.startswith("Add the following new definitions into Section A1.1")
               for r in seed.report.repairs)
    assert ("(i)", "(ii)") in repairs
    assert ("L13.55Where", "L13.55 Where") in repairs
    dropped = [text for _, text in seed.report.dropped]
    assert any("Page 4 of 16" in t for t in dropped)
    assert any(c.text.startswith("Deleted:") for c in seed.report.comments)
    assert all("Dele" not in u.text.split() for u in seed.units())
    assert seed.report.unplaced and any("This document contains" in t for _, t in seed.report.unplaced)
    assert "Amend Section C2.3 as follows" in seed.get("C").text  # the Section's preamble


def test_the_raw_seed_is_refused_as_a_version_naming_both_places_of_a_duplicate():
    """Seed 000 is legal text, not a version: its OCR slips give L1.17(f)(i) twice."""
    result = CliRunner().invoke(main, ["parse", str(SEED_000)])
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("redline: error: ") and "L1.17(f)(i) appears twice" in line
    assert f"{SEED_000}:436" in line and f"{SEED_000}:453" in line


def test_the_cli_reports_repairs_and_unplaced_text_on_stderr(tmp_path):
    text = tmp_path / "section-l.txt"
    text.write_text("Amend Section L1.19 as follows:\nSECTION L: SMKI\nL1.18 The SMKI PMA shall act.\n"
                    "1.19 Notwithstanding Section D1.3 (Persons Entitled to Submit Draft Proposals):\n",
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", str(text)])
    assert result.exit_code == 0
    assert "repair: " in result.stderr and "'1.19' -> 'L1.19'" in result.stderr
    assert "line(s) fit no clause" in result.stderr


def blocks(lines: list[str]) -> ReadReport:
    report = ReadReport()
    builder = TreeBuilder("t", report)
    for block in text_blocks(lines, "t.txt", report):
        builder.feed(block)
    builder.finish()
    return report


def test_a_repeated_clause_id_is_an_error_naming_both_places(tmp_path):
    first, second = tmp_path / "section-c.txt", tmp_path / "section-c2.txt"
    first.write_text("SECTION C: GOVERNANCE\nC2.3 First text.\n", encoding="utf-8")
    second.write_text("SECTION C: GOVERNANCE\nC2.3 Second text.\n", encoding="utf-8")
    with pytest.raises(RedlineError) as caught:
        read_version([tmp_path])
    assert str(caught.value) == f"{second}:2: C2.3 appears twice: at {first}:2 and at {second}:2"


def test_a_repeated_number_in_one_file_is_read_as_words_with_a_warning():
    report = blocks(["SECTION C: GOVERNANCE", "C2.3 First text.", "C2.3 Second text."])
    [finding] = [f for f in report.findings if f.kind == "continuation-guess"]
    assert finding.position.line == 3 and "C2.3 does not follow C2.3" in finding.message


def test_words_beginning_de_are_text_not_balloons():
    report = ReadReport()
    builder = TreeBuilder("t", report)
    for block in text_blocks(["SECTION L: X", "L1.17 Duties:", "(a) Device Certificate Policy;", "Dele"], "t.txt",
                             report):
        builder.feed(block)
    version = builder.finish()
    assert version.get("L1.17(a)").text == "Device Certificate Policy;"
    assert [c.text for c in report.comments] == ["Dele"]


def test_bad_paths_are_one_line_errors(tmp_path):
    odd = tmp_path / "section.rtf"
    odd.write_text("x")
    for path, message in ((tmp_path / "missing.txt", "no such file or directory"),
                          (odd, "unknown format '.rtf'")):
        result = CliRunner().invoke(main, ["parse", str(path)])
        assert result.exit_code == 2
        assert result.stderr.strip() == f"redline: error: {path}: {message}; expected .txt, .docx or .pdf" \
            if "format" in message else result.stderr.strip() == f"redline: error: {path}: {message}"


def test_positions_name_file_and_line():
    assert str(Position("a.txt", 3)) == "a.txt:3" and str(Position("a.pdf", 2, 4)) == "a.pdf p.4:2"


def test_words_that_look_like_furniture_or_headers_stay_the_codes(tmp_path):
    """Whole clauses vanished: a line ending "… on page 4 of 16", one opening "administered by …",
    a line "DCC" or "in;" (three characters: debris), and a wrapped line opening "Appendix AG and …"
    (an Appendix opened, every clause after it its preamble).  A footer run into a line's end is
    cut from it, and reported with its line."""
    path = tmp_path / "section-C.txt"
    path.write_text("SECTION C: GOVERNANCE\nC1 THE PANEL\n"
                    "C1.1 The minutes shall be set out on page 4 of 16\n"
                    "administered by the Code Administrator in accordance with\n"
                    "Appendix AG and the DCC shall comply with it.\n"
                    "C1.2 The Panel shall notify the\nDCC\nof it. Page 3 of 16\n"
                    "C1.3 The Panel shall meet.\n", encoding="utf-8")
    version = read_version([path])
    assert version.get("C1.1").text == (
        "The minutes shall be set out on page 4 of 16 administered by the Code Administrator in accordance "
        "with Appendix AG and the DCC shall comply with it.")
    assert version.get("C1.2").text == "The Panel shall notify the DCC of it."
    assert version.get("C1.3") is not None and version.get("AG") is None
    assert version.report.dropped == [(Position(str(path), 8), "Page 3 of 16")]
    result = CliRunner().invoke(main, ["parse", str(path)])
    assert f"note: 1 line(s) of page furniture dropped: {path}:8: 'Page 3 of 16'" in result.stderr


def _section_c(tmp_path, lines: str) -> Version:
    """A Section C file of ``lines`` under its header and Part C1, read (synthetic wording)."""
    path = tmp_path / "section-C.txt"
    path.write_text(f"SECTION C: GOVERNANCE\nC1 THE PANEL\n{lines}", encoding="utf-8")
    return read_version([path])


def test_a_reference_wrapped_before_its_label_opens_no_paragraph(tmp_path):
    """"… raised under paragraph" + "(b) of Section C4.2 …" made a paragraph C1.2(b) and cited C4.2;
    after "paragraphs (a) and" likewise."""
    version = _section_c(tmp_path, "C1.2 A proposal raised under paragraph\n(b) of Section C4.2 shall be reported.\n"
                                   "C1.3 The Panel shall consider paragraphs (a) and\n(b) of Section C4.2 and decide.\n"
                                   "C1.4 The Panel shall:\n(a) meet;\n(b) decide.\n")
    assert [u.id for u in version.units() if u.kind in (UnitKind.CLAUSE, UnitKind.PARAGRAPH)] == [
        "C1.2", "C1.3", "C1.4", "C1.4(a)", "C1.4(b)"]
    assert version.get("C1.2").text == "A proposal raised under paragraph (b) of Section C4.2 shall be reported."


def test_a_term_wrapped_in_the_left_column_takes_its_words_not_the_reference(tmp_path):
    """"… in" + "Modification Section D2.6 (…)" made the term "Authority Determined Modification
    Section", and the text "… in D2.6": the reference to D2.6 was lost."""
    path = tmp_path / "section-A.txt"
    path.write_text("SECTION A: DEFINITIONS\nA1 DEFINITIONS\nA1.1 In this Code:\nAuthority Determined has the "
                    "meaning given to that expression in\nModification Section D2.6 (Authority Determined "
                    "Modifications).\n", encoding="utf-8")
    definition = read_version([path]).get("A1.1:Authority Determined Modification")
    assert definition is not None and definition.text.endswith("in Section D2.6 (Authority Determined Modifications).")


def test_a_capital_provided_after_a_list_continues_the_clause(tmp_path):
    version = _section_c(tmp_path, "C1.1 The Panel shall:\n(a) meet; and\n(b) decide,\n"
                                   "Provided that the Panel may delegate its duties.\n")
    assert version.get("C1.1").tail == "Provided that the Panel may delegate its duties."
    assert version.get("C1.1(b)").text == "decide,"


def test_a_number_after_a_line_running_on_is_no_clause_lost_its_letter(tmp_path):
    """"… increased by" + "1.5 Per Cent of the Charges." was repaired into a clause C1.5, and the
    real C1.5 folded into its words."""
    version = _section_c(tmp_path, "C1.4 The charge shall be increased by\n1.5 Per Cent of the Charges.\n"
                                   "C1.5 The Panel shall meet monthly.\n")
    assert version.get("C1.4").text == "The charge shall be increased by 1.5 Per Cent of the Charges."
    assert version.get("C1.5").text == "The Panel shall meet monthly."
    assert not version.report.repairs


def test_a_letter_skipped_is_the_next_paragraph_not_a_roman_sub_paragraph(tmp_path):
    """"(a) act;" then "(c) report." made C1.1(a)(c): "c" read as the roman numeral 100, which
    opens no sub-list (a sub-list opens at (i))."""
    version = _section_c(tmp_path, "C1.1 The Panel shall:\n(a) act;\n(c) report.\n"
                                   "C1.2 The Panel shall:\n(a) act:\n(i) first;\n(ii) second; and\n(b) report.\n")
    ids = [u.id for u in version.units() if u.kind in LIST_KINDS]
    assert ids == ["C1.1(a)", "C1.1(c)", "C1.2(a)", "C1.2(a)(i)", "C1.2(a)(ii)", "C1.2(b)"]


def test_a_definitions_row_copied_with_a_tab_is_its_own_definition(tmp_path):
    """A row copied from the definitions table as "term<TAB>text" with no verb had run into the
    definition before it; a row with a verb the reader does not know still does, warned of with
    its line ("Liability and Suspension", a heading, is not warned of)."""
    path = tmp_path / "section-A.txt"
    path.write_text("SECTION A: DEFINITIONS\nA1 DEFINITIONS\nA1.1 In this Code:\nAlpha Party means a Party that "
                    "is first.\nBeta Notice\ta notice given under Section A1.2.\nGamma Body shall be the body "
                    "named by the Panel.\nDelta Thing includes every thing.\nNotices and Service\n"
                    "A1.2 Notices are given in writing.\n", encoding="utf-8")
    version = read_version([path])
    assert [(u.label, u.text) for u in version.units() if u.kind is UnitKind.DEFINITION] == [
        ("Alpha Party", "means a Party that is first."),
        ("Beta Notice", "a notice given under Section A1.2. Gamma Body shall be the body named by the Panel."),
        ("Delta Thing", "includes every thing.")]
    assert version.get("A1.2").heading == "Notices and Service"
    assert [(f.position.line, f.kind) for f in version.report.findings] == [(6, "continuation-guess")]
    assert "'Gamma Body' without 'means'" in version.report.findings[0].message


def test_a_heading_with_a_dash_or_a_slash_heads_the_clause_after_it(tmp_path):
    """"Panel Members – Appointment" and "Charges / Payment" were words of the clause before (with
    a warning that the next clause followed no full stop)."""
    version = _section_c(tmp_path, "C1.2 The Panel shall publish its minutes.\nPanel Members – Appointment\n"
                                   "C1.3 The Panel shall appoint members.\nCharges / Payment\n"
                                   "C1.4 The Panel shall set charges.\n")
    assert [(u.id, u.heading, u.text) for u in version.units() if u.kind is UnitKind.CLAUSE] == [
        ("C1.2", "", "The Panel shall publish its minutes."),
        ("C1.3", "Panel Members – Appointment", "The Panel shall appoint members."),
        ("C1.4", "Charges / Payment", "The Panel shall set charges.")]
    assert version.report.findings == []
