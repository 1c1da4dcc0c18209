"""Helpers that keep whole-version passes fast."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Whether a pass's objects are frozen when it ends (:func:`freeze_passes`).
_FREEZE = [False]


def freeze_passes() -> None:
    """From now on, move everything a whole-version pass leaves alive out of the collector's reach.

    With the collector paused, a pass leaves millions of objects in the youngest generation, and
    the first collection after it walks them all (half a second after loading a full-size
    analysis from the cache).  Frozen, they are never walked again; they are still freed when
    nothing refers to them, but a cycle among them is not.  So only a process that ends after
    its command (the ``redline`` script) turns this on, never a library caller or the tests.
    """
    _FREEZE[0] = True


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
            if _FREEZE[0]:
                gc.freeze()
            gc.enable()
