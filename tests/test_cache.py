"""The on-disk cache of parsed versions."""

from __future__ import annotations

import shutil

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
