"""Every token pattern and regular expression of the reference finder, in one place.

The finder works in three layers: a regex prefilter (:data:`CUE`) picks short windows of text
worth tokenizing; the tokenizer splits them as spaCy's blank English one would (its rules are
here too); an *anchor* is looked up by its tokens ("Section", "paragraph", "this Code", "other
Energy Codes"); the finder then reads what follows the anchor token by
token (an id, a list or range, an Act's name), using the token classes here.
"""

from __future__ import annotations

import re

# --- prefilter --------------------------------------------------------------------------

#: Words that can open a reference; only windows starting at one of these are tokenized.
#: Every alternative opens with a literal letter, so the regex engine skips to the next of
#: those letters instead of trying each alternative at every position (three times faster).
CUE = re.compile(
    r"Sections?\b|sections?\b|sub-paragraphs?\b|Sub-paragraphs?\b|Paragraphs?\b|paragraphs?\b|Append(?:ix|ices)\b"
    r"|Conditions?\b"
    r"|Parts?\b|Schedules?\b|Clauses?\b|clauses?\b|Annex\b"
    r"|This\s+(?:Section|Appendix)\b|this\s+(?:Section|Appendix)\b"
    r"|This\s+Code\b|this\s+Code\b|other\s+Energy\s+Codes\b|DCC\s+Licence\b|Act\s+\d{4}\b"
)
#: How a cue that is its own window ("this Code", "the DCC Licence", "… Act 2018") ends; no
#: other does.
FIXED_CUE_ENDS = ("Code", "Codes", "Licence", *"0123456789")
#: A window runs from a cue over the ids, labels and joiners after it (:data:`LIST_RUN`); when
#: "of the" follows ("section 88 of the Energy Act 2008") it takes this many characters more,
#: up to the next space; after "of the definition of" (a defined term's paragraph) this many.
#: "of Section …" / "of Appendix …" / "of paragraph (b)" runs on into that cue's window.  A fixed cue is its own
#: window; an Act's ("Act 2018") starts at its name (:data:`NAME_BEFORE`).
EXTERNAL_WINDOW = 64
DEFINITION_WINDOW = 120
OF_THE = re.compile(r"\s*(?:of\s+|(?<=\bto\s))(?:the|an|a)\s")
#: "… 5 of Schedule 2 …": the window runs on into the next numbered part's.
OF_NUMBERED = re.compile(r"\s*of\s+(?=(?:Schedules?|Conditions?|Parts?|Annex|[Pp]aragraphs?|[Ss]ections?|"
                         r"[Cc]lauses?)\s+\d)")
OF_DEFINITION = re.compile(r"\s*of\s+the\s+definition\s+of\s")
OF_UNIT = re.compile(r"\s*of\s+(?:(?:this\s+|each\s+of\s+)?(?=Sections?\b|Appendix\b)|(?=paragraph\s+\())")
#: The capitalised name before "Act 2018" ("Banking and Financial Dealings "), in the
#: characters before the cue; small words only between capitalised ones.
NAME_BEFORE = re.compile(r"(?:[A-Z][\w’'-]*\s+(?:(?:and|of|for|the|in|on)\s+)?){1,10}$")
ACT_LOOKBEHIND = 120
#: Joins windows into one text for the tokenizer; "¶" is in no pattern, so nothing matches across.
SEPARATOR = " \u00b6 "

# --- token classes ------------------------------------------------------------------------

