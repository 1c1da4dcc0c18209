"""``redline emit``."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from emit_samples import AMENDED, BASE, parts

from redline.cli import main


def test_emit_writes_three_files(tmp_path: Path) -> None:
    (tmp_path / "base.txt").write_text(BASE, encoding="utf-8")
    (tmp_path / "amended.txt").write_text(AMENDED, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["emit", str(tmp_path / "base.txt"), str(tmp_path / "amended.txt"),
                                       "--out", str(out), "--author", "A. Person", "--date", "2018-10-05"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [".redline-output", "legal-text.docx", "redline.docx",
                                                        "redline.html"]
    assert b'w:author="A. Person" w:date="2018-10-05T00:00:00Z"' in parts(out / "redline.docx")["word/document.xml"]


def test_emit_fails_cleanly(tmp_path: Path) -> None:
    (tmp_path / "base.txt").write_text(BASE, encoding="utf-8")
    result = CliRunner().invoke(main, ["emit", str(tmp_path / "base.txt"), str(tmp_path / "missing.txt"),
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "missing.txt" in result.output
    result = CliRunner().invoke(main, ["emit", str(tmp_path / "base.txt"), str(tmp_path / "base.txt"),
                                       "--out", str(tmp_path / "out"), "--date", "yesterday"])
    assert result.exit_code == 2 and "yesterday" in result.output
