"""`redline instructions` on seed 000 (plain text extracted from SECMP0049's redlined PDF).

Decision tested here: L10.24 and L13.55 are quoted after "Amend Section L8.11 as follows:" with
no instruction line of their own; they are read as amended by that instruction (their clause
numbers open lines of its quoted text) and a note says so.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEED_000, norm

from redline.amend.engine import apply_modification
from redline.amend.rules import load_rules
from redline.cli import main
from redline.instructions import read_instructions
from redline.instructions.headings import match_heading, reads_as_instruction
from redline.instructions.model import EQUAL, Line
from redline.instructions.segments import split_segments
from redline.instructions.to_rules import to_toml, toml_value
from redline.models import RedlineError

#: Every instruction line of seed 000, as (kind, first unit, last unit).
SEED_HEADINGS = [
    ("add_definitions", "A1.1", ""), ("amend_definitions", "A1.1", ""), ("amend", "C2.3", ""),
    ("amend", "C7.2", ""), ("external", "", ""), ("renumber", "D3.13", ""), ("amend", "F1.4", ""),
    ("amend", "F1.6", ""), ("amend", "G7.18", "G7.22"), ("amend", "L1.17", "L1.19"), ("amend", "L8.11", ""),
    ("amend", "M5.1", ""), ("amend", "M8.5", ""), ("amend", "Z1.6", ""), ("amend", "3.2.4", ""),
]


@pytest.fixture(scope="module")
def draft(base):
    return read_instructions(SEED_000, base)


@pytest.fixture(scope="module")
def rules_file(draft, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("rules") / "SECMP0049.toml"
    path.write_text(to_toml(draft, "seed 000"), encoding="utf-8")
    return path


def test_every_instruction_line_of_seed_000_is_recognised(draft):
    assert [(h.kind, h.first, h.last) for h in draft.headings] == SEED_HEADINGS
    renumber = next(i for i in draft.instructions if i["kind"] == "renumber")
    assert (renumber["unit"], renumber["to"], renumber["requires"]) == ("D3.13", "D3.19", ["SECMP0034"])
    external = next(i for i in draft.instructions if i["kind"] == "replace_section")
    assert external["section"] == "D" and external["external"] is True


def test_seed_000_rules_reproduce_every_quoted_unit(rules_file, base, expected):
    result = apply_modification(base, load_rules(rules_file))
    got = {u.id: u for u in result.version.units()}
    assert [u.id for u in result.version.units()] == [u.id for u in expected.units()]  # new definitions' places
    for unit in expected.units():
        for name in ("heading", "text", "tail"):
            assert norm(getattr(got[unit.id], name)) == norm(getattr(unit, name)), f"{unit.id} {name}"


def test_the_rules_file_cites_its_source_and_loads(rules_file, draft):
    data = tomllib.loads(rules_file.read_text(encoding="utf-8"))
    assert data["modification"]["id"] == "SECMP0049" and data["modification"]["baseline"] == "5.18"
    assert all(i["source"].startswith("l.") for i in data["instruction"])
    assert "unresolved" not in data  # nothing left undone in seed 000
    assert {i["kind"] for i in data["instruction"]} >= {"add_definition", "amend_definition", "amend"}


def test_words_lost_at_footers_are_unchanged_and_reported(draft):
    lost = [i.message for i in draft.issues if "footer or garbage location" in i.message]
    assert len(lost) == 6
    assert any("'to the'" in m for m in lost) and any("'Certificates'" in m for m in lost)
    finds = [p["find"] for i in draft.instructions for p in i.get("replace", [])]
    assert not any("subject to the" in f or "Device Certificates cannot" in f for f in finds)


def test_units_quoted_without_their_own_instruction_line_are_noted(draft):
    noted = {i.unit for i in draft.issues if "without an instruction line" in i.message}
    assert noted == {"L10.24", "L13.55"}
    assert any(i.get("unit") == "L10.24(c)" for i in draft.instructions)


def test_balloons_are_checked_against_the_diff(draft):
    checks = {(i.where, i.unit) for i in draft.issues if i.severity == "check"}
    assert ("l.207", "C7.2(i)") in checks  # "Dele" beside an unchanged line (PROVENANCE: reported, not guessed)
    assert ("l.496", "L1.17(h)") in checks  # a deletion without a balloon


def test_ocr_slips_in_unchanged_text_are_not_edits(draft):
    repairs = [i.message for i in draft.issues if i.message.startswith("OCR slip")]
    assert any("'subseguent'" in m for m in repairs) and any("'inthe'" in m for m in repairs)
    assert not any("subseguent" in str(i) for i in draft.instructions)


@pytest.mark.parametrize("line, kind, first, last", [
    ("Amend Section  C2.3 as follows:", "amend", "C2.3", ""),
    ("Add the following new definitions into Section Al.1 in alphabetical order:", "add_definitions", "A1.1", ""),
    ("Amend Appendix AG paragraph 3.2.4 as follows:", "amend", "3.2.4", ""),
    ("Amend Sections F1.4 and F1.6 as follows:", "amend", "F1.4", "F1.6"),
    ("Delete Section L1.12(c)", "delete", "L1.12(c)", ""),
    ("Insert new Section C2.4 as follows:", "insert", "C2.4", ""),
])
def test_instruction_lines_tolerate_ocr_and_spacing(line, kind, first, last):
    heading = match_heading(line)
    assert heading is not None and (heading.kind, heading.first, heading.last) == (kind, first, last)


def test_an_instruction_line_wrapped_over_lines_is_joined():
    lines = [Line([(EQUAL, text)], f"l.{n}", n) for n, text in enumerate(
        ["Amend Sections G7.18 to", "G7.22 as follows:", "G7.18 The Security Sub-Committee shall:"], start=1)]
    segments, unread = split_segments(lines, [])
    assert [(s.heading.first, s.heading.last, len(s.lines)) for s in segments] == [("G7.18", "G7.22", 1)]
    assert unread == []


def test_toml_strings_escape_quotes_and_newlines():
    assert toml_value('a "b"\nc\\') == '"a \\"b\\"\\nc\\\\"'
    assert tomllib.loads(f"x = {toml_value('“Authority” ‘x’')}")["x"] == "“Authority” ‘x’"


def test_cli_writes_the_rules_and_reports_on_stderr(tmp_path):
    out = tmp_path / "r.toml"
    result = CliRunner().invoke(main, ["instructions", str(SEED_000), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "footer or garbage location" in result.stderr
    assert load_rules(out).id == "SECMP0049"


def test_cli_fails_cleanly_on_a_missing_document(tmp_path):
    result = CliRunner().invoke(main, ["instructions", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "no such file" in result.stderr


#: Quoted text of C7.2(j) as SEC 5.18 has it (the bundled base), amended at its end.
_C72J = ("(j) without prejudice to the generality of Section C7.2(i), provide support and assistance to the "
         "Proposer of a Modification Proposal, including assistance in understanding this Code so as to "
         "facilitate the development of the Modification Proposal, and new words")


def _draft(tmp_path: Path, base, *lines: str):
    path = tmp_path / "legal.txt"
    path.write_text("\n".join(["SECMP0099 legal text", *lines]) + "\n", encoding="utf-8")
    return read_instructions(path, base)


def _unresolved(draft) -> list[tuple[str, str]]:
    return [(i.where, i.message) for i in draft.issues if i.severity == "unresolved"]


def test_an_instruction_worded_as_no_form_redline_reads_is_reported_and_never_quoted(tmp_path, base):
    """"Move …" after a block is not the block's quoted text, and before it is not dropped unsaid."""
    plain = _draft(tmp_path, base, "Section C 'Governance'", "Amend Section C7.2 as follows:", _C72J)
    draft = _draft(tmp_path, base, "Section C 'Governance'", "Move Section C2.3(f) to become Section C2.3(g).",
                   "Amend Section C7.2 as follows:", _C72J, "Move Section C7.2(i) to become Section C7.2(k).")
    assert [i["source"] for i in plain.instructions] == ["l.4: Amend Section C7.2 as follows:"]  # the quoted line
    assert draft.instructions == [{**i, "source": i["source"].replace("l.4", "l.5")} for i in plain.instructions]
    assert [i["unit"] for i in draft.instructions] == ["C7.2(j)"]
    unread = _unresolved(draft)
    assert [where for where, _ in unread] == ["l.3", "l.6"]
    assert "instruction not read" in unread[0][1]
    assert "'Move Section C2.3(f) to become Section C2.3(g).'" in unread[0][1]
    toml = to_toml(draft, "test")
    assert toml.count("instruction not read") == 4  # the header's list and the [[unresolved]] tables


