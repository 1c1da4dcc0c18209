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
    r"|Parts?\b|Schedules?\b|Clauses?\b|Annex\b"
    r"|This\s+(?:Section|Appendix)\b|this\s+(?:Section|Appendix)\b"
    r"|This\s+Code\b|this\s+Code\b|other\s+Energy\s+Codes\b|DCC\s+Licence\b|Act\s+\d{4}\b"
)
#: How a cue that is its own window ("this Code", "the DCC Licence", "… Act 2018") ends; no
#: other does.
FIXED_CUE_ENDS = ("Code", "Codes", "Licence", *"0123456789")
#: A window runs from a cue over the ids, labels and joiners after it (:data:`LIST_RUN`); when
#: "of the" follows ("section 88 of the Energy Act 2008") it takes this many characters more,
#: up to the next space; after "of the definition of" (a defined term's paragraph) this many.
#: "of Section …" / "of Appendix …" runs on into that cue's window.  A fixed cue is its own
#: window; an Act's ("Act 2018") starts at its name (:data:`NAME_BEFORE`).
EXTERNAL_WINDOW = 64
DEFINITION_WINDOW = 120
OF_THE = re.compile(r"\s*of\s+(?:the|an|a)\s")
OF_DEFINITION = re.compile(r"\s*of\s+the\s+definition\s+of\s")
OF_UNIT = re.compile(r"\s*of\s+(?:this\s+)?(?=Section\b|Appendix\b)")
#: The capitalised name before "Act 2018" ("Banking and Financial Dealings "), in the
#: characters before the cue; small words only between capitalised ones.
NAME_BEFORE = re.compile(r"(?:[A-Z][\w’'-]*\s+(?:(?:and|of|for|the|in|on)\s+)?){1,10}$")
ACT_LOOKBEHIND = 120
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
#: An id that qualifies a paragraph: "C4.2" in "paragraph (b) of Section C4.2".
CODE_ID_TOKEN = re.compile(CODE_ID)
#: A defined term's paragraph: "paragraph (b)(ii) of the definition of Anomaly Detection
#: Threshold in Section A1"; the definitions clause its id is taken under.
OF_THE_DEFINITION_OF = ("of", "the", "definition", "of")
DEFINITIONS_CLAUSE = "A1.1"
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
    "part": ("Part", "Parts"),
    "schedule": ("Schedule", "Schedules"),
    "clause": ("Clause", "Clauses"),
    "annex": ("Annex",),
    "act": ("Act",),
    "document": ("DCC Licence",),
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
#: Anchors that may open a numbered citation of another document ("Part 4.4 of the SMKI
#: Compliance Policy", "Schedule 1 of an Accession Agreement", "section 88 of the … Act 2008").
NUMBERED = frozenset({"section", "paragraph", "condition", "part", "schedule", "clause", "annex"})
#: What "other Energy Codes" names.
ENERGY_CODES = "Energy Codes"

# --- external citations -------------------------------------------------------------------

#: The number of an Act's section, a Licence condition or a document's part: "88", "5A", "4.4".
EXTERNAL_NUMBER = re.compile(r"^\d+(?:\.\d+)*[A-Z]*$")
#: Words that close a document's name: "… Energy Act 2008", "… DCC Licence", "… Policy".
DOCUMENT_CLOSERS = frozenset({"Act", "Regulations", "Order", "Licence", "Licences", "Agreement",
                              "Policy", "Procedure", "RAPP", "CPS", "Methodology", "Specification"})
#: The words between the number and the name: "of the", "of an".
EXTERNAL_OF = "of"
ARTICLES = frozenset({"the", "an", "a"})
#: A word of a document's or a defined term's name, and the small words allowed between two.
NAME_WORD = re.compile(r"^[A-Z]")
NAME_SMALL_WORDS = frozenset({"and", "of", "for", "the", "in", "on", "to", "-"})
#: Most words in such a name.
NAME_WORDS = 10
#: An Act's year after its name.
YEAR = re.compile(r"^\d{4}$")

# --- after a reference --------------------------------------------------------------------

#: How alike (difflib's ratio of the normalised texts) a bracket and the target's heading must
#: be for the bracket to quote it, stale ("(Completion of Tests)" for "Completion of Testing").
NEAR_HEADING = 0.75
#: A bracket right after a reference: "Section D1.3 (Persons Entitled to Submit …)".
BRACKET_AFTER = re.compile(r"[ \t]*\n?[ \t]*\(([^()]{1,200})\)")
#: Small words a quoted heading may leave in lower case.
HEADING_SMALL_WORDS = frozenset(
    ["a", "an", "and", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "under", "with"]
)
#: A word of a quoted heading that must be capitalised (or a number).
HEADING_WORD = re.compile(r"^[\W_]*[A-Z0-9]")
