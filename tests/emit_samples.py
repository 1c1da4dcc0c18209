"""A small base/amended pair for the emitter tests, and checks on produced .docx files.

The pair is synthetic test data in the SEC's layout, written for these tests: not SEC text.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

from redline.models import Version
from redline.read import read_version

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

BASE = """\
SECTION A: DEFINITIONS AND INTERPRETATION
A1 DEFINITIONS
A1.1
Alternative Solution\thas the meaning given to that expression in Section D6.13 (Alternative Solutions).
Modification Proposal\thas the meaning given to that expression in Section D1.2 (Modifications).
Old Term\tmeans a term that this modification removes.
Working Day\tmeans any day other than a Saturday or a Sunday.
SECTION C: GOVERNANCE
C2 THE PANEL
Duties and Powers
C2.3 Without prejudice to its other duties, the Panel shall:
(a) make determinations as set out in this Code;
(b) oversee and co-ordinate the process for assessing Modification Proposals;
(c) establish a process by which the following matters are dealt with:
(i) identification of each Modification Proposal that may affect the Code; and
(ii) identification of each affected party;
and the Code Administrator shall comply with such process.
(d) do anything else that is necessary.
C2.4 The Panel shall not delegate the functions set out in Section C2.3.
C2.5 The Panel may consult <script>alert("x")</script> & others.
C2.6 The Panel shall publish its decisions.
C3 PANEL MEMBERS
C3.1 The Panel shall comprise the members appointed under this Section C3.
C3.2 A member may resign.
"""

AMENDED = """\
SECTION A: DEFINITIONS AND INTERPRETATION
A1 DEFINITIONS
A1.1
Alternative Solution\thas the meaning given to that expression in Section D6.16 (Alternative Solutions).
Draft Proposal\thas the meaning given to that expression in Section D1.2 (Modifications).
Modification Proposal\tis the term applied to a Draft Proposal once the Panel has agreed it should progress.
Working Day\tmeans any day other than a Saturday or a Sunday.
SECTION C: GOVERNANCE
C2 THE PANEL
Duties and Powers
C2.3 Without prejudice to its other duties, the Panel shall:
(a) make determinations as set out in this Code;
(b) oversee and co-ordinate the process for assessing Draft Proposals and Modification Proposals;
(c) establish a process by which the following matters are dealt with:
(i) identification of each Draft Proposal that may affect the Code; and
(ii) identification of each affected party;
and the Code Administrator shall comply with that process.
(d) do anything else that is necessary.
C2.4 The Panel shall meet monthly.
C2.5 The Panel shall not delegate the functions set out in Section C2.3.
C2.6 The Panel may consult <script>alert("x")</script> & others.
C2.7 The Panel shall publish its decisions.
C3 PANEL MEMBERS
C3.1 The Panel shall comprise the members appointed under this Section C3.
"""

#: Amended clauses renumbered after the new C2.4: their permanent uid is the old number.
RENUMBERED = {"C2.4": "new-C2.4", "C2.5": "C2.4", "C2.6": "C2.5", "C2.7": "C2.6"}

AUTHOR, DATE = "Jane Drafter", "2018-10-05T00:00:00Z"


def sample_pair(tmp_path: Path) -> tuple[Version, Version]:
    """The small base and amended versions, amended uids following the renumbering."""
    (tmp_path / "base.txt").write_text(BASE, encoding="utf-8")
    (tmp_path / "amended.txt").write_text(AMENDED, encoding="utf-8")
    base, amended = read_version([tmp_path / "base.txt"]), read_version([tmp_path / "amended.txt"])
    units = amended.index()
    for unit_id, uid in RENUMBERED.items():
        units[unit_id].uid = uid
    return base, amended


def lines(text: str) -> list[str]:
    """A text file's lines as paragraphs: whitespace normalised, definition rows split at the tab."""
    out = []
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        out.extend(" ".join(cell.split()) for cell in line.split("\t") if cell.strip())
    return out


def parts(docx: Path) -> dict[str, bytes]:
    """Every part of a .docx package."""
    with zipfile.ZipFile(docx) as package:
        return {name: package.read(name) for name in package.namelist()}


def assert_well_formed_unique_ids(docx: Path) -> None:
    """Every XML part parses; no revision or other id-carrying start element repeats a ``w:id``."""
    for name, data in parts(docx).items():
        if name.endswith((".xml", ".rels")):
            root = etree.fromstring(data)
            ids = [el.get(f"{{{W}}}id") for el in root.iter() if isinstance(el.tag, str)
                   and el.get(f"{{{W}}}id") is not None
                   and not etree.QName(el).localname.endswith(("End", "Reference"))]
            repeated = [i for i, n in Counter(ids).items() if n > 1]
            assert not repeated, f"{name}: repeated w:id {repeated}"


def revision_marks(docx: Path) -> list[etree._Element]:
    """Every ``w:ins`` and ``w:del`` in the main document part."""
    root = etree.fromstring(parts(docx)["word/document.xml"])
    return [el for el in root.iter(f"{{{W}}}ins", f"{{{W}}}del")]


def _pieces(paragraph: etree._Element) -> list[tuple[str, str]]:
    out = []
    for el in paragraph.iter(f"{{{W}}}t", f"{{{W}}}delText", f"{{{W}}}tab"):
        marks = {etree.QName(a).localname for a in el.iterancestors(f"{{{W}}}ins", f"{{{W}}}del")}
        status = "del" if "del" in marks else "ins" if "ins" in marks else "equal"
        out.append((status, "\t" if el.tag == f"{{{W}}}tab" else el.text or ""))
    return out


def assert_word_boundaries(docx: Path) -> None:
    """Fail when a tracked change begins or ends inside a word ("Modificat|ion")."""
    root = etree.fromstring(parts(docx)["word/document.xml"])
    word = re.compile(r"\w")
    for paragraph in root.iter(f"{{{W}}}p"):
        pieces = _pieces(paragraph)
        for hidden in ("ins", "del"):  # the text as it was (no insertions), as it is (no deletions)
            view = [(s, t) for s, t in pieces if s != hidden and t]
            for (s1, t1), (s2, t2) in zip(view, view[1:], strict=False):
                assert s1 == s2 or not (word.match(t1[-1]) and word.match(t2[0])), \
                    f"a revision splits a word: {t1!r}|{t2!r}"


#: How the lines of a redline's opening summary begin (redline.emit.summary.Summary.lines).
SUMMARY_STARTS = ("Modification: ", "Base version: ", "Changes: ", "Revisions: ", "Not applied", "– ")


def split_summary(paragraphs: list[str], start: int = 0) -> tuple[list[str], list[str]]:
    """The summary block that opens at ``paragraphs[start]`` ("Summary", then its lines), and the
    paragraphs without it."""
    assert paragraphs[start] == "Summary", paragraphs[:start + 2]
    end = start + 1
    while end < len(paragraphs) and paragraphs[end].startswith(SUMMARY_STARTS):
        end += 1
    return paragraphs[start:end], paragraphs[:start] + paragraphs[end:]
