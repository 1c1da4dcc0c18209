"""Every regular expression the readers use, in one place: SEC layout and copy-out noise."""

from __future__ import annotations

import re

# --- structure -------------------------------------------------------------------------

#: "SECTION G: SECURITY", "Section G – Security", "Section C ‘Governance’".
SECTION_HEADER = re.compile(
    r"^\s*(?:SEC\s+)?SECTION\s+(?P<code>[A-Z])\b\s*(?:[:\-–—]\s*(?P<title>[^‘’'\"]+?)"
    r"|[‘'\"](?P<qtitle>[^’'\"]+)[’'\"]?)\s*$",
    re.IGNORECASE,
)
#: "APPENDIX AG: INCIDENT MANAGEMENT POLICY", "Appendix AG – Incident Management Policy",
#: "SEC Appendix AG Incident Management Policy", "Appendix AG ‘Incident Management Policy’".
APPENDIX_HEADER = re.compile(
    r"^\s*(?:SEC\s+)?APPENDIX\s+(?P<code>[A-Z]{1,2})\b\s*(?:[:\-–—]\s*)?"
    r"[‘'\"]?(?P<title>[^‘’'\"]*?)[’'\"]?\s*$",
    re.IGNORECASE,
)
#: A Schedule's header ("SCHEDULE 1: FRAMEWORK AGREEMENT", "Schedule 2 – Accession Agreement"): the
#: Code's Schedules are not read as units, and this header keeps their words out of the clause before.
SCHEDULE_HEADER = re.compile(
    r"^\s*(?:SEC\s+)?SCHEDULE\s+(?P<num>\d+)\b\s*(?:[:\-–—]\s*(?P<title>[^‘’'\"]*?)[’'\"]?)?\s*$",
    re.IGNORECASE,
)
#: A part heading inside a Section: "C2 THE PANEL", "D9A AUTHORITY-LED VARIATIONS".
PART_HEADER = re.compile(r"^(?P<num>[A-Z]\d+[A-Z]?)\s+(?P<title>[A-Z][A-Z0-9 ,'’&()/\-–]+)$")
#: A numbered heading inside an Appendix: "3 INCIDENT MANAGEMENT".
APPENDIX_PART_HEADER = re.compile(r"^(?P<num>\d+)\.?\s+(?P<title>[A-Z][A-Z0-9 ,'’&()/\-–]+)$")
#: A clause number at the start of a line: "C2.3 Without", "L13.55Where" (glued), "D9A.11 The".
CLAUSE_START = re.compile(r"^(?P<num>[A-Z]\d+[A-Z]?\.\d+[A-Z]?)(?:\s+|(?=[A-Z(“\"‘])|$)(?P<rest>.*)$")
#: An appendix paragraph number: "3.2.4 If", "1. Purpose".
APPENDIX_CLAUSE_START = re.compile(r"^(?P<num>\d+(?:\.\d+)+)\.?\s+(?P<rest>\S.*)$")
#: A clause number that lost its Section letter in OCR: "1.19 Notwithstanding".
LETTERLESS_CLAUSE_START = re.compile(r"^(?P<num>\d+\.\d+)\s+(?P<rest>[A-Z].*)$")
#: A line that ends a sentence or a list item, so the next may start a new unit: ".", ":",
#: ";", "; and", "; or", ", and" (a closing quote or bracket may follow), or an elision.
ENDS_UNIT = re.compile(r"(?:[.:;][’'\"”)]*|[;,]\s+(?:and|or)|\[\s*\.\s*\.\s*\.\s*\]|\[…\])$")
#: A line that runs on into the next: it ends with a word that wants a number after it.
RUNS_ON = re.compile(r"\b(?:Sections?|paragraphs?|Appendix|Appendices|Part|Parts|and|or|to|of|in|under"
                     r"|with|by|at|see|per)$", re.IGNORECASE)
