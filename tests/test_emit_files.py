"""Atomic output and dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from redline.emit.meta import EmitMeta, iso_date
from redline.models import RedlineError
from redline.write import write_atomic


def test_write_atomic_replaces_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "out" / "redline.html"
    write_atomic(target, b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in target.parent.iterdir()] == ["redline.html"]


def test_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "redline.html"
    write_atomic(target, b"old")
    with pytest.raises(TypeError):
        write_atomic(target, object())  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["redline.html"]


def test_dates() -> None:
    assert iso_date("2018-10-05") == "2018-10-05T00:00:00Z"
    assert iso_date("2018-10-05T09:30") == "2018-10-05T09:30:00Z"
    assert EmitMeta(date="2018-10-05T09:30:15Z").date == "2018-10-05T09:30:15Z"
    assert EmitMeta().date.endswith("T00:00:00Z")  # today
    with pytest.raises(RedlineError):
        iso_date("5 October 2018")
