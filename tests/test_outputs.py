"""Outputs a reviewer can trust: --out written as a whole, unwritable paths and bad values refused in one line."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BASE_DIR, RULES

from redline.cli import main
from redline.write import OUTPUT_MARKER

SECMP0022 = str(RULES / "SECMP0022.toml")
SECMP0049 = str(RULES / "SECMP0049.toml")


def apply(*args: str):
    return CliRunner().invoke(main, ["apply", *args])


def one_line_exit_2(result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    for fragment in fragments:
        assert fragment in result.output


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_reused_out_is_replaced_whole_never_merged(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert apply(SECMP0022, "--base", str(BASE_DIR), "--out", str(out)).exit_code == 0
    assert (out / "amended" / "section-L.txt").is_file() and (out / OUTPUT_MARKER).is_file()
    assert not (BASE_DIR / "section-Y.txt").exists()
    (out / "amended" / "section-Y.txt").write_text("SECTION Y: A STALE FILE\n", encoding="utf-8")
    result = apply(SECMP0049, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert not (out / "amended" / "section-Y.txt").exists()
    meta = json.loads((out / "amended" / "version.json").read_text(encoding="utf-8"))
    assert meta["applied"] == ["SECMP0049"]
    log = json.loads((out / "changes.json").read_text(encoding="utf-8"))
    assert [m["id"] for m in log["modifications"]] == ["SECMP0049"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging or old folder left behind


def test_a_folder_redline_did_not_write_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("my own notes", encoding="utf-8")
    one_line_exit_2(apply(SECMP0022, "--base", str(BASE_DIR), "--out", str(out)), str(out), "not a previous redline")
    assert snapshot(out) == {"notes.txt": b"my own notes"}


def test_an_empty_existing_folder_is_used(tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    assert apply(SECMP0022, "--base", str(BASE_DIR), "--out", str(out)).exit_code == 0
    assert (out / "changes.json").is_file()


@pytest.mark.parametrize("command", ["apply", "emit", "batch", "instructions"])
def test_an_out_that_is_a_file_or_under_one_is_one_line_and_exit_2(tmp_path: Path, command: str) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("keep me", encoding="utf-8")
    for out in (blocker, blocker / "below"):
        args = {
            "apply": ["apply", SECMP0022, "--base", str(BASE_DIR), "--out", str(out)],
            "emit": ["emit", str(BASE_DIR), str(BASE_DIR), "--out", str(out), "--date", "2018-10-05"],
            "batch": ["batch", "--base", str(BASE_DIR), SECMP0022, "--out", str(out), "--jobs", "1"],
            "instructions": ["instructions", str(RULES.parent / "corpus" / "seeds" / "secmp0049-draft-legal-text.txt"),
                             "-o", str(out / "rules.toml") if out != blocker else str(tmp_path)],
        }[command]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        error = [line for line in result.output.splitlines() if line.startswith("redline: error:")]
        assert len(error) == 1 and str(out if command != "instructions" or out != blocker else tmp_path) in error[0]
    assert blocker.read_text(encoding="utf-8") == "keep me"


def test_a_failed_write_leaves_the_previous_output_intact(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    assert apply(SECMP0022, "--base", str(BASE_DIR), "--out", str(out)).exit_code == 0
    before = snapshot(out)
    import redline.write

    real, calls = redline.write.write_atomic, []

    def failing(path: Path, data: bytes | str) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data)

    monkeypatch.setattr(redline.write, "write_atomic", failing)
    result = apply(SECMP0049, "--out", str(out))
    one_line_exit_2(result, "No space left on device", str(tmp_path))
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


@pytest.mark.parametrize("date", ["2024-02-30", "2018-13-01", "2018-10-05T25:00"])
def test_an_impossible_date_is_refused(tmp_path: Path, date: str) -> None:
    one_line_exit_2(apply(SECMP0022, "--base", str(BASE_DIR), "--out", str(tmp_path / "out"), "--date", date), date)
    assert not (tmp_path / "out").exists()


def test_a_real_date_is_accepted(tmp_path: Path) -> None:
    result = apply(SECMP0022, "--base", str(BASE_DIR), "--out", str(tmp_path / "out"), "--date", "2024-02-29")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("jobs", ["0", "-3"])
def test_jobs_below_one_is_refused(tmp_path: Path, jobs: str) -> None:
    result = CliRunner().invoke(main, ["batch", "--base", str(BASE_DIR), SECMP0022, "--out", str(tmp_path / "b"),
                                       "--jobs", jobs])
    one_line_exit_2(result, f"--jobs {jobs}")
    assert not (tmp_path / "b").exists()


HEAD = '[modification]\nid = "SECMP9999"\ntitle = "Synthetic test modification"\nbaseline = "5.18"\n'


def rules(tmp_path: Path, body: str, head: str = HEAD) -> str:
    path = tmp_path / "rules" / "SECMP9999.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(head + body, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("file", ["../../etc/passwd", "/etc/passwd", "sub/../../outside.txt"])
def test_a_redraft_file_outside_the_rules_folder_is_refused(tmp_path: Path, file: str) -> None:
    path = rules(tmp_path, f'[[instruction]]\nkind = "replace_section"\nsection = "C"\nfile = "{file}"\n')
    one_line_exit_2(apply(path, "--base", str(BASE_DIR), "--out", str(tmp_path / "out")), path,
                    "instruction 1", "outside the rules file's folder")


def test_a_redraft_file_inside_the_rules_folder_is_read(tmp_path: Path) -> None:
    path = rules(tmp_path, '[[instruction]]\nkind = "replace_section"\nsection = "L"\nfile = "redraft/section-L.txt"\n')
    (tmp_path / "rules" / "redraft").mkdir()
    text = (BASE_DIR / "section-L.txt").read_text(encoding="utf-8")
    assert "L1.12" in text
    (tmp_path / "rules" / "redraft" / "section-L.txt").write_text(text, encoding="utf-8")
    assert apply(path, "--base", str(BASE_DIR), "--out", str(tmp_path / "out")).exit_code == 0


def test_a_missing_redraft_file_is_refused_naming_the_rules_file(tmp_path: Path) -> None:
    path = rules(tmp_path, '[[instruction]]\nkind = "replace_section"\nsection = "L"\nfile = "redraft/section-L.txt"\n')
    one_line_exit_2(apply(path, "--base", str(BASE_DIR), "--out", str(tmp_path / "out")), path,
                    "instruction 1", "'redraft/section-L.txt' does not exist")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("body", "line"), [('[[instruction]]\nkind = "amend"\nunit = "C1.1\n', 7),
                                            ('[[instruction]]\nkind = "amend"\nunit = "C1.1"\ntext = "abc', 8)])
def test_invalid_toml_names_its_line_even_at_the_end(tmp_path: Path, body: str, line: int) -> None:
    path = rules(tmp_path, body)
    one_line_exit_2(apply(path, "--base", str(BASE_DIR), "--out", str(tmp_path / "out")), f"{path}:{line}:",
                    "not valid TOML")


def test_an_impossible_rules_date_is_refused(tmp_path: Path) -> None:
    path = rules(tmp_path, "", HEAD + 'date = "2018-02-30T00:00:00Z"\n')
    one_line_exit_2(apply(path, "--base", str(BASE_DIR), "--out", str(tmp_path / "out")), path, "2018-02-30")


AMEND_D = '[[instruction]]\nkind = "amend"\nunit = "C2.3(d)"\n'


@pytest.mark.parametrize(("body", "message"), [
    (AMEND_D + 'replace = [{find = "oversee", with = "supervise"}]\n' + AMEND_D + 'text = "a complete new text"\n',
     "instruction 2 (amend C2.3(d)): rewrites the whole text of C2.3(d), discarding the edit made by instruction 1"),
    (AMEND_D + 'replace = [{find = "oversee", with = "supervise"}]\ntext = "a complete new text"\n',
     "instruction 1 (amend C2.3(d)): rewrites the whole text of C2.3(d), discarding the edit made by its own"),
    ('[[instruction]]\nkind = "delete"\nunit = "C2.3(d)"\n' + AMEND_D + 'replace = [{find = "oversee", with = "x"}]\n',
     "instruction 2 (amend C2.3(d)): C2.3(d) was deleted by instruction 1"),
    ('[[instruction]]\nkind = "delete"\nunit = "C2.3"\n' + AMEND_D + 'replace = [{find = "oversee", with = "x"}]\n',
     "instruction 2 (amend C2.3(d)): C2.3(d) was deleted by instruction 1"),
])
def test_two_edits_of_one_unit_that_cannot_compose_stop_with_both_named(tmp_path: Path, body: str,
                                                                        message: str) -> None:
    path = rules(tmp_path, body)
    one_line_exit_2(apply(path, "--base", str(BASE_DIR), "--out", str(tmp_path / "out")), message)
    assert not (tmp_path / "out").exists()


def test_find_replace_after_an_edit_composes_on_the_amended_text(tmp_path: Path) -> None:
    body = (AMEND_D + 'replace = [{find = "oversee", with = "supervise"}]\n'
            + AMEND_D + 'replace = [{find = "co-ordinate the process", with = "run the process"}]\n')
    out = tmp_path / "out"
    assert apply(rules(tmp_path, body), "--base", str(BASE_DIR), "--out", str(out)).exit_code == 0
    text = (out / "amended" / "section-C.txt").read_text(encoding="utf-8")
    assert "supervise and run the process" in text
