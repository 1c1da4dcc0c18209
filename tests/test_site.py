"""``redline site``: pages per Section and Appendix, links to every reference's target and every
term's definition, "Cited by", stable anchors, the search index, and the changes of an apply run."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner
from conftest import BASE_DIR, RULES
from lxml import etree

from redline.amend.run import apply_rules, write_run
from redline.cli import main
from redline.models import RedlineError, Version
from redline.site import build_site


@pytest.fixture(scope="module")
def pages(base: Version) -> dict[str, str]:
    return build_site(base)


@pytest.fixture(scope="module")
def apply_out(base: Version, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("apply") / "SECMP0049"
    write_run(apply_rules([RULES / "SECMP0049.toml"], base), out)
    return out


@pytest.fixture(scope="module")
def changed(base: Version, apply_out: Path) -> dict[str, str]:
    return build_site(base, apply_out)


def _tree(text: str) -> etree._Element:
    return etree.fromstring(text.encode(), etree.HTMLParser())


def _ids(pages: dict[str, str]) -> dict[str, set[str]]:
    return {name: set(_tree(text).xpath("//@id")) for name, text in pages.items() if name.endswith(".html")}


def test_one_page_per_section_and_appendix(base: Version, pages: dict[str, str]) -> None:
    tops = list(base.root.children)
    expected = {f"{'appendix' if u.kind.value == 'appendix' else 'section'}-{u.label}.html" for u in tops}
    assert expected == {n for n in pages if n.startswith(("section-", "appendix-"))}
    contents = _tree(pages["index.html"]).xpath("//ul[@class='contents']/li/a/@href")
    assert sorted(contents) == sorted(expected)


def test_offline_nothing_fetched(pages: dict[str, str]) -> None:
    for name, text in pages.items():
        assert not re.search(r"(?:src|href)=[\"'](?:https?:)?//", text), name
        assert "http://" not in text and "https://" not in text, name
    page = _tree(pages["section-L.html"])
    assert page.xpath("//script/@src") == ["search-index.js", "site.js"]
    assert page.xpath("//link[@rel='stylesheet']/@href") == ["site.css"]


def test_every_link_lands_on_an_anchor(pages: dict[str, str]) -> None:
    ids = _ids(pages)
    count = 0
    for name, text in pages.items():
        if not name.endswith(".html"):
            continue
        for href in _tree(text).xpath("//a/@href"):
            page, _, fragment = href.partition("#")
            page = page or name
            assert page in ids, (name, href)
            assert not fragment or unquote(fragment) in ids[page], (name, href)
            count += 1
    assert count > 100


def test_anchors_are_unit_ids(base: Version, pages: dict[str, str]) -> None:
    ids = set().union(*_ids(pages).values())
    for _, unit_id in base.walk_ids():
        assert unit_id.replace(" ", "_") in ids
    units = [i for text in pages.values() if "<html" in text for i in _tree(text).xpath("//main//@id")]
    assert len(units) == len(set(units))  # unique across the site, so a unit id names one place


def test_references_link_to_targets_and_others_are_styled_apart(pages: dict[str, str]) -> None:
    page = _tree(pages["section-L.html"])
    link = page.xpath("//div[@id='L1.17(b)']/p/a[@class='xref']")[0]
    assert link.text == "Section L1.19" and link.get("href") == "section-L.html#L1.19"
    relative = page.xpath("//div[@id='L1.17(d)']/p[@class='tail']/../p//a[normalize-space()='paragraph (c) above']")
    assert [a.get("href") for a in relative] == ["section-L.html#L1.17(c)"]
    external = page.xpath("//span[@class='xref external']/text()")
    assert "section 88 of the Energy Act 2008" in external
    unresolved = _tree(pages["section-A.html"]).xpath("//span[@class='xref unresolved']")
    assert any(s.text == "Section D1.2" and "not in this version" in s.get("title") for s in unresolved)


def test_terms_link_to_their_definition(pages: dict[str, str]) -> None:
    uses = _tree(pages["section-L.html"]).xpath("//a[@class='term']")
    assert uses
    for use in uses:
        assert use.get("href").startswith("section-A.html#A1.1:")
    proposals = [u for u in uses if u.text == "Modification Proposals"]
    assert proposals and proposals[0].get("href") == "section-A.html#A1.1:Modification_Proposal"


def test_cited_by(pages: dict[str, str]) -> None:
    page = _tree(pages["section-L.html"])
    cited = page.xpath("//div[@id='L1.19']/p[@class='cited-by']/a")
    assert [(a.text, a.get("href")) for a in cited] == [("L1.17(b)", "section-L.html#L1.17(b)")]
    uncited = page.xpath("//div[@id='L1.17(b)']/p[@class='cited-by']")
    assert uncited == []


def test_search_index(base: Version, pages: dict[str, str]) -> None:
    script = pages["search-index.js"]
    assert script.startswith("window.REDLINE_INDEX = ") and script.rstrip().endswith(";")
    entries = json.loads(script[len("window.REDLINE_INDEX = "):].rstrip().rstrip(";"))
    assert len(entries) == sum(1 for _ in base.units())
    by_id = {e[0]: e for e in entries}
    assert by_id["A1.1:Modification Proposal"][1] == "section-A.html#A1.1:Modification_Proposal"
    assert by_id["A1.1:Modification Proposal"][2] == "Modification Proposal"
    assert "SMKI PMA" in by_id["L1.17"][3]


def test_changes_inline_affected_and_summary(changed: dict[str, str]) -> None:
    page = _tree(changed["section-F.html"])
    unit = page.xpath("//div[@id='F1.4(a)']")[0]
    assert "changed" in unit.get("class")
    assert "".join(unit.xpath("p/ins//text() | p//a/ins//text()")) == "the Change Sub-Committee, Draft Proposals and "
    added = _tree(changed["section-A.html"]).xpath("//div[@id='A1.1:Draft_Proposal']")[0]
    assert "inserted" in added.get("class") and added.xpath("p/ins")
    deleted = _tree(changed["section-C.html"]).xpath("//del")
    assert any("Modification" in d.text for d in deleted)
    affected = [d for text in changed.values() if "<html" in text
                for d in _tree(text).xpath("//div[contains(concat(' ', @class, ' '), ' affected ')]")]
    assert affected and all(d.xpath("p[@class='reasons']") for d in affected)
    assert any("refers to L1.19" in d.xpath("string(p[@class='reasons'])") for d in affected)
    index = _tree(changed["index.html"])
    not_applied = index.xpath("//ul[@class='not-applied']/li/text()")
    assert any(t.startswith("D: external redraft") for t in not_applied)
    assert any(t.startswith("D3.13: blocked") for t in not_applied)
    assert any("(SECMP0049#21, " in t for t in not_applied)  # as every output of the run lists it
    counts = dict(zip(index.xpath("//table[@class='counts']//td[1]/text()"),
                      index.xpath("//table[@class='counts']//td[2]/text()"), strict=True))
    assert counts["add_definition"] == "6"


def test_changes_from_another_base_are_refused(apply_out: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["site", str(RULES.parent / "corpus" / "secmp0049-expected"),
                                       "--changes", str(apply_out), "--out", str(tmp_path / "site")])
    assert result.exit_code == 2 and "made against 'sec-5.18'" in result.output
    assert result.output.count("\n") == 1 and not (tmp_path / "site").exists()


def test_an_affected_list_without_its_not_applied_list_is_refused(apply_out: Path, tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "apply"
    shutil.copytree(apply_out, folder)
    listed = json.loads((folder / "affected.json").read_text(encoding="utf-8"))
    del listed["not_applied"]
    (folder / "affected.json").write_text(json.dumps(listed), encoding="utf-8")
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["site", str(BASE_DIR), "--changes", str(folder), "--out", str(out)])
    assert result.exit_code == 2 and "affected.json: expected a list 'not_applied'" in result.output
    assert not out.exists()


def test_bad_changes_folder_is_one_line_and_nothing_written(tmp_path: Path) -> None:
    (tmp_path / "apply").mkdir()
    (tmp_path / "apply" / "changes.json").write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(main, ["site", str(BASE_DIR), "--changes", str(tmp_path / "apply"),
                                       "--out", str(tmp_path / "site")])
    assert result.exit_code == 2 and "changes.json: not valid JSON" in result.output
    assert not (tmp_path / "site").exists()
    with pytest.raises(RedlineError, match="missing"):
        build_site(_empty(), tmp_path / "nowhere")


def _empty() -> Version:
    from redline.models import Unit, UnitKind

    return Version("sec-5.18", Unit("", UnitKind.VERSION, "sec-5.18"))


def test_site_command_writes_the_site(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["site", str(BASE_DIR), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert {"index.html", "search-index.js", "site.css", "site.js", "section-L.html"} <= {
        p.name for p in tmp_path.iterdir()}


def test_section_and_part_preambles_are_shown(tmp_path: Path) -> None:
    path = tmp_path / "section-C.txt"  # SEC-style, synthetic
    path.write_text("SECTION C: GOVERNANCE\nThis Section sets out synthetic rules.\nC1 THE PANEL\n"
                    "This Part is about the synthetic Panel.\nC1.1 The Panel shall meet.\n", encoding="utf-8")
    from redline.read import read_version

    version = read_version([path])
    part = version.get("C1")
    assert part is not None and part.text  # the reader keeps the Part's preamble
    page = _tree(build_site(version)["section-C.html"])
    assert page.xpath("string(//h1/following-sibling::p[1])") == "This Section sets out synthetic rules."
    assert page.xpath("string(//div[@id='C1']/h2/following-sibling::p[1])") == "This Part is about the synthetic Panel."


def test_a_renumbered_unit_pairs_with_its_old_self(base: Version, tmp_path: Path) -> None:
    rules = tmp_path / "SECMP9999.toml"  # synthetic rules: a renumbering only
    rules.write_text('[modification]\nid = "SECMP9999"\ntitle = "synthetic renumbering"\nbaseline = "5.18"\n\n'
                     '[[instruction]]\nkind = "renumber"\nunit = "F1.4"\nto = "F1.5"\n', encoding="utf-8")
    write_run(apply_rules([rules], base), tmp_path / "apply")
    page = _tree(build_site(base, tmp_path / "apply")["section-F.html"])
    moved = page.xpath("//div[@id='F1.5']")[0]
    assert "changed" in moved.get("class") and "inserted" not in moved.get("class")
    assert moved.xpath("string(p/a[@class='label']/del)") == "F1.4"
    assert moved.xpath("string(p/a[@class='label']/ins)") == "F1.5"
    child = page.xpath("//div[@id='F1.5(a)']")[0]  # its paragraphs follow it, not deleted and inserted
    assert "inserted" not in child.get("class") and not page.xpath("//div[contains(@class, 'deleted')]")


def test_site_out_is_written_whole(tmp_path: Path) -> None:
    """A second run replaces the site whole; a folder redline did not write is refused, untouched."""
    out = tmp_path / "site"
    assert CliRunner().invoke(main, ["site", str(BASE_DIR), "--out", str(out)]).exit_code == 0
    (out / "stale.html").write_text("left from an earlier run", encoding="utf-8")
    assert CliRunner().invoke(main, ["site", str(BASE_DIR), "--out", str(out)]).exit_code == 0
    assert not (out / "stale.html").exists() and (out / "index.html").is_file()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(main, ["site", str(BASE_DIR), "--out", str(mine)])
    assert result.exit_code == 2 and "not empty and not a previous redline output" in result.stderr
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]


def test_a_relettered_unit_shows_its_own_reasons_not_the_deleted_ones(base: Version, tmp_path: Path) -> None:
    """Deleting C7.2(i) re-letters (j) as (i): the page's C7.2(i) is the old (j), and its note is
    that unit's (re-lettered, citing the deleted number), read by identity from affected.json."""
    rules = tmp_path / "SECMP9999.toml"
    rules.write_text('[modification]\nid = "SECMP9999"\ntitle = "synthetic deletion"\nbaseline = "5.18"\n\n'
                     '[[instruction]]\nkind = "delete"\nunit = "C7.2(i)"\nreletter = true\n', encoding="utf-8")
    write_run(apply_rules([rules], base), tmp_path / "apply")
    page = _tree(build_site(base, tmp_path / "apply")["section-C.html"])
    note = page.xpath("string(//div[@id='C7.2(i)']/p[@class='reasons'])")
    assert "re-lettered" in note and "was C7.2(j)" in note and "deleted by this modification" in note
