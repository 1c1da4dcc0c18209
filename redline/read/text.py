"""Plain text as copied out of the SEC (or extracted from a PDF): lines to blocks.

Drops page furniture, keeps margin balloons apart as comments, cuts footer text that
extraction ran into a body line, and repairs the number slips seen in seed 000 — each of these
recorded in the report, never silent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from redline.models import Comment, Finding, Position, ReadReport, RedlineError, Repair
from redline.read import patterns as pat
from redline.read.structure import Block
from redline.support.gc import paused_gc

#: Short lines of extraction debris: one or two characters that are not a word or label.
_DEBRIS_MAX = 3
#: A short line that is a word, not debris: "in", "DCC", "to;" (a wrapped line's last word).
_SHORT_WORD = re.compile(r"^[A-Za-z]{1,3}[.,;:]?$")
#: What a line must end with for ``pat.BALLOON_TAIL`` to match: checked first, as that regex
#: (like ``pat.FOOTER_TAIL``) backtracks over every long line.
_BALLOON_ENDS = ("Deleted:", "Delete", "Dele", "De", "@")


#: The copy-out repairs of a line: regex, cues (text any match contains one of, checked first),
#: replacement, reason.
_REPAIRS: tuple[tuple[re.Pattern[str], tuple[str, ...], str | Callable[[re.Match[str]], str], str], ...] = (
    (pat.LETTER_L_FOR_ONE, ("l.",), r"\g<sec>1.\g<rest>", "letter l read for the digit 1"),
    (pat.CLAUSE_L_FOR_ONE, ("Section", "Clause"), pat.clause_ones, "letter l read for the digit 1"),
    (pat.LINE_CLAUSE_L_FOR_ONE, ("l",), pat.clause_ones, "letter l read for the digit 1"),
    (pat.SECTION_SLIP, ("ect", "ion"), r"Section\g<s>", "letter slip in 'Section' before an id"),
    (pat.STRAY_DIGIT, ("SMKI1",), r"\g<word>", "stray digit after a word"),
)


def may_have_footer(line: str) -> bool:
    """False when ``pat.FOOTER_TAIL`` cannot match: it needs a final "Draft", "brat" or "Text"."""
    return line.endswith(("Draft", "brat", "Text"))


def read_text_file(path: Path, report: ReadReport) -> Iterator[Block]:
    """Blocks of a UTF-8 (or cp1252) text file, one per non-empty line after cleaning."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RedlineError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    content = decode_text(raw, path, report)
    with paused_gc():  # a file's blocks in one go: they outlive the reading, as the tree does
        blocks = list(text_blocks(content.splitlines(), str(path), report))
    yield from blocks


def _line_of(raw: bytes, offset: int) -> int:
    """The 1-based line holding byte ``offset``."""
    return raw.count(b"\n", 0, offset) + 1


def decode_text(raw: bytes, path: Path, report: ReadReport) -> str:
    """Decode a text file by the encoding policy: strict UTF-8 (a BOM is fine); a file with no
    UTF-8 multi-byte sequence at all is Windows-1252, read with a warning naming the first
    non-UTF-8 byte; a UTF-8 file with stray bytes, binary content and empty files are refused."""
    if (nul := raw.find(b"\0")) >= 0 or (m := pat.BINARY_BYTES.search(raw)):
        offset = nul if nul >= 0 else m.start()
        raise RedlineError(f"{path}:{_line_of(raw, offset)}: binary content (byte 0x{raw[offset]:02x}), "
                           "not a text file")
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        where = f"{path}:{_line_of(raw, exc.start)}"
        bad = f"byte 0x{raw[exc.start]:02x}"
        if pat.UTF8_MULTIBYTE.search(raw):
            raise RedlineError(f"{where}: not valid UTF-8 ({bad}) in a file that is otherwise UTF-8; "
                               "re-save it as UTF-8") from exc
        try:
            content = raw.decode("cp1252")
        except UnicodeDecodeError as exc1252:
            raise RedlineError(f"{where}: neither UTF-8 nor Windows-1252 ({bad})") from exc1252
        report.findings.append(Finding(Position(str(path), _line_of(raw, exc.start)), "encoding",
                                       f"not UTF-8 ({bad}); read as Windows-1252"))
    if not content.strip():
        raise RedlineError(f"{path}: no SEC units found in an empty file")
    return content


