"""The command line for people: an example in every --help, empty tables with their header,
booleans as yes/no, and progress on stderr only when it is a terminal (and not --quiet)."""

from __future__ import annotations

import os
import pty
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BASE_DIR, ROOT

from redline.cli import main


@pytest.mark.parametrize("command", [None, *sorted(main.commands)])
def test_every_help_has_an_example(command: str | None) -> None:
    result = CliRunner().invoke(main, [command, "--help"] if command else ["--help"])
    assert result.exit_code == 0
    example = [line.strip() for line in result.output.split("Example:\n", 1)[1].splitlines() if line.strip()]
    assert example and all(line.startswith("redline ") for line in example)
    for line in example:  # each example is a valid command line of this program
        name, *args = shlex.split(line)[1:]
        main.commands[name].make_context(name, args)
        assert command in (None, name)


def test_an_unknown_unit_or_term_is_an_error() -> None:
    runner = CliRunner()
    for args, what in ((["--clause", "Z99"], "unknown clause 'Z99'"), (["--term", "Nonsense"], "unknown term")):
        result = runner.invoke(main, ["impact", str(BASE_DIR), *args])
        assert result.exit_code == 2 and what in result.output and result.output.count("\n") == 1


def test_empty_tables_print_their_header(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text("SECTION C: GOVERNANCE\nC1.1 Plain words.\n", encoding="utf-8")  # SEC-style, synthetic
    runner = CliRunner()
    assert runner.invoke(main, ["xrefs", str(path), "--format", "csv"]).output.splitlines() == [
        "source,text,targets,status,quoted_heading,document,kind,field,start,end,source_uid,target_uids"]
    assert runner.invoke(main, ["terms", str(path), "--format", "csv"]).output.splitlines() == [
        "term,defined_in,defined_by,defined_by_document,defined_in_clause,uses,used_in"]
    assert runner.invoke(main, ["impact", str(path), "--clause", "C1.1", "--format", "md"]).output.splitlines() == [
        "| unit | direct | reasons |", "|---|---|---|"]
    assert runner.invoke(main, ["xrefs", str(path)]).output.strip() == "[]"


def test_booleans_are_yes_or_no() -> None:
    result = CliRunner().invoke(main, ["impact", str(BASE_DIR), "--term", "Proposer", "--format", "md"])
    rows = result.output.splitlines()[2:]
    assert rows and all(row.split(" | ")[1] in ("yes", "no") for row in rows)
    assert "True" not in result.output and "False" not in result.output


def _stderr_on_a_terminal(*args: str, ok: tuple[int, ...] = (0,)) -> str:
    """Run the command line with stderr on a pseudo-terminal (stdout a pipe); what the terminal got."""
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "REDLINE_CACHE": "off"}
    proc = subprocess.Popen([sys.executable, "-c", "from redline.cli import main; main()", *args],
                            stdout=subprocess.PIPE, stderr=slave, env=env, cwd=ROOT)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.communicate(timeout=120)
    os.close(master)
    assert proc.returncode in ok
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_only_on_a_terminal_and_not_when_quiet(tmp_path: Path) -> None:
    shown = _stderr_on_a_terminal("apply", "rules/SECMP0049.toml", "--out", str(tmp_path / "a"))
    assert "reading sec-5.18" in shown and "applying" in shown and "writing redlines" in shown
    assert _stderr_on_a_terminal("--quiet", "apply", "rules/SECMP0049.toml", "--out", str(tmp_path / "b")).count(
        "reading") == 0
    assert "pages" in _stderr_on_a_terminal("site", "corpus/sec-5.18", "--out", str(tmp_path / "site"))
    assert "modifications" in _stderr_on_a_terminal("batch", "--base", "corpus/sec-5.18", "rules/SECMP0049.toml",
                                                    "--out", str(tmp_path / "batch"), "--jobs", "1", ok=(0, 1))
    piped = CliRunner().invoke(main, ["apply", str(ROOT / "rules" / "SECMP0049.toml"), "--out", str(tmp_path / "c")])
    assert piped.exit_code == 0 and "reading" not in piped.output and "applying" not in piped.output
