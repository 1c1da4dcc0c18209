"""`redline instructions`: read drafters' legal text (.txt, .docx with tracked changes, redlined .pdf) and write
the rules file.

``read_instructions(path, base)`` returns a :class:`Draft`: the modification's metadata, the
instructions the engine applies, and every issue (what was decided, what could not be done).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from redline.instructions.headings import BASELINE, MODIFICATION_ID
from redline.instructions.model import Balloon, Draft, Issue, Line
from redline.instructions.plan import Planner
from redline.instructions.segments import split_segments
from redline.models import ReadReport, RedlineError, Version

SUFFIXES = (".txt", ".text", ".docx", ".pdf")
#: The SEC version read as the base when no --base is given.
DEFAULT_BASELINE = "5.18"


def _document(path: Path) -> Path:
    """``path``, refused when there is no such file."""
    if not path.is_file():
        raise RedlineError(f"{path}: no such file")
    return path


def read_lines(path: Path) -> tuple[list[Line], list[Balloon], dict[str, str], list[Issue]]:
    """A document's lines (with revisions where the format has them), margin balloons, revision metadata,
    and what the reader decided or could not do."""
    suffix = _document(path).suffix.lower()
    if suffix == ".docx":
        from redline.instructions.from_docx import read_docx

        lines, revisions, issues = read_docx(path, ReadReport())
        return lines, [], revisions, issues
    if suffix == ".pdf":
        from redline.instructions.from_pdf import read_pdf

        lines, balloons, issues = read_pdf(path)
        return lines, balloons, {}, issues
    if suffix in SUFFIXES:
        from redline.instructions.from_text import read_text_lines

        report = ReadReport()
        lines, balloons = read_text_lines(path, report)
        return lines, balloons, {}, reading_notes(report)
    raise RedlineError(f"{path}: unknown format {suffix or '(no extension)'!r}; expected .txt, .docx or .pdf")


def reading_notes(report: ReadReport) -> list[Issue]:
    """What the text reader did that the rules do not show, as notes: each repair of a word
    ("Al.1" read as "A1.1"), each guess it warned of ("'28' read as words of the line before …"),
    and one note naming the lines (or line ends) it set aside as page furniture or extraction
    garbage, so that every line read is accounted for."""
    notes = [Issue("note", f"l.{r.position.line}", f"{r.original!r} read as {r.repaired!r} ({r.reason})")
             for r in report.repairs if r.changes_words]
    notes += [Issue("note", f"l.{f.position.line}", f.message) for f in report.findings]
    lines = sorted({pos.line for pos, _ in report.dropped if pos.line})
    if lines:
        spans = ", ".join(f"l.{a}" if a == b else f"l.{a}–l.{b}" for a, b in _runs(lines))
        notes.append(Issue("note", f"l.{lines[0]}", f"{len(lines)} line(s) or line ends set aside as page furniture "
                                                    f"or extraction garbage, not read as legal text: {spans}"))
    return notes


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Sorted numbers as runs of consecutive ones: [1, 2, 3, 7] → [(1, 3), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def document_meta(path: Path, lines: list[Line]) -> dict[str, str]:
    """The modification id (the SECMPnnnn named most, outside "introduced by …") and the baseline."""
    text = "\n".join(line.text for line in lines)
    mentioned = Counter(f"SECMP{int(m['n']):04d}" for m in MODIFICATION_ID.finditer(
        re.sub(r"introduced by SECMP\s?\d+", "", text)))
    found = mentioned.most_common(1)
    baseline = BASELINE.search(text)
    mod_id = found[0][0] if found else path.stem.upper()
    return {"id": mod_id, "title": f"{mod_id} as read from {path.name}",
            "baseline": baseline["version"] if baseline else "", "source": str(path)}


def read_instructions(path: str | Path, base: Version) -> Draft:
    """Read ``path`` and plan the rules that turn ``base`` into the version it drafts."""
    path = Path(path)
    lines, balloons, revisions, issues = read_lines(path)
    draft = Draft({**document_meta(path, lines), **revisions}, issues=issues)
    segments, unread = split_segments(lines, balloons)
    draft.issues.extend(unread)
    if not segments and unread:
        others = f" (and {len(unread) - 1} other line(s) like it)" if len(unread) > 1 else ""
        raise RedlineError(f"{path}: no instruction read; {unread[0].where}: {unread[0].message}{others}")
    if not segments:
        raise RedlineError(f"{path}: no instruction lines found (\"Amend Section … as follows:\" and the like)")
    Planner(base, draft).run(segments)
    return draft


def instructions_command(doc: str, base_dir: str | None, out_file: str | None) -> tuple[Draft, str]:
    """`redline instructions`: read the base (bundled SEC 5.18 by default), plan, write the rules."""
    from redline.amend.run import bundled_base
    from redline.instructions.to_rules import to_toml
    from redline.read import read_version
    from redline.write import write_file

    _document(Path(doc))  # before the base is read: a missing document is one line, not the base's warnings first
    base = read_version([base_dir or bundled_base(DEFAULT_BASELINE)])
    draft = read_instructions(doc, base)
    draft.meta["baseline"] = draft.meta["baseline"] or DEFAULT_BASELINE
    text = to_toml(draft, f"Rules read by `redline instructions` from {doc}, against {base.name}.")
    if out_file is not None:
        write_file(Path(out_file), text)
    return draft, text
