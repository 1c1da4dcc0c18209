"""Reading fidelity: the traps of real SEC copies (wrapped references, Appendix letters shared with
Sections, preambles, encodings, junk, DOCTYPEs). The texts here are synthetic, in the SEC's style."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import expect_read_error

from redline.cli import main
from redline.models import UnitKind
from redline.read import read_version
from redline.refs import references


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def base_and_rules(tmp_path: Path, section: str, instructions: str) -> tuple[Path, Path]:
    """A one-file base version and a synthetic modification's rules file against it."""
    base = tmp_path / "base"
    base.mkdir()
    write(base / "section.txt", section)
    rules = write(tmp_path / "SECMP9001.toml", '[modification]\nid = "SECMP9001"\ntitle = "Synthetic test"\n'
                  f'baseline = "test"\ndate = "2024-01-02"\n{instructions}')
    return base, rules


# --- continuation lines -----------------------------------------------------------------------

WRAPS = """SECTION C: GOVERNANCE
C4 PANEL ELECTIONS
C4.1 Each Panel Member shall be elected in accordance with Section
C4.2, and the Panel shall publish the result.
C4.2 The Code Administrator shall run each election in accordance with
C3.4 (Panel Composition) and this Section C4.
C4.3 The Panel shall consider any report made under paragraph
4.1 of Appendix B.
C4.4 The Panel may vary the timetable set out in Section
D1.3 (Persons Entitled to Submit Draft Proposals) by notice.
C4.5 Each Party shall comply.
"""


def test_a_wrap_before_an_id_continues_the_paragraph(tmp_path):
    version = read_version([write(tmp_path / "section-c.txt", WRAPS)])
    clauses = [u.id for u in version.units() if u.kind is UnitKind.CLAUSE]
    assert clauses == ["C4.1", "C4.2", "C4.3", "C4.4", "C4.5"]
    # same Part: "C4.2," is a reference in C4.1, not the clause C4.2
    assert version.get("C4.1").text.endswith("in accordance with Section C4.2, and the Panel shall publish the result.")
    # an earlier Part: "C3.4 (Panel Composition)" runs on from "in accordance with"
    assert version.get("C4.2").text.endswith("with C3.4 (Panel Composition) and this Section C4.")
    # an Appendix paragraph number after "paragraph"
    assert version.get("C4.3").text.endswith("under paragraph 4.1 of Appendix B.")
    # another Section's id after "Section"
    assert version.get("C4.4").text.startswith("The Panel may vary the timetable set out in Section D1.3 (Persons")


@pytest.mark.parametrize(("first", "second", "words"), [
    ("in Section X2.3(a),", "(b) and (c) before it decides.", "in Section X2.3(a), (b) and (c) before it decides."),
    ("in paragraphs (a) and", "(b) of Section C4.3 before it decides.", "(a) and (b) of Section C4.3 before"),
    ("in paragraph (a) or", "(b) above before it decides.", "in paragraph (a) or (b) above before it decides."),
    ("in Section C4.3(a) to", "(c) or (e) before it decides.", "in Section C4.3(a) to (c) or (e) before it decides."),
])
def test_a_list_of_labels_wrapped_is_words_of_the_clause_not_a_paragraph(tmp_path, first, second, words):
    text = (f"SECTION C: GOVERNANCE\nC4.2 The Panel shall consider the matters described {first}\n{second}\n"
            "C4.3 The Panel shall publish:\n(a) its decisions; and\n(b) its reasons.\n")
    version = read_version([write(tmp_path / "section-c.txt", text)])
    assert version.get("C4.2").children == []  # no paragraph (b) invented from a wrapped reference
    assert words in version.get("C4.2").text
    assert [u.id for u in version.get("C4.3").children] == ["C4.3(a)", "C4.3(b)"]


