"""In place, whole units: a new paragraph, a deleted clause and the renumbering and
re-lettering they cause, in Section files with Word automatic numbering and with typed numbers.

The Section is synthetic SEC-style text written for these tests, not SEC text.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from builders import build_docx
from conftest import signature
from emit_samples import assert_well_formed_unique_ids
from libreoffice import lo_view, round_trip
from ooxml_view import view

from redline.amend.run import apply_rules, in_place
from redline.emit.meta import EmitMeta
from redline.read import read_version

BASE = """\
SECTION C: GOVERNANCE
C2 THE PANEL
C2.1 The Panel shall meet as set out in Section C2.3.
C2.2 The Panel may consult any person.
C2.3 The Panel shall publish its decisions:
(a) on its website;
(b) by notice to each Party; and
(c) in writing on request.
C2.4 Nothing in Section C2.3(c) limits Section C2.1.
C2.5 This Section C2 is synthetic.
"""
AUTHOR = "Jane Drafter"
HEADER = f'[modification]\nid = "{{}}"\ntitle = "Synthetic"\nbaseline = "test"\nauthor = "{AUTHOR}"\n'
INSERT_DELETE = """\
[[instruction]]
kind = "insert"
unit = "C2.3(b)"
text = "by email to each Panel Member;"
reletter = true

[[instruction]]
kind = "delete"
unit = "C2.2"
reletter = true
"""
#: What the Section reads once every change is accepted, each paragraph with its number.
AMENDED = [
    ("", "SECTION C: GOVERNANCE"), ("", "C2 THE PANEL"),
    ("C2.1", "The Panel shall meet as set out in Section C2.2."),
    ("C2.2", "The Panel shall publish its decisions:"),
    ("(a)", "on its website;"), ("(b)", "by email to each Panel Member;"),
    ("(c)", "by notice to each Party; and"), ("(d)", "in writing on request."),
    ("C2.3", "Nothing in Section C2.2(d) limits Section C2.1."),
    ("C2.4", "This Section C2 is synthetic."),
]

def _in_place(tmp: Path, mod: str, instructions: str, layout: str) -> tuple:
    """The synthetic Section as a Word file (``layout`` numbering), the modification applied in
    place: (input, output, notes, run)."""
    (tmp / "base").mkdir()
    (tmp / "base" / "section-C.txt").write_text(BASE, encoding="utf-8")
    (tmp / "rules.toml").write_text(HEADER.format(mod) + 'date = "2018-10-05T00:00:00Z"\n\n' + instructions,
                                    encoding="utf-8")
    base = read_version([tmp / "base"])
    src = build_docx(base, tmp / "section-C.docx", auto_numbering=layout == "automatic")
    run = apply_rules([tmp / "rules.toml"], base)
    data, notes = in_place(run, src, EmitMeta(author=AUTHOR, date="2018-10-05T00:00:00Z"))
    dst = tmp / f"section-C-{mod}.docx"
    dst.write_bytes(data)
    return src, dst, notes, run


@pytest.fixture(scope="module", params=["automatic", "typed"])
def case(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(request.param)
    return request.param, *_in_place(tmp, "SECMP9003", INSERT_DELETE, request.param), tmp


def _shown(paragraphs: list[tuple[str, str]], typed: bool) -> list[tuple[str, str]]:
    """(number, words): LibreOffice's list label, or the typed number split off the text."""
    if not typed:
        return paragraphs
    out = []
    for label, text in paragraphs:
        head, _, rest = text.partition(" ")
        numbered = head.startswith("(") or head[:1] == "C" and "." in head
        out.append((head, rest) if numbered else (label, text))
    return out


def test_nothing_is_left_out_and_the_file_reads_back_as_amended(case) -> None:
    _, _, dst, notes, run, _ = case
    assert notes == []
    assert signature(read_version([dst])) == signature(run.amended)


def test_the_file_is_valid_ooxml(case) -> None:
    _, _, dst, _, _, _ = case
    assert_well_formed_unique_ids(dst)  # schemas: .ci/run validates every .docx the suite writes


def test_rejected_it_is_the_input(case) -> None:
    _, src, dst, _, _, _ = case
    assert view(dst, lambda author: False) == view(src, lambda author: None)


@pytest.mark.libreoffice
def test_libreoffice_numbers_the_accepted_file_as_amended(case) -> None:
    layout, src, dst, _, _, _ = case
    accepted, pending = lo_view(dst, {AUTHOR: "accept"})
    assert pending == []
    assert _shown(accepted, layout == "typed") == AMENDED
    rejected, _ = lo_view(dst, {AUTHOR: "reject"})
    original, _ = lo_view(src, {})
    assert rejected == original


@pytest.mark.libreoffice
def test_libreoffice_reads_the_paragraph_revisions(case) -> None:
    _, src, dst, _, _, tmp = case
    tracked, before = round_trip(dst, tmp / "lo-out"), round_trip(src, tmp / "lo-in")
    assert tracked.rejected() == before.accepted()
    assert len(tracked.accepted()) == len(AMENDED)