#: A Code id after "Section": "D", "D1", "D2A", "D1.3", "D9A.2", "L13.42".
CODE_ID = r"^[A-Z](?:\d+[A-Z]?(?:\.\d+[A-Z]?)*)?$"
#: An appendix's own number ("3.2", "3.2.4") or an Act's section number ("88").
NUMBER_ID = r"^\d+(?:\.\d+)*$"
#: Either kind of id, as the list reader meets it.
TARGET_ID = re.compile(f"{CODE_ID}|{NUMBER_ID}")
#: What may follow a cue within one reference: ids, labels, joiners, "above", a dash before an
#: id or label (never one glued to a word: the window's end would change how its id splits).
LIST_RUN = re.compile(
    r"(?:[\s,]+|[–—-](?=\s*(?:[A-Z]?\d|[A-Z]\b|\())|\b(?:and|or|to|above|below)\b|\b[A-Z]{1,2}\b|[A-Z]?\d+[A-Z]?(?:\.\d+[A-Z]?)*"
    r"|\([a-zA-Z0-9]{1,6}\))*"
)
#: An appendix code: "AG", "M".
APPENDIX_CODE = re.compile(r"^[A-Z]{1,2}$")
#: A Schedule's number: "3".
SCHEDULE_NUMBER = re.compile(r"^\d+$")
#: A list label inside brackets: "a", "aa", "iv", "A".
LABEL = re.compile(r"^(?:[a-z]{1,2}|[ivxl]{1,6}|[A-Z]{1,2})$")
#: An id that qualifies a paragraph: "C4.2" in "paragraph (b) of Section C4.2".
CODE_ID_TOKEN = re.compile(CODE_ID)
#: A defined term's paragraph: "paragraph (b)(ii) of the definition of Anomaly Detection
#: Threshold in Section A1"; the definitions clause its id is taken under.
OF_THE_DEFINITION_OF = ("of", "the", "definition", "of")
#: Quotation marks a defined term's name may stand in there ("… of the definition of “Party”"):
#: opening mark → closing mark.
QUOTES = {"“": "”", '"': '"', "‘": "’", "'": "'"}
DEFINITIONS_CLAUSE = "A1.1"
#: The words after "paragraph (b) of" that name the clause (or clauses) it is under: "of Section
#: C4.2", "of Sections C4.2 and C4.3", in an Appendix "of Section 3.2" and "of paragraph 3.2".
SECTION_WORDS = frozenset({"Section", "Sections"})
QUALIFYING_WORDS = SECTION_WORDS | {"paragraph"}
#: "paragraphs (a) and (b) of each of Sections C4.2 and C4.3": the paragraphs of every clause listed.
EACH_OF = ("each", "of")
#: Words joining the targets of one reference; "to" makes a range.
JOINERS = frozenset({",", "and", "or", "to"})
RANGE_WORD = "to"
#: Dashes that make a range between two targets of one kind ("Sections G7.18–G7.22", "G7.18 -
#: G7.22"), and a glued label range as the tokenizer leaves it ("(a)–(c)": "(", "a)–(c", ")").
DASHES = frozenset({"-", "–", "—"})
GLUED_LABEL_RANGE = re.compile(r"^(?P<first>[a-zA-Z0-9]{1,6})\)[–—-]\((?P<last>[a-zA-Z0-9]{1,6})$")
#: A glued range of appendix numbers the tokenizer leaves whole ("3.1–3.2": it splits only a
#: hyphen between digits).
GLUED_NUMBER_RANGE = re.compile(r"^(?P<first>\d+(?:\.\d+)*)[–—](?P<last>\d+(?:\.\d+)*)$")
#: Words after a relative paragraph reference ("paragraph (c) above").
DIRECTION = frozenset({"above", "below"})

# --- tokenizer ----------------------------------------------------------------------------
# The rules of spaCy's blank English tokenizer (``spacy/lang/punctuation.py``), written out so
# that the finder need not import spaCy: the same prefixes, suffixes and infixes, in the same
# order, over the character classes of Latin text (spaCy's cover every script; ``tests/
# test_refs_tokens.py`` checks the two tokenizers agree on every window of the corpus and of a
# synthetic Code).  No special cases (spaCy's English contractions and abbreviations are turned
# off) and no URL rule: neither is part of a reference.

_LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff"
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de"
_ALPHA = _LOWER + _UPPER
_QUOTES = "'\"”“`‘´’‚,„»«「」『』（）〔〕【】《》〈〉〈〉⟦⟧"
_PUNCT_LIST = ("…", "……", ",", ":", ";", "\\!", "\\?", "¿", "؟", "¡", "\\(", "\\)", "\\[", "\\]", "\\{",
               "\\}", "<", ">", "_", "#", "\\*", "&", "。", "？", "！", "，", "、", "；", "：", "～", "·",
               "।", "،", "۔", "؛", "٪")