@pytest.mark.parametrize("line", ["Amend Section C7.2 by moving paragraph (j) to follow paragraph (k).",
                                  "Re-letter paragraph (j) of Section C7.2 as paragraph (k).",
                                  "Transfer Section C7.2(j) to Section C7.3."])
def test_other_wordings_of_instructions_are_reported(tmp_path, base, line: str) -> None:
    draft = _draft(tmp_path, base, "Amend Section C7.2 as follows:", _C72J, line, "(k) more quoted words")
    assert [i["unit"] for i in draft.instructions] == ["C7.2(j)"]
    assert [where for where, _ in _unresolved(draft)] == ["l.4"]
    assert _unresolved(draft)[0][1].endswith("; write it and the 1 line(s) under it (l.5) into the rules by hand")


def test_quoted_text_that_starts_with_such_a_verb_is_still_quoted(tmp_path, base) -> None:
    """A definition or a clause may open with "Transfer", "Add…" or "Amend…": only an imperative
    naming a Section, paragraph, Part or definition reads as an instruction."""
    for line in ("Transfer Date has the meaning given to that expression in Section C7.2.",
                 "Amendment Report means the report of that name.", "Add-on Services means services."):
        assert not reads_as_instruction(line), line
    assert reads_as_instruction("Move Section D1.4 to become Section D1.9.")
    assert reads_as_instruction("Delete paragraph (c) of Section D1.4.")


#: C7.2(j) rewritten beyond word-for-word alignment (synthetic wording, written for these tests).
_C72J_REWRITTEN = ("(j) without prejudice to the generality of Section C7.2(i), give the Proposer of any "
                   "Draft Proposal such help as the Panel directs, and new words")


def test_a_rewritten_paragraph_quoted_alone_amends_that_paragraph_only(tmp_path, base) -> None:
    """Quoting only "(j) …" under "Amend Section C7.2 as follows": its words are (j)'s, however
    rewritten, never C7.2's own words or (i)'s (a diff over the whole clause put them there)."""
    draft = _draft(tmp_path, base, "Section C 'Governance'", "Amend Section C7.2 as follows:", _C72J_REWRITTEN)
    assert [(i["unit"], i.get("text")) for i in draft.instructions] == [("C7.2(j)", _C72J_REWRITTEN[4:])]
    assert _unresolved(draft) == []


def test_quoted_paragraphs_cover_the_first_to_the_last_quoted(tmp_path, base) -> None:
    (i_line,) = [f"(i) {u.text}" for u in base.index()["C7.2"].children if u.label == "(i)"]
    draft = _draft(tmp_path, base, "Section C 'Governance'", "Amend Section C7.2 as follows:",
                   i_line.replace("submit", "send"), _C72J_REWRITTEN)
    assert {i["unit"] for i in draft.instructions} == {"C7.2(i)", "C7.2(j)"}


def test_definitions_deleted_by_their_terms_alone(tmp_path, base) -> None:
    draft = _draft(tmp_path, base, "Delete the following definitions from Section A1.1:", "Path 3 Modification",
                   "No Such Term")
    assert [(i["kind"], i["term"]) for i in draft.instructions] == [("delete_definition", "Path 3 Modification")]
    assert _unresolved(draft) == [("l.4", "'No Such Term' is not defined in sec-5.18")]


def _c72(base) -> tuple[str, str]:
    units = base.index()
    return units["C7.2"].text, "(j) " + units["C7.2(j)"].text


