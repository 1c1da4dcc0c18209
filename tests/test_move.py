"""The ``move`` instruction: a unit moves with its children, references follow, and the
redlines show a tracked move (``w:moveFrom``/``w:moveTo`` in paired, named ranges).

The base is synthetic SEC-style text written for these tests, not SEC text.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import signature
from emit_samples import W, assert_well_formed_unique_ids
from hypothesis import given
from hypothesis import strategies as st
from libreoffice import round_trip
from lxml import etree

from redline.amend.engine import ApplyError, apply_modification
from redline.amend.invert import invert
from redline.amend.rules import load_rules
from redline.batch.classify import Classifier
from redline.cli import main
from redline.models import ChangeKind, Instruction, Modification, RedlineError
from redline.read import read_version

BASE = """\
SECTION C: GOVERNANCE
C2 THE PANEL
C2.1 The Panel shall meet as set out in Section C2.3.
C2.2 The Panel may consult any person on the matters in Section C2.3(a).
Publication
C2.3 The Panel shall publish its decisions:
(a) on its website; and
(b) in writing to each Party.
C2.4 Nothing in Section C2.3(b) limits Section C2.1.
"""
RULES = """\
[modification]
id = "SECMP9001"
title = "Synthetic move"
baseline = "test"
author = "Jane Drafter"
date = "2018-10-05T00:00:00Z"