def text_blocks(lines: list[str], source: str, report: ReadReport,
                page: int | None = None, first_line: int = 1) -> Iterator[Block]:
    """Clean ``lines`` and yield a block per line that carries text."""
    in_balloon = False
    in_contents = False  # under a "Contents" heading or a dot-leader entry, until another line
    previous = ""  # the last line kept
    for offset, raw in enumerate(lines):
        pos = Position(source, first_line + offset, page)
        line = raw.replace("\u00a0", " ").strip()
        if not line:
            in_balloon = False
            continue
        if line.startswith("#"):  # a corpus metadata comment ("# Provenance: ...")
            in_balloon = False
            report.dropped.append((pos, line))
            continue
        start = pat.furniture_start(line)
        # a tab before a final number is a contents entry only in a table of contents: elsewhere it
        # is a table row copied as text ("Notice of withdrawal … D6.6⇥the Security Sub-Committee⇥10")
        entry = ("...." in line or "\t" in line) and pat.TOC_ENTRY.match(line) is not None
        if start:  # a footer run into the end of a line: the words before it are kept
            report.dropped.append((pos, line[start:].strip()))
            line = line[:start].rstrip()
        elif start == 0 or (entry and (in_contents or "...." in line)):
            report.dropped.append((pos, line))
            in_contents = entry or in_contents or pat.CONTENTS_HEADING.match(line) is not None
            continue
        in_contents = False
        if m := pat.BALLOON_LINE.fullmatch(line):
            report.comments.append(Comment(pos, line))
            in_balloon = line.startswith("Deleted:") and not m["text"]
            continue
        if in_balloon and len(line.split()) == 1 and line[0] not in "([":
            report.comments.append(Comment(pos, line))  # "Modificat": the balloon's text
            in_balloon = False
            continue
        in_balloon = False
        if len(line) <= _DEBRIS_MAX and not pat.LIST_LABEL.match(line) and not pat.ELISION.match(line) \
                and not pat.SLIP_LABEL.match(line) and not _SHORT_WORD.match(line) \
                and not _ends_wrapped(previous, line, pos, report):
            report.dropped.append((pos, line))
            continue
        line = _clean_line(line, pos, report)
        if line:
            previous = line
            yield Block(line, pos)


def _ends_wrapped(previous: str, line: str, pos: Position, report: ReadReport) -> bool:
    """Whether a short line is the end of the line before, wrapped: an id after a word citing one
    ("… in accordance with Section" + "L9;"), or a number after a word wanting one ("… within" + "28",
    warned of: it could be a page number)."""
    if pat.SHORT_ID.match(line):
        return pat.RUNS_ON.search(previous) is not None
    if pat.SHORT_NUMBER.match(line) and (pat.RUNS_ON.search(previous) or pat.WANTS_NUMBER.search(previous)):
        report.findings.append(Finding(pos, "continuation-guess", f"{line!r} read as words of the line before "
                                       f"(…{previous[-20:]!r}), not as a page number"))
        return True
    return False


def _clean_line(line: str, pos: Position, report: ReadReport) -> str:
    if may_have_footer(line) and (m := pat.FOOTER_TAIL.fullmatch(line)):
        report.repairs.append(Repair(pos, m["noise"].strip(), "",
                                     "page footer run into the line by extraction removed", changes_words=False))
        report.dropped.append((pos, m["noise"].strip()))
        line = m["keep"].rstrip()
    if line.endswith(_BALLOON_ENDS) and (m := pat.BALLOON_TAIL.fullmatch(line)):
        report.comments.append(Comment(pos, m["balloon"]))
        line = m["keep"]
    for regex, cues, template, reason in _REPAIRS:
        for cue in cues:  # a loop, not any(): this runs for every line of a version
            if cue in line:
                break
        else:
            continue
        fixed = regex.sub(template, line)
        if fixed != line:
            report.repairs.append(Repair(pos, line, fixed, reason))
            line = fixed
    return line