@pytest.mark.parametrize(("edit_intro", "edit_j", "wanted"), [
    (True, False, [("C7.2", [{"find": "particular,", "with": "particular and without limitation,"}])]),
    (False, True, [("C7.2(j)", [{"find": "without prejudice to", "with": "notwithstanding"}])]),
    (True, True, [("C7.2", [{"find": "particular,", "with": "particular and without limitation,"}]),
                  ("C7.2(j)", [{"find": "without prejudice to", "with": "notwithstanding"}])]),
])
def test_edits_next_to_an_elision_are_placed(tmp_path, base, edit_intro, edit_j, wanted) -> None:
    """Words changed just before a "[...]" (the end of C7.2's own words, its (i) elided) or just
    after it (the start of the (j) the next line opens) were merged by the diff into the elided
    stretch and reported as not placed; they are the edits of the words either side."""
    intro, j = _c72(base)
    if edit_intro:
        intro = intro.replace("In particular", "In particular and without limitation")
    if edit_j:
        j = j.replace("without prejudice to", "notwithstanding")
    draft = _draft(tmp_path, base, "Section C 'Governance'", "Amend Section C7.2 as follows:", intro, "[...]", j)
    assert [(i["unit"], i["replace"]) for i in draft.instructions] == wanted
    assert _unresolved(draft) == []


def test_a_paragraph_rewritten_after_an_elision_is_replaced_whole(tmp_path, base) -> None:
    intro, _ = _c72(base)
    draft = _draft(tmp_path, base, "Section C 'Governance'", "Amend Section C7.2 as follows:", intro, "[...]",
                   "(j) entirely different words")
    assert [(i["unit"], i.get("text")) for i in draft.instructions] == [("C7.2(j)", "entirely different words")]


def test_new_paragraphs_after_the_last_are_inserts(tmp_path, base) -> None:
    """Revisions invisible, "(k) …" quoted after C7.2's last paragraph, (j), is a new paragraph:
    its words were put into (j)."""
    _, j = _c72(base)
    draft = _draft(tmp_path, base, "Section C 'Governance'", "Amend Section C7.2 as follows:",
                   j.replace("without prejudice to", "notwithstanding"), "(k) a new paragraph of Sub-",
                   "Committee words;", "(l) another new one.")
    assert [(i["kind"], i["unit"], i.get("text")) for i in draft.instructions] == [
        ("insert", "C7.2(k)", "a new paragraph of Sub-Committee words;"),
        ("insert", "C7.2(l)", "another new one."),
        ("amend", "C7.2(j)", None)]
    assert draft.instructions[2]["replace"] == [{"find": "without prejudice to", "with": "notwithstanding"}]


@pytest.mark.parametrize("line", ["(m) a paragraph out of sequence;", "(iv) a sub-item no unit of C7.2 has;"])
def test_a_quoted_paragraph_the_clause_has_not_is_left_to_the_drafter(tmp_path, base, line) -> None:
    _, j = _c72(base)
    draft = _draft(tmp_path, base, "Section C 'Governance'", "Amend Section C7.2 as follows:",
                   j.replace("without prejudice to", "notwithstanding"), line)
    assert [(i["unit"], i["replace"]) for i in draft.instructions] == [
        ("C7.2(j)", [{"find": "without prejudice to", "with": "notwithstanding"}])]  # its words not put into (j)
    ((where, message),) = _unresolved(draft)
    assert where == "l.5" and "is not in C7.2 of sec-5.18, nor a new paragraph after its last" in message


def test_a_clause_quoted_that_the_base_has_not_is_an_insert(tmp_path, base) -> None:
    """"G7.23 …" quoted under "Amend Sections G7.18 to G7.22": a new clause, not words of G7.22."""
    g21 = base.index()["G7.21"].text
    draft = _draft(tmp_path, base, "Amend Sections G7.18 to G7.22 as follows:", f"G7.21 {g21}",
                   "G7.23 The Security Sub-Committee shall:", "(a) meet; and", "(b) report.")
    assert [(i["kind"], i["unit"]) for i in draft.instructions] == [("insert", "G7.23")]
    assert draft.instructions[0]["text"] == "The Security Sub-Committee shall:\n(a) meet; and\n(b) report."
    assert any(i.where == "l.4" and "G7.23 is quoted but not in sec-5.18: read as a new clause" in i.message
               for i in draft.issues)


def test_a_new_heading_is_read_without_its_number(tmp_path, base) -> None:
    draft = _draft(tmp_path, base, "Amend the heading of Section C7 as follows:", "C7 THE CODE ADMINISTRATOR")
    assert [(i["unit"], i["heading"]) for i in draft.instructions] == [("C7", "THE CODE ADMINISTRATOR")]
    missing = _draft(tmp_path, base, "Amend the heading of Section C9 as follows:", "C9 NO SUCH PART")
    assert missing.instructions == [] and _unresolved(missing) == [("l.2", "C9 is not in sec-5.18")]
    several = _draft(tmp_path, base, "Amend the heading of Sections G7.18 to G7.22 as follows:", "NEW HEADING")
    assert several.instructions == [] and "the headings of several units" in _unresolved(several)[0][1]


def test_what_the_text_reader_set_aside_or_repaired_is_noted(tmp_path, base) -> None:
    """A short paragraph ("(b) report.") is no garbage line; a garbage line and a repaired id are
    named in the notes, so every line read is accounted for."""
    draft = _draft(tmp_path, base, "Amend Section C7.2 as follows:", "gOB mEI ORI",
                   "Amend the following definitions in Section Al.1 as follows:",
                   "Proposer has the meaning given to that expression in Section D1.3 (Persons Entitled to Submit "
                   "Draft Proposals).")
    notes = [(i.where, i.message) for i in draft.issues if i.severity == "note"]
    assert ("l.3", "1 line(s) or line ends set aside as page furniture or extraction garbage, not read as legal "
                   "text: l.3") in notes
    assert any(where == "l.4" and "read as 'Amend the following definitions in Section A1.1 as follows:'" in message
               for where, message in notes)
    kept = _draft(tmp_path, base, "Insert new Section C7.2(k):", "(k) report.")
    assert [(i["unit"], i["text"]) for i in kept.instructions] == [("C7.2(k)", "report.")]


