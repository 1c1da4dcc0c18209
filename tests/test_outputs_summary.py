"""Every output opens with what it does not contain: the summary and its "Not applied" list."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import BASE_DIR, RULES
from emit_samples import split_summary

from redline.cli import main
from redline.instructions import read_instructions
from redline.read import read_version

#: SECMP0049's two instructions redline does not apply, as every output must name them.
EXTERNAL = "D: external redraft: Please see the full Section D redlining provided in a separate attachment"
BLOCKED = "D3.13: blocked: depends on SECMP0034, not applied to sec-5.18 (D3.13 does not exist without it)"
DRAFTER_LINES = ["Please see the full Section D redlining provided in a separate attachment",
                 "New Section D3.13 introduced by SECMP0034 will be renumbered as Section D3.19"]


@pytest.fixture(scope="module")
def secmp0049(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("summary") / "out"
    result = CliRunner().invoke(main, ["apply", str(RULES / "SECMP0049.toml"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_redline_html_opens_with_the_summary_and_not_applied(secmp0049: Path) -> None:
    page = (secmp0049 / "redline.html").read_text(encoding="utf-8")
    summary = page[page.index('<section class="summary">'):page.index("</section>")]
    assert page.index('<section class="summary">') < page.index("<h2>Affected clauses</h2>")
    assert "Modification: SECMP0049 ‘Pre-modification process" in summary
    assert "Base version: sec-5.18; amended version: sec-5.18+SECMP0049" in summary
    assert "Not applied (2):" in summary
    assert EXTERNAL in summary and BLOCKED in summary
    assert "SECMP0049#21" in summary and "lines 219-221" in summary  # where the instruction comes from


@pytest.mark.parametrize(("name", "start"), [("redline.docx", 0), ("legal-text.docx", 1)])
def test_each_docx_opens_with_the_summary_and_not_applied(secmp0049: Path, name: str, start: int) -> None:
    summary, _ = split_summary(paragraphs(secmp0049 / name), start)
    assert summary[1].startswith("Modification: SECMP0049")
    assert summary[3].startswith("Changes: ") and "direct edits" in summary[3]
    assert summary[4] == "Not applied (2):"
    assert summary[5].startswith(f"– {EXTERNAL}") and summary[6].startswith(f"– {BLOCKED}")


def test_legal_text_carries_the_drafters_instruction_lines(secmp0049: Path) -> None:
    _, body = split_summary(paragraphs(secmp0049 / "legal-text.docx"), 1)
    assert [p for p in body if p in DRAFTER_LINES] == DRAFTER_LINES


def test_legal_text_reads_back_to_the_same_not_applied_instructions(secmp0049: Path, base) -> None:
    draft = read_instructions(secmp0049 / "legal-text.docx", base)
    kinds = {(i["kind"], i.get("section") or i.get("unit")): i for i in draft.instructions}
    assert kinds[("replace_section", "D")]["external"] is True
    assert kinds[("renumber", "D3.13")]["requires"] == ["SECMP0034"]
    assert sum(1 for i in draft.instructions if i["kind"] in ("replace_section", "renumber")) == 2  # none twice


def test_affected_lists_carry_not_applied(secmp0049: Path) -> None:
    data = json.loads((secmp0049 / "affected.json").read_text(encoding="utf-8"))
    assert [(n["kind"], n["unit"], n["drafter_line"]) for n in data["not_applied"]] == [
        ("external redraft", "D", DRAFTER_LINES[0]), ("blocked", "D3.13", DRAFTER_LINES[1])]
    csv = (secmp0049 / "affected.csv").read_text(encoding="utf-8")
    assert 'D3.13,,"NOT APPLIED (blocked): depends on SECMP0034' in csv
    md = (secmp0049 / "affected.md").read_text(encoding="utf-8")
    assert "## Not applied" in md and f"- {BLOCKED}" in md and f"- {EXTERNAL}" in md


def test_a_run_with_everything_applied_says_so(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["apply", str(RULES / "SECMP0022.toml"), "--base", str(BASE_DIR),
                                     "--out", str(out)]).exit_code == 0
    assert "Not applied: none; every instruction was applied" in (out / "redline.html").read_text(encoding="utf-8")
    assert "Not applied: none." in (out / "affected.md").read_text(encoding="utf-8")


def test_undecided_occurrences_are_listed(tmp_path: Path) -> None:
    rules = tmp_path / "SECMP9998.toml"
    rules.write_text('[modification]\nid = "SECMP9998"\ntitle = "Synthetic: a rename no rule decides"\n'
                     'baseline = "5.18"\n\n[[instruction]]\nkind = "rename"\nfrom = "Modification Proposal"\n'
                     'to = "Draft Proposal"\nscope = ["C2.3(d)"]\n[[instruction.rules]]\nname = "never"\n'
                     'to = "Draft Proposal"\nbefore = ["no-such-governing-word"]\n', encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["apply", str(rules), "--base", str(BASE_DIR), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "undecided: C2.3(d)" in result.stderr
    page = (out / "redline.html").read_text(encoding="utf-8")
    assert "C2.3(d): undecided: no context rule decides" in page and "SECMP9998#1" in page
    assert any(p.startswith("– C2.3(d): undecided") for p in paragraphs(out / "redline.docx"))


def test_units_in_place_mode_leaves_out_are_listed(tmp_path: Path) -> None:
    """A clause moved out of sequence in a file with automatic numbering: Word numbers it by
    position, so in place cannot show its new number; that is listed, in every output."""
    from builders import build_docx

    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "section-C.txt").write_text(  # synthetic SEC-style text
        "SECTION C: GOVERNANCE\nC2 THE PANEL\nC2.1 The Panel shall meet.\nC2.2 The Panel may consult.\n"
        "C2.3 The Panel shall publish its decisions.\n", encoding="utf-8")
    (tmp_path / "move.toml").write_text(
        '[modification]\nid = "SECMP9005"\ntitle = "Synthetic"\nbaseline = "test"\n\n'
        '[[instruction]]\nkind = "move"\nunit = "C2.1"\nto = "C2.4"\nafter = "C2.3"\n', encoding="utf-8")
    section_c = build_docx(read_version([tmp_path / "base"]), tmp_path / "section-C.docx", auto_numbering=True)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["apply", str(tmp_path / "move.toml"), "--base", str(tmp_path / "base"),
                                       "--out", str(out), "--base-docx", str(section_c), "--date", "2018-10-05"])
    assert result.exit_code == 0, result.output
    left = [line.split(": ")[1] for line in result.stderr.splitlines() if line.startswith("in place:")]
    assert left
    page = (out / "redline.html").read_text(encoding="utf-8").replace("&#x27;", "'")
    for unit_id in left:
        assert f"{unit_id}: in place: once accepted, the file's copy" in page


def test_emit_of_two_versions_says_what_it_cannot_know(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["emit", str(BASE_DIR), str(RULES.parent / "corpus" / "secmp0049-expected"),
                                       "--out", str(out), "--date", "2018-10-05"])
    assert result.exit_code == 0, result.output
    assert "Not applied: not known: two versions were compared" in (out / "redline.html").read_text(encoding="utf-8")


def test_batch_reports_list_what_was_not_applied(tmp_path: Path) -> None:
    out = tmp_path / "batch"
    result = CliRunner().invoke(main, ["batch", "--base", str(BASE_DIR), str(RULES / "SECMP0049.toml"),
                                       "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 1, result.output  # the blocked renumbering
    report = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    missing = report["modifications"][0]["not_applied"]
    assert any(line.startswith("#21 renumber D3.13: blocked") for line in missing)
    assert any(line.startswith("#20 replace_section D: external") for line in missing)
    for name in ("batch.md", "batch.html"):
        text = (out / name).read_text(encoding="utf-8")
        assert "Not applied (2):" in text and "#21 renumber D3.13: blocked" in text
    page = (out / "SECMP0049" / "redline.html").read_text(encoding="utf-8")
    assert "Not applied (2):" in page and "amended version: sec-5.18+SECMP0049" in page
    meta = json.loads((out / "SECMP0049" / "amended" / "version.json").read_text(encoding="utf-8"))
    assert meta == {"name": "sec-5.18+SECMP0049", "applied": ["SECMP0049"]}


#: Draft legal text (synthetic, written for this test) read by `redline instructions` against SEC
#: 5.18: an amendment of C7.2(j) it reads, then a line worded as no instruction redline reads, with
#: one quoted line under it.
UNREAD_LEGAL_TEXT = (
    "SECMP9997 legal text\nSection C 'Governance'\nAmend Section C7.2 as follows:\n"
    "(j) without prejudice to the generality of Section C7.2(i), provide support and assistance to the "
    "Proposer of a Modification Proposal, including assistance in understanding this Code so as to "
    "facilitate the development of the Modification Proposal, and new words\n"
    "Re-letter paragraph (j) of Section C7.2 as paragraph (k):\n(k) some other words\n")


def _unread_rules(tmp_path: Path) -> Path:
    legal = tmp_path / "legal.txt"
    legal.write_text(UNREAD_LEGAL_TEXT, encoding="utf-8")
    rules = tmp_path / "SECMP9997.toml"
    result = CliRunner().invoke(main, ["instructions", str(legal), "-o", str(rules)])
    assert result.exit_code == 1, result.output  # something is left to the drafter
    return rules


def test_what_a_rules_file_leaves_unresolved_is_listed_in_every_output(tmp_path: Path) -> None:
    """`redline instructions` records a line it cannot read as an [[unresolved]] item; applying
    that rules file must say so in the redlines themselves, never only in the rules file."""
    rules = _unread_rules(tmp_path)
    assert 'text = "(k) some other words"' in rules.read_text(encoding="utf-8")  # quoted for the drafter
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["apply", str(rules), "--base", str(BASE_DIR), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "unresolved: SECMP9997: l.5: instruction not read" in result.stderr
    line = "SECMP9997: unresolved: instruction not read (worded as none of the forms redline reads): " \
           "'Re-letter paragraph (j) of Section C7.2 as paragraph (k):'"
    page = (out / "redline.html").read_text(encoding="utf-8").replace("&#x27;", "'")
    assert "Not applied (1):" in page and line in page and f"{rules}: l.5" in page
    for name, start in (("redline.docx", 0), ("legal-text.docx", 1)):
        summary, _ = split_summary(paragraphs(out / name), start)
        assert summary[4] == "Not applied (1):" and summary[5].startswith(f"– {line}")
    assert line in (out / "affected.md").read_text(encoding="utf-8")
    listed = json.loads((out / "affected.json").read_text(encoding="utf-8"))["not_applied"]
    assert [(item["kind"], item["unit"]) for item in listed] == [("unresolved", "SECMP9997")]
    assert "NOT APPLIED (unresolved)" in (out / "affected.csv").read_text(encoding="utf-8")


def test_a_batch_needs_a_drafter_for_what_a_rules_file_leaves_unresolved(tmp_path: Path) -> None:
    rules = _unread_rules(tmp_path)
    out = tmp_path / "batch"
    result = CliRunner().invoke(main, ["batch", "--base", str(BASE_DIR), str(rules), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 1, result.output
    report = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    assert [line.split(": ")[:2] for line in report["modifications"][0]["not_applied"]] == [["l.5", "unresolved"]]
    for name in ("batch.md", "batch.html"):
        text = (out / name).read_text(encoding="utf-8")
        assert "Not applied (1):" in text and "l.5: unresolved: instruction not read" in text
    table = (out / "batch.md").read_text(encoding="utf-8").splitlines()
    assert table[4].endswith("| unresolved |") and table[6].startswith("| SECMP9997 |") and table[6].endswith("| 1 |")
    assert "<th>unresolved</th>" in (out / "batch.html").read_text(encoding="utf-8")


def test_two_modifications_in_one_run_say_how_their_revisions_are_marked(tmp_path: Path) -> None:
    """SECMP0022 + SECMP0049 in one redline: every revision is marked as by the last one's author
    and date, and the documents had said nothing of it (nor named SECMP0022's title)."""
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["apply", str(RULES / "SECMP0022.toml"), str(RULES / "SECMP0049.toml"),
                                       "--base", str(BASE_DIR), "--out", str(out)])
    assert result.exit_code == 0, result.output
    line = ("Revisions: the changes of SECMP0022, SECMP0049 are shown together, every revision marked as by "
            "SECAS on 2018-10-05; apply each alone for a redline per modification")
    for name, start in (("redline.docx", 0), ("legal-text.docx", 1)):
        summary, _ = split_summary(paragraphs(out / name), start)
        assert "‘Expanding SMKI PMA membership" in summary[1] and "+ SECMP0049 ‘Pre-modification" in summary[1]
        assert summary[4] == line
    assert f"<p>{line}</p>" in (out / "redline.html").read_text(encoding="utf-8")


