"""Resolution: ranges, lists, relative paragraphs, this Section/Code, appendices, externals."""

from __future__ import annotations

from pathlib import Path

import pytest

from redline.models import Unit, UnitKind, Version
from redline.read import read_version
from redline.refs import Status, references

SAMPLE = """\
SECTION G: SECURITY
G7 SECURITY SUB-COMMITTEE
G7.18 The Security Sub-Committee shall act.
G7.19 The Security Sub-Committee shall monitor.
G7.19A The Security Sub-Committee shall report.
G7.20 Notwithstanding Sections G7.18 to G7.20 and Sections G7.30 to G7.32, it shall:
(a) first thing;
(b) review in accordance with paragraph (a) above and paragraphs (a) and (c);
(i) a sub-item citing paragraph (i) and paragraph (b);
(c) apply Section G7.20(a), (b) and (c) and this Section and this Section G7.19 and this Code;
(d) comply with section 88 of the Energy Act 2008 and Section Q1.1.
APPENDIX AG: INCIDENT MANAGEMENT POLICY
3 INCIDENT MANAGEMENT
3.1 Follow section 3.2 and paragraph 3.1 of this Appendix and Section G7.18.
3.2 Report.
"""


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Version:
    path = Path(tmp_path_factory.mktemp("refs")) / "sample.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    return read_version([path])


def resolved(version: Version) -> dict[tuple[str, str], tuple[list[str], str]]:
    return {(r.ref.source_id, r.ref.text): (r.target_ids, r.status.value) for r in references(version)}


def test_range_between_existing_ends_takes_every_unit_between(sample: Version) -> None:
    got = resolved(sample)
    assert got[("G7.20", "Sections G7.18 to G7.20")] == (["G7.18", "G7.19", "G7.19A", "G7.20"], "resolved")


def test_range_with_absent_ends_takes_literal_numbers(sample: Version) -> None:
    got = resolved(sample)
    assert got[("G7.20", "Sections G7.30 to G7.32")] == (["G7.30", "G7.31", "G7.32"], "unresolved")


def test_relative_paragraphs_resolve_among_siblings(sample: Version) -> None:
    got = resolved(sample)
    assert got[("G7.20(b)", "paragraph (a) above")] == (["G7.20(a)"], "resolved")
    assert got[("G7.20(b)", "paragraphs (a) and (c)")] == (["G7.20(a)", "G7.20(c)"], "resolved")
    # from a sub-paragraph, "(b)" is found one list level up
    assert got[("G7.20(b)(i)", "paragraph (b)")] == (["G7.20(b)"], "resolved")


def test_relative_paragraph_fitting_two_levels_is_ambiguous() -> None:
    root = Unit(uid="", kind=UnitKind.VERSION, label="v")
    clause = root.add(Unit(uid="c", kind=UnitKind.CLAUSE, label="G1.1"))
    clause.add(Unit(uid="h", kind=UnitKind.PARAGRAPH, label="(h)"))
    letter_i = clause.add(Unit(uid="i", kind=UnitKind.PARAGRAPH, label="(i)"))
    roman_i = letter_i.add(Unit(uid="ii", kind=UnitKind.SUBPARAGRAPH, label="(i)"))
    source = letter_i.add(Unit(uid="src", kind=UnitKind.SUBPARAGRAPH, label="(ii)",
                               text="subject to paragraph (i) above"))
    (res,) = references(Version("v", root))
    assert res.ref.source_id == source.id == "G1.1(i)(ii)"
    assert res.status is Status.AMBIGUOUS
    assert res.target_uids == [roman_i.uid, letter_i.uid]


def test_lists_this_section_this_code(sample: Version) -> None:
    got = resolved(sample)
    assert got[("G7.20(c)", "Section G7.20(a), (b) and (c)")] == (["G7.20(a)", "G7.20(b)", "G7.20(c)"], "resolved")
    assert got[("G7.20(c)", "this Section")] == (["G"], "resolved")
    assert got[("G7.20(c)", "this Section G7.19")] == (["G7.19"], "resolved")
    assert got[("G7.20(c)", "this Code")] == (["Code"], "resolved")


def test_external_and_unresolved(sample: Version) -> None:
    got = resolved(sample)
    assert got[("G7.20(d)", "section 88 of the Energy Act 2008")] == ([], "external")
    assert got[("G7.20(d)", "Section Q1.1")] == (["Q1.1"], "unresolved")


def test_appendix_numbers_point_into_the_appendix(sample: Version) -> None:
    got = resolved(sample)
    assert got[("AG:3.1", "section 3.2")] == (["AG:3.2"], "resolved")
    assert got[("AG:3.1", "paragraph 3.1")] == (["AG:3.1"], "resolved")
    assert got[("AG:3.1", "this Appendix")] == (["Appendix AG"], "resolved")
    assert got[("AG:3.1", "Section G7.18")] == (["G7.18"], "resolved")


def test_targets_are_held_by_uid(sample: Version) -> None:
    by_uid = sample.by_uid()
    for res in references(sample):
        if res.status is Status.RESOLVED and res.ref.kind.value != "this_code":
            assert [by_uid[uid].id for uid in res.target_uids] == res.target_ids


def test_a_range_across_parts_takes_every_clause_between_and_one_running_backwards_is_unresolved(
        tmp_path: Path) -> None:
    """"Sections C1.3 to C2.2" resolved to its two ends (C2.1 missed, and `impact --clause C2.1`
    came back empty); "Sections C2.2 to C1.3" was resolved to its ends, unsaid."""
    path = tmp_path / "section-C.txt"
    path.write_text("SECTION C: GOVERNANCE\nC1 THE PANEL\nC1.1 The Panel shall meet.\nC1.3 The Panel shall publish.\n"
                    "C2 THE CODE ADMINISTRATOR\nC2.1 The Code Administrator shall act.\nC2.2 It shall report.\n"
                    "C3 OTHER\nC3.1 Sections C1.3 to C2.2 apply to the DCC, and Sections C2.2 to C1.3 do not.\n",
                    encoding="utf-8")
    forwards, backwards = references(read_version([path]))
    assert (forwards.target_ids, forwards.status) == (["C1.3", "C2.1", "C2.2"], Status.RESOLVED)
    assert backwards.status is Status.UNRESOLVED
    assert backwards.missing == ["C2.2 to C1.3 (a range running backwards)"]
