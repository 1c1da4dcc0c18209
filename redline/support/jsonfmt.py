"""``json.dumps(data, indent=2, ensure_ascii=False)``, byte for byte, faster.

Python's json module falls back to its pure-Python encoder whenever ``indent`` is set (up to
3.12), a generator per container and per item.  Here strings go through the C string encoder
and containers are joined with the separators of their depth in a plain recursive function.
A list of records (dicts with the same str keys in the same order: every table redline
prints) is written a column at a time: a column's scalars, and the scalars of a column of flat
lists, go through the C encoder in one call, apart by a character json always escapes.
"""

from __future__ import annotations

import functools
import json
from json.encoder import encode_basestring
from typing import Any

_INDENT = "  "
#: Between values in :func:`_scalars`: a control character, which json writes escaped, so no
#: value as written holds it.
_APART = "\x00"
_CONTAINERS = (list, tuple, dict)


def _plain(value: Any) -> str:
    """A scalar json does not write as it is (a str or int subclass, a float, a non-str key)."""
    return json.dumps(value, ensure_ascii=False)


_SCALAR = {str: encode_basestring, int: int.__repr__, bool: lambda b: "true" if b else "false",
           type(None): lambda _: "null"}


@functools.lru_cache(maxsize=4096, typed=True)
def _key(key: Any) -> str:
    """An object's key and the separator after it, as json writes them (keys repeat: cached)."""
    if isinstance(key, str):
        return encode_basestring(key) + ": "
    if isinstance(key, bool | int | float) or key is None:
        return encode_basestring(_plain(key)) + ": "
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def dumps(data: Any) -> str:
    """``data`` as ``json.dumps(data, indent=2, ensure_ascii=False)`` writes it."""
    return _encode(data, 0)


def _encode(value: Any, depth: int) -> str:
    scalar = _SCALAR.get(value.__class__)
    if scalar is not None:
        return scalar(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "\n" + _INDENT * (depth + 1)
        items = [_key(k) + (encode_basestring(v) if v.__class__ is str else _encode(v, depth + 1))
                 for k, v in value.items()]
        return "{" + inner + ("," + inner).join(items) + "\n" + _INDENT * depth + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = "\n" + _INDENT * (depth + 1)
        items = _records(value, depth + 1)
        if items is None:
            items = [encode_basestring(v) if v.__class__ is str else _encode(v, depth + 1) for v in value]
        return "[" + inner + ("," + inner).join(items) + "\n" + _INDENT * depth + "]"
    return _plain(value)


def _records(rows: list[Any] | tuple[Any, ...], depth: int) -> list[str] | None:
    """Each of ``rows`` written at ``depth`` when they are records (dicts with the same str keys
    in the same order), a column at a time; None when they are not."""
    first = rows[0]
    if not isinstance(first, dict) or not first or len(rows) < 2:
        return None
    keys = tuple(first)
    if not all(key.__class__ is str for key in keys) \
            or not all(isinstance(row, dict) and tuple(row) == keys for row in rows):
        return None
    columns = []
    for key in keys:
        prefix = _key(key)
        columns.append([prefix + text for text in _column([row[key] for row in rows], depth + 1)])
    inner = "\n" + _INDENT * (depth + 1)
    start, between, end = "{" + inner, "," + inner, "\n" + _INDENT * depth + "}"
    return [start + between.join(fields) + end for fields in zip(*columns, strict=True)]


def _column(values: list[Any], depth: int) -> list[str]:
    """Each of ``values`` written at ``depth``: scalars, or flat lists of scalars, through the C
    encoder at once; anything else one value at a time."""
    if not _holds_containers(values):
        return _scalars(values)
    flat = [x for v in values for x in v] if _all_lists(values) else None
    if flat is None or _holds_containers(flat):
        return [_encode(v, depth) for v in values]
    written_flat = _scalars(flat)
    inner = "\n" + _INDENT * (depth + 1)
    between, end = "," + inner, "\n" + _INDENT * depth + "]"
    written, at = [], 0
    for v in values:
        written.append("[" + inner + between.join(written_flat[at:at + len(v)]) + end if v else "[]")
        at += len(v)
    return written


def _holds_containers(values: list[Any]) -> bool:
    """Whether any of ``values`` is a list, tuple or dict (asked of their types, once each)."""
    return any(issubclass(kind, _CONTAINERS) for kind in set(map(type, values)))


def _all_lists(values: list[Any]) -> bool:
    """Whether every one of ``values`` is a list or tuple."""
    return all(issubclass(kind, list | tuple) for kind in set(map(type, values)))


def _scalars(values: list[Any]) -> list[str]:
    """Each scalar as json writes it, all in one call of the C encoder."""
    if not values:
        return []
    return json.dumps(values, ensure_ascii=False, separators=(_APART, ": "))[1:-1].split(_APART)