#: A line that ends with a word wanting a count after it ("… within" + "28" + "days …").
WANTS_NUMBER = re.compile(r"\b(?:within|than|least|most|exceeding)$", re.IGNORECASE)
#: A wrapped line that is only an id or a number ("L9;", "X2.", "28"), the end of a reference or a count.
SHORT_ID = re.compile(r"^[A-Z]\d{1,2}[.,;:]?$")
SHORT_NUMBER = re.compile(r"^\d{1,3}[.,;:]?$")
#: A title: a few capitalised words and joiners ("Incidents and Budgets" after "1.7").
TITLE_LINE = re.compile(r"^[A-Z][\w’'\-]*(?:\s+(?:[A-Z][\w’'\-]*|and|of|the|to|for|in|on|by|or|with|a|an)){0,7}$")
#: How a clause's own text begins after its number: a capital, a bracket or a quote.
CLAUSE_TEXT_START = re.compile(r"^[A-Z(“\"‘'\[]")
#: A bracketed list label: "(a)", "(ii)", "(A)", "(aa)".
LIST_LABEL = re.compile(r"^\((?P<label>[a-z]{1,2}|[ivxl]{1,6}|[A-Z]{1,2})\)(?:\s+|$)(?P<rest>.*)$")
#: A label mangled by OCR, as seen in seed 000: "@", "@)", "(@)", "(©)", "(€)", "(9)", "(1)",
#: "(1", "()", "Q)", with a stray change-bar quote before it; and digits for letters: "(0)" for
#: "(o)", "(11)" for "(ii)".
SLIP_LABEL = re.compile(
    r"^[‘'`]?\s*(?P<label>\(@\)|@\)|\(@|@|\(©\)|\(©|\(€\)|\(9\)|\(1\)|\(1(?=\s|$)|\(\)|Q\)|\)\]"
    r"|\(0\)|\(11\))(?:\s+|$)(?P<rest>.*)$"
)
#: How each slip may be read; None means "any label the neighbours expect".  "(I)" and "(vl)" have a
#: label's shape (a capital; letters of roman numerals) but are slips where no neighbour expects them:
#: "(I)" for "(l)" (it had opened a capital sub-list), "(vl)" for "(vi)" (no numeral: folded into (v)).
SLIP_READINGS: dict[str, tuple[str, ...] | None] = {
    "(9)": ("g",),
    "(©)": ("c",),
    "(©": ("c",),
    "(€)": ("e",),
    "(1)": ("i", "ii", "l"),
    "(1": ("i", "ii", "l"),
    "Q)": ("i", "ii"),
    "(0)": ("o",),
    "(11)": ("ii",),
    "(I)": ("l",),
    "(vl)": ("vi",),
}
#: A clean label that OCR may have taken from a longer one ("(i)" printed for "(ii)").
CLEAN_CONFUSIONS: dict[str, tuple[str, ...]] = {"i": ("ii",), "ii": ("iii",)}
#: An elision marker between quoted paragraphs.
ELISION = re.compile(r"^\s*(?:\[\s*(?:\.\s*){3}\]|\[\s*…\s*\]|…|\.\.\.)\s*$")
#: The start of a definition's text, after the term.
DEFINITION_VERB = re.compile(
    r"\s+(?P<verb>means\b|has the (?:same )?meaning\b|is the term\b|[ij]s the term\b"
    r"|includes\b|shall mean\b|shall have the meaning\b)"
)
#: A line that is all definition text, its term on the line(s) before ("has the meaning …").
DEFINITION_START = re.compile(r"^(?:means|has the (?:same )?meaning|is the term|includes|shall mean"
                              r"|shall have the meaning)\b")
#: A line that opens as a definitions row does, capitalised words then a lowercase word that no
#: term joins ("Gamma Body shall be …", not "Liability and Suspension"), and ends as a sentence,
#: when no verb the reader knows follows the term: only warned of.
TERM_LIKE_START = re.compile(r"^(?P<term>(?:[A-Z][\w’'\-]*\s+){1,6})"
                             r"(?!(?:of|and|or|to|the|for|in|a|an|by|on|with|under)\b)[a-z].*[.;:]$")
