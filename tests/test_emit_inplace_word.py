"""The drafter's Word workflow: SECMP0049 written in place into Section files laid out the way
users have them (automatic or typed numbering, the A1.1 definitions as a table or as
paragraphs), which already carry two other authors' pending insertions, deletions and
formatting changes, and a comment.

The colleagues' revisions are synthetic marks on the corpus words (:mod:`pending`), never SEC
text.  LibreOffice checks the views it can express; its flat ODF keeps one revision per stretch
of text (a deletion inside another author's insertion comes back as a deletion only), so the
views per author are also checked on the OOXML itself (:mod:`ooxml_view`).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from builders import build_docx
from conftest import BASE_DIR, EXPECTED_DIR, RULES, norm
from emit_samples import W, assert_well_formed_unique_ids, parts
from libreoffice import lo_views, round_trip, same_date
from lxml import etree
from ooxml_view import authors, view
from pending import DATES, Pending, add_pending, without_comments

from redline.amend.run import apply_rules, in_place
from redline.emit.meta import EmitMeta
from redline.models import RedlineError
from redline.read import read_version

OURS, OUR_DATE = "SECAS", "2018-10-05T00:00:00Z"
ALICE, BOB = "Alice Reviewer", "Bob Counsel"
MARKS = {
    "A": [
        # our deletion of "given to that expression in" and of "D1.2" falls inside Alice's insertion
        Pending("insert", ALICE, "Section D1.2 (Modifications)", "given to that expression in Section D1.2"),
        # our "Modification" → "Draft" falls inside Bob's insertion: it is split, never nested
        Pending("insert", BOB, "Persons Entitled", "Persons Entitled to Submit Modification Proposals"),
        Pending("delete", ALICE, "Section D6.13", "(Alternative Solutions)", "(Alternatives) "),
        # our "D6.13" → "D6.16" splits Bob's reformatted run
        Pending("format", BOB, "Section D6.13", "Section D6.13"),
        Pending("comment", BOB, "Section D2.4", "Path 1 Modification", "Check this against D2.4."),
    ],
    "F": [
        # our "the Change Sub-Committee, " goes inside Alice's insertion
        Pending("insert", ALICE, "Technical Code Specifications", "the Panel, the Change Board and Working Groups"),
        Pending("delete", BOB, "are identified as likely", "with technical", "promptly "),
        # our "Draft Proposals and " goes next to Bob's reformatted run
        Pending("format", BOB, "monitors", "Modification Proposals with a view"),
        Pending("comment", ALICE, "monitors", "Code Administrator", "Synthetic comment: who monitors?"),
        Pending("insert", BOB, "monitors", "(and bringing to the"),
    ],
}
#: (Section, automatic numbering, definitions table)
LAYOUTS = {"A-auto-paragraphs": ("A", True, False), "A-typed-table": ("A", False, True),
           "F-auto": ("F", True, True), "F-typed": ("F", False, True)}



@pytest.fixture(scope="module")
def secmp0049():
    return apply_rules([RULES / "SECMP0049.toml"], read_version([BASE_DIR]))


@pytest.fixture(scope="module", params=sorted(LAYOUTS))
def case(request, tmp_path_factory, secmp0049):
    section, auto, table = LAYOUTS[request.param]
    tmp = tmp_path_factory.mktemp(request.param)
    src = build_docx(read_version([BASE_DIR / f"section-{section}.txt"]), tmp / f"section-{section}.docx",
                     auto_numbering=auto, definitions_table=table)
    add_pending(src, MARKS[section])
    data, notes = in_place(secmp0049, src, EmitMeta(author=OURS, date=OUR_DATE))
    dst = tmp / f"section-{section}-SECMP0049.docx"
    dst.write_bytes(data)
    return section, auto, src, dst, notes, tmp


def _decide(ours: bool | None, theirs: dict[str, bool | None]):
    return lambda author: ours if author == OURS else theirs[author]


def test_every_file_is_valid_ooxml_with_unique_ids(case) -> None:
    _, _, src, dst, _, _ = case
    for path in (src, dst):  # the schemas: .ci/run validates every .docx the suite writes
        assert_well_formed_unique_ids(path)


def test_everything_is_written_in_place(case) -> None:
    _, _, _, _, notes, _ = case
    assert notes == []


@pytest.mark.parametrize("alice,bob", list(itertools.product((True, False, None), repeat=2)))
def test_ours_rejected_gives_the_input_back_whatever_theirs(case, alice, bob) -> None:
    _, _, src, dst, _, _ = case
    theirs = {ALICE: alice, BOB: bob}
    assert view(dst, _decide(False, theirs)) == view(src, _decide(None, theirs))


def test_ours_accepted_leaves_theirs_pending(case) -> None:
    section, _, src, dst, _, _ = case
    pending = view(dst, _decide(True, {ALICE: None, BOB: None}))
    text = " ".join(pending)
    for mark in MARKS[section]:
        if mark.kind == "delete":
            assert f"[-{mark.author}: {mark.extra.strip()}" in text
        if mark.kind == "insert":
            assert f"[+{mark.author}: " in text
    before, after = authors(src), authors(dst)
    for key, count in before.items():  # every revision of theirs is still there (a split one twice)
        assert after.get(key, 0) >= count, key
    assert {key for key in after if key[1] != OURS} == set(before)


def test_their_revisions_keep_author_and_date_and_ours_copy_no_formatting_change(case) -> None:
    _, _, _, dst, _, _ = case
    root = etree.fromstring(parts(dst)["word/document.xml"])
    for element in root.iter(f"{{{W}}}ins", f"{{{W}}}del", f"{{{W}}}rPrChange"):
        author = element.get(f"{{{W}}}author")
        assert element.get(f"{{{W}}}date") == (OUR_DATE if author == OURS else DATES[author])
        if author == OURS and element.tag == f"{{{W}}}ins":
            assert not list(element.iter(f"{{{W}}}rPrChange"))
            assert not any(a.tag == f"{{{W}}}ins" for a in element.iterancestors())


def test_a_typed_number_keeps_its_tab(case) -> None:
    _, _, src, dst, _, _ = case
    def tabs(path: Path) -> int:  # tabs not deleted and not in our insertions (new paragraphs bring their own)
        root = etree.fromstring(parts(path)["word/document.xml"])
        return sum(1 for tab in root.iter(f"{{{W}}}tab") if not any(
            a.tag == f"{{{W}}}del" or a.tag == f"{{{W}}}ins" and a.get(f"{{{W}}}author") == OURS
            for a in tab.iterancestors()))
    assert tabs(dst) == tabs(src)


@pytest.mark.libreoffice
def test_libreoffice_reads_the_amended_text_and_the_input_back(case) -> None:
    section, _, src, dst, _, tmp = case
    before, after = round_trip(src, tmp / "lo-in"), round_trip(dst, tmp / "lo-out")
    ours = lambda revision: revision.author == OURS  # noqa: E731
    accepted = after.accepted()
    expected = read_version([EXPECTED_DIR / f"section-{section}.txt"])
    for unit in expected.units():
        if unit.text:
            assert any(norm(p).endswith(norm(unit.text)) for p in accepted), unit.id
    terms = [u.label for u in expected.definitions()]
    at = [next(i for i, p in enumerate(accepted) if p.startswith(term)) for term in terms]
    assert at == sorted(at)  # the new definitions stand in the amended (alphabetical) order
    # ours rejected, theirs accepted (or ours accepted, theirs rejected): as the input reads
    assert after.resolve(lambda r: not ours(r)) == before.accepted()
    assert after.resolve(ours) == view(dst, _decide(True, {ALICE: False, BOB: False}))
    assert after.accepted() == view(dst, _decide(True, {ALICE: True, BOB: True}))
    for revision in after.revisions.values():
        assert same_date(revision.date, OUR_DATE if revision.author == OURS else DATES[revision.author])


def test_an_instruction_is_matched_against_the_text_with_theirs_accepted(tmp_path: Path, secmp0049) -> None:
    src = build_docx(read_version([BASE_DIR / "section-F.txt"]), tmp_path / "section-F.docx", auto_numbering=True)
    add_pending(src, [Pending("strike", ALICE, "Technical Code Specifications", "the Change Board and ")])
    with pytest.raises(RedlineError, match="F1.4"):
        in_place(secmp0049, src, EmitMeta(author=OURS, date=OUR_DATE))


@pytest.mark.libreoffice
def test_libreoffice_per_author(case) -> None:
    """LibreOffice itself accepting and rejecting author by author (on copies without the
    comment, which its no-GUI build cannot open through UNO)."""
    _, _, src, dst, _, tmp = case
    theirs_rejected, alice_only = {ALICE: "reject", BOB: "reject"}, {ALICE: "accept", BOB: "reject"}
    (before, pending), before_rejected, before_alice = lo_views(
        without_comments(src, tmp / "in-no-comment.docx"), [{}, theirs_rejected, alice_only])
    ours_accepted, ours_rejected, all_rejected, alice, everything = lo_views(
        without_comments(dst, tmp / "out-no-comment.docx"),
        [{OURS: "accept"}, {OURS: "reject"}, {OURS: "reject", **theirs_rejected}, {OURS: "reject", **alice_only},
         {OURS: "accept", ALICE: "accept", BOB: "accept"}])
    assert ours_accepted[1] == pending and pending  # ours accepted: exactly theirs still pending
    assert ours_rejected == (before, pending)  # ours rejected: the input, theirs pending
    assert all_rejected[0] == before_rejected[0] and alice[0] == before_alice[0]
    assert [text for _, text in everything[0] if text] == view(dst, lambda author: True)
