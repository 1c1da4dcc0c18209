"""``json.dumps(data, indent=2, ensure_ascii=False)``, byte for byte, faster.

Python's json module falls back to its pure-Python encoder whenever ``indent`` is set (up to
3.12), a generator per container and per item.  Here strings go through the C string encoder
and containers are joined with the separators of their depth in a plain recursive function.
"""

from __future__ import annotations

import functools
import json
from json.encoder import encode_basestring
from typing import Any

_INDENT = "  "


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
        items = [encode_basestring(v) if v.__class__ is str else _encode(v, depth + 1) for v in value]
        return "[" + inner + ("," + inner).join(items) + "\n" + _INDENT * depth + "]"
    return _plain(value)
