"""Progress bars on stderr for the long steps (reading, apply, emit, site, batch), with click's
progress bar: shown only when stderr is a terminal, and never under ``--quiet``."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

import click

T = TypeVar("T")

_SETTINGS = {"quiet": False}


def set_quiet(quiet: bool) -> None:
    """Turn every progress bar off (``redline --quiet``) or back on."""
    _SETTINGS["quiet"] = quiet


def shown() -> bool:
    """Whether progress is printed: stderr is a terminal and ``--quiet`` was not given."""
    return not _SETTINGS["quiet"] and sys.stderr.isatty()


def progress(items: Iterable[T], label: str, length: int | None = None) -> Iterable[T]:
    """``items``, with a bar labelled ``label`` ticking once per item when :func:`shown`."""
    if not shown():
        return items
    return _ticking(items, label, length)


def _ticking(items: Iterable[T], label: str, length: int | None) -> Iterator[T]:
    if length is None and hasattr(items, "__len__"):
        length = len(items)  # type: ignore[arg-type]
    with click.progressbar(items, length=length, label=label, file=sys.stderr) as bar:
        yield from bar