def test_a_paragraph_label_out_of_sequence_is_placed_by_its_scheme_and_checked(tmp_path):
    text = ("SECTION C: GOVERNANCE\nC4.4 The Secretariat shall maintain:\n(a) a register;\n(b) a list; and\n"
            "(f) a log.\nC4.5 The Panel shall publish:\n(a) its decisions;\n(b) [...]\n(d) its reasons.\n"
            "C4.6 The Panel shall record:\n(b) its minutes; and\n(c) its votes.\n"
            "C4.7 The Panel shall keep:\n(i) a log;\n(ii) a list; and\n(iii) a register.\n"
            "C4.8 The Panel shall note:\n(c) one matter; and\n(d) another.\n"
            "C4.9 The Panel shall read:\n(i) one report; and\n(iii) another.\n")
    path = write(tmp_path / "section-c.txt", text)
    version = read_version([path])
    assert [u.id for u in version.get("C4.4").children] == ["C4.4(a)", "C4.4(b)", "C4.4(f)"]
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
    gaps = [f for f in json.loads(result.stdout) if f["kind"] == "label_gap"]
    # a gap between siblings is a finding; one after elided words, or a list quoted from (b), is not;
    # (i), (ii), (iii) are roman numerals (not letters skipping (j) to (hh)), (c), (d) letters
    assert [(f["unit"], f["message"].split(":")[1]) for f in gaps] == [
        ("C4.4(f)", " no (c) to (e) between them (a paragraph lost in reading, or a copy that leaves it out)"),
        ("C4.9(iii)", " no (ii) between them (a paragraph lost in reading, or a copy that leaves it out)")]
    assert result.exit_code == 1


def test_a_wrap_inside_an_appendix_continues_the_paragraph(tmp_path):
    text = ("APPENDIX B: SAMPLE PROCEDURE\n1 PURPOSE\n1.1 This Appendix applies as set out in paragraph\n"
            "1.2 and in Section C4.\n1.2 The DCC shall comply.\n")
    version = read_version([write(tmp_path / "appendix-b.txt", text)])
    assert [u.id for u in version.units() if u.kind is UnitKind.CLAUSE] == ["B:1.1", "B:1.2"]
    assert version.get("B:1.1").text.endswith("set out in paragraph 1.2 and in Section C4.")


def test_a_guess_is_warned_with_file_and_line(tmp_path):
    text = "SECTION C: GOVERNANCE\nC4.1 The Panel shall act\nC4.2 The Panel may delegate.\n"
    path = write(tmp_path / "section-c.txt", text)
    version = read_version([path])
    assert version.get("C4.2") is not None  # in sequence: read as a clause ...
    [finding] = [f for f in version.report.findings if f.kind == "continuation-guess"]
    assert (finding.position.file, finding.position.line) == (str(path), 3)  # ... with a warning
    assert "does not end a sentence" in finding.message


@pytest.mark.parametrize("ending", ["", " (Panel Meetings)"])
def test_a_heading_after_a_clause_without_a_full_stop_heads_the_next_clause(tmp_path, ending):
    """C4.1 lost its full stop (an OCR slip, a copied extract): the heading after it had become
    words of C4.1, and C4.2 had no heading."""
    text = (f"SECTION C: GOVERNANCE\nC4.1 The Panel shall meet as the Chair may decide{ending}\nPanel Meetings\n"
            "C4.2 The Panel shall publish its decisions.\n")
    path = write(tmp_path / "section-c.txt", text)
    version = read_version([path])
    assert version.get("C4.1").text == f"The Panel shall meet as the Chair may decide{ending}"
    assert version.get("C4.2").heading == "Panel Meetings"
    [finding] = [f for f in version.report.findings if f.kind == "continuation-guess"]
    assert finding.position.line == 3 and "'Panel Meetings' read as the heading of C4.2" in finding.message


def test_a_heading_shaped_line_after_words_running_on_stays_words(tmp_path):
    text = ("SECTION C: GOVERNANCE\nC4.1 The Panel shall meet in\nLondon Town Hall\n"
            "C4.2 The Panel shall publish its decisions.\n")
    version = read_version([write(tmp_path / "section-c.txt", text)])
    assert version.get("C4.1").text == "The Panel shall meet in London Town Hall"
    assert not version.get("C4.2").heading


def test_an_insertion_number_starts_a_clause(tmp_path):
    text = "SECTION D: MODIFICATION PROCESS\nD3.13 The Panel shall decide.\nD3.13A The Panel shall publish.\n"
    version = read_version([write(tmp_path / "section-d.txt", text)])
    assert version.get("D3.13A").text == "The Panel shall publish."
    assert not [f for f in version.report.findings if f.kind == "continuation-guess"]


# --- Appendix identity ------------------------------------------------------------------------