#: A definition line with an explicit tab between term and text.
DEFINITION_TAB = re.compile(r"^(?P<term>[^\t]+?)\t+(?P<text>\S.*)$")
#: A continuation line whose first capitalised words finish a term wrapped in the left column
#: ("Modification D2.6 (Authority Determined Modifications).").
WRAPPED_TERM = re.compile(r"^(?P<words>(?:(?!Sections?\b|Appendix\b)[A-Z][\w\-]*\s+){1,3}?)"
                          r"(?P<rest>(?:Sections?\s+)?[A-Z]\d+[A-Z]?(?:\.\d+)?\b.*)$")
#: A word with its hyphens ("Sub-Committee", "Requ-irements"), for a document's vocabulary.
HYPHENATED_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
#: A line ending in a word broken by a hyphen ("… the Security Requ-"), and the word's start.
HYPHEN_AT_END = re.compile(r"(?P<head>[^\W\d_]+)-$")
#: The letters opening a line, the rest of a word broken at the line before.
LETTERS_AT_START = re.compile(r"[^\W\d_]+")
#: A heading line: short, capitalised, no terminal punctuation ("Panel Members – Appointment" and
#: "Charges / Payment" too; they had gone into the text before).
HEADING_LINE = re.compile(r"^[A-Z][\w’'\-,&:() –—/]{1,90}[\w)]$")

# --- encodings ---------------------------------------------------------------------------

#: C0 control bytes that never occur in text (tab, line feed, form feed and carriage return do).
BINARY_BYTES = re.compile(rb"[\x01-\x08\x0e-\x1a\x1c-\x1f]")
#: A well-formed UTF-8 multi-byte sequence: its presence makes a file UTF-8, whatever else it holds.
UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")

# --- page furniture and balloons --------------------------------------------------------

#: The heading of a table of contents: the tab-separated entries under it are the table's.
CONTENTS_HEADING = re.compile(r"^(?:table of )?contents$", re.IGNORECASE)
FURNITURE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^page \d+ of \d+$",
        r"\b(?-i:P)age \d+ of \d+\s*$",  # run into a line's end, as printed ("on page 4 of 16": the Code's words)
        r"^(?:\S )?administered by (?:gemserv|secas|secco)\b",  # a logo letter may stand before it
        r"^this document (?:is|has a) classifi",
        r"^classification of\b",
        r"classed as white$",
        r"^©\s*SECCo",
        r"^SECMP\d{4}\s*-\s*Draft Legal Text$",
        r"^(?:SECMP\d{4}\s*-\s*)?Draft$",
        r"^Legal Text$",
        r"^version \d+(?:\.\d+)*$",
        r"^\d{1,2}(?:st|nd|rd|th|t)? (?:january|february|march|april|may|june|july|august"
        r"|september|october|november|december) \d{4}$",
        r"^G?emse?r[vy]+v?$",
        r"^[\s.,]*SECMP\d{4}\s*-\s*Draft$",
        CONTENTS_HEADING.pattern,
    )
]
#: A table-of-contents entry: a title, a dot leader (or a tab) and a page number
#: ("G7 SECURITY SUB-COMMITTEE........2", "A1 DEFINITIONS\t1").
TOC_ENTRY = re.compile(r"^\S.*?(?:\s*\.{4,}\s*|\t\s*)\d{1,4}$")
#: Word paragraph styles of a table of contents ("TOC 1", "toc 2", LibreOffice's "Contents 1").
TOC_STYLE = re.compile(r"^(?:toc|contents)\s*(?:\d|heading)", re.IGNORECASE)
#: :data:`FURNITURE` as one pass: the patterns anchored at the start joined into one regex
#: (tried once, at the start); the others, which a search tries at every position, joined into
#: another run only when the line (lower-cased) has a cue any of their matches needs: "page"
#: in it, or an ending in "te" (before ``$``'s optional newline).  None of the cues' letters
#: has an unusual case fold (as "ſ" is an "s" and "K" a "k" to IGNORECASE).
_FURNITURE_START = re.compile(
    "|".join(f"(?:{p.pattern[1:]})" for p in FURNITURE if p.pattern.startswith("^")), re.IGNORECASE)
