"""The amendment engine on the real modifications and on bad rules."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BASE_DIR, RULES, SEED_003, norm, signature

from redline.amend.engine import ApplyError, apply_modification
from redline.amend.invert import invert
from redline.amend.rules import load_rules
from redline.cli import main
from redline.models import ChangeKind, RedlineError, Version
from redline.wording import collation_key


def word_for_word_differences(got: Version, want: Version) -> list[str]:
    """Every unit of ``want`` whose id, position, heading, text or tail differs in ``got``."""
    problems = []
    got_units = list(got.units())
    want_units = list(want.units())
    if [u.id for u in got_units] != [u.id for u in want_units]:
        problems.append(f"unit order differs: {[u.id for u in got_units]} != {[u.id for u in want_units]}")
    got_by_id = {u.id: u for u in got_units}
    for unit in want_units:
        mine = got_by_id.get(unit.id)
        if mine is None:
            problems.append(f"{unit.id} missing")
            continue
        for name in ("heading", "text", "tail"):
            if norm(getattr(mine, name)) != norm(getattr(unit, name)):
                problems.append(f"{unit.id} {name}: {getattr(mine, name)!r} != {getattr(unit, name)!r}")
    return problems


@pytest.fixture(scope="module")
def secmp0049(base):
    return apply_modification(base, load_rules(RULES / "SECMP0049.toml"))


def test_secmp0049_reproduces_the_seed_word_for_word(secmp0049, expected):
    assert word_for_word_differences(secmp0049.version, expected) == []
    assert secmp0049.undecided == []


def test_the_word_for_word_comparison_fails_on_any_one_word_difference(secmp0049, expected):
    mutated = copy.deepcopy(expected)
    unit = mutated.get("G7.20(a)")
    unit.text = unit.text.replace("Draft Proposals", "Modification Proposals", 1)
    assert word_for_word_differences(secmp0049.version, mutated) == [
        f"G7.20(a) text: {secmp0049.version.get('G7.20(a)').text!r} != {unit.text!r}"]


def test_new_definitions_stand_in_alphabetical_position(secmp0049):
    terms = [d.label for d in secmp0049.version.definitions()]
    assert terms == sorted(terms, key=collation_key)
    assert terms.index("Authority Determined Modification") < terms.index("Authority-initiated Modification")
    assert terms.index("Proposed Solution") < terms.index("Proposer")
    assert terms[:5] == ["Alternative Solution", "Authority Determined Modification",
                         "Authority-initiated Modification", "Change Sub-Committee", "Draft Proposal"]


def test_change_log_counts_match_the_seed(secmp0049):
    kinds = [c.kind for c in secmp0049.changes]
    assert kinds.count(ChangeKind.ADD_DEFINITION) == 6
    assert len({c.unit_id for c in secmp0049.changes if c.kind is ChangeKind.AMEND_DEFINITION}) == 7
    edited = {c.unit_id.split("(")[0] for c in secmp0049.changes if not c.unit_id.startswith(("A1.1", "D"))}
    assert edited == {"C2.3", "C7.2", "F1.4", "F1.6", "G7.18", "G7.19", "G7.20", "L1.17", "L1.18", "L1.19",
                      "L8.11", "L10.24", "L13.55", "M5.1", "M8.5", "Z1.6", "AG:3.2.4"}


def test_external_redraft_and_blocked_renumbering_are_reported_not_applied(secmp0049):
    notes = {c.unit_id: c.reason for c in secmp0049.not_applied}
    assert "external redraft" in notes["D"]
    assert "SECMP0034" in notes["D3.13"] and "blocked" in notes["D3.13"]


def test_secmp0022_metadata_is_the_final_modification_reports(base):
    mod = load_rules(RULES / "SECMP0022.toml")
    report = SEED_003.read_text(encoding="utf-8")
    assert (mod.path, mod.self_governance) == (3, True)
    assert mod.approved == "2016-11-23" and "approve this modification on 23rd November 2016" in report
    assert mod.implementation_date == "2016-12-14" and "implemented on 14th December 2016" in report
    assert "Section L1.12 (c) should be removed" in report
    result = apply_modification(base, mod)
    assert base.get("L1.12(c)") is not None and result.version.get("L1.12(c)") is None
    assert [(c.kind, c.unit_id) for c in result.changes] == [(ChangeKind.DELETE, "L1.12(c)")]


def test_applying_then_inverting_returns_the_base(base, secmp0049):
    assert signature(invert(secmp0049.version, secmp0049.changes)) == signature(base)


# --- bad rules ------------------------------------------------------------------------

RULES_HEAD = '[modification]\nid = "SECMP9999"\ntitle = "Test"\nbaseline = "5.18"\n'


def rules_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "SECMP9999.toml"
    path.write_text(RULES_HEAD + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(("body", "message"), [
    ('[[instruction]]\nkind = "amend"\nunit = "C2.3(d)"\nreplace = [{find = "no such words", with = "x"}]\n',
     "instruction 1 (amend C2.3(d)): 'no such words' not found in C2.3(d)"),
    ('[[instruction]]\nkind = "amend"\nunit = "G7.18(c)"\nreplace = [{find = "Panel", with = "x"}]\n',
     "instruction 1 (amend G7.18(c)): 'Panel' matches 2 times in G7.18(c) (expected 1)"),
    ('[[instruction]]\nkind = "amend"\nunit = "C9.9"\ntext = "x"\n',
     "instruction 1 (amend C9.9): no unit C9.9 in sec-5.18"),
    ('[[instruction]]\nkind = "amend"\nunit = "C2.3(d)"\nreplace = [{find = "oversee and co-ordinate", with = "a"},'
     ' {find = "co-ordinate the process", with = "b"}]\n',
     "instruction 1 (amend C2.3(d)): edit at C2.3(d) overlaps the edit made by instruction 1"),
    ('[[instruction]]\nkind = "amend"\nunit = "C2.3(d)"\nreplace = [{find = "oversee", with = "supervise"}]\n'
     '[[instruction]]\nkind = "amend"\nunit = "C2.3(d)"\nreplace = [{find = "supervise and", with = "x and"}]\n',
     "instruction 2 (amend C2.3(d)): edit at C2.3(d) overlaps the edit made by instruction 1"),
    ('[[instruction]]\nkind = "frobnicate"\n', "instruction 1: unknown kind 'frobnicate'"),
    ('[[unresolved]]\nsource = "l.3"\n', "unresolved item 1: missing ['problem']"),
    ('[[unresolved]]\nproblem = "x"\nseverity = "high"\n', "unresolved item 1: unknown field(s) ['severity']"),
    ('[[unresolved]]\nproblem = "x"\n[[unresolved]]\nproblem = 3\n', "unresolved item 2: problem must be text"),
    ('[[instruction]]\nkind = "add_definition"\nterm = "Proposer"\ntext = "means x."\n',
     "instruction 1 (add_definition Proposer): 'Proposer' is already defined in A1.1"),
    # out of number order: the amended version read back had two G7.21s, or G7.20 inside G7.25's words
    ('[[instruction]]\nkind = "insert"\nunit = "G7.21"\nafter = "G7.18"\nreletter = true\ntext = "x."\n',
     "instruction 1 (insert G7.21): G7.21 would stand next to G7.18 and G7.20, out of number order"),
    ('[[instruction]]\nkind = "renumber"\nunit = "G7.19"\nto = "G7.25"\n',
     "instruction 1 (renumber G7.19): G7.25 would stand next to G7.18 and G7.20, out of number order"),
    ('[[instruction]]\nkind = "insert"\nunit = "G7.24"\nbefore = "G7.20"\ntext = "x."\n',
     "G7.24 would stand next to G7.19 and G7.20, out of number order"),
    ('[[instruction]]\nkind = "renumber"\nunit = "G7.19"\nto = "L1.30"\n',
     "L1.30 is not in Part G7, where G7.19 stands: a renumbering keeps the unit's place (use move)"),
    ('[[instruction]]\nkind = "renumber"\nunit = "G7.18(a)"\nto = "G7.19(c)"\n',
     "G7.19(c) is not under G7.18, where G7.18(a) stands"),
    # an edit of half a word or of a reference a renumbering just rewrote
    ('[[instruction]]\nkind = "renumber"\nunit = "L1.19"\nto = "L1.19A"\n[[instruction]]\nkind = "amend"\n'
     'unit = "L1.17(b)"\nreplace = [{find = "Section L1.19", with = "Section L1.19 (x)"}]\n',
     "instruction 2 (amend L1.17(b)): 'Section L1.19' stands inside the word 'L1.19A' in L1.17(b)"),
    ('[[instruction]]\nkind = "renumber"\nunit = "L1.19"\nto = "L1.19A"\n[[instruction]]\nkind = "amend"\n'
     'unit = "L1.17(b)"\nreplace = [{find = "Section L1.19A", with = "Section L1.19A (x)"}]\n',
     "instruction 2 (amend L1.17(b)): edit at L1.17(b) overlaps the edit made by instruction 1"),
    ('[[instruction]]\nkind = "rename"\nfrom = "Modification Proposer"\nto = "x"\n',
     "'Modification Proposer' occurs nowhere in sec-5.18: the rename changes nothing"),
    # parameters of the wrong type: tracebacks, or a string read as a list of characters
    ('[[instruction]]\nkind = "amend"\nunit = "G7.20"\nfield = "label"\ntext = "G7.29"\n',
     "field must be one of text, tail, heading, not 'label'"),
    ('[[instruction]]\nkind = "amend"\nunit = "G7.20"\nreplace = [{find = "x", with = "y", count = "ALL"}]\n',
     "replace count must be a whole number from 1, or \"all\", not 'ALL'"),
    ('[[instruction]]\nkind = "amend"\nunit = "G7.20"\nreplace = [{find = "x", with = "y", count = 0}]\n',
     "replace count must be a whole number from 1, or \"all\", not 0"),
    ('[[instruction]]\nkind = "amend"\nunit = ["G7.20", "G7.21"]\ntext = "x"\n', "unit must be text, not ['G7.20'"),
    ('[[instruction]]\nkind = "amend"\nunit = "G7.20"\nreplace = []\n', "replace must be a non-empty list of tables"),
    ('[[instruction]]\nkind = "rename"\nfrom = "Proposer"\nto = "x"\nscope = 5\n', "scope must be a unit id or a list"),
    ('[[instruction]]\nkind = "delete"\nunit = "G7.20"\nrequires = "SECMP0034"\n',
     "requires: expected a list of modification ids, such as [\"SECMP0034\"], not 'SECMP0034'"),
    ('[[instruction]]\nkind = "insert"\nunit = "G7.23"\nafter = "G7.22"\nbefore = "G7.21"\ntext = "x."\n',
     "give 'after' or 'before', not both"),
    ('[[instruction]]\nkind = "add_definition"\nterm = "Withdrawn Term"\ntext = ""\n',  # was a traceback
     "instruction 1 (add_definition): text is empty: a new unit needs its words"),
    ('[[instruction]]\nkind = "insert"\nunit = "G7.23"\ntext = " "\n', "(insert): text is empty"),
])
def test_bad_instructions_name_file_instruction_and_unit_and_write_nothing(tmp_path, body, message):
    rules = rules_file(tmp_path, body)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["apply", str(rules), "--base", str(BASE_DIR), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert f"{rules}: " in result.output and message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()


def test_a_rules_file_already_applied_is_refused(base):
    mod = load_rules(RULES / "SECMP0022.toml")
    once = apply_modification(base, mod).version
    with pytest.raises(ApplyError, match="SECMP0022 was already applied to sec-5.18"):
        apply_modification(once, mod)


def test_unresolved_items_are_read_and_never_applied(base, tmp_path):
    rules = rules_file(tmp_path, '[[instruction]]\nkind = "amend"\nunit = "C2.3(d)"\n'
                                 'replace = [{find = "oversee", with = "supervise"}]\n'
                                 '[[unresolved]]\nsource = "l.7"\nunit = "D1.4"\nproblem = "instruction not read"\n'
                                 'text = "(a) quoted words"\n')
    mod = load_rules(rules)
    assert [(u.source, u.unit, u.problem) for u in mod.unresolved] == [("l.7", "D1.4", "instruction not read")]
    result = apply_modification(base, mod)
    assert [c.unit_id for c in result.changes] == ["C2.3(d)"]


def test_an_amendment_that_deletes_every_word_of_a_unit_leaves_it_without_words(base, tmp_path):
    """Quoted text with all of a paragraph's words struck reads as ``text = ""`` for it."""
    mod = load_rules(rules_file(tmp_path, '[[instruction]]\nkind = "amend"\nunit = "C2.3(d)"\ntext = ""\n'))
    result = apply_modification(base, mod)
    assert result.version.index()["C2.3(d)"].text == ""
    assert [(c.unit_id, c.after) for c in result.changes] == [("C2.3(d)", "")]


