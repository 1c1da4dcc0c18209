"""The on-disk cache of parsed versions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import BASE_DIR, signature

import redline.read as read


@pytest.fixture
def version_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("REDLINE_CACHE", str(tmp_path / "cache"))
    copy = tmp_path / "sec"
    shutil.copytree(BASE_DIR, copy)
    return copy


def refuse_to_parse(files, name):
    raise AssertionError("parsed although the cache holds this version")


def test_a_second_run_on_an_unchanged_version_skips_parsing(version_dir, monkeypatch):
    first = read.read_version([version_dir])
    monkeypatch.setattr(read, "_parse", refuse_to_parse)
    assert signature(read.read_version([version_dir])) == signature(first)


def test_a_changed_file_invalidates_the_cache(version_dir, monkeypatch):
    read.read_version([version_dir])
    section = version_dir / "section-M.txt"
    section.write_text(section.read_text(encoding="utf-8").replace("Section M5.2 applies", "Section M5.3 applies"),
                       encoding="utf-8")
    assert "Section M5.3 applies" in read.read_version([version_dir]).get("M5.1").text


def test_the_cache_is_safe_to_delete_and_can_be_turned_off(version_dir, tmp_path, monkeypatch):
    first = read.read_version([version_dir])
    shutil.rmtree(tmp_path / "cache")
    assert signature(read.read_version([version_dir])) == signature(first)
    monkeypatch.setenv("REDLINE_CACHE", "off")
    calls = []
    original = read._parse
    monkeypatch.setattr(read, "_parse", lambda files, name: calls.append(name) or original(files, name))
    read.read_version([version_dir])
    read.read_version([version_dir])
    assert len(calls) == 2


def _xref_json(version_dir) -> str:
    from redline.records import XREF_COLUMNS, render, xref_rows
    from redline.refs import read_references

    found = read_references([version_dir])
    uids = read.read_version([version_dir]).by_uid()
    assert found and all(res.ref.source_uid in uids for res in found)
    return render(xref_rows(found), "json", XREF_COLUMNS)


def test_a_second_run_skips_finding_references_and_gives_the_same_list(version_dir, monkeypatch):
    import redline.refs as refs

    first = _xref_json(version_dir)
    monkeypatch.setattr(refs, "references", lambda version: pytest.fail("found references again"))
    monkeypatch.setattr(read, "_parse", refuse_to_parse)
    assert _xref_json(version_dir) == first


def test_a_second_run_skips_the_analysis_and_its_graph_answers_the_same(version_dir, monkeypatch):
    import redline.graph as graph

    version, resolutions, terms, uses, clause_graph = graph.read_analysis([version_dir])
    impact = clause_graph.impact_of_clause("D1.3")
    monkeypatch.setattr(graph, "analyse", lambda version: pytest.fail("analysed again"))
    monkeypatch.setattr(read, "_parse", refuse_to_parse)
    again = graph.read_analysis([version_dir])
    assert signature(again[0]) == signature(version)
    assert [r.ref.text for r in again[1]] == [r.ref.text for r in resolutions]
    assert [t.term for t in again[2]] == [t.term for t in terms] and len(again[3]) == len(uses)
    assert again[4].impact_of_clause("D1.3") == impact
    # every reference names a unit of the version it came with
    uids = again[0].by_uid()
    assert all(r.ref.source_uid in uids for r in again[1])


def test_changed_analysis_code_misses_the_cache(version_dir, tmp_path, monkeypatch):
    import redline.graph as graph

    source = tmp_path / "finder.py"
    source.write_text("# one version of the finder\n", encoding="utf-8")
    monkeypatch.setattr(graph, "SOURCES", (source,))
    graph.read_analysis([version_dir])
    source.write_text("# another version of the finder\n", encoding="utf-8")
    calls = []
    original = graph.analyse
    monkeypatch.setattr(graph, "analyse", lambda version: calls.append(1) or original(version))
    graph.read_analysis([version_dir])
    assert calls == [1]


def test_a_changed_file_misses_the_analysis_too(version_dir):
    import redline.graph as graph

    graph.read_analysis([version_dir])
    section = version_dir / "section-M.txt"
    section.write_text(section.read_text(encoding="utf-8").replace("Section M5.2 applies", "Section M5.3 applies"),
                       encoding="utf-8")
    _, resolutions, *_ = graph.read_analysis([version_dir])
    assert any(r.ref.text == "Section M5.3" for r in resolutions)


def test_the_script_entry_exits_cheaply_with_the_same_output_and_code(tmp_path):
    import subprocess
    import sys

    from click.testing import CliRunner
    from conftest import BASE_DIR

    from redline.cli import main

    env = {"PYTHONPATH": str(BASE_DIR.parents[1]), "REDLINE_CACHE": "off", "PATH": "/usr/bin:/bin"}
    script = [sys.executable, "-c", "from redline.cli import run; run()"]
    done = subprocess.run([*script, "xrefs", str(BASE_DIR), "--format", "csv"], capture_output=True, text=True,
                          env=env, check=False)
    assert done.returncode == 0
    assert done.stdout == CliRunner().invoke(main, ["xrefs", str(BASE_DIR), "--format", "csv"]).output
    bad = subprocess.run([*script, "xrefs", str(tmp_path / "missing")], capture_output=True, text=True, env=env,
                         check=False)
    assert bad.returncode == 2 and "no such file" in bad.stderr and not bad.stdout
    found = subprocess.run([*script, "check", str(BASE_DIR)], capture_output=True, text=True, env=env, check=False)
    assert found.returncode == 1 and found.stdout.startswith("[")


def test_passes_freeze_what_they_leave_only_once_asked(monkeypatch):
    import gc

    import redline.support.gc as support_gc

    monkeypatch.setattr(support_gc, "_FREEZE", [False])
    before = gc.get_freeze_count()
    with support_gc.paused_gc():
        kept = [[] for _ in range(1000)]
    assert gc.get_freeze_count() == before
    support_gc.freeze_passes()
    try:
        with support_gc.paused_gc():
            kept.append([[] for _ in range(1000)])
        assert gc.get_freeze_count() >= before + 2000  # what the passes left alive is out of the collector's reach
    finally:
        gc.unfreeze()
    assert kept


def test_the_references_entry_keeps_the_reading_report_not_the_tree(version_dir, tmp_path, monkeypatch):
    """`xrefs` loads only what it prints: the references, and the reading report it warns with
    (the same warnings from the cache as from a fresh read)."""
    import pickle

    from redline.models import ReadReport, Version
    from redline.refs import read_references

    section = version_dir / "section-C.txt"
    section.write_text(section.read_text(encoding="utf-8").replace("\n(f) ", "\n@ ", 1), encoding="utf-8")  # OCR
    reports: list[ReadReport] = []
    monkeypatch.setattr(read, "on_read", lambda report, files: reports.append(report))
    first = read_references([version_dir])
    (entry,) = (tmp_path / "cache").glob("*.pickle")
    head, kept = pickle.loads(entry.read_bytes())
    assert isinstance(head, ReadReport) and not any(isinstance(x, Version) for x in (head, *kept))
    monkeypatch.setattr(read, "_parse", refuse_to_parse)
    assert read_references([version_dir]) == first
    assert len(reports) == 2 and reports[0].repairs and reports[1] == reports[0]


def test_python_m_redline_is_the_redline_script() -> None:
    import subprocess
    import sys

    from conftest import ROOT

    done = subprocess.run([sys.executable, "-m", "redline", "--help"], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    assert done.returncode == 0 and "Usage: python -m redline" in done.stdout and "apply" in done.stdout
    module = subprocess.run([sys.executable, "-m", "redline.cli", "--version"], capture_output=True, text=True,
                            cwd=ROOT, check=False)
    assert module.returncode == 0 and module.stdout.strip()


def test_the_key_holds_the_source_of_every_reader_module_the_packages_too():
    """A change to any module of the readers, one in a package below them (the PDF and .docx
    readers') as well, misses the cache."""
    from redline.read import cache, docx, pdf
    from redline.read.docx import body
    from redline.read.pdf import paragraphs

    modules = {Path(module.__file__).resolve() for module in (read, cache, pdf, paragraphs, docx, body)}
    assert modules <= {path.resolve() for path in cache._READER_SOURCES}
