"""Read a modification's rules file (TOML, standard library) into a Modification.

Layout::

    [modification]
    id = "SECMP0049"            title = "…"          baseline = "5.18"
    path = 2                    self_governance = false
    status = "…"  approved = "…"  implementation_date = "…"
    author = "SECAS"            date = "2018-10-05T00:00:00Z"   depends_on = []

    [[instruction]]
    kind = "amend"              unit = "C2.3(d)"    source = "seed 000 l.156-166"
    replace = [{ find = "assessing Modification Proposals",
                 with = "assessing Draft Proposals and Modification Proposals" }]

    [[unresolved]]              # what `redline instructions` could not write as an instruction
    source = "l.12"  problem = "instruction not read …"  unit = "D1.4"  text = "…"

Every problem is reported with the file and the instruction number.  An ``[[unresolved]]`` item
is never applied: every output of the run lists it as not applied.
"""

from __future__ import annotations

import datetime
import tomllib
from pathlib import Path
from typing import Any

from redline.bundled import rules_file
from redline.models import Instruction, Modification, RedlineError, Unresolved

#: The parameters each instruction kind takes: (required, optional).
KINDS: dict[str, tuple[set[str], set[str]]] = {
    "amend": ({"unit"}, {"replace", "text", "field", "heading"}),
    "rename": ({"from", "to"}, {"scope", "rules", "definition", "to_plural"}),
    "add_definition": ({"term", "text"}, set()),
    "amend_definition": ({"term"}, {"replace", "text", "to"}),
    "delete_definition": ({"term"}, set()),
    "insert": ({"unit", "text"}, {"after", "before", "heading", "reletter"}),
    "delete": ({"unit"}, {"reletter"}),
    "renumber": ({"unit", "to"}, set()),
    "move": ({"unit", "to"}, {"after", "before"}),
    "replace_section": ({"section"}, {"file", "external", "note"}),
}
_COMMON = {"kind", "source", "requires", "reason"}
#: Parameters given as true or false; every other one but those below is text.
_FLAGS = {"reletter", "external", "definition"}
#: The fields an ``amend`` with ``field`` may give the whole new text of.
_TEXT_FIELDS = ("text", "tail", "heading")
#: The fields of an ``[[unresolved]]`` item: (required, optional); ``text`` quotes the drafted
#: words it leaves, for the drafter who writes the instruction, and is not kept.
_UNRESOLVED = ({"problem"}, {"source", "unit", "text"})
_META_FIELDS = {"id", "title", "baseline", "path", "self_governance", "status", "approved",
                "implementation_date", "author", "date", "depends_on", "source"}


