"""What a redline contains and what it does not: built once per run, rendered at the top of every output.

A :class:`Summary` names the modification, its base version and the counts of changes, and lists
everything *not applied* (what the rules file leaves to a drafter, external redrafts, blocked
instructions and what they wait for, occurrences no context rule decided, units in-place mode
left to ``redline.docx``), each with its reason and where it comes from, and with the instruction
line a drafter writes for it, if any.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from redline.models import Affected


@dataclass(frozen=True)
class NotApplied:
    """One thing the outputs do not carry, and why."""

    kind: str  # "unresolved", "external redraft", "blocked", "undecided", "in place"
    unit: str  # the unit or Section it concerns
    reason: str
    source: str = ""  # the instruction ("SECMP0049#20") and where it was drafted (rules file, seed lines)
    drafter_line: str = ""  # as a drafter writes it in legal text ("" when there is none)

    @property
    def section(self) -> str:
        """The Section or Appendix label the unit belongs to ("D3.13" → "D", "AG:3.2" → "AG")."""
        head = self.unit.removeprefix("Appendix ").split(":", 1)[0]
        return "".join(itertools.takewhile(str.isalpha, head))

    def line(self) -> str:
        """"D3.13: blocked: … (SECMP0049#21, rules/SECMP0049.toml: …)"."""
        where = f" ({self.source})" if self.source else ""
        return f"{self.unit}: {self.kind}: {self.reason}{where}"

    def record(self) -> dict[str, str]:
        return {"kind": self.kind, "unit": self.unit, "reason": self.reason, "source": self.source,
                "drafter_line": self.drafter_line}


@dataclass(frozen=True)
class Summary:
    """The opening block of every output."""

    modification: str  # "SECMP0049 ‘Title’", or "" for two versions compared
    base: str
    amended: str
    counts: dict[str, int]
    not_applied: list[NotApplied] = field(default_factory=list)
    known: bool = True  # False when no instructions were applied (``redline emit``): nothing is known
    revisions: str = ""  # how the revisions are attributed, when that needs saying (several modifications)

    @classmethod
    def compared(cls, base: str, amended: str, heading: str, affected: list[Affected]) -> Summary:
        """Two versions compared, no instructions: only the counts are known."""
        direct = sum(1 for a in affected if a.direct)
        return cls(heading, base, amended, {"changed units": direct, "affected units": len(affected)}, known=False)

    def lines(self) -> list[str]:
        """The summary as lines of text, the same in every output."""
        return [*self.overview(), *(f"– {item.line()}" for item in self.not_applied)]

    def overview(self) -> list[str]:
        """The lines before the "Not applied" items."""
        lines = [f"Modification: {self.modification or '(not named)'}",
                 f"Base version: {self.base}; amended version: {self.amended}",
                 "Changes: " + ", ".join(f"{n} {what}" for what, n in self.counts.items())]
        if self.revisions:
            lines.append(f"Revisions: {self.revisions}")
        if not self.known:
            lines.append("Not applied: not known: two versions were compared, no instructions were applied")
        elif not self.not_applied:
            lines.append("Not applied: none; every instruction was applied")
        else:
            lines.append(f"Not applied ({len(self.not_applied)}):")
        return lines

    def record(self) -> dict[str, object]:
        return {"modification": self.modification, "base": self.base, "amended": self.amended,
                "counts": self.counts, "not_applied": [i.record() for i in self.not_applied]}

