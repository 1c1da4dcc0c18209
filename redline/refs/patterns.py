"""Every token pattern and regular expression of the reference finder, in one place.

The finder works in three layers: a regex prefilter (:data:`CUE`) picks short windows of text
worth tokenizing; spaCy's PhraseMatcher finds an *anchor* in them ("Section", "paragraph",
"this Code", "other Energy Codes"); the finder then reads what follows the anchor token by
token (an id, a list or range, an Act's name), using the token classes here.
"""

from __future__ import annotations

import re

# --- prefilter --------------------------------------------------------------------------

#: Words that can open a reference; only windows starting at one of these are tokenized.
#: Every alternative opens with a literal letter, so the regex engine skips to the next of
#: those letters instead of trying each alternative at every position (three times faster).
CUE = re.compile(
    r"Sections?\b|sections?\b|Paragraphs?\b|paragraphs?\b|Appendix\b|Conditions?\b"
    r"|This\s+(?:Section|Appendix)\b|this\s+(?:Section|Appendix)\b"
    r"|This\s+Code\b|this\s+Code\b|other\s+Energy\s+Codes\b"
)
#: How a cue that is its own window ("this Code", "other Energy Codes") ends; no other does.
FIXED_CUE_ENDS = ("Code", "Codes")
#: A window runs from a cue over the ids, labels and joiners after it (:data:`LIST_RUN`); when
#: "of the" follows ("section 88 of the Energy Act 2008") it takes this many characters more,
#: up to the next space.  A ``fixed`` cue is its own window.
EXTERNAL_WINDOW = 48
OF_THE = re.compile(r"\s*of\s+the\s")
#: Joins windows into one text for spaCy; "¶" is in no pattern, so nothing matches across.
SEPARATOR = " \u00b6 "

# --- token classes ------------------------------------------------------------------------

#: A Code id after "Section": "D", "D1", "D2A", "D1.3", "D9A.2", "L13.42".
CODE_ID = r"^[A-Z](?:\d+[A-Z]?(?:\.\d+[A-Z]?)*)?$"
#: An appendix's own number ("3.2", "3.2.4") or an Act's section number ("88").
NUMBER_ID = r"^\d+(?:\.\d+)*$"
#: Either kind of id, as the list reader meets it.
TARGET_ID = re.compile(f"{CODE_ID}|{NUMBER_ID}")
#: What may follow a cue within one reference: ids, labels, joiners, "above".
LIST_RUN = re.compile(
    r"(?:[\s,]+|\b(?:and|or|to|above|below)\b|\b[A-Z]{1,2}\b|[A-Z]?\d+[A-Z]?(?:\.\d+[A-Z]?)*"
    r"|\([a-zA-Z0-9]{1,6}\))*"
)
#: An appendix code: "AG", "M".
APPENDIX_CODE = re.compile(r"^[A-Z]{1,2}$")
#: A list label inside brackets: "a", "aa", "iv", "A".
LABEL = re.compile(r"^(?:[a-z]{1,2}|[ivxl]{1,6}|[A-Z]{1,2})$")
#: Words joining the targets of one reference; "to" makes a range.
JOINERS = frozenset({",", "and", "or", "to"})
RANGE_WORD = "to"
#: Words after a relative paragraph reference ("paragraph (c) above").
DIRECTION = frozenset({"above", "below"})

# --- tokenizer ----------------------------------------------------------------------------

#: Extra infixes so "D1.3(a)" and "X2.3(a)(ii)" split into id and bracketed labels.
INFIXES = (r"(?<=[0-9A-Za-z)])\((?=[0-9A-Za-z]{1,6}(?:\)|$))", r"(?<=[0-9A-Za-z])\)(?=\()")

#: Extra suffix so a Section letter ending a sentence ("this Section Z.") loses its full stop.
SUFFIXES = (r"(?<=^[A-Z])\.",)

# --- anchors (spaCy PhraseMatcher) --------------------------------------------------------

#: Phrases that open a reference, by anchor kind.  Where two overlap the longer wins ("this
#: Section" over "Section").  A "section"/"condition" anchor followed by "88 of the … Act" or
#: "22 of the … Licence" is an external reference.
ANCHORS: dict[str, tuple[str, ...]] = {
    "section": ("Section", "Sections", "section", "sections"),
    "this_section": ("this Section", "This Section"),
    "paragraph": ("paragraph", "paragraphs", "Paragraph", "Paragraphs"),
    "appendix": ("Appendix",),
    "this_appendix": ("this Appendix", "This Appendix"),
    "this_code": ("this Code", "This Code"),
    "condition": ("Condition", "Conditions"),
    "external": ("other Energy Codes",),
}
#: Anchor kinds that take a list or range of further targets.
LISTING = frozenset({"section", "this_section", "paragraph"})
#: Anchor kinds that are a whole reference by themselves.
WHOLE = frozenset({"this_appendix", "this_code", "external"})

# --- external citations -------------------------------------------------------------------

#: The number of an Act's section or a Licence condition: "88", "22", "5A".
EXTERNAL_NUMBER = re.compile(r"^\d+[A-Z]*$")
#: Words that close an external citation, by anchor kind: "… Energy Act 2008", "… DCC Licence".
EXTERNAL_CLOSERS = {
    "section": frozenset({"Act", "Regulations", "Order"}),
    "condition": frozenset({"Licence", "Licences"}),
}
#: The words between the number and the name: "of the".
EXTERNAL_OF = ("of", "the")
#: A word of an Act's or Licence's name.
NAME_WORD = re.compile(r"^[A-Z]")
#: Most words in such a name.
NAME_WORDS = 8
#: An Act's year after its name.
YEAR = re.compile(r"^\d{4}$")

# --- after a reference --------------------------------------------------------------------

#: A bracket right after a reference: "Section D1.3 (Persons Entitled to Submit …)".
BRACKET_AFTER = re.compile(r"[ \t]*\n?[ \t]*\(([^()]{1,200})\)")
#: Small words a quoted heading may leave in lower case.
HEADING_SMALL_WORDS = frozenset(
    ["a", "an", "and", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "under", "with"]
)
#: A word of a quoted heading that must be capitalised (or a number).
HEADING_WORD = re.compile(r"^[\W_]*[A-Z0-9]")
