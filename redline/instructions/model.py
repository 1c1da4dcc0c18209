"""What the document readers hand over: instruction segments of quoted lines, and what comes out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from redline.instructions.headings import Heading

#: Revision state of a run of text: unchanged, inserted or deleted (plain text knows only EQUAL).
EQUAL, INSERT, DELETE = "equal", "insert", "delete"


@dataclass
class Line:
    """A line (plain text) or paragraph (.docx) of quoted legal text.

    ``runs`` are (state, text) pieces; a plain-text line is one EQUAL run.  ``noise_before``
    marks page furniture or garbage removed just before this line (a footer location);
    ``mark`` is the paragraph mark's own revision (a whole paragraph inserted or deleted);
    ``term`` the term cell of a definitions-table row, ``row`` that row's revision.
    """

    runs: list[tuple[str, str]]
    where: str
    index: int
    noise_before: bool = False
    mark: str = EQUAL
    term: list[tuple[str, str]] | None = None
    row: str = EQUAL

    @property
    def text(self) -> str:
        """The line as it reads after the revisions."""
        return "".join(t for state, t in self.runs if state != DELETE)

    @property
    def before(self) -> str:
        """The line as it read before the revisions."""
        return "".join(t for state, t in self.runs if state != INSERT)

    @property
    def tracked(self) -> bool:
        return any(state != EQUAL for state, _ in self.runs) or self.mark != EQUAL or self.row != EQUAL

    @property
    def struck(self) -> bool:
        """Deleted whole, its mark and every word: gone once the revisions are accepted."""
        return self.mark == DELETE and bool(self.runs) and all(state == DELETE for state, _ in self.runs)


def span_of(lines: list[Line]) -> str:
    """Where some lines are, as a citation: "l.4", or "l.4–l.9" for several."""
    return "" if not lines else lines[0].where if len(lines) == 1 else f"{lines[0].where}–{lines[-1].where}"


def mark_noise(lines: list[Line], noise: set[int]) -> None:
    """Set ``noise_before`` on each line that follows a removed line (index in ``noise``) since the line before."""
    previous = 0
    for line in lines:
        line.noise_before = any(previous <= n < line.index for n in noise)
        previous = line.index


@dataclass
class Balloon:
    """A right-margin "Deleted: …" balloon: evidence that words were deleted near ``index``."""

    text: str
    where: str
    index: int
    alone: bool  # on a line of its own rather than at the end of a text line


@dataclass
class Segment:
    """One instruction line and the quoted text under it, up to the next instruction or Section."""

    heading: Heading
    where: str
    section: str = ""  # the Section or Appendix code in force ("C", "AG")
    appendix: bool = False
    lines: list[Line] = field(default_factory=list)
    balloons: list[Balloon] = field(default_factory=list)
    notes: list[Line] = field(default_factory=list)  # drafting notes set aside


@dataclass
class Issue:
    """Something `redline instructions` could not do (``unresolved``) or decided and reports (``note``)."""

    severity: str
    where: str
    message: str
    unit: str = ""
    text: str = ""  # the drafted words it leaves to the drafter too, line by line


@dataclass
class Draft:
    """A document read as rules: the modification's metadata, instructions and issues."""

    meta: dict[str, Any]
    instructions: list[dict[str, Any]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)

    def note(self, where: str, message: str, unit: str = "") -> None:
        self.issues.append(Issue("note", where, message, unit))

    def unresolved(self, where: str, message: str, unit: str = "") -> None:
        self.issues.append(Issue("unresolved", where, message, unit))