def test_an_unresolved_item_that_is_no_table_is_refused(tmp_path):
    rules = tmp_path / "SECMP9999.toml"
    rules.write_text('unresolved = ["x"]\n' + RULES_HEAD, encoding="utf-8")
    with pytest.raises(RedlineError, match=r"SECMP9999.toml: unresolved item 1: expected a table"):
        load_rules(rules)


def test_a_missing_rules_file_is_one_line():
    with pytest.raises(RedlineError, match="no such rules file"):
        load_rules("rules/SECMP0000.toml")


def test_applying_to_a_version_that_already_carries_the_modification_writes_nothing(base, tmp_path):
    from redline.write import write_version

    carried = tmp_path / "sec-5.18+SECMP0022"
    write_version(apply_modification(base, load_rules(RULES / "SECMP0022.toml")).version, carried, "test")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["apply", str(RULES / "SECMP0022.toml"), "--base", str(carried),
                                       "--out", str(out)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"redline: error: {RULES / 'SECMP0022.toml'}: SECMP0022 was already applied "
                                     "to sec-5.18+SECMP0022")
    assert not out.exists()


def test_apply_writes_every_output_and_an_amended_version_parse_reads(tmp_path, expected):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["apply", str(RULES / "SECMP0049.toml"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "blocked: depends on SECMP0034" in result.stderr and "external redraft" in result.stderr
    names = {p.name for p in out.iterdir()}
    assert {"amended", "changes.json", "affected.json", "affected.csv", "affected.md", "redline.docx",
            "legal-text.docx", "redline.html"} <= names
    from redline.read import read_version

    assert word_for_word_differences(read_version([out / "amended"]), expected) == []
    log = json.loads((out / "changes.json").read_text(encoding="utf-8"))
    assert {c["kind"] for c in log["changes"]} >= {"add_definition", "amend_definition", "amend", "rename",
                                                    "not_applied"}
    affected = json.loads((out / "affected.json").read_text(encoding="utf-8"))
    assert {"unit": "L1.17(b)", "uid": "L1.17(b)", "direct": False,
            "reasons": ["refers to L1.19 (changed by this modification)"]} in affected["affected"]
    not_applied = [(n["kind"], n["unit"]) for n in affected["not_applied"]]
    assert not_applied == [("external redraft", "D"), ("blocked", "D3.13")]


@pytest.mark.parametrize(("body", "reason"), [
    ('[[instruction]]\nkind = "delete_definition"\nterm = "Proposer"\n',
     "uses term Proposer (definition deleted by this modification; Proposer is no longer defined)"),
    ('[[instruction]]\nkind = "amend_definition"\nterm = "Proposer"\n'
     'replace = [{find = "Persons Entitled", with = "Persons Allowed"}]\n',
     "uses term Proposer (definition changed by this modification)"),
    ('[[instruction]]\nkind = "amend_definition"\nterm = "Proposer"\nto = "Proposing Party"\n',
     "uses term Proposer (definition renamed to Proposing Party by this modification; Proposer is no longer "
     "defined)"),
])
def test_a_unit_using_a_term_says_whether_its_definition_changed_or_is_gone(base, tmp_path, body, reason):
    """A definition renamed (or deleted) leaves C7.2(j)'s "Proposer" undefined: it was not listed."""
    from redline.amend.affected import affected_units
    from redline.models import reason_group

    result = apply_modification(base, load_rules(rules_file(tmp_path, body)))
    (user,) = [a for a in affected_units(base, result.version, result.changes) if a.unit_id == "C7.2(j)"]
    assert user.reasons == [reason] and reason_group(reason) == "uses term Proposer"


def test_a_reference_to_a_deleted_unit_is_flagged_for_a_drafter(base, tmp_path):
    """C7.2(j) cites C7.2(i); deleting (i) with re-lettering makes (j) the new (i), so the words
    "Section C7.2(i)" are left citing the unit that took the number: never passed off as fine."""
    from redline.amend.affected import affected_units

    rules = rules_file(tmp_path, '[[instruction]]\nkind = "delete"\nunit = "C7.2(i)"\nreletter = true\n')
    result = apply_modification(base, load_rules(rules))
    affected = affected_units(base, result.version, result.changes)
    # one row per unit: the deleted (i), and the old (j) under its new id, never merged, never by its old id
    rows = [(a.unit_id, a.uid) for a in affected if a.unit_id.startswith("C7.2(")]
    assert rows == [("C7.2(i)", "C7.2(i)"), ("C7.2(i)", "C7.2(j)")]
    deleted, relettered = (a for a in affected if a.unit_id == "C7.2(i)")
    assert deleted.direct and deleted.reasons == ["edited directly: deleted by SECMP9999 (SECMP9999#1)"]
    assert relettered.reasons[0].startswith("edited consequentially: re-lettered") and ", was C7.2(j) " in \
        relettered.reasons[0]
    assert any("refers to C7.2(i) (deleted by this modification: left as written" in r for r in relettered.reasons)


def test_a_use_rewritten_or_inside_the_new_term_is_no_use_of_the_old(base, tmp_path):
    """Renamed to "Proposer Contact", a unit whose words now read "Proposer Contact" does not
    use "Proposer" (the old term inside the new one), and is not said to use an undefined term."""
    from redline.amend.affected import affected_units

    body = ('[[instruction]]\nkind = "amend_definition"\nterm = "Proposer"\nto = "Proposer Contact"\n'
            '[[instruction]]\nkind = "amend"\nunit = "C7.2(j)"\n'
            'replace = [{find = "the Proposer of", with = "the Proposer Contact of"}]\n')
    result = apply_modification(base, load_rules(rules_file(tmp_path, body)))
    (user,) = [a for a in affected_units(base, result.version, result.changes) if a.unit_id == "C7.2(j)"]
    assert not any("no longer defined" in r for r in user.reasons), user.reasons
    assert "uses term Proposer (definition renamed to Proposer Contact by this modification)" in user.reasons


def test_two_modifications_changing_the_same_words_are_named_as_conflicting(tmp_path):
    """The second's find fails because the first changed its unit: the error says they conflict."""
    edits = (("SECMP9101", "2018-10-01", "properly frame", "frame"),
             ("SECMP9102", "2018-10-02", "so as to properly frame any", "so as to frame each"))
    for mod_id, date, find, with_ in edits:
        (tmp_path / f"{mod_id}.toml").write_text(
            f'[modification]\nid = "{mod_id}"\ntitle = "Test"\nbaseline = "5.18"\ndate = "{date}"\n\n'
            f'[[instruction]]\nkind = "amend"\nunit = "C7.2(j)"\nreplace = [{{find = "{find}", with = "{with_}"}}]\n',
            encoding="utf-8")
    out = tmp_path / "out"
    rules = [str(tmp_path / f"{mod_id}.toml") for mod_id, *_ in edits]
    result = CliRunner().invoke(main, ["apply", *rules, "--base", str(BASE_DIR), "--out", str(out)])
    assert result.exit_code == 2 and not out.exists()
    message = "C7.2(j) was changed by SECMP9101, applied before it in this run: the modifications conflict"
    assert message in result.output and len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize(("first", "second", "message"), [
    # the second's complete new text had silently discarded the first's edit ("Not applied: none")
    ('kind = "amend"\nunit = "C7.2(j)"\nreplace = [{find = "properly frame", with = "frame"}]\n',
     'kind = "amend"\nunit = "C7.2(j)"\ntext = "a new text."\n',
     "rewrites the whole text of C7.2(j), discarding the edit made by SECMP9101's instruction 1"),
    # the second names a unit below one the first deleted, or under its number before a renumbering
    ('kind = "delete"\nunit = "G7.20"\n', 'kind = "amend"\nunit = "G7.20(a)"\ntext = "x."\n',
     "no unit G7.20(a) in sec-5.18+SECMP9101; G7.20(a) was changed by SECMP9101"),
    ('kind = "renumber"\nunit = "G7.22"\nto = "G7.22A"\n', 'kind = "amend"\nunit = "G7.22(b)"\ntext = "x."\n',
     "no unit G7.22(b) in sec-5.18+SECMP9101; G7.22(b) was changed by SECMP9101"),
])
def test_a_second_modification_undoing_or_missing_the_first_is_named_as_conflicting(tmp_path, first, second,
                                                                                    message):
    for mod_id, date, body in (("SECMP9101", "2018-10-01", first), ("SECMP9102", "2018-10-02", second)):
        (tmp_path / f"{mod_id}.toml").write_text(
            f'[modification]\nid = "{mod_id}"\ntitle = "Test"\nbaseline = "5.18"\ndate = "{date}"\n\n'
            f"[[instruction]]\n{body}", encoding="utf-8")
    out = tmp_path / "out"
    rules = [str(tmp_path / f"{mod_id}.toml") for mod_id in ("SECMP9101", "SECMP9102")]
    result = CliRunner().invoke(main, ["apply", *rules, "--base", str(BASE_DIR), "--out", str(out)])
    assert result.exit_code == 2 and not out.exists(), result.output
    assert message in result.output and "the modifications conflict there" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_modification_depending_on_another_may_restate_its_edit(tmp_path):
    """With depends_on, the second was drafted on the first: its new text is no conflict."""
    edit = 'kind = "amend"\nunit = "C7.2(j)"\nreplace = [{find = "properly frame", with = "frame"}]\n'
    for mod_id, extra, body in (("SECMP9101", "", edit), ("SECMP9102", 'depends_on = ["SECMP9101"]\n',
                                                           'kind = "amend"\nunit = "C7.2(j)"\ntext = "a new text."\n')):
        (tmp_path / f"{mod_id}.toml").write_text(
            f'[modification]\nid = "{mod_id}"\ntitle = "Test"\nbaseline = "5.18"\n{extra}\n[[instruction]]\n{body}',
            encoding="utf-8")
    result = CliRunner().invoke(main, ["apply", str(tmp_path / "SECMP9101.toml"), str(tmp_path / "SECMP9102.toml"),
                                       "--base", str(BASE_DIR), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "amended").is_dir()


def test_a_part_renumbered_takes_its_clauses_and_their_references_with_it(base, tmp_path):
    """Renumbering Part L13 changed only its heading: L13.55 kept its number (read back, it
    opened a second Part L13) and references to it were left."""
    result = apply_modification(base, load_rules(rules_file(
        tmp_path, '[[instruction]]\nkind = "renumber"\nunit = "L13"\nto = "L14"\n')))
    amended = result.version
    assert amended.get("L13") is None and amended.get("L13.55") is None
    assert amended.get("L14.55") is not None and amended.get("L14.55").parent is amended.get("L14")
    assert "Section L14" in amended.get("L1.17(g)").text and "Section L13" not in amended.get("L1.17(g)").text
    assert {(c.unit_id, c.kind) for c in result.changes} >= {("L14", ChangeKind.RENUMBER),
                                                              ("L14.55", ChangeKind.RENUMBER)}


#: A two-Section version written for these tests (synthetic wording, not SEC text).
_SMALL = {
    "section-A.txt": "SECTION A: DEFINITIONS AND INTERPRETATION\nA1 DEFINITIONS\n"
                     "A1.1 In this Code, except where the context otherwise requires:\n"
                     "Panel means the panel established under Section D1.3.\n",
    "section-D.txt": "SECTION D: MODIFICATIONS\nD1 RAISING PROPOSALS\n"
                     "Raising Proposals\n"
                     "D1.3 The following persons may raise a proposal:\n(a) the Panel; and\n(b) any Party.\n"
                     "D1.4 A person under Section D1.3(a) shall consult any Working Group.\n"
                     "D1.5 The Panel shall keep a list of proposals raised under Section D1.3 (Raising Proposals).\n"
                     "D1.6 Sections D1.3 to D1.5 apply to every proposal.\n"
                     "D1.7 The Panel may establish Working Parties.\n",
}


def _small(tmp_path: Path) -> Path:
    directory = tmp_path / "small"
    directory.mkdir()
    for name, text in _SMALL.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def _affected(tmp_path: Path, body: str) -> dict[str, list[str]]:
    from redline.read import read_version

    base_dir = _small(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["apply", str(rules_file(tmp_path, body)), "--base", str(base_dir),
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert read_version([base_dir]).get("D1.4") is not None
    return {row["unit"]: row["reasons"] for row in json.loads((out / "affected.json").read_text())["affected"]}


def test_a_reference_to_a_paragraph_of_a_deleted_clause_is_affected(tmp_path):
    """Deleting D1.3 left D1.4's "Section D1.3(a)" citing nothing, and D1.4 was not listed."""
    affected = _affected(tmp_path, '[[instruction]]\nkind = "delete"\nunit = "D1.3"\n')
    assert any(reason.startswith("refers to D1.3(a) (deleted by this modification") for reason in affected["D1.4"])


def test_units_using_a_newly_defined_term_are_affected(tmp_path):
    """A new definition of "Working Group" gives D1.4's words a defined meaning; D1.4 was not listed."""
    affected = _affected(tmp_path, '[[instruction]]\nkind = "add_definition"\nterm = "Working Group"\n'
                                   'text = "means a group established by the Panel."\n')
    assert affected["D1.4"] == ["uses term Working Group (definition added by this modification)"]
    assert "D1.5" not in affected
    (tmp_path / "b").mkdir()  # a plural in "-ies" holds no "Working Party": found by its own form
    plural = _affected(tmp_path / "b", '[[instruction]]\nkind = "add_definition"\nterm = "Working Party"\n'
                                       'text = "means a party established by the Panel."\n')
    assert plural["D1.7"] == ["uses term Working Party (definition added by this modification)"]


def test_a_modification_applied_to_another_version_than_its_baseline_says_so(tmp_path):
    """SECMP0022 was drafted against SEC 4.15: applied to 5.18, no output said so."""
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["apply", str(RULES / "SECMP0022.toml"), "--base", str(BASE_DIR),
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "note: SECMP0022 (drafted against SEC 4.15), applied to sec-5.18" in result.stderr
    assert "SECMP0022 (drafted against SEC 4.15) ‘" in (out / "redline.html").read_text(encoding="utf-8")
    mine = CliRunner().invoke(main, ["apply", "SECMP0049", "--out", str(tmp_path / "out49")])
    assert "drafted against" not in mine.stderr + (tmp_path / "out49" / "redline.html").read_text(encoding="utf-8")


def test_a_quoted_heading_a_change_leaves_stale_is_said(tmp_path):
    """D1.3's heading amended: D1.5, quoting the old one, was listed only as "refers to D1.3"."""
    retitle = '[[instruction]]\nkind = "amend"\nunit = "D1.3"\nheading = "Raising Draft Proposals"\n'
    (tmp_path / "a").mkdir()
    affected = _affected(tmp_path / "a", retitle)
    assert "quotes the heading of D1.3 as (Raising Proposals), but it is headed 'Raising Draft Proposals': the " \
           "quotation no longer matches" in affected["D1.5"]
    (tmp_path / "b").mkdir()
    unchanged = _affected(tmp_path / "b", '[[instruction]]\nkind = "amend"\nunit = "D1.4"\ntext = "A person."\n')
    assert not any("quotes the heading" in reason for reasons in unchanged.values() for reason in reasons)


def test_a_unit_inserted_inside_a_range_reaches_the_units_citing_the_range(tmp_path):
    """D1.4A inserted between D1.4 and D1.5: "Sections D1.3 to D1.5" in D1.6 now covers it too, and
    D1.6 was not listed."""
    affected = _affected(tmp_path, '[[instruction]]\nkind = "insert"\nunit = "D1.4A"\ntext = "A new clause."\n')
    assert affected["D1.6"] == ["refers to Sections D1.3 to D1.5, a range that now also covers D1.4A (inserted by "
                                "this modification)"]
    assert "D1.5" not in affected
