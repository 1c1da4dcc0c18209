"""Write outputs atomically, and a Version back out in the bundled corpus's plain-text layout."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from redline.models import LIST_KINDS, Unit, UnitKind, Version


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


def to_json(data: Any) -> str:
    """Stable, readable JSON (sorted keys are not used: field order is meaningful)."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --- a Version as plain text -------------------------------------------------------------

def version_files(version: Version, provenance: str) -> dict[str, str]:
    """File name → text, one file per Section or Appendix, readable by the text reader."""
    files = {}
    header = "".join(f"# {line}\n" for line in provenance.splitlines())
    for top in version.root.children:
        prefix = "appendix" if top.kind is UnitKind.APPENDIX else "section"
        files[f"{prefix}-{top.label}.txt"] = header + "\n".join(_lines(top)) + "\n"
    return files


def _lines(unit: Unit) -> Iterator[str]:
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
    for child in unit.children:
        yield from _lines(child)
    if unit.tail:
        yield unit.tail


def write_version(version: Version, directory: Path, provenance: str) -> None:
    """Write ``version`` as a version directory (text files and version.json)."""
    from redline.read import VERSION_META

    outputs: dict[Path, bytes | str] = {directory / name: text
                                        for name, text in version_files(version, provenance).items()}
    outputs[directory / VERSION_META] = to_json({"name": version.name, "applied": version.applied})
    write_all(outputs)
