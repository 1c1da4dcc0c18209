"""Write outputs atomically (a file, or a whole output folder), and a Version back out in the
bundled corpus's plain-text layout."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from redline.models import LIST_KINDS, VERSION_META, RedlineError, Unit, UnitKind, Version
from redline.support import jsonfmt

#: The file that marks a folder as a redline output, which a later run may replace whole.
OUTPUT_MARKER = ".redline-output"


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, path)  # a rename: readers see the old file or the new one, never half
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_all(outputs: Mapping[Path, bytes | str]) -> None:
    """Write a set of files, each atomically; call only once everything is computed."""
    for path, data in outputs.items():
        write_atomic(path, data)


def cannot_write(path: Path | str, exc: OSError) -> RedlineError:
    """The one-line error for a failed write of ``path`` (naming the file that failed, when another)."""
    where = f": {exc.filename}" if exc.filename and str(exc.filename) != str(path) else ""
    return RedlineError(f"{path}: cannot write ({exc.strerror or exc}{where})")


def _no_file_above(path: Path) -> None:
    """Refuse a path below an existing file ("notes.txt/out")."""
    blocker = next((p for p in path.absolute().parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise RedlineError(f"{path}: cannot write ({blocker} is a file, not a folder)")


def write_file(path: Path, data: bytes | str) -> None:
    """``write_atomic`` for a user-named file: a failure is one line naming the path."""
    if path.is_dir():
        raise RedlineError(f"{path}: is a folder, not a file")
    _no_file_above(path)
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise cannot_write(path, exc) from exc


def _check_replaceable(out: Path) -> None:
    """Refuse an ``out`` that is a file, or a non-empty folder redline did not write."""
    if out.exists() and not out.is_dir():
        raise RedlineError(f"{out}: exists and is not a folder")
    _no_file_above(out)
    if out.is_dir() and any(out.iterdir()) and not (out / OUTPUT_MARKER).is_file():
        raise RedlineError(f"{out}: not empty and not a previous redline output; choose another --out")


@contextlib.contextmanager
def staged_output(out: Path) -> Iterator[Path]:
    """A fresh folder beside ``out`` to build the outputs in; on success it replaces ``out`` whole.

    A previous redline output is renamed aside, the new folder renamed in, the old one removed:
    nothing of an earlier run survives beside the new files. On any failure the fresh folder is
    removed, ``out`` is left as it was, and an ``OSError`` becomes one line naming the path.
    """
    _check_replaceable(out)
    parent = out.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(dir=parent, prefix=f".{out.name}.new-"))
    except OSError as exc:
        raise cannot_write(out, exc) from exc
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(stage, 0o777 & ~umask)
        yield stage
        write_atomic(stage / OUTPUT_MARKER, "Written by redline; the next run with this --out replaces it whole.\n")
        _swap_in(stage, out)
    except OSError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        raise cannot_write(out, exc) from exc
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


def _swap_in(stage: Path, out: Path) -> None:
    """Rename ``stage`` to ``out``; a previous ``out`` is moved aside first and restored on failure."""
    if not out.exists():
        os.rename(stage, out)
        return
    old = Path(tempfile.mkdtemp(dir=stage.parent, prefix=f".{out.name}.old-"))
    os.rename(out, old)  # replaces the empty placeholder
    try:
        os.rename(stage, out)
    except OSError:
        os.rename(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def write_tree(out: Path, outputs: Mapping[Path, bytes | str]) -> list[Path]:
    """Write ``outputs`` (paths under ``out``) as the whole content of folder ``out``; their paths."""
    with staged_output(out) as stage:
        write_all({stage / path.relative_to(out): data for path, data in outputs.items()})
    return sorted(outputs)


def to_json(data: Any) -> str:
    """Stable, readable JSON (sorted keys are not used: field order is meaningful)."""
    return jsonfmt.dumps(data) + "\n"


# --- a Version as plain text -------------------------------------------------------------

def version_files(version: Version, provenance: str) -> dict[str, str]:
    """File name → text, one file per Section or Appendix, readable by the text reader."""
    files = {}
    header = "".join(f"# {line}\n" for line in provenance.splitlines())
    for top in version.root.children:
        prefix = "appendix" if top.kind is UnitKind.APPENDIX else "section"
        files[f"{prefix}-{top.label}.txt"] = header + _body(version, top) + "\n"
    return files


def _body(version: Version, unit: Unit) -> str:
    """The lines of ``unit`` and everything below it.  A frozen version keeps each unit's text,
    so a version derived from it writes again only the units it changed (a unit it shares is
    the origin's very unit, and so is its text)."""
    keeper = version
    while keeper.origin is not None and keeper.owned is not None and id(unit) not in keeper.owned:
        keeper = keeper.origin
    memo = keeper.memo.setdefault("lines", {}) if keeper.frozen else None
    if memo is not None and id(unit) in memo:
        return memo[id(unit)]
    if unit.holds_clause_level():  # its children may be shared: each one's text is kept
        lines = [*_own_lines(unit), *(_body(version, child) for child in unit.children)]
        if unit.tail:
            lines.append(unit.tail)
        text = "\n".join(line for line in lines if line)  # a Part with no heading and no units writes nothing
    else:
        text = "\n".join(_lines(unit))
    if memo is not None:
        memo[id(unit)] = text
    return text


def _own_lines(unit: Unit) -> Iterator[str]:
    """A unit's own lines: its header, heading or label line, before its children's."""
    if unit.kind is UnitKind.SECTION:
        yield f"SECTION {unit.label}: {unit.heading.upper()}".rstrip(": ") if unit.heading else f"SECTION {unit.label}"
    elif unit.kind is UnitKind.APPENDIX:
        yield f"APPENDIX {unit.label}: {unit.heading.upper()}" if unit.heading else f"APPENDIX {unit.label}"
    elif unit.kind is UnitKind.PART and unit.heading:
        yield f"{unit.label} {unit.heading.upper()}"
    if unit.kind in (UnitKind.SECTION, UnitKind.APPENDIX, UnitKind.PART):
        if unit.text:
            yield unit.text  # the preamble
    elif unit.kind is UnitKind.DEFINITION:
        yield f"{unit.label}\t{unit.text}"
    else:
        if unit.heading:
            yield unit.heading
        label = unit.label
        yield f"{label} {unit.text}".rstrip() if unit.kind in LIST_KINDS or unit.text else label


def _lines(unit: Unit) -> Iterator[str]:
    yield from _own_lines(unit)
    for child in unit.children:
        yield from _lines(child)
    if unit.tail:
        yield unit.tail


def version_outputs(version: Version, directory: Path, provenance: str) -> dict[Path, bytes | str]:
    """``version`` as the files of a version directory (text files and version.json), by path."""
    outputs: dict[Path, bytes | str] = {directory / name: text
                                        for name, text in version_files(version, provenance).items()}
    outputs[directory / VERSION_META] = to_json({"name": version.name, "applied": version.applied})
    return outputs


def write_version(version: Version, directory: Path, provenance: str) -> None:
    """Write ``version`` as a version directory (text files and version.json)."""
    write_all(version_outputs(version, directory, provenance))