_PUNCT = "|".join(_PUNCT_LIST)
_QUOTE_LIST = tuple("\\'" if q == "'" else q for q in _QUOTES)
_ELLIPSES = (r"\.\.+", "…")
_ICONS = ("[\u00a6\u00a9\u00ae\u00b0\u2100-\u214f\u2190-\u21ff\u2300-\u23ff\u2500-\u27bf\u2b00-\u2bff]",)
_CURRENCY = ("\\$", "£", "€", "¥", "฿", "US\\$", "C\\$", "A\\$", "₽", "﷼", "₴")
_UNITS = ("km km² km³ m m² m³ dm dm² dm³ cm cm² cm³ mm mm² mm³ ha µm nm yd in ft kg g mg µg t lb oz "
          "m/s km/h kmh mph hPa Pa mbar mb MB kb KB gb GB tb TB T G M K %").replace(" ", "|")
_HYPHENS = "-|–|—|--|---|——|~"

#: What comes off the front of a chunk between spaces, tried in this order.
PREFIXES = ("§", "%", "=", "—", "–", r"\+(?![0-9])", *_PUNCT_LIST, *_ELLIPSES, *_QUOTE_LIST,
            *_CURRENCY, *_ICONS)
#: What comes off its end (the longest wins); the last one is the SEC's own, so a Section
#: letter ending a sentence ("this Section Z.") loses its full stop.
SUFFIXES = (*_PUNCT_LIST, *_ELLIPSES, *_QUOTE_LIST, *_ICONS, "'s", "'S", "’s", "’S", "—", "–",
            r"(?<=[0-9])\+", r"(?<=°[FfCcKk])\.", f"(?<=[0-9])(?:{'|'.join(_CURRENCY)})",
            f"(?<=[0-9])(?:{_UNITS})", f"(?<=[0-9{_LOWER}%²\\-\\+{_PUNCT}{_QUOTES}])\\.",
            f"(?<=[{_UPPER}][{_UPPER}])\\.", r"(?<=^[A-Z])\.")
#: What splits what is left; the last two are the SEC's own, so "D1.3(a)" and "X2.3(a)(ii)"
#: split into id and bracketed labels.
INFIXES = (*_ELLIPSES, *_ICONS, r"(?<=[0-9])[+\-\*^](?=[0-9-])", f"(?<=[{_LOWER}{_QUOTES}])\\.(?=[{_UPPER}{_QUOTES}])",
           f"(?<=[{_ALPHA}]),(?=[{_ALPHA}])", f"(?<=[{_ALPHA}0-9])(?:{_HYPHENS})(?=[{_ALPHA}])",
           f"(?<=[{_ALPHA}0-9])[:<>=/](?=[{_ALPHA}])",
           r"(?<=[0-9A-Za-z)])\((?=[0-9A-Za-z]{1,6}(?:\)|$))", r"(?<=[0-9A-Za-z])\)(?=\()")
PREFIX = re.compile("|".join(f"^{piece}" for piece in PREFIXES))
SUFFIX = re.compile("|".join(f"{piece}$" for piece in SUFFIXES))
INFIX = re.compile("|".join(INFIXES))
#: A URL, an e-mail address or a file name ("section-A.txt") stays one token (spaCy's URL_MATCH).
URL = re.compile(
    r"(?:(?:[\w\+\-\.]{2,})://)?(?:\S+(?::\S*)?@)?(?:(?!(?:10|127)(?:\.\d{1,3}){3})"
    r"(?!(?:169\.254|192\.168)(?:\.\d{1,3}){2})(?!172\.(?:1[6-9]|2\d|3[0-1])(?:\.\d{1,3}){2})"
    r"(?:[1-9]\d?|1\d\d|2[01]\d|22[0-3])(?:\.(?:1?\d{1,2}|2[0-4]\d|25[0-5])){2}"
    r"(?:\.(?:[1-9]\d?|1\d\d|2[0-4]\d|25[0-4]))"
    r"|(?:(?:[A-Za-z0-9\u00a1-\uffff][A-Za-z0-9\u00a1-\uffff_-]{0,62})?[A-Za-z0-9\u00a1-\uffff]\.)+"
    f"(?:[{_LOWER}]{{2,63}}))"
    r"(?::\d{2,5})?(?:[/?#]\S*)?")
