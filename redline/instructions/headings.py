"""Instruction lines of draft legal text ("Amend Section C2.3 as follows:"), with every regex in one place.

Also the noise that only drafts carry (drafting notes, a running header copied into quoted text,
garbage lines), which the readers in ``redline.read`` do not know about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from redline.read import patterns as pat

#: A unit number as drafters print it: "C2.3", "D9A.11", "L1.12(c)", "A1.1", "3.2.4".
_NUM = r"(?:[A-Z]\d+[A-Z]?(?:\.\d+[A-Z]?)*|\d+(?:\.\d+)+)(?:\([A-Za-z0-9]{1,4}\))*"
#: "Section C2.3", "Sections G7.18 to G7.22", "Sections F1.4 and F1.6", "Appendix AG paragraph 3.2.4".
REFERENCE = re.compile(
    rf"^(?:Appendix\s+(?P<appendix>[A-Z]{{1,2}})\s+(?:paragraphs?|Sections?)|Sections?|paragraphs?)\s+"
    rf"(?P<first>{_NUM})(?:\s+(?P<joint>to|and)\s+(?:Section\s+)?(?P<last>{_NUM}))?$", re.IGNORECASE)

#: "paragraph (j) of Section C7.2", "paragraphs (a) to (c) of this Section K2.1": paragraphs of one clause.
_LABELS = r"(?:\([A-Za-z0-9]{1,4}\))+"
QUALIFIED = re.compile(
    rf"^(?:sub-?)?paragraphs?\s+(?P<first>{_LABELS})(?:\s+(?P<joint>to|and)\s+(?P<last>{_LABELS}))?"
    rf"\s+of\s+(?:this\s+)?Section\s+(?P<clause>{_NUM})$", re.IGNORECASE)
#: "paragraph 3.2.4 of Appendix AG", "paragraphs 4.1 and 4.2 of Appendix B".
QUALIFIED_APPENDIX = re.compile(
    r"^(?:paragraphs?|Sections?)\s+(?P<first>\d+(?:\.\d+)+(?:\([A-Za-z0-9]{1,4}\))*)"
    r"(?:\s+(?P<joint>to|and)\s+(?P<last>\d+(?:\.\d+)+(?:\([A-Za-z0-9]{1,4}\))*))?"
    r"\s+of\s+Appendix\s+(?P<appendix>[A-Z]{1,2})$", re.IGNORECASE)


def _quoted(name: str) -> str:
    """Words in quotation marks (curly or straight, double or single), as group ``name``."""
    return rf"[“\"‘'](?P<{name}>[^”\"’]+?)[”\"’']"


_WORDS = r"(?:the\s+)?(?:words?\s+|text\s+|expression\s+)?"
#: An amendment that states its words: "Amend Section D1.3 by replacing the words “A” with “B”",
#: "In Section D1.3, delete the words “A”", "… by substituting “B” for “A”", "… by inserting the
#: words “B” after the words “A”".
WORD_EDIT = re.compile(
    rf"^(?:Amend|In)\s+(?P<ref>.+?),?\s+(?:by\s+)?(?:"
    rf"(?:deleting|removing|delete|remove)\s+{_WORDS}{_quoted('gone')}"
    rf"|(?:replacing|replace)\s+{_WORDS}{_quoted('old')}\s+(?:with|by)\s+{_WORDS}{_quoted('new')}"
    rf"|(?:substituting|substitute)\s+{_WORDS}{_quoted('put')}\s+for\s+{_WORDS}{_quoted('out')}"
    rf"|(?:inserting|insert)\s+{_WORDS}{_quoted('added')}\s+(?P<side>after|before)\s+{_WORDS}{_quoted('at')}"
    rf")\s*\.?$", re.IGNORECASE)

ADD_DEFINITIONS = re.compile(rf"^Add the following (?:new )?definitions? (?:in|into|to) Section (?P<ref>{_NUM})\b",
                             re.IGNORECASE)
AMEND_DEFINITIONS = re.compile(rf"^Amend the following definitions? (?:in|of) Section (?P<ref>{_NUM})\b",
                               re.IGNORECASE)
#: "Delete the definition of Proposer", "… of Path 1 Modification and Path 2 Modification".
DELETE_DEFINITION_OF = re.compile(r"^Delete the definitions? of (?P<terms>.+?)(?: (?:from|in) Section A1\.1)?\.?$",
                                  re.IGNORECASE)
DELETE_DEFINITIONS = re.compile(rf"^Delete the following definitions? (?:from|in) Section (?P<ref>{_NUM})\b",
                                re.IGNORECASE)
AMEND_HEADING = re.compile(r"^Amend the heading of (?P<ref>.+?) as follows:?$", re.IGNORECASE)
AMEND = re.compile(r"^Amend (?P<ref>.+?)(?: so that it reads| to read)? as follows:?$", re.IGNORECASE)
REPLACE = re.compile(r"^(?:Replace|Substitute) (?P<ref>.+?) (?:with|by) the following(?: new (?:text|wording))?[:.]?$",
                     re.IGNORECASE)
INSERT = re.compile(r"^Insert (?:the following |a )?new (?P<ref>.+?)"
                    r"(?:,?\s+(?:immediately\s+)?(?P<side>after|before)\s+(?P<anchor>.+?))?(?: as follows)?[:.]?$",
                    re.IGNORECASE)
DELETE = re.compile(r"^Delete (?P<ref>(?:Sections?|Appendix|paragraphs?)\s.+?)(?:\s+in (?:its|their) entirety)?[.:]?$",
                    re.IGNORECASE)
RENUMBER = re.compile(
    rf"^(?:(?:New )?Section (?P<ref>{_NUM}) (?:introduced by (?P<requires>SECMP\d{{4}}) )?"
    rf"(?:will|shall) be renumbered|Renumber Section (?P<ref2>{_NUM})) (?:as|to) Section (?P<to>{_NUM})\.?$",
    re.IGNORECASE)
EXTERNAL = re.compile(r"^Please see the full Section (?P<section>[A-Z])\b.*\bseparate (?:attachment|document)\.?$",
                      re.IGNORECASE)
#: How an instruction line starts: a line that starts so but does not match yet is wrapped.
STARTS = re.compile(r"^(?:Add the following|Amend (?:the |Sections? |Appendix |paragraphs? )"
                    r"|Delete (?:the following|Section|paragraph)"
                    r"|Insert (?:the following |a )?new|New Section|Renumber Section|Replace (?:Section|paragraph)"
                    r"|Please see the full)",
                    re.IGNORECASE)
#: How many further lines an instruction line may wrap over.
MAX_WRAP = 3
#: A line worded as an amendment instruction that may be none redline reads ("Move Section D1.4
#: to …", "Re-letter paragraph (c) …", "Transfer Section …"): never quoted text.
INSTRUCTION_LIKE = re.compile(
    r"^(?:Move|Replace|Substitute|Transfer|Relocate|Remove|Omit|Re-?number|Re-?letter|Insert|Delete|Amend|Add)\s+"
    r"(?:the\s+(?:following\s+|existing\s+)?|an?\s+new\s+|new\s+|existing\s+)?"
    r"(?:Sections?|(?:sub-?)?paragraphs?|Appendix|Appendices|Parts?|Clauses?|definitions?|headings?)\b"
    # the passive and the "In Section …" forms: "Section C7.2(j) shall be amended as follows:",
    # "The following definitions shall be added to Section A1.1:", "In the definition of X, replace …",
    # "In Section C7.2(j), the words “A” shall be replaced with “B”."
    r"|^(?:Sections?|(?:sub-?)?paragraphs?|Appendix|Part|The following(?: new)? \w+)\b[^:;]{0,80}?\b"
    r"(?:shall|will|is to|are to) be (?:amended|added|inserted|deleted|removed|replaced|substituted|moved|"
    r"renumbered|re-?lettered)\b"
    r"|^In (?:the definition of|(?:Section|paragraph|Appendix)\b[^,]{1,60},\s+(?:the words?|delete|replace|insert|"
    r"substitute|amend|add|after|before))", re.IGNORECASE)

#: A drafting note ("¹Note that if a new version of the SEC is designated …", with an OCR'd
#: footnote mark; "[Drafting note: …]", "Footnote 1: …"), or a line saying no more is changed.
NOTE = re.compile(r"^(?:[I1¹*]?\s?Note that\b|\[?Drafting [Nn]ote\b|Footnote\s*\d|"
                  r"No (?:further |other )?(?:changes?|amendments?) (?:is|are) (?:made|proposed)\b)")
#: Page furniture that ``redline.read`` keeps: "G Administered by Gemserv, 8 Fenchurch Place …", and the
#: running header "Smart Energy Code" on a line of its own, copied into quoted text.
FURNITURE = re.compile(r"\bAdministered by Gemserv\b|\bFenchurch Place\b|^Smart Energy Code$", re.IGNORECASE)
#: A token of OCR garbage: no two letters or digits in a row ("i;.’", "ﬁ’f", "(1"), or lower then upper ("gOB").
_JUNK_TOKEN = re.compile(r"^(?!.*[^\W_]{2})(?!^[aA&]$).*$|^[a-z]+[A-Z]")
#: Short tokens of legal text that look like garbage by that rule, with the punctuation after
#: them: a number ("5", "£5", "10%") or a dash, always words; a bracketed label ("(b)", "(ii)",
#: "(3)"), and a single capital, an abbreviation or a sign ("Section X;", "e.g.", "i.e.", "+",
#: "/"), words within a line only (opening one, a label the line's label strip left, or OCR's
#: "M" for one).
_SHORT_WORD = re.compile(r"^[(\[]?(?:[A-Z]|e\.g\.?|i\.e\.?|etc\.?|[+/&=])[)\].,;:]*$")
_NUMBER = re.compile(r"^(?:£?\d[\d,.]*%?|[–—-])[.,;:]?$")
LIST_LABEL_TOKEN = re.compile(r"^\((?:\d{1,3}|[a-z]{1,2}|[ivxl]{1,6}|[A-Z]{1,2})\)[.,;:]?$")
#: Where a wrapped reference ends a line, so the next line's number is not a clause of its own:
#: "… Section", "paragraphs (a) and"; never a list item's end ("…; and", "…; or", "…; and/or"),
#: after which the next line's label opens the next paragraph.
REFERENCE_WRAP = re.compile(r"\b(?:Sections?|paragraphs?|to|of|in|under)$|(?<![;,/])(?<![;,] )\b(?:and|or)$")
#: A line ending in a reference's anchor word: the next line opens with what it cites ("(b) of …").
CITES_AT_END = re.compile(r"\b(?:Sections?|paragraphs?)$")
#: Between the terms of a list ("A, B and C").
TERM_LIST_SEPARATOR = re.compile(r",\s*|\s+and\s+")
#: The modification a document drafts ("SECMP0049"), and the SEC version it was drafted against.
MODIFICATION_ID = re.compile(r"\bSECMP\s?0*(?P<n>\d{1,4})\b")
BASELINE = re.compile(r"\bversion\s+(?P<version>\d+\.\d{1,2})", re.IGNORECASE)
#: Where a definition's text starts on its own line ("has the meaning …", OCR "js the term …").
DEFINITION_START = re.compile(r"^(?:means\b|has the (?:same )?meaning\b|[ij]s the term\b|includes\b|shall mean\b"
                              r"|shall have the meaning\b)")


@dataclass(frozen=True)
class Heading:
    """One recognised instruction line.

    ``kind`` is add_definitions, amend_definitions, delete_definitions, amend, amend_heading,
    amend_words (``old`` words become ``new``), replace (the unit's whole new text quoted), insert,
    delete, renumber or external;
    ``first``/``last`` the units named (a range when ``last`` is set and ``joint`` is "to");
    ``appendix`` the Appendix the line itself names.
    """

    kind: str
    text: str
    first: str = ""
    last: str = ""
    joint: str = ""
    appendix: str = ""
    to: str = ""
    requires: str = ""
    section: str = ""
    after: str = ""  # an insert's neighbour, when the line names one ("… after Section C7.2")
    before: str = ""
    old: str = ""  # a word edit's words as they stand, or the terms a deletion names in its line
    new: str = ""  # a word edit's words as they become


def _reference(kind: str, text: str, ref: str) -> Heading | None:
    """The units an instruction line names: "Section C2.3", "Sections G7.18 to G7.22", "Appendix AG
    paragraph 3.2.4", "paragraph (j) of Section C7.2", "paragraph 3.2.4 of Appendix AG"."""
    ref = pat.normalise_space(ref)
    if m := REFERENCE.match(ref):
        first, last, appendix = m["first"], m["last"] or "", (m["appendix"] or "").upper()
    elif m := QUALIFIED.match(ref):
        first, last, appendix = m["clause"] + m["first"], m["clause"] + m["last"] if m["last"] else "", ""
    elif m := QUALIFIED_APPENDIX.match(ref):
        first, last, appendix = m["first"], m["last"] or "", m["appendix"].upper()
    else:
        return None
    joint = (m["joint"] or "").lower()
    return Heading(kind, text, first=first, last=last, joint=joint, appendix=appendix)


#: An instruction naming a clause by its number alone, without "Section".
_BARE_CLAUSE = re.compile(r"^(?P<verb>Amend|Delete|Replace|Renumber|Insert (?:the following )?new) "
                          r"(?P<num>[A-Z]\d+[A-Z]?\.\d+[A-Z]?(?:\([A-Za-z0-9]{1,4}\))*)(?=[\s:.,]|$)")


def match_heading(line: str) -> Heading | None:
    """The instruction a line states, or None."""
    text = pat.LETTER_L_FOR_ONE.sub(r"\g<sec>1.\g<rest>", pat.normalise_space(line))
    text = _BARE_CLAUSE.sub(r"\g<verb> Section \g<num>", text)  # "Amend G7.20 as follows:"
    for regex, kind in ((ADD_DEFINITIONS, "add_definitions"), (AMEND_DEFINITIONS, "amend_definitions"),
                        (DELETE_DEFINITIONS, "delete_definitions")):
        if m := regex.match(text):
            return Heading(kind, text, first=m["ref"])
    if m := DELETE_DEFINITION_OF.match(text):
        return Heading("delete_definitions", text, first="A1.1", old=m["terms"])
    if m := RENUMBER.match(text):
        return Heading("renumber", text, first=m["ref"] or m["ref2"], to=m["to"],
                       requires=(m["requires"] or "").upper())
    if m := EXTERNAL.match(text):
        return Heading("external", text, section=m["section"].upper())
    if (m := WORD_EDIT.match(text)) and (found := _reference("amend_words", text, m["ref"])):
        if m["gone"]:
            old, new = m["gone"], ""
        elif m["old"]:
            old, new = m["old"], m["new"]
        elif m["put"]:
            old, new = m["out"], m["put"]
        else:
            old = m["at"]
            new = f"{old} {m['added']}" if m["side"].lower() == "after" else f"{m['added']} {old}"
        return replace(found, old=old, new=new)
    for regex, kind in ((AMEND_HEADING, "amend_heading"), (AMEND, "amend"), (REPLACE, "replace"), (INSERT, "insert"),
                        (DELETE, "delete")):
        if (m := regex.match(text)) and (found := _reference(kind, text, m["ref"])):
            if kind == "insert" and m["anchor"]:
                anchor = _reference(kind, text, m["anchor"])
                if anchor is None or anchor.last:
                    return None  # a neighbour not read as one unit: the line is left unread, and said so
                return replace(found, **{m["side"].lower(): anchor.first})
            return found
    return None


def starts_heading(line: str) -> bool:
    """True when ``line`` opens like an instruction (it may wrap onto the next lines)."""
    return bool(STARTS.match(pat.normalise_space(line)))


def reads_as_instruction(line: str) -> bool:
    """True when ``line`` is worded as an instruction, whether or not :func:`match_heading` reads it."""
    text = pat.normalise_space(line)
    return bool(STARTS.match(text) or INSTRUCTION_LIKE.match(text))


def is_junk(token: str, within: bool = False) -> bool:
    """True for a token of OCR garbage rather than a word; ``within`` a line, "(b)", "X;" and
    "e.g." are words ("in accordance with paragraph (b)", "Section X;")."""
    return bool(_JUNK_TOKEN.match(token)) and not _NUMBER.match(token) and not (
        within and (LIST_LABEL_TOKEN.match(token) or _SHORT_WORD.match(token)))


def is_garbage_line(text: str) -> bool:
    """True for a line that is mostly OCR garbage ("gOB mEI ORI", "i;.’"); a paragraph label
    opening it is not garbage, nor counted ("(b) report." is a paragraph)."""
    if label := pat.LIST_LABEL.match(text.strip()):
        text = label["rest"]
        if not text.strip():
            return False
    tokens = text.split()
    return bool(tokens) and sum(map(is_junk, tokens)) * 2 >= len(tokens) and not pat.ELISION.match(text)