_FURNITURE_ANYWHERE = re.compile(
    "|".join(f"(?:{p.pattern})" for p in FURNITURE if not p.pattern.startswith("^")), re.IGNORECASE)
_FURNITURE_CUES = ("page",)
_FURNITURE_ENDS = ("te", "te\n")
assert {p.pattern for p in FURNITURE if not p.pattern.startswith("^")} == {
    r"\b(?-i:P)age \d+ of \d+\s*$", "classed as white$"}, "update the cues of _FURNITURE_ANYWHERE"


def furniture_start(line: str) -> int | None:
    """Where page furniture begins in ``line`` (:data:`FURNITURE`): 0 when the whole line is
    furniture (a footer's classification line, garbled before it, included), later when a page
    number ran into the end of the Code's words ("… Panel. Page 3 of 16"), None when there is none."""
    if _FURNITURE_START.match(line):
        return 0
    low = line.lower()
    if any(cue in low for cue in _FURNITURE_CUES) or low.endswith(_FURNITURE_ENDS):
        found = _FURNITURE_ANYWHERE.search(line)
        if found is not None:
            return found.start() if found.group().startswith("Page") and line[:found.start()].strip() else 0
    return None


#: A legal-text footer's modification number as extraction garbles it: "SECMP0071" seen as
#: "P0071", "oo71", "p0o71" or "0071" (its leading zeros often read as "o"); any number, not only 49.
FOOTER_NUMBER = r"[Pp0oO][0-9oO]{0,2}\d{2}"
#: Footer text run into the end of a body line by extraction ("changegtP0049 - Draft", "includefeg
#: 0071 - brat"): the number glued to garbage, or alone, then " - Draft" (or OCR's "brat") ending the line.
FOOTER_TAIL = re.compile(rf"(?P<keep>.*?)(?P<noise>\S*{FOOTER_NUMBER}\s*-\s*(?:Draft|brat)(?:\s+Legal\s+Text)?"
                         r"|\s+(?:\S*?)ag Text)$")
#: A right-margin balloon on a line of its own, or its first line.
BALLOON_LINE = re.compile(r"^(?:Deleted:\s*(?P<text>.*)|Delete|Dele|De)$")
#: A balloon fragment glued to the end of a body line ("... to the Code Dele").
BALLOON_TAIL = re.compile(r"^(?P<keep>.*\S)\s+(?P<balloon>Deleted:|Delete|Dele|De|@)$")

# --- OCR repairs of numbers --------------------------------------------------------------

#: "Al.1" for "A1.1" (a lower-case L for the digit one) in a clause or reference number.
#: Written to open with a character class, a word boundary checked behind it ("\b" first would make
#: the regex engine try every position of a line: two to three times slower; the same matches).
LETTER_L_FOR_ONE = re.compile(r"(?P<sec>[A-Z])(?<!\w[A-Z])l\.(?P<rest>\d)")
#: "Sectlon", "Sectton", "Secfion", "$ection": "Section" with one letter slipped, before an id
#: ("Sectlon C7.2(i)", "Sectlon D (…)"); every such slip keeps "ect" or "ion".
#: (Its first character first, what must not stand before it and "Section" itself checked after.)
SECTION_SLIP = re.compile(r"[A-Z0-9$§](?<![\w$§].)(?!(?<=S)ections?\b)(?:ection|(?<=S)(?:[a-z0-9]ction|e[a-z0-9]tion"
                          r"|ec[a-z0-9]ion|ect[a-z0-9]on|ecti[a-z0-9]n|ectio[a-z0-9]))(?P<s>s?)(?=\s+(?:[A-Z]{1,2}\d|[A-Z]\b))")
