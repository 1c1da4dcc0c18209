"""Readers: plain text, .docx and .pdf, each producing the same clause tree.

``read_version(paths)`` is the one entry point: a file, several files, or a version directory
(one file per Section or Appendix, read in name order); ``read_derived`` reads one with
something derived from it (its references, its analysis), both cached together.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from redline.models import VERSION_META, ReadReport, RedlineError, Version
from redline.progress import progress
from redline.read.cache import cached
from redline.read.structure import Block, TreeBuilder
from redline.read.text import read_text_file
from redline.support.gc import paused_gc

Reader = Callable[[Path, ReadReport], Iterator[Block]]
T = TypeVar("T")

#: Files in a version directory that describe it rather than belong to it.
_NOT_TEXT = {"readme", "provenance", "version"}


def _read_docx(path: Path, report: ReadReport) -> Iterator[Block]:
    from redline.read.docx import read_docx_file  # python-docx loads only when needed

    return read_docx_file(path, report)


def _read_pdf(path: Path, report: ReadReport) -> Iterator[Block]:
    from redline.read.pdf import read_pdf_file  # pdfplumber loads only when needed

    return read_pdf_file(path, report)


def _readers() -> dict[str, Reader]:
    return {".txt": read_text_file, ".text": read_text_file,
            ".docx": _read_docx, ".pdf": _read_pdf}


def version_files(paths: Sequence[str | Path]) -> list[Path]:
    """Expand directories to their Section files; check every path exists and is known."""
    readers = _readers()
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir()
                           if p.is_file() and p.suffix.lower() in readers
                           and p.stem.lower() not in _NOT_TEXT)
            if not found:
                raise RedlineError(f"{path}: no .txt, .docx or .pdf files in this directory")
            files.extend(found)
        elif not path.exists():
            raise RedlineError(f"{path}: no such file or directory")
        elif path.suffix.lower() not in readers:
            raise RedlineError(f"{path}: unknown format {path.suffix or '(no extension)'!r}; "
                               "expected .txt, .docx or .pdf")
        else:
            files.append(path)
    return files


def read_version(paths: Sequence[str | Path], name: str | None = None) -> Version:
    """Read files or version directories into one Version."""
    return read_derived(paths, "", (), lambda version: version, name)


def read_derived(paths: Sequence[str | Path], what: str, sources: Sequence[Path],
                 derive: Callable[[Version], T], name: str | None = None) -> T:
    """``derive(version)`` of the version read from ``paths`` (its references, its analysis),
    kept in the cache as one entry named ``what``; ``sources`` is the code that derives it.
    ``derive`` returns the version itself or a tuple that starts with it, or with its reading
    report alone (an entry that does not keep the tree)."""
    files = version_files(paths)
    meta = version_meta(paths)
    name = name or str(meta.get("name") or "")
    if not name:
        first = Path(paths[0])
        name = first.name if first.is_dir() else first.stem
    applied = list(meta.get("applied", []))

    def compute() -> T:
        with paused_gc():
            version = _parse(files, name)
            version.applied = applied
            return derive(version)

    value = cached(files, name, compute, what, sources)
    report = head = value if isinstance(value, Version) else value[0]
    if isinstance(head, Version):
        head.applied = applied
        report = head.report
    if on_read is not None:
        on_read(report, tuple(files))
    return value


#: Called with the reading report of every version read and its files: the command line prints
#: it, so every command that reads a version warns as ``parse`` does.
on_read: Callable[[ReadReport, tuple[Path, ...]], None] | None = None


def _parse(files: list[Path], name: str) -> Version:
    """Feed every file's blocks, in order, to one tree builder."""
    readers = _readers()
    report = ReadReport()
    builder = TreeBuilder(name, report)
    for path in progress(files, f"reading {name}"):
        builder.target = None
        placed = builder.structures
        for block in readers[path.suffix.lower()](path, report):
            builder.feed(block)
        if builder.structures == placed:
            raise RedlineError(f"{path}: no SEC units found in this file (no Section or Appendix header, "
                               "clause, definition or paragraph)")
    return builder.finish()


def reread(path: Path) -> Version:
    """A file read afresh, neither cached nor reported (a check of a file just written)."""
    return _parse([path], path.stem)


def version_meta(paths: Sequence[str | Path]) -> dict[str, object]:
    """A version directory's ``version.json``: its name and the modifications it carries."""
    for raw in paths:
        meta = Path(raw) / VERSION_META
        if meta.is_file():
            try:
                data = json.loads(meta.read_text(encoding="utf-8"))
                if not isinstance(data, dict) or not isinstance(data.get("applied", []), list):
                    raise ValueError("expected an object with a list 'applied'")
                return data
            except ValueError as exc:
                raise RedlineError(f"{meta}: not valid version metadata ({exc})") from exc
    return {}
