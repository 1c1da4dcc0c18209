"""Plain dataclasses for cross-references: what the finder saw, and what it resolved to."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from redline.models import UnitKind


class RefKind(StrEnum):
    """How a reference is written."""

    SECTION = "section"  # "Section D1.3", "Sections G7.18 to G7.22", "section 3.2" in an appendix
    THIS_SECTION = "this_section"  # "this Section", "this Section Z", "this Section L10.24"
    PARAGRAPH = "paragraph"  # "paragraph (c) above", "paragraphs (a) and (b)", "paragraph 3.2"
    APPENDIX = "appendix"  # "Appendix AG", "Appendices A and B", "Appendices AA to AC"
    SCHEDULE = "schedule"  # "Schedule 3", "Schedules 1 and 2" (the Code's own; another document's is external)
    THIS_APPENDIX = "this_appendix"
    THIS_CODE = "this_code"  # "this Code": no unit; left out of listings by default (:func:`without_code`)
    EXTERNAL = "external"  # "section 88 of the Energy Act 2008", "the DCC Licence", "other Energy Codes"


class Status(StrEnum):
    """What resolution found."""

    RESOLVED = "resolved"  # every target is in the version
    UNRESOLVED = "unresolved"  # some target is absent from the version
    EXTERNAL = "external"  # points outside the SEC; never resolved into it
    AMBIGUOUS = "ambiguous"  # a relative reference that fits more than one list level


@dataclass(frozen=True)
class RawTarget:
    """One target as written: "D1.3(a)", "(c)", "3.2", "Z"; ``last`` ends a range ("G7.22");
    ``each`` is the labels (or range of labels) written under every unit of the range ("paragraph
    (b) of Sections C4.2 to C4.4": "C4.2" to "C4.4", each "(b)")."""

    first: str
    last: str | None = None
    each: RawTarget | None = None


@dataclass
class CrossReference:
    """A reference found in one field ("text", "tail" or "heading") of one unit.

    ``start``/``end`` are character offsets into that field; ``text`` is the reference without
    the bracket after it.  ``bracket`` is that bracket's text and ``bracket_end`` where it ends;
    ``quoted_heading`` is the bracket when it is capitalised like a heading (the resolver decides,
    against the target's heading, whether it quotes one; an external document's is never
    checked).  ``heading_of`` is the unit a quoted heading names when that is not the target
    ("paragraph (b) of Section C4.2 (Panel Duties)": "C4.2"); ``document`` names the document of
    an external reference ("DCC Licence"); ``level`` the list level its word names, when it
    names one ("sub-paragraph (i) above": a sub-paragraph, never a paragraph (i)).
    """

    source_uid: str
    source_id: str
    field: str
    text: str
    start: int
    end: int
    kind: RefKind
    targets: list[RawTarget] = field(default_factory=list)
    quoted_heading: str | None = None
    bracket: str | None = None
    bracket_end: int = 0
    heading_of: str | None = None
    document: str | None = None
    level: UnitKind | None = None


@dataclass
class Resolution:
    """A reference with its targets: by uid (permanent) and by current id.

    ``target_ids`` lists every target id, present or not; ``target_uids`` only those found;
    ``missing`` the ids absent from the version.  ``quoted_heading`` is the bracket after the
    reference when it quotes a heading, ``heading_uid`` the unit whose heading it quotes.
    """

    ref: CrossReference
    status: Status
    target_ids: list[str] = field(default_factory=list)
    target_uids: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    quoted_heading: str | None = None
    heading_uid: str | None = None
