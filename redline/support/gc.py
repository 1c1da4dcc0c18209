"""Helpers that keep whole-version passes fast."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for a pass over a whole version.

    Such a pass allocates very many small objects (units, references, term uses, graph dicts)
    that live as long as the tree and form few cycles; left running, the collector walks the
    growing heap again and again while they are made.  Nesting is safe: only the outermost
    pause turns the collector back on, and only if it was on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
