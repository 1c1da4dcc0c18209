"""An on-disk cache of parsed versions, keyed by the content of their files and of the readers.

A second run on an unchanged version skips parsing. The key hashes every input file's name and
bytes and the source of the reading code, so a changed file (or a changed reader) misses the
cache. The cache is safe to delete at any time. ``REDLINE_CACHE`` names its directory (default
``~/.cache/redline``); ``REDLINE_CACHE=off`` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path

from redline.models import Version
from redline.write import write_atomic

_READER_SOURCES = sorted(Path(__file__).parent.glob("*.py")) + [Path(__file__).parents[1] / "models.py"]


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


def cached(files: list[Path], name: str, parse: Callable[[], Version]) -> Version:
    """The version from the cache when its key is there; otherwise parse it and keep it."""
    directory = cache_dir()
    if directory is None:
        return parse()
    entry = directory / f"{cache_key(files, name)}.pickle"
    try:
        with entry.open("rb") as handle:
            version = pickle.load(handle)
        if isinstance(version, Version):
            return version
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass  # missing or unreadable: parse again
    version = parse()
    with contextlib.suppress(OSError):  # a read-only home is no reason to fail: the cache is an optimisation
        write_atomic(entry, pickle.dumps(version, protocol=pickle.HIGHEST_PROTOCOL))
    return version