def load_rules(path: str | Path) -> Modification:
    """Parse and validate a rules file; a bare modification id ("SECMP0049") names the bundled one."""
    path = Path(path)
    if not path.exists() and path.name == str(path) and not path.suffix and rules_file(path.name).is_file():
        path = rules_file(path.name)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RedlineError(f"{path}: no such rules file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise RedlineError(f"{path}: cannot read ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RedlineError(f"{path}:{_toml_line(path, exc)}: not valid TOML ({exc})") from exc
    meta = data.get("modification")
    if not isinstance(meta, dict):
        raise RedlineError(f"{path}: no [modification] table")
    for key in ("id", "title", "baseline"):
        if not meta.get(key):
            raise RedlineError(f"{path}: [modification] needs {key!r}")
    unknown = set(meta) - _META_FIELDS
    if unknown:
        raise RedlineError(f"{path}: [modification] has unknown field(s) {sorted(unknown)}")
    for key in ("date", "implementation_date", "approved"):
        _check_date(path, key, meta.get(key))
    modification = Modification(
        id=str(meta["id"]), title=str(meta["title"]), baseline=str(meta["baseline"]),
        file=str(path), path=meta.get("path"), self_governance=bool(meta.get("self_governance")),
        status=str(meta.get("status", "")), approved=str(meta.get("approved", "")),
        implementation_date=str(meta.get("implementation_date", "")),
        author=str(meta.get("author", "")), date=str(meta.get("date", "")),
        depends_on=_ids(f"{path}: [modification] depends_on", meta.get("depends_on", [])))
    for number, raw in enumerate(data.get("instruction", []), start=1):
        modification.instructions.append(_instruction(path, number, raw))
    for number, raw in enumerate(data.get("unresolved", []), start=1):
        modification.unresolved.append(_unresolved(path, number, raw))
    return modification


def _toml_line(path: Path, exc: tomllib.TOMLDecodeError) -> int:
    """The line a TOML error is on: tomllib names it, but says only "end of document" at the end."""
    number = str(exc).rpartition("(at line ")[2].partition(",")[0]
    if number.isdigit():
        return int(number)
    return path.read_text(encoding="utf-8").count("\n") + 1


def _unresolved(path: Path, number: int, raw: object) -> Unresolved:
    """One ``[[unresolved]]`` item: a table of strings with a ``problem``."""
    where = f"{path}: unresolved item {number}"
    required, optional = _UNRESOLVED
    if not isinstance(raw, dict):
        raise RedlineError(f"{where}: expected a table ([[unresolved]])")
    if missing := required - set(raw):
        raise RedlineError(f"{where}: missing {sorted(missing)}")
    if unknown := set(raw) - required - optional:
        raise RedlineError(f"{where}: unknown field(s) {sorted(unknown)}")
    if not_text := sorted(key for key, value in raw.items() if not isinstance(value, str)):
        raise RedlineError(f"{where}: {', '.join(not_text)} must be text")
    return Unresolved(source=raw.get("source", ""), problem=raw["problem"], unit=raw.get("unit", ""),
                      text=raw.get("text", ""))


def _check_date(path: Path, key: str, value: object) -> None:
    """A date field, when given as a date (YYYY-MM-DD…), must be a real one."""
    text = str(value or "")
    if not text[:4].isdigit():
        return  # free text such as "approved by the Panel" is kept as it is
    try:
        datetime.datetime.fromisoformat(text)
    except ValueError as exc:
        raise RedlineError(f"{path}: [modification] {key} {text!r} is not a real ISO date ({exc})") from exc


def _redraft_file(path: Path, where: str, name: object) -> None:
    """A redraft ``file`` must exist and lie in the rules file's folder (or below it)."""
    folder = path.absolute().parent.resolve()
    target = (folder / str(name)).resolve()
    if not target.is_relative_to(folder):
        raise RedlineError(f"{where} (replace_section): file {str(name)!r} is outside the rules file's folder {folder}")
    if not target.exists():
        raise RedlineError(f"{where} (replace_section): file {str(name)!r} does not exist in {folder}")


def _instruction(path: Path, number: int, raw: dict[str, Any]) -> Instruction:
    where = f"{path}: instruction {number}"
    kind = raw.get("kind")
    if kind not in KINDS:
        raise RedlineError(f"{where}: unknown kind {kind!r}; expected one of {sorted(KINDS)}")
    required, optional = KINDS[kind]
    missing = required - set(raw)
    if missing:
        raise RedlineError(f"{where} ({kind}): missing {sorted(missing)}")
    unknown = set(raw) - required - optional - _COMMON
    if unknown:
        raise RedlineError(f"{where} ({kind}): unknown field(s) {sorted(unknown)}")
    params = {k: v for k, v in raw.items() if k not in _COMMON}
    _check_types(f"{where} ({kind})", params)
    if kind in ("amend", "amend_definition") and not ({"replace", "text", "heading", "to"} & set(params)):
        raise RedlineError(f"{where} ({kind}): needs 'replace' pairs or the complete new 'text'")
    if kind in ("insert", "add_definition") and not str(params.get("text", "")).strip():
        raise RedlineError(f"{where} ({kind}): text is empty: a new unit needs its words")
    if kind == "insert" and {"after", "before"} <= set(params):
        raise RedlineError(f"{where} ({kind}): give 'after' or 'before', not both (the other is not checked)")
    if kind == "replace_section" and params.get("file"):
        _redraft_file(path, where, params["file"])
    if kind == "move" and len({"after", "before"} & set(params)) != 1:
        raise RedlineError(f"{where} ({kind}): needs 'after' or 'before' (one of them), the sibling it moves beside")
    return Instruction(index=number, kind=kind, params=params, source=str(raw.get("source", "")),
                       requires=_ids(f"{where} ({kind}): requires", raw.get("requires", [])))


def _ids(where: str, value: object) -> list[str]:
    """A list of modification ids ("requires", "depends_on"); a bare string is refused (it was
    read as one id per character)."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RedlineError(f"{where}: expected a list of modification ids, such as [\"SECMP0034\"], not {value!r}")
    return list(value)


def _check_types(where: str, params: dict[str, Any]) -> None:
    """Each parameter of the type it is read as: text, true/false, a scope, replace pairs."""
    for key, value in params.items():
        if key in _FLAGS:
            ok, wanted = isinstance(value, bool), "true or false"
        elif key == "scope":
            ok = isinstance(value, str) or isinstance(value, list) and all(isinstance(v, str) for v in value)
            wanted = "a unit id or a list of them"
        elif key in ("replace", "rules"):
            ok = isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)
            wanted = "a non-empty list of tables"
        else:
            ok, wanted = isinstance(value, str), "text"
        if not ok:
            raise RedlineError(f"{where}: {key} must be {wanted}, not {value!r}")
    if params.get("field", "text") not in _TEXT_FIELDS:
        raise RedlineError(f"{where}: field must be one of {', '.join(_TEXT_FIELDS)}, not {params['field']!r}")
    for pair in params.get("replace", []):
        if "find" not in pair or "with" not in pair:
            raise RedlineError(f"{where}: each replace entry needs 'find' and 'with'")
        if unknown := set(pair) - {"find", "with", "count"}:
            raise RedlineError(f"{where}: replace entry has unknown field(s) {sorted(unknown)}")
        if not isinstance(pair["find"], str) or not pair["find"] or not isinstance(pair["with"], str):
            raise RedlineError(f"{where}: replace find must be non-empty text and with text, not "
                               f"{pair['find']!r} / {pair['with']!r}")
        count = pair.get("count", 1)
        if count != "all" and (isinstance(count, bool) or not isinstance(count, int) or count < 1):
            raise RedlineError(f"{where}: replace count must be a whole number from 1, or \"all\", not {count!r}")