def test_clauses_quoted_under_a_range_are_those_amended(tmp_path, base) -> None:
    """Under "Amend Sections G7.18 to G7.22", G7.19 edited and G7.21 quoted unchanged: G7.19 is
    amended and nothing else (the unquoted clauses around an unchanged one had swallowed it)."""
    units = base.index()
    g19, g21 = units["G7.19"].text, units["G7.21"].text
    unchanged = _draft(tmp_path, base, "Amend Sections G7.18 to G7.22 as follows:", f"G7.21 {g21}")
    assert unchanged.instructions == [] and _unresolved(unchanged) == []
    edited = _draft(tmp_path, base, "Amend Sections G7.18 to G7.22 as follows:",
                    f"G7.19 {g19.replace('monitors', 'watches')}", "[...]", f"G7.21 {g21}")
    assert [(i["unit"], i["replace"]) for i in edited.instructions] == [
        ("G7.19", [{"find": "monitors", "with": "watches"}])]


def test_a_reference_wrapped_onto_a_line_is_no_new_paragraph(tmp_path, base) -> None:
    """"… in accordance with paragraph" then "(b) of Section C4.2 …": the label is a reference's,
    neither a new paragraph nor garbage to drop; within a line too ("paragraph (b)", "5 days")."""
    _, j = _c72(base)
    wrapped = _draft(tmp_path, base, "Section C 'Governance'", "Amend Section C7.2 as follows:",
                     j.rstrip(",") + " in accordance with paragraph", "(b) of Section C4.2,")
    assert [i["unit"] for i in wrapped.instructions] == ["C7.2(j)"] and _unresolved(wrapped) == []
    assert "in accordance with paragraph (b) of Section C4.2," in wrapped.instructions[0]["replace"][0]["with"]
    inline = _draft(tmp_path, base, "Section C 'Governance'", "Amend Section C7.2 as follows:",
                    j.rstrip(",") + " within 5 days, as paragraph (b) of Section C4.2 requires,")
    assert inline.instructions[0]["replace"][0]["with"].endswith(
        "within 5 days, as paragraph (b) of Section C4.2 requires,")


@pytest.mark.parametrize(("line", "wanted"), [
    ("Amend paragraph (j) of Section C7.2 as follows:", ("amend", "C7.2(j)")),
    ("Delete paragraph (j) of Section C7.2.", ("delete", "C7.2(j)")),
    ("Amend paragraph 3.2.4 of Appendix AG as follows:", ("amend", "AG:3.2.4")),
])
def test_instructions_naming_a_paragraph_of_a_clause_are_read(tmp_path, base, line, wanted) -> None:
    """"paragraph (j) of Section C7.2" was no form redline read: the line was reported unread."""
    units = base.index()
    quoted = {"C7.2(j)": "(j) " + units["C7.2(j)"].text.replace("without prejudice to", "notwithstanding"),
              "AG:3.2.4": "3.2.4 " + units["AG:3.2.4"].text.replace("Modification Proposal", "Draft Proposal")}
    lines = [] if wanted[0] == "delete" else [quoted[wanted[1]]]
    draft = _draft(tmp_path, base, "Section C 'Governance'", line, *lines)
    assert [(i["kind"], i["unit"]) for i in draft.instructions] == [wanted] and _unresolved(draft) == []


@pytest.mark.parametrize(("line", "wanted"), [
    ("Delete Sections G7.20 to G7.21.", ["G7.20", "G7.21"]),
    ("Delete Sections G7.20 and G7.22.", ["G7.20", "G7.22"]),
    ("Delete Section G7.20 in its entirety.", ["G7.20"]),
])
def test_a_deletion_of_several_units_deletes_each(tmp_path, base, line, wanted) -> None:
    """"Delete Sections G7.20 to G7.21" deleted G7.20 alone, without a word about G7.21."""
    draft = _draft(tmp_path, base, line)
    assert [(i["kind"], i["unit"]) for i in draft.instructions] == [("delete", unit) for unit in wanted]


@pytest.mark.parametrize(("line", "extra"), [
    ("Insert the following new Section C7.3:", {}),
    ("Insert new Section C7.3 after Section C7.2:", {"after": "C7.2"}),
    ("Insert a new Section C7.3, immediately before Section C7.2:", {"before": "C7.2"}),
])
def test_insertions_worded_the_usual_ways_are_read(tmp_path, base, line, extra) -> None:
    draft = _draft(tmp_path, base, line, "C7.3 The Code Administrator shall publish a report.")
    assert [{k: v for k, v in i.items() if k != "source"} for i in draft.instructions] == [
        {"kind": "insert", "unit": "C7.3", "text": "The Code Administrator shall publish a report.", **extra}]
    several = _draft(tmp_path, base, "Insert new Sections C7.3 and C7.4:", "C7.3 One.", "C7.4 Two.")
    assert several.instructions == [] and "an insertion of several units" in _unresolved(several)[0][1]


def test_renumber_worded_as_an_imperative_is_read(tmp_path, base) -> None:
    draft = _draft(tmp_path, base, "Renumber Section G7.21 as Section G7.25.")
    assert [{k: v for k, v in i.items() if k != "source"} for i in draft.instructions] == [
        {"kind": "renumber", "unit": "G7.21", "to": "G7.25"}]


def test_a_number_opening_a_paragraphs_words_is_kept(tmp_path, base) -> None:
    _, j = _c72(base)
    draft = _draft(tmp_path, base, "Section C 'Governance'", "Amend Section C7.2 as follows:",
                   j.replace("(j) without prejudice to", "(j) 5 days after a request and without prejudice to"))
    assert draft.instructions[0]["replace"][0]["with"].startswith("5 days after a request and")


@pytest.mark.parametrize(("line", "wanted"), [
    ("Amend Section C7.2(j) by replacing the words “properly frame” with “frame”.",
     [("C7.2(j)", [{"find": "properly frame", "with": "frame"}])]),
    ("In Section C7.2(j), delete the words “properly”.", [("C7.2(j)", [{"find": " properly", "with": ""}])]),
    ("Amend Section C7.2(j) by inserting the words “and promptly” after the words “provide support”.",
     [("C7.2(j)", [{"find": "provide support", "with": "provide support and promptly"}])]),
    ("Amend Section C7.2 by substituting “Draft Proposal” for “Modification Proposal”.",
     [(unit, [{"find": "Modification Proposal", "with": "Draft Proposal", "count": 2}])
      for unit in ("C7.2(i)", "C7.2(j)")]),
])
def test_amendments_that_quote_their_words_are_read(tmp_path, base, line, wanted) -> None:
    """"… by replacing the words “A” with “B”" and its like were reported unread; now each unit of
    the one named that holds the words is amended, every one of them."""
    draft = _draft(tmp_path, base, line)
    assert [(i["unit"], i["replace"]) for i in draft.instructions] == wanted and _unresolved(draft) == []


