"""A renamed definition moves into alphabetical order in A1.1, as a new definition is added there:
it had kept its old place ("Applicant" left between "Path 3 Modification" and "Significant Code
Review Phase"). The redlines show it deleted where it stood and added where it now stands."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import build_docx
from click.testing import CliRunner
from conftest import BASE_DIR
from emit_samples import W, parts
from libreoffice import round_trip
from lxml import etree

from redline.amend.engine import apply_modification
from redline.amend.rules import load_rules
from redline.amend.run import apply_rules, in_place
from redline.cli import main
from redline.emit.meta import EmitMeta
from redline.models import ChangeKind, Version
from redline.read import read_version
from redline.wording import collation_key

HEAD = '[modification]\nid = "SECMP9124"\ntitle = "Synthetic rename"\nbaseline = "5.18"\n'
RENAME = '[[instruction]]\nkind = "rename"\nfrom = "Proposer"\nto = "Applicant"\n'
AMEND_TO = '[[instruction]]\nkind = "amend_definition"\nterm = "Proposer"\nto = "Applicant"\n' \
           'replace = [{find = "Persons Entitled", with = "Persons Allowed"}]\n'


def rules(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "SECMP9124.toml"
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def terms(version: Version) -> list[str]:
    return [d.label for d in version.get("A1.1").children]


@pytest.mark.parametrize("body", [RENAME, AMEND_TO])
def test_a_renamed_definition_stands_in_alphabetical_order(base, tmp_path, body) -> None:
    result = apply_modification(base, load_rules(rules(tmp_path, body)))
    got = terms(result.version)
    assert got == sorted(got, key=collation_key) and got[:2] == ["Alternative Solution", "Applicant"]
    [move] = [c for c in result.changes if c.kind is ChangeKind.MOVE]
    assert move.unit_id == "A1.1:Applicant"
    assert move.reason == "moved by SECMP9124 into alphabetical order, after 'Alternative Solution'"


def test_a_rename_that_keeps_the_order_moves_nothing(base, tmp_path) -> None:
    result = apply_modification(base, load_rules(rules(tmp_path, RENAME.replace("Applicant", "Proposing Person"))))
    assert terms(result.version) == [t if t != "Proposer" else "Proposing Person" for t in terms(base)]
    assert not [c for c in result.changes if c.kind is ChangeKind.MOVE]


def test_a_renamed_definition_is_found_moved_by_one_search_of_its_siblings(base, tmp_path, monkeypatch) -> None:
    """The siblings' order is searched once per parent whose order changed, not once per sibling
    (which had made a batch of renames quadratic in the size of A1.1)."""
    from redline.emit import pairs

    result = apply_modification(base, load_rules(rules(tmp_path, RENAME)))
    searched: list[int] = []
    search = pairs._in_order
    monkeypatch.setattr(pairs, "_in_order", lambda items: searched.append(len(items)) or search(items))
    moved = pairs.moved_uids(base, result.version)
    assert moved == {result.version.get("A1.1:Applicant").uid}
    assert searched == [len(base.get("A1.1").children)]


def test_the_legal_text_of_a_rename_reads_back_to_the_same_amended_version(tmp_path) -> None:
    """It says "Add … in alphabetical order" and "Delete the following definitions", as a drafter
    writes a renamed term that moves."""
    runner = CliRunner()
    out, back = tmp_path / "out", tmp_path / "back"
    assert runner.invoke(main, ["apply", str(rules(tmp_path, RENAME)), "--base", str(BASE_DIR), "--out",
                                str(out)]).exit_code == 0
    read = runner.invoke(main, ["instructions", str(out / "legal-text.docx"), "--base", str(BASE_DIR), "-o",
                                str(tmp_path / "back.toml")])
    assert read.exit_code == 0, read.output
    assert runner.invoke(main, ["apply", str(tmp_path / "back.toml"), "--base", str(BASE_DIR), "--out",
                                str(back)]).exit_code == 0
    for path in sorted((out / "amended").glob("section-*.txt")):
        assert (back / "amended" / path.name).read_text(encoding="utf-8").splitlines()[1:] == \
            path.read_text(encoding="utf-8").splitlines()[1:], path.name  # line 1 names the version


@pytest.mark.libreoffice
@pytest.mark.parametrize("table", [True, False], ids=["definitions-table", "definitions-paragraphs"])
def test_in_place_the_renamed_definition_is_deleted_and_added_where_it_belongs(tmp_path, table) -> None:
    """With the definitions as a table the moved row had carried a move range inside `w:tr`,
    which the schema refuses: a row has no move markup, so it is deleted and inserted."""
    base = read_version([BASE_DIR])
    result = apply_rules([rules(tmp_path, RENAME)], base)
    src = build_docx(read_version([BASE_DIR / "section-A.txt"]), tmp_path / "section-A.docx",
                     auto_numbering=False, definitions_table=table)
    data, notes = in_place(result, src, EmitMeta(author="Ours", date="2024-01-01T00:00:00Z"))
    assert notes == []
    dst = tmp_path / "out.docx"
    dst.write_bytes(data)  # validated with every .docx the suite writes (.ci/run)
    ranges = [e for name in ("moveFromRangeStart", "moveToRangeStart")
              for e in etree.fromstring(parts(dst)["word/document.xml"]).iter(f"{{{W}}}{name}")]
    assert all(e.getparent().tag == f"{{{W}}}p" for e in ranges)
    before, after = round_trip(src, tmp_path / "lo-in"), round_trip(dst, tmp_path / "lo-out")
    accepted = after.accepted()
    starts = [next(i for i, p in enumerate(accepted) if p.startswith(t)) for t in terms(result.amended)]
    assert starts == sorted(starts) and not [p for p in accepted if p.startswith("Proposer")]
    assert after.rejected() == before.accepted()