@pytest.mark.parametrize(("section", "code"), [("B", "B"), ("L", "L"), ("M", "M"), ("Z", "Z"), ("A", "AG")])
def test_an_appendix_never_shares_a_sections_id(tmp_path, section, code):
    write(tmp_path / f"section-{section}.txt",
          f"SECTION {section}: A SECTION\n{section}1.1 See Appendix {code} and Section {section}1.2.\n"
          f"{section}1.2 The Panel shall comply.\n")
    write(tmp_path / f"appendix-{code}.txt", f"APPENDIX {code}: AN APPENDIX\n1 PURPOSE\n1.1 See Section 1.2.\n"
                                              "1.2 The DCC shall comply.\n")
    version = read_version([tmp_path])
    tops = {u.id: u.kind for u in version.root.children}
    assert tops == {section: UnitKind.SECTION, f"Appendix {code}": UnitKind.APPENDIX}
    assert version.get(f"{code}:1.2").text == "The DCC shall comply."
    rows = {(r.ref.source_id, r.ref.text): r.target_ids for r in references(version)}
    assert rows[(f"{section}1.1", f"Appendix {code}")] == [f"Appendix {code}"]
    assert rows[(f"{section}1.1", f"Section {section}1.2")] == [f"{section}1.2"]
    assert rows[(f"{code}:1.1", "Section 1.2")] == [f"{code}:1.2"]


# --- preambles --------------------------------------------------------------------------------

PREAMBLE = """SECTION J: CHARGES
This Section J applies to every Party.
J1 PAYMENT OF CHARGES
Each Party shall pay the Charges set out in this Section J1.
J1.1 The DCC shall invoice each Party monthly.
"""


def test_a_preamble_is_part_of_the_section_and_of_its_part(tmp_path):
    version = read_version([write(tmp_path / "section-j.txt", PREAMBLE)])
    assert version.get("J").text == "This Section J applies to every Party."
    assert version.get("J1").text == "Each Party shall pay the Charges set out in this Section J1."
    assert not version.report.unplaced


def test_apply_and_every_redline_carry_the_preamble(tmp_path):
    base, rules = base_and_rules(tmp_path, PREAMBLE, """[[instruction]]
kind = "amend"
unit = "J1.1"
replace = [{ find = "monthly", with = "quarterly" }]
[[instruction]]
kind = "amend"
unit = "J"
replace = [{ find = "every Party", with = "every Party and the DCC" }]
""")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["apply", str(rules), "--base", str(base), "--out", str(out)])
    assert result.exit_code == 0, result.output
    amended = read_version([out / "amended"])
    assert amended.get("J").text == "This Section J applies to every Party and the DCC."
    assert amended.get("J1").text == "Each Party shall pay the Charges set out in this Section J1."
    html = (out / "redline.html").read_text(encoding="utf-8")
    assert "This Section J applies to every Party" in html and "and the DCC" in html
    for name in ("redline.docx", "legal-text.docx"):
        with zipfile.ZipFile(out / name) as docx:
            body = docx.read("word/document.xml").decode("utf-8")
        assert "This Section J applies to every Party" in body, name
    changes = json.loads((out / "changes.json").read_text(encoding="utf-8"))
    assert any(c.get("unit") == "J" for c in changes["changes"]), changes


# --- encodings and junk -----------------------------------------------------------------------

def test_a_stray_byte_in_a_utf8_file_is_refused_by_line(tmp_path):
    path = tmp_path / "section-c.txt"
    path.write_bytes("SECTION C: GOVERNANCE\nC1.1 The Panel’s duty.\n".encode() + b"C1.2 A \x92 quote.\n")
    expect_read_error(path, ":3: not valid UTF-8 (byte 0x92)")


def test_a_windows_1252_file_is_read_with_a_warning(tmp_path):
    path = write(tmp_path / "section-c.txt", "SECTION C: GOVERNANCE\nC1.1 The Panel’s duty.\n", "cp1252")
    version = read_version([path])
    assert version.get("C1.1").text == "The Panel’s duty."
    [finding] = [f for f in version.report.findings if f.kind == "encoding"]
    assert finding.position.line == 2 and "read as Windows-1252" in finding.message


def test_a_bom_is_fine(tmp_path):
    path = write(tmp_path / "section-c.txt", "\ufeffSECTION C: GOVERNANCE\nC1.1 The Panel shall act.\n")
    assert read_version([path]).get("C1.1").text == "The Panel shall act."