def test_words_an_amendment_quotes_that_are_not_there_are_unresolved(tmp_path, base) -> None:
    draft = _draft(tmp_path, base, "Amend Section C7.2(j) by deleting the words “no such words”.", "(j) a line")
    assert draft.instructions == []
    assert _unresolved(draft) == [("l.2", "the words 'no such words' are not in C7.2(j) of sec-5.18"),
                                  ("l.3", "1 line(s) under an amendment that quotes its own words (l.3) are not "
                                          "read; write them into the rules by hand")]


@pytest.mark.parametrize(("line", "wanted"), [
    ("Delete the definition of Proposer.", ["Proposer"]),
    ("Delete the definitions of Path 1 Modification and Path 2 Modification from Section A1.1.",
     ["Path 1 Modification", "Path 2 Modification"]),
])
def test_definitions_deleted_by_name_in_the_line(tmp_path, base, line, wanted) -> None:
    draft = _draft(tmp_path, base, line)
    assert [(i["kind"], i["term"]) for i in draft.instructions] == [("delete_definition", t) for t in wanted]
    missing = _draft(tmp_path, base, "Delete the definition of No Such Term.")
    assert missing.instructions == [] and "names no definition of sec-5.18" in _unresolved(missing)[0][1]


@pytest.mark.parametrize(("line", "quoted", "wanted"), [
    ("Replace paragraph (j) of Section C7.2 with the following:", "(j) provide support to the Proposer;",
     ("C7.2(j)", "provide support to the Proposer;")),
    ("Replace Section G7.21 with the following:", "G7.21 The Security Sub-Committee may nominate a member.",
     ("G7.21", "The Security Sub-Committee may nominate a member.")),
])
def test_a_unit_replaced_with_the_following_text_is_amended_whole(tmp_path, base, line, quoted, wanted) -> None:
    draft = _draft(tmp_path, base, line, quoted)
    assert [(i["kind"], i["unit"], i["text"]) for i in draft.instructions] == [("amend", *wanted)]


@pytest.mark.parametrize("line", ["Amend Section C7.2 so that it reads as follows:",
                                  "Amend Section C7.2 to read as follows:"])
def test_amend_so_that_it_reads_as_follows(tmp_path, base, line) -> None:
    _, j = _c72(base)
    draft = _draft(tmp_path, base, line, j.replace("without prejudice to", "notwithstanding"))
    assert [(i["unit"], i["replace"]) for i in draft.instructions] == [
        ("C7.2(j)", [{"find": "without prejudice to", "with": "notwithstanding"}])]


def test_amend_section_a1_1_amends_the_definitions_it_quotes(tmp_path, base) -> None:
    """"Amend Section A1.1 as follows:" and one definition: every other definition's words were
    struck and that one's put in the first (aligned against the whole of A1.1)."""
    draft = _draft(tmp_path, base, "Amend Section A1.1 as follows:",
                   "Proposer has the meaning given to that expression in Section D1.3 (Persons Entitled to Submit "
                   "Draft Proposals).")
    assert [(i["kind"], i["term"], i["replace"]) for i in draft.instructions] == [
        ("amend_definition", "Proposer", [{"find": "Modification", "with": "Draft"}])]


def test_a_new_paragraph_in_the_place_of_one_re_letters_those_after(tmp_path, base) -> None:
    """"Insert new Section C7.2(j):" where (j) exists: the new one takes (j), the old (j) becomes (k)
    (the insert failed at apply: C7.2(j) already exists)."""
    draft = _draft(tmp_path, base, "Insert new Section C7.2(j):", "(j) a new paragraph;")
    assert [{k: v for k, v in i.items() if k != "source"} for i in draft.instructions] == [
        {"kind": "insert", "unit": "C7.2(j)", "text": "a new paragraph;", "reletter": True}]

    clause = _draft(tmp_path, base, "Insert new Section G7.21:", "G7.21 A new clause.")
    assert clause.instructions == [] and "G7.21 is in sec-5.18 already" in _unresolved(clause)[0][1]


def test_lines_under_a_deletion_that_are_not_its_words_are_unresolved(tmp_path, base) -> None:
    """"Delete Section C7.2(j)." and then a line of its own, not its words: the line was dropped
    unsaid.  The deleted words quoted under it, wrapped over lines, are the deletion's own."""
    _, j = _c72(base)
    moved = "and the Panel shall publish notice of it."
    draft = _draft(tmp_path, base, "Delete Section C7.2(j).", moved)
    assert [(i["kind"], i["unit"]) for i in draft.instructions] == [("delete", "C7.2(j)")]
    issues = [i for i in draft.issues if i.severity == "unresolved"]
    assert [(i.where, i.message, i.text) for i in issues] == [
        ("l.3", "1 line(s) under a deletion, not words of what it deletes (l.3) are not read; write them into "
                "the rules by hand", moved)]
    assert moved in to_toml(draft, "test")

    quoted = _draft(tmp_path, base, "Delete Section C7.2(j):", j[:60], j[60:])
    assert [(i["kind"], i["unit"]) for i in quoted.instructions] == [("delete", "C7.2(j)")]
    assert _unresolved(quoted) == []


def test_a_renumbering_of_a_unit_the_base_lacks_or_with_lines_under_it_is_unresolved(tmp_path, base) -> None:
    """A renumbering of C7.3, which SEC 5.18 lacks, naming no modification that introduces it,
    was written to the rules and failed at apply; lines under a renumbering were dropped."""
    missing = _draft(tmp_path, base, "Renumber Section C7.3 as Section C7.5.")
    assert missing.instructions == []
    assert _unresolved(missing) == [("l.2", "C7.3 is not in sec-5.18, and the line names no modification that "
                                            "introduces it")]
    introduced = _draft(tmp_path, base, "New Section C7.3 introduced by SECMP0034 will be renumbered as Section C7.5.")
    assert [(i["unit"], i["requires"]) for i in introduced.instructions] == [("C7.3", ["SECMP0034"])]

    under = _draft(tmp_path, base, "Renumber Section C7.2 as Section C7.5.", "and update every reference to it.")
    assert [(i["unit"], i["to"]) for i in under.instructions] == [("C7.2", "C7.5")]
    assert _unresolved(under) == [("l.3", "1 line(s) under a renumbering (l.3) are not read; write them into the "
                                          "rules by hand")]