def test_the_words_of_what_was_not_applied_are_in_every_output(tmp_path: Path) -> None:
    """An ``[[unresolved]]`` item's ``text`` ("(k) appoint a secretary;") and the words of an amend
    waiting for another modification ("the Panel" → "the Change Board") were in no output: only the
    problem was listed, so a drafter working from the redline could not see the words."""
    out = _applied(tmp_path, "SECMP9997", "Synthetic: what is not applied",
                   '[[instruction]]\nkind = "amend"\nunit = "F1.6"\nreplace = [{ find = "monitors", with = "tracks" }]'
                   '\n\n[[instruction]]\nkind = "amend"\nunit = "D3.13"\nrequires = ["SECMP0034"]\n'
                   'replace = [{ find = "the Panel", with = "the Change Board" }]\n\n[[unresolved]]\n'
                   'problem = "a paragraph the drafter must place by hand"\nunit = "C7.2"\n'
                   'text = "(k) appoint a secretary;"\nsource = "para 12"\n')
    for words in ("a paragraph the drafter must place by hand; the drafted words: “(k) appoint a secretary;”",
                  "drafted: replace “the Panel” with “the Change Board”"):
        assert words in (out / "redline.html").read_text(encoding="utf-8")
        for name in ("redline.docx", "legal-text.docx"):
            assert any(words in p for p in paragraphs(out / name)), name
        assert words in (out / "affected.md").read_text(encoding="utf-8")

def _applied(tmp_path: Path, mod_id: str, title: str, body: str) -> Path:
    """The output folder of ``apply`` of a synthetic rules file (``body``: its instructions) on the corpus."""
    rules = tmp_path / f"{mod_id}.toml"
    rules.write_text(f'[modification]\nid = "{mod_id}"\ntitle = "{title}"\nbaseline = "5.18"\n\n{body}',
                     encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["apply", str(rules), "--base", str(BASE_DIR), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out
