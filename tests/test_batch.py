"""Batch runs against a newly designated version built from the corpus by known edits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import RULES

from redline.amend.engine import apply_modification
from redline.amend.rules import load_rules
from redline.cli import main
from redline.models import Instruction, Modification
from redline.write import write_version

#: The "new designated version": SECMP0022 implemented, then a clause renumbered, a sentence
#: reworded and one of SECMP0049's new definitions already in A1.1.
DESIGNATION = [
    Instruction(1, "renumber", {"unit": "F1.4", "to": "F1.5"}),
    Instruction(2, "amend", {"unit": "G7.18(d)", "replace": [
        {"find": "the Panel, the Change Board and any", "with": "the Panel and the Change Board and any"}]}),
    Instruction(3, "add_definition", {"term": "Draft Proposal", "text":
        "has the meaning given to that expression in Section D1.2 (Modifications)."}),
]

EXPECTED_SECMP0049 = {1: "clean", 2: "clean", 3: "clean", 4: "obsolete", 5: "clean", 6: "clean",
                      **{i: "clean" for i in range(7, 14)}, 14: "moved", 15: "moved", 16: "conflict",
                      17: "clean", 18: "clean", 19: "moved", 20: "external", 21: "blocked"}


@pytest.fixture(scope="module")
def new_version(base, tmp_path_factory) -> Path:
    version = apply_modification(base, load_rules(RULES / "SECMP0022.toml")).version
    designation = Modification(id="SEC-5.19-DESIGNATION", title="test designation", baseline="5.18",
                               file="tests/test_batch.py", instructions=DESIGNATION)
    version = apply_modification(version, designation).version
    version.name = "sec-5.19-test"
    directory = tmp_path_factory.mktemp("sec-5.19") / "sec-5.19-test"
    write_version(version, directory, "Synthetic test version: the bundled corpus with known edits.")
    return directory


@pytest.fixture(scope="module")
def batch(new_version, tmp_path_factory):
    out = tmp_path_factory.mktemp("batch")
    result = CliRunner().invoke(main, ["batch", "--base", str(new_version), str(RULES / "SECMP0049.toml"),
                                       str(RULES / "SECMP0022.toml"), "--out", str(out), "--jobs", "1"])
    return result, out


def statuses(report: dict, mod: str, mode: str) -> dict[int, str]:
    entry = next(m for m in report["modifications"] if m["id"] == mod)
    return {i[mode]["instruction"]: i[mode]["status"] for i in entry["instructions"]}


def test_every_class_appears_exactly_where_expected(batch):
    result, out = batch
    report = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    assert [m["id"] for m in report["modifications"]] == ["SECMP0022", "SECMP0049"]
    assert statuses(report, "SECMP0022", "cumulative") == {1: "obsolete"}
    assert statuses(report, "SECMP0049", "cumulative") == EXPECTED_SECMP0049
    assert statuses(report, "SECMP0049", "alone") == EXPECTED_SECMP0049
    assert result.exit_code == 1, result.output


def test_moved_and_conflict_carry_their_evidence(batch):
    _, out = batch
    report = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    entry = next(m for m in report["modifications"] if m["id"] == "SECMP0049")
    by_number = {i["cumulative"]["instruction"]: i["cumulative"] for i in entry["instructions"]}
    assert by_number[14]["retargeted_to"] == "F1.5(a)" and "similarity" in by_number[14]["evidence"]
    conflict = by_number[16]["texts"]
    assert "the Panel, the Change Board and any" in conflict["drafted"]
    assert "the Panel and the Change Board and any" in conflict["base"]
    assert "the Panel, the Change Sub-Committee, the Change Board" in conflict["wanted"]
    assert "SECMP0034" in by_number[21]["detail"]


def test_applying_modifications_get_their_outputs(batch):
    _, out = batch
    for name in ("amended/section-F.txt", "changes.json", "affected.json", "redline.docx", "legal-text.docx",
                 "redline.html"):
        assert (out / "SECMP0049" / name).is_file(), name
    assert (out / "batch.md").is_file() and (out / "batch.html").is_file()


def test_batch_html_links_each_redline_and_has_no_empty_column(batch):
    from lxml import etree

    _, out = batch
    tree = etree.fromstring((out / "batch.html").read_bytes(), etree.HTMLParser())
    summary = tree.xpath("//table")[0]
    head = summary.xpath("tr[1]/th/text()")
    assert head[0] == "modification" and head[-1] == "redline" and "external" in head
    for column in range(len(head)):  # every column has something in some row
        cells = summary.xpath(f"tr[position() > 1]/td[{column + 1}]")
        assert any(c.xpath("string()").strip() not in ("", "0 (0)") for c in cells), head[column]
    links = tree.xpath("//a[text()='redline']/@href")
    assert "SECMP0049/redline.html" in links and all((out / link).is_file() for link in links)
    assert "SECMP0022/redline.html" not in links  # wholly obsolete: nothing applied, no redline
    sections = {h.get("id"): h.getnext().getnext() for h in tree.xpath("//h2[@id]")}
    assert "as drafted against" in sections["SECMP0049"].xpath("string(tr[1])")  # it has a conflict
    assert "as drafted against" not in sections["SECMP0022"].xpath("string(tr[1])")
    for table in sections.values():
        width = len(table.xpath("tr[1]/th"))
        assert all(len(row.xpath("td")) + sum(int(td.get("colspan", 1)) - 1 for td in row.xpath("td")) == width
                   for row in table.xpath("tr[position() > 1]"))


def test_the_same_batch_in_one_process_or_two_writes_the_same_bytes(new_version, batch, tmp_path):
    _, first = batch  # --jobs 1; here forked workers share the base, each deriving its version from it
    second = tmp_path / "again"
    CliRunner().invoke(main, ["batch", "--base", str(new_version), str(RULES / "SECMP0049.toml"),
                              str(RULES / "SECMP0022.toml"), "--out", str(second), "--jobs", "2"])
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert len(files) > 20 and Path("SECMP0049/redline.docx") in files
    assert [f for f in files if (first / f).read_bytes() != (second / f).read_bytes()] == []


def test_the_demonstration_version_where_secmp0022_is_implemented_is_all_obsolete_for_it(batch):
    _, out = batch
    report = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    entry = next(m for m in report["modifications"] if m["id"] == "SECMP0022")
    assert entry["cumulative"]["obsolete"] == 1 and "already implemented" in \
        entry["instructions"][0]["cumulative"]["detail"]


def test_a_batch_lets_go_of_its_base_when_done(new_version, tmp_path):
    """Nothing of a finished batch stays in the process: a second batch never holds two bases."""
    import redline.batch.run as batch_run

    batch_run.run_batch(str(new_version), [str(RULES / "SECMP0049.toml")], tmp_path / "out", 1)
    assert batch_run._SHARED == {}