def test_a_document_whose_only_instruction_is_unread_says_which_line(tmp_path, base) -> None:
    path = tmp_path / "legal.txt"
    path.write_text("SECMP0099 legal text\nMove Section C7.2 to follow Section C7.4.\n", encoding="utf-8")
    with pytest.raises(RedlineError, match=r"legal.txt: no instruction read; l.2: instruction not read .*"
                                           r"'Move Section C7.2 to follow Section C7.4.'"):
        read_instructions(path, base)


def test_a_further_clause_quoted_under_the_insertion_of_one_is_its_own(tmp_path, base) -> None:
    """"Insert the following new Section C7.3:" quoting "C7.3 …" and "C7.4 …": C7.4's words were
    C7.3's text.  Now C7.4 is an insert of its own, noted; a clause the base has quoted there
    (C7.2) is unresolved with its words, never part of the new clause."""
    draft = _draft(tmp_path, base, "Insert the following new Section C7.3:", "C7.3 The Panel shall publish a list.",
                   "C7.4 The Code Administrator shall keep it.", "C7.2 The Panel shall [...]")
    assert [{k: v for k, v in i.items() if k != "source"} for i in draft.instructions] == [
        {"kind": "insert", "unit": "C7.3", "text": "The Panel shall publish a list."},
        {"kind": "insert", "unit": "C7.4", "text": "The Code Administrator shall keep it."}]
    issues = [i for i in draft.issues if "before the first instruction" not in i.message]  # the title line's
    assert [(i.severity, i.where, i.text) for i in issues] == [
        ("note", "l.4", ""), ("unresolved", "l.5", "C7.2 The Panel shall [...]")]
    assert "under the insertion of C7.3, of clauses sec-5.18 has (l.5) are not read" in issues[1].message


def test_a_new_last_paragraph_after_one_ending_and_is_an_insert(tmp_path, base) -> None:
    """"(j) …; and" wrapped over lines, then "(k) …": the "and" ending the line was read as a
    reference wrapped onto the next ("paragraphs (a) and" + "(b)"), so (k) lost its label and its
    words were put in (j)'s."""
    _, j = _c72(base)
    words = j.rstrip(",;.").split()
    draft = _draft(tmp_path, base, "Amend Section C7.2 as follows:", "[...]", " ".join(words[:-3]),
                   " ".join(words[-3:]) + "; and", "(k) maintain a register of Draft Proposals.")
    kinds = [(i["kind"], i["unit"]) for i in draft.instructions]
    assert ("insert", "C7.2(k)") in kinds and not any(
        "maintain a register" in str(i.get("replace", "")) for i in draft.instructions)
    insert = next(i for i in draft.instructions if i["kind"] == "insert")
    assert insert["text"] == "maintain a register of Draft Proposals."


@pytest.mark.parametrize("elision", ["[…]", "…", "..."])
def test_an_elision_written_with_an_ellipsis_elides(tmp_path, base, elision) -> None:
    """Word turns "..." into "…": "[…]" alone on a line was dropped as debris (three characters at
    most), so the quoted text read as the clause's whole and the paragraphs it elided were emptied."""
    intro, j = _c72(base)
    changed = j.replace("without prejudice to", "notwithstanding")
    lines = ("Amend Section C7.2 as follows:", f"C7.2 {intro}", "[...]", changed)
    plain = _draft(tmp_path, base, *lines)
    marked = _draft(tmp_path, base, *(elision if line == "[...]" else line for line in lines))
    strip = [{k: v for k, v in i.items() if k != "source"} for i in plain.instructions]
    assert [{k: v for k, v in i.items() if k != "source"} for i in marked.instructions] == strip
    assert strip == [{"kind": "amend", "unit": "C7.2(j)", "replace": [{"find": "without prejudice to",
                                                                      "with": "notwithstanding"}]}]



@pytest.mark.parametrize("line", ["Section C7.2(j) shall be amended as follows:",
                                  "The following definitions shall be added to Section A1.1:",
                                  "In the definition of Proposer, replace the words “Modification” with “Draft”.",
                                  "In Section C7.2(j), the words “support” shall be replaced with “help”."])
def test_passive_and_in_section_instructions_are_reported_not_quoted_or_dropped(tmp_path, base, line) -> None:
    """Such a line after a Section header was dropped with the lines under it; after an
    instruction, it and they were that instruction's quoted text (C2.3 rewritten with C7.2's words)."""
    draft = _draft(tmp_path, base, "Section C 'Governance'", line, _C72J, "Amend Section C7.2 as follows:", _C72J)
    assert [i["source"][:4] for i in draft.instructions] == ["l.6:"]  # the instruction after, read
    assert [where for where, _ in _unresolved(draft)] == ["l.3"]
    assert _unresolved(draft)[0][1].startswith("instruction not read")


def test_lines_under_no_instruction_are_reported(tmp_path, base) -> None:
    """Lines after a Section header and before any instruction were dropped unsaid; those before
    the first instruction are the document's title and preamble, and noted as such."""
    draft = _draft(tmp_path, base, "This document sets out the legal text.", "Section C 'Governance'",
                   "The Panel intends the following change.", "Amend Section C7.2 as follows:", _C72J)
    assert [i["unit"] for i in draft.instructions] == ["C7.2(j)"]
    assert any(i.severity == "note" and i.where == "l.1" and "2 line(s) before the first instruction (l.1–l.2)"
               in i.message for i in draft.issues)
    issue = next(i for i in draft.issues if i.severity == "unresolved")
    assert (issue.where, issue.text) == ("l.4", "The Panel intends the following change.")
    assert "1 line(s) under no instruction (l.4) are not read" in issue.message


@pytest.mark.parametrize("note", ["[Drafting note: SECAS to confirm the wording.]", "Drafting Note: to be confirmed.",
                                  "Footnote 1: see SECMP0034.", "No further changes are made to Section C."])