#: Runs of space and of non-space, as the tokenizer walks them.
SPACE_RUNS = re.compile(r"\S+|\s+")
#: Whitespace other than single spaces between words (the tokenizer then walks every run).
ODD_SPACE = re.compile(r"[^\S ]|  |^ |^$")
#: A chunk no prefix, suffix or infix can touch: one token as it stands (most words).
PLAIN = re.compile(r"[A-Za-z]+|[0-9]+")

# --- anchors (looked up by their tokens) --------------------------------------------------------

#: Phrases that open a reference, by anchor kind.  Where two overlap the longer wins ("this
#: Section" over "Section").  A "section"/"condition" anchor followed by "88 of the … Act" or
#: "22 of the … Licence" is an external reference.
ANCHORS: dict[str, tuple[str, ...]] = {
    "section": ("Section", "Sections", "section", "sections"),
    "part": ("Part", "Parts"),
    "schedule": ("Schedule", "Schedules"),
    "clause": ("Clause", "Clauses", "clause", "clauses"),
    "annex": ("Annex",),
    "act": ("Act",),
    "document": ("DCC Licence",),
    "this_section": ("this Section", "This Section"),
    "paragraph": ("paragraph", "paragraphs", "Paragraph", "Paragraphs"),
    "appendix": ("Appendix", "Appendices"),
    "this_appendix": ("this Appendix", "This Appendix"),
    "this_code": ("this Code", "This Code"),
    "condition": ("Condition", "Conditions"),
    "external": ("other Energy Codes",),
}
#: The words of a paragraph anchor, as one after a clause's id meets them ("Section C1.1 paragraph (b)").
PARAGRAPH_WORDS = frozenset(ANCHORS["paragraph"])
#: The tokens just before a paragraph anchor that make it name the sub-paragraph level
#: ("sub-paragraph (i) above", split as "sub", "-", "paragraph"), written without spaces.
SUB_LEVEL = ("sub", "-")
SUB_LEVEL_CAPITAL = ("Sub", "-")
#: Anchor kinds read only as an Appendix's own numbers ("Clause 3.2 of Appendix AG", "Part 3 of
#: Appendix AG"), of kind "section" as "Section 3.2 of Appendix AG" is; another document's
#: ("clause 5 of the Framework Agreement") is external.
APPENDIX_PARTS = frozenset({"clause", "part"})
#: How an Appendix's id is written ("Appendix AG"), and a Schedule's ("Schedule 3").
APPENDIX_WORD = "Appendix "
SCHEDULE_WORD = "Schedule "
#: Anchor kinds naming units by a code, listed and ranged ("Appendices A and B", "Schedules 1 to
#: 3"): the code's pattern and how the unit's id is written.
CODED = {"appendix": (APPENDIX_CODE, APPENDIX_WORD), "schedule": (SCHEDULE_NUMBER, SCHEDULE_WORD)}
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
#: Words that close the name of another document only when it has two or more capitalised words
#: ("Retail Energy Code", "Incident Management Guidance", "ISO 27001 Standard"): "the Code" is the
#: SEC itself, and so is its own name.
NAMED_DOCUMENT_CLOSERS = frozenset({"Code", "Guidance", "Standard"})
THE_CODE_NAMES = frozenset({"Smart Energy Code"})
#: The words between the number and the name: "of the", "of an"; a Schedule is "to" its Act
#: ("Schedule 2 to the Energy Act 2008").
EXTERNAL_OF = "of"
SCHEDULE_TO = "to"
#: The words of the numbered anchors, as a chain of parts meets them ("paragraph 5 of Schedule 2
#: to …", "paragraph 2 of Condition 13 of the DCC Licence"), and a Schedule's.
NUMBERED_WORDS = frozenset(word for kind in NUMBERED for word in ANCHORS[kind])
SCHEDULE_WORDS = frozenset(ANCHORS["schedule"])
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