#: "Section D1.l", "Sections D1.l and …", "Clause D1.ll" for "D1.1", "D1.11": a letter l for the digit 1 in
#: the last number of a clause number just after "Section" or "Clause" (never "D1.leaving"); and a clause's own
#: number so slipped opening its line ("D1.l Any Party …", "D1.l" + a tab, or alone on its line).
CLAUSE_L_FOR_ONE = re.compile(r"(?P<before>[SC](?<!\w[SC])(?:ection|lause)s?\s+[A-Z]\d+[A-Z]?\.(?:\d+[A-Z]?\.)*)"
                              r"(?P<number>\d*l[\dl]*)(?!\w)")
LINE_CLAUSE_L_FOR_ONE = re.compile(r"^(?P<before>[A-Z]\d+[A-Z]?\.(?:\d+[A-Z]?\.)*)(?P<number>\d*l[\dl]*)(?=\s|$)")


def clause_ones(match: re.Match[str]) -> str:
    """A :data:`CLAUSE_L_FOR_ONE` match with its number's letters l read as ones."""
    return match["before"] + match["number"].replace("l", "1")


#: "SMKI1" for "SMKI".
STRAY_DIGIT = re.compile(r"\b(?P<word>SMKI)1\b")

def normalise_space(text: str) -> str:
    """Collapse whitespace runs to one space and trim (``str.split`` and the regex ``\\s`` agree
    on what is whitespace, and split is several times faster)."""
    return " ".join(text.split())

# --- .docx and .pdf layout ------------------------------------------------------------------

#: A clause number or list label on its own, as Word numbering computes it or as a hanging
#: indent prints it apart from its text: "C2.3", "D9A.11", "3.2.4", "(a)", "(ii)", "(A)".
NUMBER_TOKEN = re.compile(r"^(?:[A-Z]\d+[A-Z]?\.\d+[A-Z]?|\d+(?:\.\d+)+\.?"
                          r"|\((?:[a-z]{1,2}|[ivxl]{1,6}|[A-Z]{1,2})\))$")
#: A placeholder in a Word numbering level's text: "%1" and "%2" in "C%1.%2".
LEVEL_PLACEHOLDER = re.compile(r"%(?P<level>[1-9])")
#: The clause whose body is the two-column definitions table.
DEFINITIONS_CLAUSE = "A1.1"
#: Word paragraph styles that mark Section, part and clause headings.
HEADING_STYLE = re.compile(r"^(?:Title|Heading \d)$", re.IGNORECASE)
#: A start tag's attributes, each value in double or single quotes (bytes of a .docx part).
_ATTRIBUTES = rb"""(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*"""
#: The root start tag of a styles part, and each ``w:style`` start tag in it (group 1: "/" when
#: the element is empty), found in the part's bytes (see ``redline.read.docx.styles.Styles``).
STYLES_ROOT = re.compile(rb"<w:styles" + _ATTRIBUTES + rb">")
STYLE_TAG = re.compile(rb"<w:style" + _ATTRIBUTES + rb"(/?)>")
#: A style's id in its start tag.
STYLE_ID = re.compile(rb"""\sw:styleId\s*=\s*(?:"([^"]*)"|'([^']*)')""")
#: The prefix ``w`` bound to WordprocessingML, in a root's start tag.
W_DECLARED = re.compile(rb"""\sxmlns:w\s*=\s*(["'])http://schemas\.openxmlformats\.org/wordprocessingml/2006/main\1""")
#: What may stand before a part's root for it to be UTF-8: a byte-order mark, an XML declaration
#: naming UTF-8 or no encoding, white space.
UTF8_PROLOG = re.compile(rb"""(?:\xef\xbb\xbf)?\s*(?:<\?xml(?:(?!encoding)[^?>])*"""
                         rb"""(?:encoding\s*=\s*(["'])(?i:utf-8)\1[^?>]*)?\?>)?\s*""")