def test_drafting_notes_are_set_aside_not_quoted(tmp_path, base, note) -> None:
    """Only "Note that …" was set aside: these were appended to the last quoted unit's words."""
    plain = _draft(tmp_path, base, "Amend Section C7.2 as follows:", _C72J)
    draft = _draft(tmp_path, base, "Amend Section C7.2 as follows:", _C72J, note)
    assert [i.get("replace") for i in draft.instructions] == [i.get("replace") for i in plain.instructions]
    assert any("drafting note of 1 line(s) set aside" in i.message for i in draft.issues)


def test_a_section_header_wrapped_over_two_lines_is_one_header(tmp_path, base) -> None:
    """Seed 000's "Section L ‘Smart Metering Key Infrastructure and DCC Key" + "Infrastructure’"."""
    draft = _draft(tmp_path, base, "Section C ‘Governance and the Code", "Administrator’",
                   "Amend Section C7.2 as follows:", _C72J)
    assert [i["unit"] for i in draft.instructions] == ["C7.2(j)"] and _unresolved(draft) == []


def test_short_words_of_new_text_are_words_not_garbage(tmp_path, base) -> None:
    """"Section X;", "(e.g. a Member)", "+" and "/" in new words were dropped as OCR garbage, no note."""
    _, j = _c72(base)
    new = "assistance (e.g. under Section X; and + / B.) to the Proposer"
    draft = _draft(tmp_path, base, "Amend Section C7.2 as follows:", j.replace("assistance to the Proposer", new))
    assert [(i["unit"], i["replace"]) for i in draft.instructions] == [
        ("C7.2(j)", [{"find": "assistance to", "with": "assistance (e.g. under Section X; and + / B.) to"}])]


def test_garbage_dropped_from_new_words_is_noted(tmp_path, base) -> None:
    """What the garbage filter takes out of new words is said, with its line."""
    _, j = _c72(base)
    draft = _draft(tmp_path, base, "Amend Section C7.2 as follows:", j.replace("assistance to", "assistance ﬁ’f to"))
    assert any(i.message == "'ﬁ’f' read as extraction garbage, not as new words: check the new text"
               for i in draft.issues)


def test_a_word_edit_never_edits_inside_longer_words(tmp_path, base) -> None:
    """"delete the word "and"" made "understanding" "understing" (find "and", count 2): each use
    as a word is found with the word beside it when the words also stand inside longer ones."""
    draft = _draft(tmp_path, base, "In Section C7.2(j), delete the word “and”.")
    assert [(i["unit"], i["replace"]) for i in draft.instructions] == [
        ("C7.2(j)", [{"find": "and assistance", "with": "assistance"}])]
    draft.meta["baseline"] = "5.18"
    rules = tmp_path / "rules.toml"
    rules.write_text(to_toml(draft, "test"), encoding="utf-8")
    amended = apply_modification(base, load_rules(rules)).version.get("C7.2(j)").text
    assert "understanding" in amended and "support assistance" in amended


def test_a_range_running_backwards_is_unresolved(tmp_path, base) -> None:
    """"Delete Sections G7.21 to G7.20." named nothing and said nothing."""
    draft = _draft(tmp_path, base, "Delete Sections G7.21 to G7.20.", "Delete Section C7.2(j).")
    assert [i["unit"] for i in draft.instructions] == ["C7.2(j)"]
    assert _unresolved(draft) == [("l.2", "the range G7.21 to G7.20 runs backwards in sec-5.18: it names no unit")]


def test_new_definitions_with_quoted_terms_or_unknown_verbs_are_read_or_reported(tmp_path, base) -> None:
    """“Change Sub-Committee” means …: the quotes hid the term, and nothing was read, or said.  A
    definition opened by a verb redline does not know ("refers to", "X: …") was dropped, or put in
    the definition before."""
    add = "Add the following new definitions into Section A1.1 in alphabetical order:"
    quoted = _draft(tmp_path, base, add, "“Change Sub-Committee” means the Sub-Committee so established.",
                    '"Draft Proposal" has the meaning given to that expression in Section D1.2.')
    assert [(i["term"], i["text"][:12]) for i in quoted.instructions] == [
        ("Change Sub-Committee", "means the Su"), ("Draft Proposal", "has the mean")]
    unknown = _draft(tmp_path, base, add, "Code Administrator Report means the report under Section C7.2.",
                     "Draft Proposal: a proposal submitted under Section D1.2.",
                     "Change Report refers to a report.")
    assert [(i["term"], i["text"]) for i in unknown.instructions] == [
        ("Code Administrator Report", "means the report under Section C7.2.")]
    assert [(where, message.split(" reads as")[0]) for where, message in _unresolved(unknown)] == [
        ("l.4", "'Draft Proposal'"), ("l.5", "'Change Report'")]
    before = _draft(tmp_path, base, add, "The following terms are new.", "Zebra Board means the board.")
    assert [i["term"] for i in before.instructions] == ["Zebra Board"]
    assert _unresolved(before)[0][0] == "l.3" and "before the first definition" in _unresolved(before)[0][1]


@pytest.mark.parametrize("quoted", [(), ("[...]",)])
def test_an_amendment_quoting_nothing_is_unresolved(tmp_path, base, quoted) -> None:
    """"Amend Section C7.2 as follows:" with nothing, or only "[...]", under it read as no change, unsaid."""
    draft = _draft(tmp_path, base, "Amend Section C7.2 as follows:", *quoted, "Delete Section C7.2(j).")
    assert [i["kind"] for i in draft.instructions] == ["delete"]
    assert _unresolved(draft) == [
        ("l.2", "no text quoted under the amendment of C7.2: nothing to read the change from")]


