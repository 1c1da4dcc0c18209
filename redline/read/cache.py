"""An on-disk cache of parsed versions, keyed by the content of their files and of the readers.

A second run on an unchanged version skips parsing, and (for the commands that ask) finding
references, terms and building the graph too. The key hashes every input file's path and
bytes and the source of the reading code, so a changed file (or a changed reader) misses the
cache. The cache is safe to delete at any time. ``REDLINE_CACHE`` names its directory (default
``~/.cache/redline``); ``REDLINE_CACHE=off`` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from redline.models import ReadReport, Version
from redline.support.gc import paused_gc
from redline.write import write_atomic

T = TypeVar("T")

_READER_SOURCES = sorted(Path(__file__).parent.rglob("*.py")) + [Path(__file__).parents[1] / "models.py"]


def cache_dir() -> Path | None:
    """Where parsed versions are kept, or None when caching is off."""
    setting = os.environ.get("REDLINE_CACHE", "")
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    return Path(setting) if setting else Path.home() / ".cache" / "redline"


def cache_key(files: list[Path], name: str) -> str:
    """A hash of the version's name, its files' paths (as given: positions name them) and bytes,
    and the readers' source."""
    digest = hashlib.sha256(name.encode())
    for path in files:
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    for path in _READER_SOURCES:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cached(files: list[Path], name: str, compute: Callable[[], T], what: str = "",
           sources: Sequence[Path] = ()) -> T:
    """``compute()`` from the cache when its key is there; otherwise compute it and keep it.

    Plain, the entry is the parsed Version.  ``what`` names something derived from it as well
    (its references, its whole analysis) and ``sources`` the code that derives it: the entry
    then holds the version (or only its reading report) and what was derived together, so the
    objects they share stay shared, and a change to that code misses it.  Entries load and are kept with the garbage
    collector paused (pickling walks millions of objects, unpickling makes them, neither leaves
    garbage).
    """
    directory = cache_dir()
    if directory is None:
        return compute()
    key = cache_key(files, name)
    if what:
        digest = hashlib.sha256(f"{key}\0{what}\0".encode())
        for path in sources:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        key = digest.hexdigest()
    entry = directory / f"{key}.pickle"
    try:
        with entry.open("rb") as handle, paused_gc():
            value = pickle.load(handle)
        head = value[0] if what and isinstance(value, tuple) and value else value
        if isinstance(head, Version | ReadReport):
            return value
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass  # missing or unreadable: compute again
    value = compute()
    with paused_gc():  # pickling walks millions of objects and leaves no garbage
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    with contextlib.suppress(OSError):  # a read-only home is no reason to fail: the cache is an optimisation
        write_atomic(entry, data)
    return value
