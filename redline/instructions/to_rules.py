"""Write a Draft as a rules file: a small TOML serializer (tomllib only reads).

Instructions become ``[[instruction]]`` tables; what could not be done becomes
``[[unresolved]]`` tables (``load_rules`` ignores them) and every issue is also a comment.
"""

from __future__ import annotations

from typing import Any

from redline.instructions.model import Draft, Issue

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_META_ORDER = ("id", "title", "baseline", "status", "author", "date", "depends_on", "source")
_FIRST = ("kind", "unit", "term", "section", "from", "to")


def toml_value(value: Any) -> str:
    """One TOML value: string, bool, int, list or inline table."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        out = "".join(_ESCAPES.get(ch, ch if ch.isprintable() else f"\\u{ord(ch):04x}") for ch in value)
        return f'"{out}"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _key(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isalnum() else toml_value(key)


def _table(name: str, fields: dict[str, Any], order: tuple[str, ...]) -> list[str]:
    keys = [k for k in order if k in fields] + [k for k in fields if k not in order]
    lines = [f"[{name}]" if not name.startswith("[") else name]
    for key in keys:
        value = fields[key]
        if key == "replace" and isinstance(value, list) and len(value) > 1:
            lines.append("replace = [")
            lines.extend(f"  {toml_value(pair)}," for pair in value)
            lines.append("]")
        else:
            lines.append(f"{_key(key)} = {toml_value(value)}")
    return lines


def describe(issue: Issue) -> str:
    """One line for stderr and for a TOML comment."""
    unit = f" [{issue.unit}]" if issue.unit else ""
    return f"{issue.severity}: {issue.where}{unit}: {issue.message}"


def to_toml(draft: Draft, header: str) -> str:
    """The rules file text."""
    lines = [f"# {row}" for row in header.splitlines()]
    lines += ["# Review before use: every instruction cites its source; issues are listed below and as",
              "# [[unresolved]] tables at the end.", ""]
    lines += [f"# {describe(issue)}" for issue in draft.issues]
    lines += ["", *_table("modification", draft.meta, _META_ORDER)]
    for instruction in draft.instructions:
        lines += ["", *_table("[[instruction]]", instruction, _FIRST)]
    for issue in draft.issues:
        if issue.severity == "unresolved":
            fields = {"source": issue.where, "unit": issue.unit, "problem": issue.message, "text": issue.text}
            lines += ["", *_table("[[unresolved]]", {k: v for k, v in fields.items() if v}, ("source", "unit"))]
    return "\n".join(lines) + "\n"