def test_a_modification_given_twice_is_refused(tmp_path):
    result = CliRunner().invoke(main, ["apply", "SECMP0049", "SECMP0049", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "SECMP0049 is given twice" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("mark", ["[...]", "[...],"])
def test_an_elision_within_a_line_elides(tmp_path, base, mark) -> None:
    """"(j) without prejudice …, provide support [...] so as to properly frame any subsequent
    Draft Proposal": the words "[...]" stands for were deleted (find them, with ""); so were
    they with "[...],", the comma after them kept."""
    _, j = _c72(base)
    start = j.index("provide support") + len("provide support")
    end = j.index("so as to") if mark == "[...]" else j.index(",", start) + 1
    line = f"{j[:start]} {mark} {j[end:].lstrip()}".replace("subsequent Modification", "subsequent Draft")
    draft = _draft(tmp_path, base, "Amend Section C7.2(j) as follows:", line)
    assert [(i["unit"], i["replace"]) for i in draft.instructions] == [
        ("C7.2(j)", [{"find": "subsequent Modification", "with": "subsequent Draft"}])]


@pytest.mark.parametrize(("line", "kind", "first"), [("Amend G7.20 as follows:", "amend", "G7.20"),
                                                     ("Delete C7.2(j).", "delete", "C7.2(j)"),
                                                     ("Insert new G7.23:", "insert", "G7.23")])
def test_an_instruction_naming_a_clause_without_section_is_read(line, kind, first) -> None:
    """"Amend G7.20 as follows:" was quoted text of the instruction above (its change lost)."""
    heading = match_heading(line)
    assert heading is not None and (heading.kind, heading.first) == (kind, first)


def test_a_new_appendix_paragraph_quoted_after_one_is_an_insert(tmp_path, base) -> None:
    """"3.2.5 New text." quoted under "Amend Appendix AG paragraph 3.2.4" had its words put in
    3.2.4's, its number dropped: in an Appendix the new-clause reading did not run."""
    text = base.get("AG:3.2.4").text
    draft = _draft(tmp_path, base, "Appendix AG ‘Incident Management Policy’", "Amend Section 3.2.4 as follows:",
                   f"3.2.4 {text}", "3.2.5 The DCC shall publish the change.")
    assert [(i["kind"], i["unit"], i.get("text")) for i in draft.instructions] == [
        ("insert", "AG:3.2.5", "The DCC shall publish the change.")]
    assert any(i.message.startswith("AG:3.2.5 is quoted but not in sec-5.18") for i in draft.issues)


def test_a_new_last_paragraph_of_a_definition_is_an_insert(tmp_path, base) -> None:
    """"(d) …; or" then a new "(e) …" under "Amend the following definitions": (e)'s words were
    put in (d)'s, its label dropped."""
    term = "Significant Code Review Phase"
    last = base.get(f"A1.1:{term}(d)").text
    draft = _draft(tmp_path, base, "Amend the following definitions in Section A1.1 as follows:",
                   f"{term} {base.get(f'A1.1:{term}').text}", "[...]", f"(d) {last.rstrip('.')}; or",
                   "(e) the date on which the Panel so determines.")
    end = last.split()[-1]
    got = [(i["kind"], i.get("unit") or i.get("term"), i.get("text") or i.get("replace")) for i in draft.instructions]
    assert got == [("insert", f"A1.1:{term}(e)", "the date on which the Panel so determines."),
                   ("amend_definition", f"{term}(d)", [{"find": end, "with": f"{end.rstrip('.')}; or"}])]


def test_a_bare_appendix_header_sets_the_appendix(tmp_path, base) -> None:
    """"Appendix AG" alone on a line was quoted text: appended to the clause above as its words."""
    text = base.get("AG:3.2.4").text
    draft = _draft(tmp_path, base, "Amend Section C7.2 as follows:", _C72J, "Appendix AG",
                   "Amend Section 3.2.4 as follows:", f"3.2.4 {text.replace('Modification', 'Draft')}")
    assert [i["unit"] for i in draft.instructions] == ["C7.2(j)", "AG:3.2.4"]
    assert "Appendix AG" not in str(draft.instructions[0])


def test_new_words_after_a_list_continue_its_parent(tmp_path, base) -> None:
    """"(ii) … L13.42," then "provided that …": the proviso was put at the end of (ii)'s words;
    it is (b)'s tail, as the reader reads such a line, and reads back so once applied."""
    item = base.get("L13.55(b)(ii)").text
    draft = _draft(tmp_path, base, "Amend Section L13.55 as follows:", "[...]",
                   f"(ii) {item.rstrip('.')},", "provided that the DCC shall first consult the Panel.")
    assert [{k: v for k, v in i.items() if k != "source"} for i in draft.instructions] == [
        {"kind": "amend", "unit": "L13.55(b)", "field": "tail", "text": "provided that the DCC shall first consult "
                                                                        "the Panel."},
        {"kind": "amend", "unit": "L13.55(b)(ii)", "replace": [{"find": f"{item.split()[-1]}",
                                                                 "with": f"{item.split()[-1].rstrip('.')},"}]}]
    draft.meta["baseline"] = "5.18"
    rules = tmp_path / "rules.toml"
    rules.write_text(to_toml(draft, "test"), encoding="utf-8")
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["apply", str(rules), "--out", str(out)]).exit_code == 0
    from redline.read import read_version
    amended = read_version([out / "amended"])
    assert amended.get("L13.55(b)").tail == "provided that the DCC shall first consult the Panel."


def test_a_paragraph_inserted_whole_in_a_redline_pdf_is_an_insert(base) -> None:
    """A PDF shows no paragraph marks: a new "(e) …" (every word underlined, the spaces between
    not), over two lines, had its words put in (d)'s, its label dropped."""
    from redline.instructions.model import INSERT, Draft
    from redline.instructions.plan import Planner

    def line(n: int, *runs: tuple[str, str]) -> Line:
        return Line(list(runs), f"p.1 l.{n}", n)
    d = base.get("C2.3(d)").text
    lines = [line(1, (EQUAL, "Amend Section C2.3 as follows:")), line(2, (EQUAL, "[...]")),
             line(3, (EQUAL, f"(d) {d}")),
             line(4, (INSERT, "(e)"), (EQUAL, " "), (INSERT, "keep"), (EQUAL, " "), (INSERT, "a register")),
             line(5, (INSERT, "of"), (EQUAL, " "), (INSERT, "every Draft Proposal;")), line(6, (EQUAL, "[...]"))]
    segments, unread = split_segments(lines, [])
    draft = Draft({"id": "SECMP0099"})
    Planner(base, draft).run(segments)
    assert [{k: v for k, v in i.items() if k != "source"} for i in draft.instructions] == [
        {"kind": "insert", "unit": "C2.3(e)", "text": "keep a register of every Draft Proposal;"}]
