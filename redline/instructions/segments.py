"""Cut a document's lines into instruction segments: an instruction line and the text quoted under it.

Section and Appendix headers ("Section C ‘Governance’", "Appendix AG ‘…’") set the context in
which an instruction's numbers are read ("Amend Section 3.2.4" under Appendix AG) and end the
segment before them; drafting notes are set aside; text before the first instruction is preamble.
A line worded as an instruction that none of the forms read ("Move Section D1.4 to …") ends the
segment before it too, and is reported with the text under it: it is never quoted text of the
instruction above, nor dropped unsaid.
"""

from __future__ import annotations

from redline.instructions.headings import MAX_WRAP, NOTE, match_heading, reads_as_instruction, starts_heading
from redline.instructions.model import Balloon, Issue, Line, Segment, span_of
from redline.read import patterns as pat


def _section(text: str) -> tuple[str, bool] | None:
    if m := pat.SECTION_HEADER.match(text):
        return m["code"].upper(), False
    if (m := pat.APPENDIX_HEADER.match(text)) and (m["title"] or len(text.split()) <= 3):  # "Appendix AG" alone too
        return m["code"].upper(), True
    return None


def split_segments(lines: list[Line], balloons: list[Balloon]) -> tuple[list[Segment], list[Issue]]:
    """The instruction segments of a document, in order (balloons go to the segment they sit in),
    and each instruction line that is not read."""
    segments: list[Segment] = []
    unread: list[tuple[Line, list[Line]]] = []  # each unread instruction line and the lines under it
    under: list[Line] | None = None  # where the lines under the last unread instruction go
    current: Segment | None = None
    section, appendix = "", False
    in_note = False
    loose: list[tuple[bool, list[Line]]] = []  # runs of lines under no instruction; after a header or one?
    withdrawn: list[Line] = []  # an instruction struck out whole, and the lines struck with it
    notes: list[Issue] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        text = pat.normalise_space(line.text)
        if line.struck and (withdrawn or reads_as_instruction(line.before) or match_heading(line.before)):
            if not withdrawn:
                notes.append(Issue("note", line.where, f"instruction struck out whole (withdrawn), with the lines "
                                   f"struck after it: not read: {pat.normalise_space(line.before)[:60]!r}"))
                current = under = None
            withdrawn.append(line)
            index += 1
            continue
        withdrawn = []
        if in_note and current is not None and line.index == current.notes[-1].index + 1 \
                and not starts_heading(text) and not line.tracked:
            current.notes.append(line)
            index += 1
            continue
        in_note = False
        heading, used = match_heading(text), 1
        while heading is None and starts_heading(text) and used <= MAX_WRAP and index + used < len(lines):
            text = f"{text} {pat.normalise_space(lines[index + used].text)}"
            heading, used = match_heading(text), used + 1
        if heading is not None:
            under = None
            if heading.kind == "external" and heading.section:
                section, appendix = heading.section, False
            current = Segment(heading, line.where, section, appendix)
            segments.append(current)
            index += used
            continue
        if (found := _section(text)) is not None:
            section, appendix = found
            current = under = None
            # a title wrapped over lines ("Section L ‘Smart Metering … and DCC Key" + "Infrastructure’")
            while text.count("‘") > text.count("’") and used <= MAX_WRAP and index + used < len(lines):
                text = f"{text} {pat.normalise_space(lines[index + used].text)}"
                used += 1
            index += used
            continue
        elif reads_as_instruction(line.text) and not line.tracked:
            under = []
            unread.append((line, under))
            current = None
        elif current is not None and NOTE.match(text):
            current.notes.append(line)
            in_note = True
        elif current is not None:
            current.lines.append(line)
        elif under is not None:
            under.append(line)
        elif text:
            if not loose or loose[-1][1][-1] is not lines[index - 1]:
                loose.append((bool(segments or unread or section), []))
            loose[-1][1].append(line)
        index += 1
    for balloon in balloons:
        holder = next((s for s in reversed(segments) if s.lines and s.lines[0].index <= balloon.index), None)
        if holder is not None and balloon.index <= holder.lines[-1].index + 3:
            holder.balloons.append(balloon)
    return segments, [_unread(line, below) for line, below in unread] + [
        _loose(run, after_one) for after_one, run in loose] + notes


def _loose(run: list[Line], after_one: bool) -> Issue:
    """The issue for lines under no instruction: before the first instruction and Section header,
    the document's title and preamble (a note); after one, words no instruction reads."""
    if not after_one:
        return Issue("note", run[0].where, f"{len(run)} line(s) before the first instruction ({span_of(run)}) "
                                           "read as the document's title and preamble, not as legal text")
    return Issue("unresolved", run[0].where, f"{len(run)} line(s) under no instruction ({span_of(run)}) are not "
                 "read; write them into the rules by hand", text="\n".join(line.text for line in run))


def _unread(line: Line, below: list[Line]) -> Issue:
    """The issue for an instruction line no form reads, naming the lines under it it leaves too."""
    rest = f" and the {len(below)} line(s) under it ({span_of(below)})" if below else ""
    return Issue("unresolved", line.where, "instruction not read (worded as none of the forms redline reads): "
                 f"{pat.normalise_space(line.text)!r}; write it{rest} into the rules by hand",
                 text="\n".join(below_line.text for below_line in below))