[[instruction]]
kind = "move"
unit = "C2.3"
to = "C2.5"
after = "C2.4"
"""

@pytest.fixture(scope="module")
def files(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("move")
    (tmp / "base").mkdir()
    (tmp / "base" / "section-C.txt").write_text(BASE, encoding="utf-8")
    (tmp / "move.toml").write_text(RULES, encoding="utf-8")
    return tmp / "base", tmp / "move.toml"


@pytest.fixture(scope="module")
def applied(files):
    base_dir, rules = files
    base = read_version([base_dir])
    return base, apply_modification(base, load_rules(rules))


@pytest.fixture(scope="module")
def outputs(files, tmp_path_factory) -> Path:
    base_dir, rules = files
    out = tmp_path_factory.mktemp("move-out")
    result = CliRunner().invoke(main, ["apply", str(rules), "--base", str(base_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _mod(*instructions: Instruction) -> Modification:
    return Modification(id="SECMP9002", title="synthetic", baseline="test", file="tests/test_move.py",
                        instructions=list(instructions))


def test_the_unit_moves_with_its_children_and_every_reference_follows(applied) -> None:
    _, result = applied
    version = result.version
    section = version.get("C2")
    assert [c.id for c in section.children] == ["C2.1", "C2.2", "C2.4", "C2.5"]
    moved = version.get("C2.5")
    assert moved.heading == "Publication" and [c.id for c in moved.children] == ["C2.5(a)", "C2.5(b)"]
    assert version.get("C2.1").text.endswith("Section C2.5.")
    assert "Section C2.5(a)" in version.get("C2.2").text
    assert "Section C2.5(b) limits Section C2.1" in version.get("C2.4").text
    kinds = [(c.kind, c.unit_id, c.consequential) for c in result.changes]
    assert kinds[:2] == [(ChangeKind.MOVE, "C2.5", False), (ChangeKind.RENUMBER, "C2.5", False)]
    assert sorted((k, u) for k, u, consequential in kinds[2:] if consequential) == [
        (ChangeKind.REFERENCE, "C2.1"), (ChangeKind.REFERENCE, "C2.2"), (ChangeKind.REFERENCE, "C2.4")]


def test_a_move_is_undone_exactly(applied) -> None:
    base, result = applied
    assert signature(invert(result.version, result.changes)) == signature(base)


def test_a_paragraph_moves_within_its_clause(applied) -> None:
    base, _ = applied
    result = apply_modification(base, _mod(Instruction(1, "move", {"unit": "C2.3(a)", "to": "C2.3(c)",
                                                                  "after": "C2.3(b)"})))
    clause = result.version.get("C2.3")
    assert [(c.label, c.text) for c in clause.children] == [("(b)", "in writing to each Party."),
                                                            ("(c)", "on its website; and")]
    assert "Section C2.3(c)" in result.version.get("C2.2").text


@pytest.mark.parametrize("params,problem", [
    ({"unit": "C2.3", "to": "C2.4", "after": "C2.2"}, "C2.4 already exists"),
    ({"unit": "C2.3(a)", "to": "C2.5", "after": "C2.4"}, "moving between levels"),
    ({"unit": "C2.3", "to": "C2.3(c)", "after": "C2.3(b)"}, "into itself"),
    ({"unit": "C2.1", "to": "C2.5", "after": "C2.3(a)"}, "is not where C2.5 belongs"),
    ({"unit": "C2", "to": "C3", "after": "C2"}, "only clauses and paragraphs move"),
])
def test_a_move_that_cannot_be_made_stops_with_one_line(applied, params, problem) -> None:
    base, _ = applied
    with pytest.raises(ApplyError, match=problem):
        apply_modification(base, _mod(Instruction(1, "move", params)))


@pytest.mark.parametrize("extra", ["", 'before = "C2.1"\nafter = "C2.4"\n'])
def test_a_move_needs_exactly_one_of_after_and_before(tmp_path, extra) -> None:
    text = RULES.replace('after = "C2.4"\n', extra)
    (tmp_path / "bad.toml").write_text(text, encoding="utf-8")
    with pytest.raises(RedlineError, match="instruction 1 \\(move\\): needs 'after' or 'before'"):
        load_rules(tmp_path / "bad.toml")


def _moves(docx: Path) -> dict[str, list[etree._Element]]:
    with zipfile.ZipFile(docx) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return {tag: list(root.iter(f"{{{W}}}{tag}")) for tag in (
        "moveFrom", "moveTo", "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
        "ins", "del")}


@pytest.mark.parametrize("name", ["redline.docx", "legal-text.docx"])
def test_the_documents_carry_a_tracked_move_in_paired_named_ranges(outputs, name) -> None:
    moves = _moves(outputs / name)
    assert moves["moveFrom"] and moves["moveTo"]
    for side in ("moveFrom", "moveTo"):
        starts, ends = moves[f"{side}RangeStart"], moves[f"{side}RangeEnd"]
        assert [s.get(f"{{{W}}}id") for s in starts] == [e.get(f"{{{W}}}id") for e in ends]
    names = {side: [s.get(f"{{{W}}}name") for s in moves[f"{side}RangeStart"]] for side in ("moveFrom", "moveTo")}
    assert names["moveFrom"] == names["moveTo"] == ["move1"]
    moved_from = "".join(t.text for m in moves["moveFrom"] for t in m.iter(f"{{{W}}}delText"))
    moved_to = "".join(t.text for m in moves["moveTo"] for t in m.iter(f"{{{W}}}t"))
    assert "The Panel shall publish its decisions:" in moved_from and "in writing to each Party." in moved_to
    # the number the move changes is an edit of its own within the move: C2.3 struck, C2.5 inserted
    deleted = [t.text for d in moves["del"] for t in d.iter(f"{{{W}}}delText")]
    inserted = [t.text for i in moves["ins"] for t in i.iter(f"{{{W}}}t")]
    assert "C2.3" in deleted and "C2.5" in inserted and "C2.3" not in moved_from and "C2.5" not in moved_to
    assert_well_formed_unique_ids(outputs / name)  # schemas: .ci/run validates every .docx the suite writes


@pytest.mark.libreoffice
def test_libreoffice_accepts_the_move_as_the_amended_order(outputs, tmp_path) -> None:
    tracked = round_trip(outputs / "redline.docx", tmp_path / "lo")
    accepted, rejected = tracked.accepted(), tracked.rejected()
    def order(paragraphs: list[str], *starts: str) -> list[int]:
        return [next(i for i, p in enumerate(paragraphs) if p.startswith(s)) for s in starts]
    assert order(accepted, "C2.1", "C2.4", "Publication", "C2.5 The Panel", "(a) on", "(b) in") == sorted(
        order(accepted, "C2.1", "C2.4", "Publication", "C2.5 The Panel", "(a) on", "(b) in"))
    assert not any(p.startswith("C2.3") for p in accepted)
    assert "C2.4 Nothing in Section C2.5(b) limits Section C2.1." in accepted
    assert order(rejected, "C2.1", "Publication", "C2.3 The Panel", "(b) in", "C2.4") == sorted(
        order(rejected, "C2.1", "Publication", "C2.3 The Panel", "(b) in", "C2.4"))
    assert not any(p.startswith("C2.5") for p in rejected)


def test_the_html_shows_the_move(outputs) -> None:
    page = (outputs / "redline.html").read_text(encoding="utf-8")
    assert 'class="clause moved-from"' in page and 'class="clause moved-to"' in page
    assert '<del>C2.3</del>' in page and '<ins>C2.5</ins>' in page  # the renumbering, an edit within the move
    words = "\tThe Panel shall publish"
    assert f'<del class="move">{words}' in page and f'<ins class="move">{words}' in page


def test_the_legal_text_says_move(outputs, tmp_path) -> None:
    with zipfile.ZipFile(outputs / "legal-text.docx") as package:
        text = "".join(t.text or "" for t in etree.fromstring(package.read("word/document.xml")).iter(f"{{{W}}}t"))
    assert "Move Section C2.3 to Section C2.5:" in text and "Section C2.5 (moved from Section C2.3):" in text


def test_batch_finds_a_unit_the_new_base_moved(applied) -> None:
    base, result = applied
    moved_base = result.version.clone()
    amend = {"unit": "C2.3(b)", "replace": [{"find": "each Party", "with": "every Party"}]}
    move = {"unit": "C2.3", "to": "C2.5", "after": "C2.4"}
    later = _mod(Instruction(1, "amend", amend), Instruction(2, "move", move))
    classifier = Classifier(moved_base, later, base, {})
    verdicts = classifier.run()
    assert [(v.status, v.retargeted_to) for v in verdicts] == [("moved", "C2.5(b)"), ("obsolete", "")]
    assert classifier.version.get("C2.5(b)").text == "in writing to every Party."


@pytest.mark.parametrize(("moved", "reason"), [
    ("C3.2", "refers to Sections C3.1 to C3.3, a range that no longer covers C3.2 (moved by this modification "
             "to C4.2)"),
    ("C3.3", "refers to Sections C3.1 to C3.3, a range ending at C3.3, which this modification moves to C4.2: the "
             "range follows it and now spans other units; check what it should cover"),
])
def test_a_unit_moved_out_of_a_range_says_what_became_of_the_range(tmp_path, moved, reason) -> None:
    """A unit moved out of "Sections C3.1 to C3.3" was only "refers to C3.2 (changed …)"; moving the
    range's end rewrote it to "Sections C3.1 to C4.2", which spans C3.4 and C4.1 besides, unsaid."""
    from redline.amend.affected import affected_units

    path = tmp_path / "section-C.txt"
    path.write_text("SECTION C: GOVERNANCE\nC3 PANEL\nC3.1 The Panel shall meet.\nC3.2 The Panel shall publish.\n"
                    "C3.3 The Panel shall appoint.\nC3.4 The Panel shall comply with Sections C3.1 to C3.3.\n"
                    "C4 SECRETARIAT\nC4.1 The Secretariat shall act.\n", encoding="utf-8")
    base = read_version([path])
    result = apply_modification(base, _mod(Instruction(1, "move", {"unit": moved, "to": "C4.2", "after": "C4.1"})))
    rows = {a.unit_id: a.reasons for a in affected_units(base, result.version, result.changes)}
    assert reason in rows["C3.4"]