MOVE = """\
[[instruction]]
kind = "move"
unit = "C2.3"
to = "C2.6"
after = "C2.5"
"""
MOVED = [
    ("", "SECTION C: GOVERNANCE"), ("", "C2 THE PANEL"),
    ("C2.1", "The Panel shall meet as set out in Section C2.6."),
    ("C2.2", "The Panel may consult any person."),
    ("C2.4", "Nothing in Section C2.6(c) limits Section C2.1."),
    ("C2.5", "This Section C2 is synthetic."),
    ("C2.6", "The Panel shall publish its decisions:"),
    ("(a)", "on its website;"), ("(b)", "by notice to each Party; and"), ("(c)", "in writing on request."),
]


@pytest.fixture(scope="module", params=["automatic", "typed"])
def moved(request, tmp_path_factory):
    return request.param, *_in_place(tmp_path_factory.mktemp(f"move-{request.param}"), "SECMP9004", MOVE,
                                     request.param)


def test_a_move_in_place_is_a_tracked_move(moved) -> None:
    layout, src, dst, notes, run = moved
    with zipfile.ZipFile(dst) as package:
        xml = package.read("word/document.xml").decode()
    assert xml.count("<w:moveFromRangeStart") == xml.count("<w:moveToRangeStart") == 1
    assert 'w:name="move1"' in xml and "<w:moveFrom " in xml and "<w:moveTo " in xml
    assert view(dst, lambda author: False) == view(src, lambda author: None)
    assert_well_formed_unique_ids(dst)  # schemas: .ci/run validates every .docx the suite writes
    if layout == "typed":
        assert notes == []
        assert signature(read_version([dst])) == signature(run.amended)
    else:  # Word numbers the moved clause in sequence: the gap C2.3 leaves is reported, not hidden
        assert notes and all("once accepted" in why for _, why in notes)


@pytest.mark.libreoffice
def test_libreoffice_accepts_the_move_in_place(moved) -> None:
    layout, src, dst, _, _ = moved
    accepted, pending = lo_view(dst, {AUTHOR: "accept"})
    assert pending == []
    shown = _shown(accepted, layout == "typed")
    if layout == "typed":
        assert shown == MOVED
    else:
        assert [text for _, text in shown] == [text for _, text in MOVED]
    rejected, _ = lo_view(dst, {AUTHOR: "reject"})
    # LibreOffice cannot remove the body's final paragraph mark: rejecting the paragraphs added
    # at the end leaves one empty paragraph there (Word restores the mark's old properties)
    while rejected and not rejected[-1][1]:
        rejected.pop()
    assert rejected == lo_view(src, {})[0]


@pytest.mark.libreoffice
@pytest.mark.parametrize("layout", ["automatic", "typed"])
def test_the_last_clause_deleted_in_place_leaves_no_empty_paragraph(tmp_path, layout) -> None:
    """Its own paragraph mark deleted was the body's final mark, which LibreOffice cannot remove:
    accepting everything left an empty paragraph at the end. As Word writes it, the mark before is
    the deleted one."""
    src, dst, notes, _ = _in_place(tmp_path, "SECMP9129", '[[instruction]]\nkind = "delete"\nunit = "C2.5"\n', layout)
    assert notes == []
    accepted, pending = lo_view(dst, {AUTHOR: "accept"})
    assert pending == [] and accepted[-1][1].endswith("Nothing in Section C2.3(c) limits Section C2.1.")
    assert lo_view(dst, {AUTHOR: "reject"})[0] == lo_view(src, {})[0]


@pytest.mark.libreoffice
@pytest.mark.parametrize(("new", "after"), [("C2.4A", "C2.4"), ("C2.6", "C2.5")], ids=["before", "after"])
def test_a_clause_inserted_beside_the_last_one_deleted_in_place_leaves_no_empty_paragraph(tmp_path, new, after) -> None:
    """The last clause deleted and a new one inserted before (or after) it: the final mark, which
    neither may carry, had been the last one's, so accepting (or rejecting) everything left an
    empty paragraph at the end. Typed numbers: automatic numbering cannot show C2.4A or C2.6 here."""
    src, dst, notes, _ = _in_place(tmp_path, "SECMP9130", f'[[instruction]]\nkind = "insert"\nunit = "{new}"\n'
                                   f'after = "{after}"\ntext = "The Panel shall keep minutes."\n\n'
                                   '[[instruction]]\nkind = "delete"\nunit = "C2.5"\n', "typed")
    assert notes == []
    accepted, pending = lo_view(dst, {AUTHOR: "accept"})
    assert pending == [] and accepted[-1][1].endswith("The Panel shall keep minutes.")
    assert lo_view(dst, {AUTHOR: "reject"})[0] == lo_view(src, {})[0]
    assert_well_formed_unique_ids(dst)
