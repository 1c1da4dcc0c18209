"""A batch never does silently what the drafter did not draft: each case is a new base made from
the bundled corpus by one known edit (synthetic edits of SEC text), against which a small rules
file is re-applied; the batch's verdicts and its output folders must agree with what happened."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BASE_DIR, CORPUS, RULES

from redline.cli import main

HEADER = '[modification]\nid = "{id}"\ntitle = "synthetic"\nbaseline = "5.18"\ndate = "2020-01-01T00:00:00Z"\n{extra}'


def new_base(tmp_path: Path, file: str = "", old: str = "", new: str = "") -> Path:
    """The corpus with ``old`` replaced by ``new`` in ``file`` (the new designated version)."""
    base = tmp_path / "base"
    shutil.copytree(BASE_DIR, base)
    if file:
        path = base / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        path.write_text(text.replace(old, new), encoding="utf-8")
    return base


def rules(tmp_path: Path, mod_id: str, body: str, extra: str = "") -> Path:
    path = tmp_path / f"{mod_id}.toml"
    path.write_text(HEADER.format(id=mod_id, extra=extra) + body, encoding="utf-8")
    return path


def batch(tmp_path: Path, base: Path, *paths: Path) -> tuple[int, dict, Path]:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", "--base", str(base), *map(str, paths), "--out", str(out),
                                       "--jobs", "1"])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads((out / "batch.json").read_text(encoding="utf-8")), out


def verdicts(report: dict) -> list[tuple[str, int, str, str]]:
    """(modification, instruction, cumulative status, retargeted to) for every instruction."""
    return [(m["id"], i["cumulative"]["instruction"], i["cumulative"]["status"], i["cumulative"]["retargeted_to"])
            for m in report["modifications"] for i in m["instructions"]]


def amended(out: Path, mod_id: str, file: str) -> str:
    return (out / mod_id / "amended" / file).read_text(encoding="utf-8")


def test_an_instruction_that_fails_leaves_nothing_in_the_outputs(tmp_path) -> None:
    """An insert out of number order was a conflict, yet its clause stood in amended/ and the
    redlines (the engine had inserted it before it checked the order)."""
    mod = rules(tmp_path, "SECMP9101", '[[instruction]]\nkind = "insert"\nunit = "G7.30"\nafter = "G7.20"\n'
                'text = "Out of order clause."\n\n[[instruction]]\nkind = "amend"\nunit = "F1.6"\n'
                'replace = [{ find = "monitors", with = "tracks" }]\n')
    code, report, out = batch(tmp_path, BASE_DIR, mod)
    assert verdicts(report) == [("SECMP9101", 1, "conflict", ""), ("SECMP9101", 2, "clean", "")]
    assert code == 1
    assert "Out of order clause" not in amended(out, "SECMP9101", "section-G.txt")
    assert "tracks" in amended(out, "SECMP9101", "section-F.txt")
    changes = json.loads((out / "SECMP9101" / "changes.json").read_text(encoding="utf-8"))["changes"]
    assert {c["instruction"] for c in changes if c["kind"] != "not_applied"} == {"SECMP9101#2"}


def test_a_unit_the_new_base_re_lettered_is_followed_not_called_deleted(tmp_path) -> None:
    """The new base re-letters C7.2(i), (j) as (h), (i): deleting (j) was "obsolete", and deleting
    (i) removed the old (j), which now has that letter; both were exit 0."""
    c = "section-C.txt"
    base = new_base(tmp_path, c, "(i) facilitate a process", "(h) facilitate a process")
    text = (base / c).read_text(encoding="utf-8").replace("(j) without prejudice to the generality of Section "
                                                          "C7.2(i)", "(i) without prejudice to the generality of "
                                                          "Section C7.2(h)")
    (base / c).write_text(text, encoding="utf-8")
    delete_j = rules(tmp_path, "SECMP9102", '[[instruction]]\nkind = "delete"\nunit = "C7.2(j)"\n')
    _, report, out = batch(tmp_path, base, delete_j)
    assert verdicts(report) == [("SECMP9102", 1, "moved", "C7.2(i)")]
    assert "without prejudice" not in amended(out, "SECMP9102", c) and "facilitate a process" in amended(
        out, "SECMP9102", c)


def test_a_new_clause_at_the_drafted_number_is_not_the_drafted_clause(tmp_path) -> None:
    """The new base puts a new G7.21 before the old one (now G7.22): the amendment drafted for the
    old G7.21 had changed the new clause, whose words also hold its find, and was called clean."""
    g = "section-G.txt"
    base = new_base(tmp_path, g, "\nG7.22 ", "\nG7.23 ")
    text = (base / g).read_text(encoding="utf-8").replace(
        "G7.21 Notwithstanding", "G7.21 The Security Sub-Committee may send an observer to any Working Group.\n"
        "G7.22 Notwithstanding")
    (base / g).write_text(text, encoding="utf-8")
    mod = rules(tmp_path, "SECMP9103", '[[instruction]]\nkind = "amend"\nunit = "G7.21"\n'
                'replace = [{ find = "any Working Group", with = "any Working Group or Sub-Committee" }]\n')
    _, report, out = batch(tmp_path, base, mod)
    assert verdicts(report) == [("SECMP9103", 1, "moved", "G7.22")]
    assert "send an observer to any Working Group.\n" in amended(out, "SECMP9103", g)


#: One edit that makes the new base, one instruction drafted against the old, and its verdict.
SINGLE_EDITS = {
    # "(v) the IKI Certificate Policy;" deleted: the amendment of it had been "moved" to "(ii) the
    # DCCKI Certificate Policy;" (similar words) and had overwritten it, exit 0
    "a unit deleted is a conflict, not a similar sibling": (
        "section-L.txt", "(v) the IKI Certificate Policy;\n", "",
        'kind = "amend"\nunit = "L1.17(d)(v)"\ntext = "the IKI Certificate Policy (Issue 2);"\n', "conflict"),
    # the new base already reads "the Change Board, the Authority": the replacement of "the Change
    # Board" with it had been clean, and had made "the Authority, the Authority"
    "words already there are not added again": (
        "section-F.txt", "(a) to provide the Panel, the Change Board and Working Groups",
        "(a) to provide the Panel, the Change Board, the Authority and Working Groups",
        'kind = "amend"\nunit = "F1.4(a)"\n'
        'replace = [{ find = "the Change Board", with = "the Change Board, the Authority" }]\n', "obsolete"),
    # a complete new heading had discarded the new base's own change of it, called clean (a
    # complete new text was already a conflict)
    "a new heading over a changed one is a conflict": (
        "section-G.txt", "\nModifications\nG7.19", "\nMonitoring of Modification Proposals\nG7.19",
        'kind = "amend"\nunit = "G7.19"\nheading = "Modifications and Draft Proposals"\n', "conflict"),
}


@pytest.mark.parametrize("case", list(SINGLE_EDITS))
def test_one_instruction_on_a_new_base_with_one_edit(tmp_path, case) -> None:
    file, old, new, body, status = SINGLE_EDITS[case]
    mod = rules(tmp_path, "SECMP9104", f"[[instruction]]\n{body}")
    code, report, _ = batch(tmp_path, new_base(tmp_path, file, old, new), mod)
    assert verdicts(report) == [("SECMP9104", 1, status, "")]
    assert code == (1 if status == "conflict" else 0)


def test_secmp0049_on_the_version_that_carries_it_is_obsolete_rename_and_all(tmp_path) -> None:
    """Its rename keeps the old words in the new ("Draft Proposals and Modification Proposals"): it
    was clean, and doubled them in seven units."""
    _, report, _ = batch(tmp_path, CORPUS / "secmp0049-expected", RULES / "SECMP0049.toml")
    statuses = {n: status for _, n, status, _ in verdicts(report)}
    assert statuses[19] == "obsolete"
    assert {status for n, status in statuses.items() if n < 20} == {"obsolete"}


def test_a_unit_an_earlier_modification_deleted_is_a_conflict_and_a_failed_dependency_blocks(tmp_path) -> None:
    """One modification deletes what a later one amends: apply calls it a conflict, the batch had
    called it moved (to a similar sibling).  And a modification whose every instruction failed had
    still counted as applied, so the one depending on it was clean."""
    delete = rules(tmp_path, "SECMP9106", '[[instruction]]\nkind = "delete"\nunit = "L1.17(d)(v)"\n',
                   extra='implementation_date = "2020-01-15"\n')
    amend = rules(tmp_path, "SECMP9107", '[[instruction]]\nkind = "amend"\nunit = "L1.17(d)(v)"\n'
                  'text = "the IKI Certificate Policy (Issue 2);"\n', extra='implementation_date = "2020-02-01"\n')
    failing = rules(tmp_path, "SECMP9108", '[[instruction]]\nkind = "amend"\nunit = "G7.21"\n'
                    'replace = [{ find = "no such words", with = "other words" }]\n',
                    extra='implementation_date = "2020-03-01"\n')
    dependent = rules(tmp_path, "SECMP9109", '[[instruction]]\nkind = "amend"\nunit = "G7.20"\n'
                      'replace = [{ find = "shall", with = "must" }]\n',
                      extra='implementation_date = "2020-04-01"\ndepends_on = ["SECMP9108"]\n')
    code, report, _ = batch(tmp_path, BASE_DIR, delete, amend, failing, dependent)
    assert [v[:3] for v in verdicts(report)] == [("SECMP9106", 1, "clean"), ("SECMP9107", 1, "conflict"),
                                                 ("SECMP9108", 1, "conflict"), ("SECMP9109", 1, "blocked")]
    entry = next(m for m in report["modifications"] if m["id"] == "SECMP9107")
    assert "L1.17(d)(v) was deleted by SECMP9106" in entry["instructions"][0]["cumulative"]["detail"]
    assert code == 1


def test_occurrences_no_context_rule_decides_are_not_applied_and_need_a_drafter(tmp_path) -> None:
    """The modification's own redline listed the undecided occurrence; the batch said "clean",
    "Not applied: none", exit 0."""
    mod = rules(tmp_path, "SECMP9110", '[[instruction]]\nkind = "rename"\nfrom = "Modification Proposal"\n'
                'to = "Draft Proposal"\nscope = ["F1.6", "L8.11"]\n'
                'rules = [{ before = ["submit"], to = "Draft Proposal" }]\n')
    code, report, out = batch(tmp_path, BASE_DIR, mod)
    [entry] = report["modifications"]
    assert code == 1 and entry["instructions"][0]["cumulative"]["undecided"]
    assert any(": undecided: F1.6: no context rule decides" in line for line in entry["not_applied"])
    assert "undecided: F1.6" in (out / "batch.md").read_text(encoding="utf-8")


def test_a_complete_text_drafted_on_top_of_its_dependency_is_no_conflict(tmp_path) -> None:
    """With depends_on, a complete new text written over the dependency's change applies, as apply
    allows; the batch had compared it with the bundled base and called it a conflict."""
    first = rules(tmp_path, "SECMP9112", '[[instruction]]\nkind = "amend"\nunit = "G7.21"\n'
                  'replace = [{ find = "nominate a representative", with = "nominate up to two representatives" }]\n',
                  extra='implementation_date = "2020-01-01"\n')
    text = ("Notwithstanding Section D6.3 (Establishment of a Working Group), and subject to the provisions of "
            "Sections D6.5 and D6.6, the Security Sub-Committee shall be entitled to nominate up to three "
            "representatives to be members of any Working Group.")
    second = rules(tmp_path, "SECMP9113", f'[[instruction]]\nkind = "amend"\nunit = "G7.21"\ntext = "{text}"\n',
                   extra='implementation_date = "2020-02-01"\ndepends_on = ["SECMP9112"]\n')
    _, report, _ = batch(tmp_path, BASE_DIR, first, second)
    assert [v[:3] for v in verdicts(report)] == [("SECMP9112", 1, "clean"), ("SECMP9113", 1, "clean")]


def test_deleting_a_clause_finds_the_units_citing_its_paragraphs(tmp_path) -> None:
    """Deleting C7.2 gave no finding for a unit citing C7.2(i) (deleting C7.2(i) alone did), and
    listed C7.2(j), deleted with it."""
    base = new_base(tmp_path, "section-F.txt", "F1.6 ", "F1.6 Under Section C7.2(i), ")
    mod = rules(tmp_path, "SECMP9114", '[[instruction]]\nkind = "delete"\nunit = "C7.2"\n')
    _, report, _ = batch(tmp_path, base, mod)
    messages = [f["message"] for f in report["findings"]]
    assert "F1.6 refers to C7.2(i), inside C7.2, which SECMP9114 deletes" in messages
    assert not any(m.startswith("C7.2(j)") for m in messages), messages


def test_a_unit_deleted_twice_says_which_modification_deleted_it_first(tmp_path) -> None:
    """The second deletion was "obsolete: the base already contains this change": the base did not."""
    first, second = (rules(tmp_path, mod_id, '[[instruction]]\nkind = "delete"\nunit = "L1.17(d)(v)"\n',
                           extra=f'implementation_date = "2020-0{n}-01"\n')
                     for n, mod_id in ((1, "SECMP9115"), (2, "SECMP9116")))
    _, report, _ = batch(tmp_path, BASE_DIR, first, second)
    assert [v[:3] for v in verdicts(report)] == [("SECMP9115", 1, "clean"), ("SECMP9116", 1, "obsolete")]
    assert report["modifications"][1]["instructions"][0]["cumulative"]["detail"] == \
        "SECMP9115, applied before it, already deletes it"


def one_then_another(tmp_path: Path, first: tuple[str, str], second: tuple[str, str]) -> dict:
    """The batch report of two modifications (id, instructions), implemented in that order."""
    paths = [rules(tmp_path, mod_id, body, extra=f'implementation_date = "2020-0{n}-01"\n')
             for n, (mod_id, body) in enumerate((first, second), start=1)]
    return batch(tmp_path, BASE_DIR, *paths)[1]


def test_a_reference_one_modification_writes_to_a_unit_another_deletes_is_found(tmp_path) -> None:
    """The findings read the new base's graph only: words a later modification writes citing a unit
    an earlier one deletes (or renumbers) gave no finding, though `check` on the result reports them."""
    report = one_then_another(tmp_path, ("SECMP9117", '[[instruction]]\nkind = "delete"\nunit = "G7.21"\n\n'
                                            '[[instruction]]\nkind = "renumber"\nunit = "G7.22"\nto = "G7.23"\n'),
                              ("SECMP9118", '[[instruction]]\nkind = "amend"\nunit = "F1.6"\nreplace = [{ find = '
                                            '"monitors", with = "monitors, under Sections G7.21 and G7.22," }]\n'))
    messages = [f["message"] for f in report["findings"]]
    assert "F1.6 refers to G7.21 in words SECMP9118 writes, but SECMP9117 deletes it" in messages
    assert "F1.6 refers to G7.22 in words SECMP9118 writes, but SECMP9117 renumbers it" in messages


def test_uses_of_a_deleted_or_renamed_term_are_found_as_the_batch_leaves_them(tmp_path) -> None:
    """A term one modification deletes or renames, used in words another writes, gave no finding;
    and every base use of a renamed term was a finding, though the rename had rewritten them all."""
    report = one_then_another(
        tmp_path, ("SECMP9119", '[[instruction]]\nkind = "delete_definition"\nterm = "Proposer"\n\n[[instruction]]\n'
                                'kind = "rename"\nfrom = "Path 3 Modification"\nto = "Path Three Modification"\n'),
        ("SECMP9120", '[[instruction]]\nkind = "amend"\nunit = "F1.6"\nreplace = [{ find = "monitors", with = '
                      '"monitors, with the Proposer and any Path 3 Modification," }]\n'))
    assert [f["message"] for f in report["findings"] if f["kind"] == "use of a deleted or renamed term"] == [
        "C7.2(j) uses 'Proposer', but SECMP9119 deletes its definition",
        "F1.6 uses 'Path 3 Modification' in words SECMP9120 writes, but SECMP9119 renames it to "
        "'Path Three Modification'",
        "F1.6 uses 'Proposer' in words SECMP9120 writes, but SECMP9119 deletes its definition"]


def test_a_rename_that_rewrote_every_use_leaves_no_finding_one_that_did_not_does(tmp_path) -> None:
    everywhere = rules(tmp_path, "SECMP9121", '[[instruction]]\nkind = "rename"\nfrom = "Modification Proposal"\n'
                       'to = "Change Proposal"\n')
    _, report, _ = batch(tmp_path, BASE_DIR, everywhere)
    assert not [f for f in report["findings"] if "Modification Proposal" in f["message"]]
    in_c = rules(tmp_path, "SECMP9122", '[[instruction]]\nkind = "rename"\nfrom = "Modification Proposal"\n'
                 'to = "Change Proposal"\nscope = ["A1.1", "C"]\n')
    _, report, out = batch(tmp_path, BASE_DIR, in_c)
    units = {f["unit"] for f in report["findings"] if f["kind"] == "use of a deleted or renamed term"}
    assert {"F1.6", "G7.19", "AG:3.2.4"} <= units
    assert not {u for u in units if u.startswith(("A1.1", "C"))}
    assert "Modification Proposal" in amended(out, "SECMP9122", "section-F.txt")


def test_a_unit_renumbered_by_one_modification_and_amended_by_another_is_one_unit(tmp_path) -> None:
    """Keyed by id, G7.19 amended by one modification and renumbered G7.19A by the next were two
    units, so "changed by both" was never said (likewise a definition amended, then renamed)."""
    report = one_then_another(tmp_path, ("SECMP9127", '[[instruction]]\nkind = "amend"\nunit = "G7.19"\n'
                                                      'replace = [{ find = "monitors", with = "tracks" }]\n'),
                              ("SECMP9128", '[[instruction]]\nkind = "renumber"\nunit = "G7.19"\nto = "G7.19A"\n'))
    assert "G7.19A (was G7.19) is changed by SECMP9127 and SECMP9128" in [f["message"] for f in report["findings"]]