def test_binary_and_empty_files_are_refused(tmp_path):
    binary = tmp_path / "section-x.txt"
    binary.write_bytes(b"SECTION X\n\x00\x01\x02PK\x03\x04")
    expect_read_error(binary, "binary content")
    empty = write(tmp_path / "empty.txt", "  \n\n")
    expect_read_error(empty, "no SEC units found")
    prose = write(tmp_path / "prose.txt", "Just a letter to the Panel.\nWith two lines.\n")
    expect_read_error(prose, "no SEC units found")


def test_a_directory_with_no_units_is_refused(tmp_path):
    write(tmp_path / "notes.txt", "Nothing here is SEC text.\n")
    result = CliRunner().invoke(main, ["parse", str(tmp_path)])
    assert result.exit_code == 2 and "no SEC units found" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_docx_part_with_a_doctype_is_refused(tmp_path):
    from docx import Document

    from redline.emit.package import TEMPLATE

    good = tmp_path / "good.docx"
    document = Document(str(TEMPLATE))
    document.add_paragraph("SECTION C: GOVERNANCE")
    document.add_paragraph("C1.1 The Panel shall act.")
    document.save(good)
    bad = tmp_path / "section-c.broken.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                head, _, rest = data.partition(b"?>")
                data = head + b'?><!DOCTYPE w:document [<!ENTITY x "the Panel">]>' + rest.replace(
                    b"The Panel", b"&x;")
            dst.writestr(info, data)
    expect_read_error(bad, "refused: part word/document.xml declares a DOCTYPE")


# --- every command warns as parse does --------------------------------------------------------

@pytest.mark.parametrize("command", [["parse"], ["xrefs"], ["terms"], ["check"], ["impact", "--clause", "C4.1"]])
def test_every_command_prints_the_reading_warnings(tmp_path, command):
    path = write(tmp_path / "section-c.txt", "SECTION C: GOVERNANCE\nC4.1 The Panel shall act\n"
                                              "C4.2 The Panel may delegate.\n")
    result = CliRunner().invoke(main, [command[0], str(path), *command[1:]])
    assert result.exit_code in (0, 1), result.output
    assert f"warning: {path}:3: C4.2 read as a new clause" in result.stderr


def test_apply_and_batch_print_the_reading_warnings_of_their_base(tmp_path):
    base, rules = base_and_rules(
        tmp_path, "SECTION C: GOVERNANCE\nC4.1 The Panel shall act\nC4.2 The Panel may delegate.\n",
        '[[instruction]]\nkind = "amend"\nunit = "C4.2"\nreplace = [{ find = "may", with = "shall" }]\n')
    for args in (["apply", str(rules), "--base", str(base), "--out", str(tmp_path / "out")],
                 ["batch", "--base", str(base), str(rules), "--out", str(tmp_path / "batch")]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        assert f"warning: {base / 'section.txt'}:3: C4.2 read as a new clause" in result.stderr, args


def test_a_schedule_is_reported_not_swallowed_by_the_clause_before(tmp_path):
    text = ("SECTION M: GENERAL\nM1 COMMENCEMENT\nM1.1 This Code shall come into force as set out in\n"
            "Schedule 1 (Framework Agreement).\nM1.2 Each Party shall comply.\nSCHEDULE 1: FRAMEWORK AGREEMENT\n"
            "1. Definitions\n1.1 The Parties agree as follows:\n(a) to be bound; and\n(b) to comply.\n"
            "APPENDIX A: SAMPLE\n1 PURPOSE\n1.1 This Appendix applies.\n")
    path = write(tmp_path / "section-m.txt", text)
    version = read_version([path])
    assert version.get("M1.1").text.endswith("as set out in Schedule 1 (Framework Agreement).")  # a wrap, no header
    assert version.get("M1.2").text == "Each Party shall comply." and not version.get("M1.2").children
    [warning] = [f for f in version.report.findings if f.kind == "schedule-not-read"]
    assert (warning.position.line, "Schedule 1") == (6, warning.message[:10])
    assert [pos.line for pos, _ in version.report.unplaced] == [6, 7, 8, 9, 10]
    assert version.get("A:1.1").text == "This Appendix applies."  # the next header reads on