@pytest.mark.libreoffice
def test_words_changed_in_a_moved_unit_are_marked_within_the_move(files, tmp_path) -> None:
    """Moved and amended ("each Party" → "every Party"): the redlines showed a pure move, the new
    words unmarked; now the words the edit removes are struck where the unit stood and the words
    it adds are inserted where it stands, and accepting or rejecting everything still gives the
    amended or the base text (in the tests' OOXML reading and in LibreOffice)."""
    from ooxml_view import view

    base_dir, _ = files
    rules = tmp_path / "move-edit.toml"
    rules.write_text(RULES + '\n[[instruction]]\nkind = "amend"\nunit = "C2.5(b)"\n'
                     'replace = [{ find = "each Party", with = "every Party" }]\n', encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["apply", str(rules), "--base", str(base_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    moves = _moves(out / "redline.docx")
    assert "each" in [t.text for d in moves["del"] for t in d.iter(f"{{{W}}}delText")]
    assert "every" in [t.text for i in moves["ins"] for t in i.iter(f"{{{W}}}t")]
    assert "each Party" not in "".join(t.text for m in moves["moveTo"] for t in m.iter(f"{{{W}}}t"))
    accepted, rejected = view(out / "redline.docx", lambda _: True), view(out / "redline.docx", lambda _: False)
    assert "(b) in writing to every Party." in accepted and "(b) in writing to each Party." not in accepted
    assert "(b) in writing to each Party." in rejected and "(b) in writing to every Party." not in rejected
    tracked = round_trip(out / "redline.docx", tmp_path / "lo")
    assert "(b) in writing to every Party." in tracked.accepted() and "each Party" not in " ".join(tracked.accepted())
    assert "(b) in writing to each Party." in tracked.rejected() and "every Party" not in " ".join(tracked.rejected())
    page = (out / "redline.html").read_text(encoding="utf-8")
    assert "<del>each</del>" in page and "<ins>every</ins>" in page


def _heaviest_run_quadratically(items: list[tuple[int, str, int]]) -> set[str]:
    """The oracle: every earlier item tried for each (the search _in_order replaced)."""
    best: list[int] = []
    previous: list[int] = []
    for i, (index, _, weight) in enumerate(items):
        top, at = max([(best[j], j) for j in range(i) if items[j][0] < index], default=(0, -1))
        best.append(top + weight)
        previous.append(at)
    chosen, at = set(), max(range(len(items)), key=best.__getitem__, default=-1)
    while at >= 0:
        chosen.add(items[at][1])
        at = previous[at]
    return chosen


@given(st.permutations(range(12)), st.lists(st.sampled_from([1, 2]), min_size=12, max_size=12),
       st.integers(min_value=0, max_value=12))
def test_the_siblings_kept_in_order_are_those_of_the_exhaustive_search(order, weights, dropped) -> None:
    from redline.emit.pairs import _in_order

    items = [(index * 3, f"u{index}", weight) for index, weight in zip(order, weights, strict=True)][dropped:]
    assert _in_order(items) == _heaviest_run_quadratically(items)
