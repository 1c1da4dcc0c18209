"""A synthetic full-size SEC: deterministic, obviously fake, in the plain-text corpus layout.

``generate(scale, seed)`` first plans Sections A–Z and Appendices AA–AZ (parts, clauses,
paragraph lists, headings, A1.1 definitions; every count scales linearly, 1.0 being full size)
and then writes their words from a vocabulary of legal phrases, with defined terms (singular and
plural) and cross-references in every form the SEC uses pointing at units of the plan.  The
same scale and seed give byte-identical files: one ``random.Random(seed)``, no clock, no sets
iterated.
"""

from __future__ import annotations

import io
import math
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from string import ascii_uppercase

from redline.models import RedlineError
from redline.read import labels as lab

#: Counts at scale 1 (the SEC's own size is of this order).
SECTION_CLAUSES = 9000
APPENDIX_CLAUSES = 2200
DEFINITIONS = 1600

SECTION_CODES = tuple(ascii_uppercase)
APPENDIX_CODES = tuple(f"A{c}" for c in ascii_uppercase)

#: Roles of generated lines: they decide the .docx style and the definition table.
SECTION, PART, HEADING, DEFINITION, TEXT = "section", "part", "heading", "definition", "text"

Line = tuple[str, str]  # (role, text); a definition's text is "term<TAB>definition"
Shape = list  # a list level: one entry per paragraph, each the Shape of its own sub-list

# --- vocabulary (no word that starts a line may begin "De": the reader takes such lines for
# Word balloons) ------------------------------------------------------------------------------

_ADJECTIVES = (
    "Annual", "Approved", "Assured", "Bilateral", "Central", "Certified", "Charging", "Communal",
    "Compliance", "Consumer", "Core", "Credit", "Enrolled", "Entry", "Exit", "Export", "Final",
    "Gas", "Import", "Incident", "Interim", "Key", "Local", "Metering", "Network", "Notified",
    "Operational", "Panel", "Parallel", "Primary", "Quarterly", "Registered", "Regulated", "Remote",
    "Reserve", "Restricted", "Secondary", "Secure", "Service", "Settlement", "Shared", "Smart",
    "Standard", "Supplier", "Technical", "Test", "Transitional", "Trusted", "Validated", "Volume",
)
_NOUNS = (
    ("Account", "Accounts"), ("Agent", "Agents"), ("Agreement", "Agreements"),
    ("Arrangement", "Arrangements"), ("Assessment", "Assessments"), ("Authority", "Authorities"),
    ("Body", "Bodies"), ("Certificate", "Certificates"), ("Charge", "Charges"),
    ("Committee", "Committees"), ("Schedule", "Schedules"), ("Notice", "Notices"),
    ("Document", "Documents"), ("Entity", "Entities"), ("Event", "Events"),
    ("Facility", "Facilities"), ("Gateway", "Gateways"), ("Hub", "Hubs"), ("Index", "Indexes"),
    ("Interface", "Interfaces"), ("Licence", "Licences"), ("Log", "Logs"), ("Party", "Parties"),
    ("Period", "Periods"), ("Plan", "Plans"), ("Policy", "Policies"), ("Process", "Processes"),
    ("Procedure", "Procedures"), ("Provider", "Providers"), ("Record", "Records"),
    ("Register", "Registers"), ("Report", "Reports"), ("Request", "Requests"),
    ("Requirement", "Requirements"), ("Response", "Responses"), ("Review", "Reviews"),
    ("Statement", "Statements"), ("System", "Systems"),
    ("Tariff", "Tariffs"), ("Threshold", "Thresholds"), ("User", "Users"), ("Variation", "Variations"),
    ("Window", "Windows"),
)
_TITLE_WORDS = (
    "Accession", "Obligations", "Charges", "Security", "Testing", "Registration", "Governance",
    "Reporting", "Enrolment", "Communications", "Audit", "Liability", "Suspension", "Recovery",
    "Migration", "Assurance", "Performance", "Confidentiality", "Interfaces", "Services",
    "Metering", "Settlement", "Incidents", "Records", "Reviews", "Variations", "Notices",
    "Budgets", "Procurement", "Transition", "Exit", "Keys", "Certificates", "Thresholds",
)
_MODALS = ("shall", "shall", "shall", "may", "shall not", "shall, where reasonably practicable,")
_ACTIONS = (
    "notify {o} of {p}", "publish {o}", "maintain a record of {o}", "provide {o} to {p}",
    "take all reasonable steps to ensure that {o} is kept up to date", "consult with {o}",
    "co-operate with {o} in relation to {p}", "have regard to {o}", "submit {o} to {p}",
    "comply with {o}", "establish and maintain {o}", "review {o} at least once in each year",
    "procure that {o} is reconciled with {p}", "make available to {o} a copy of {p}",
    "give reasonable notice to {o} before suspending {p}", "agree with {o} the form of {p}",
)
_PASSIVES = ("is held by", "is notified to", "is provided by", "relates to", "is published by",
             "is maintained by", "is required by", "is approved by")
_CONDITIONS = ("becomes aware of {o}", "has given notice to {o}", "is required to comply with {o}",
               "reasonably believes that {o} is no longer accurate", "receives {o} from {p}",
               "ceases to hold {o}")
_PLAIN_QUALIFIERS = (
    "as soon as reasonably practicable", "within five days", "without undue delay",
    "in a timely manner", "at its own cost", "unless otherwise agreed", "from time to time",
    "on request", "in writing", "acting reasonably", "in good faith", "in respect of each year",
)
_REF_QUALIFIERS = (
    "in accordance with {r}", "pursuant to {r}", "subject to {r}", "for the purposes of {r}",
    "as described in {r}", "save as provided in {r}", "without prejudice to {r}",
    "as set out in {r}", "notwithstanding {r}", "in the manner specified in {r}",
)
_ACTS = ("Energy Act 2008", "Electricity Act 1989", "Gas Act 1986", "Utilities Act 2000")
_LICENCES = ("DCC Licence", "Electricity Supply Licence", "Gas Supply Licence")
_TAILS = ("and {s} {m} {a}{q}", "provided that {o} {c}", "save that {s} may {a}",
          "in each case {q2}", "unless {s} {c}", "or {s} {m} {a}{q}")

#: Weights of the reference forms, in the order of ``_Writer.forms`` (the last, "section 3.2"
#: inside an appendix, is weighted there).
_FORM_WEIGHTS = (30, 10, 10, 2, 4, 4, 6, 6, 5, 8, 4, 4)
#: Share of qualifier slots that hold a cross-reference (tunes the reference density).
_REF_SHARE = 0.5


# --- the plan -----------------------------------------------------------------------------

@dataclass
class Clause:
    """A numbered clause: heading, list shape and, in an appendix, numbered sub-clauses.

    ``shape`` has one entry per paragraph (a), (b)…, each the shape of its (i), (ii)… list.
    """

    num: str
    heading: str = ""
    shape: Shape = field(default_factory=list)
    children: list[Clause] = field(default_factory=list)


@dataclass
class Part:
    """A part ("D9A") or, in an appendix, a numbered heading ("3")."""

    label: str
    title: str
    clauses: list[Clause]


@dataclass
class Division:
    """A Section or an Appendix."""

    code: str
    title: str
    parts: list[Part]

    @property
    def appendix(self) -> bool:
        """True for an Appendix."""
        return len(self.code) == 2

    @property
    def filename(self) -> str:
        """section-D.txt, appendix-AG.txt (without the suffix)."""
        return f"{'appendix' if self.appendix else 'section'}-{self.code}"

    def clauses(self) -> list[Clause]:
        """Every clause, sub-clauses after their parent."""
        return [c for p in self.parts for top in p.clauses for c in (top, *top.children)]


@dataclass
class Plan:
    """What will be generated: the divisions and the defined terms (by frequency rank)."""

    scale: float
    seed: int
    divisions: list[Division]
    terms: list[tuple[str, str]]  # (singular, plural), most used first

    @property
    def clause_count(self) -> int:
        """Numbered clauses (A1.1 and appendix sub-clauses included)."""
        return sum(len(d.clauses()) for d in self.divisions)

    @property
    def definition_count(self) -> int:
        """Definitions in A1.1."""
        return len(self.terms)


@dataclass
class Corpus:
    """The generated files (name → lines) and what they hold."""

    plan: Plan
    files: dict[str, list[Line]]
    references: Counter[str] = field(default_factory=Counter)  # by form
    term_uses: Counter[str] = field(default_factory=Counter)

    @property
    def header(self) -> str:
        """The first line of every file."""
        return (f"# SYNTHETIC: generated by redline synth (scale {self.plan.scale:g}, "
                f"seed {self.plan.seed}); not SEC text.")

    def text(self, name: str) -> str:
        """One file in the plain-text layout."""
        body = (t for _, t in self.files[name])
        return "\n".join((self.header, *body)) + "\n"

    @property
    def reference_count(self) -> int:
        """Cross-references written, every form counted (stale headings are among them)."""
        return sum(n for form, n in self.references.items() if form != "stale_heading")

    def word_count(self) -> int:
        """Words of all files, headers excluded."""
        return sum(len(t.split()) for lines in self.files.values() for _, t in lines)


def _spread(total: int, weights: list[float], minimum: int = 1) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainders), each at least ``minimum``."""
    spare = max(0, total - minimum * len(weights))
    shares = [spare * w / sum(weights) for w in weights]
    counts = [math.floor(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: counts[i] - shares[i])
    for i in order[: spare - sum(counts)]:
        counts[i] += 1
    return [c + minimum for c in counts]


def _labels(rng: random.Random, n: int, inserted: float) -> list[str]:
    """n numbers 1, 2, 2A, 3…: an inserted "A" number now and then, as amendments leave them."""
    out: list[str] = []
    number = 0
    while len(out) < n:
        if out and not out[-1].endswith("A") and rng.random() < inserted:
            out.append(f"{number}A")
        else:
            number += 1
            out.append(str(number))
    return out


def _title(rng: random.Random) -> str:
    """A heading or title: "Audit and Recovery", "Central Obligations"."""
    if rng.random() < 0.3:
        return " and ".join(rng.sample(_TITLE_WORDS, 2))
    return f"{rng.choice(_ADJECTIVES)} {rng.choice(_TITLE_WORDS)}"


def _shape(rng: random.Random, share: float) -> Shape:
    """A list of paragraphs for ``share`` of clauses, some with (i) and a few with (A) levels."""
    if rng.random() >= share:
        return []
    paragraphs = rng.choice((2, 2, 3, 3, 3, 4, 4, 5, 6, 7, 9, 12))
    shape: Shape = []
    for _ in range(paragraphs):
        subs = rng.randint(2, 5) if rng.random() < 0.15 else 0
        shape.append([[[] for _ in range(rng.randint(2, 3))] if rng.random() < 0.1 else []
                      for _ in range(subs)])
    return shape


def _section_parts(rng: random.Random, code: str, clauses: int) -> list[Part]:
    parts_n = max(1, round(clauses / rng.uniform(14, 30)))
    sizes = _spread(clauses, [rng.random() ** 2 + 0.05 for _ in range(parts_n)])
    parts = []
    for label, size in zip(_labels(rng, parts_n, 0.12), sizes, strict=True):
        numbers = _labels(rng, size, 0.03)
        parts.append(Part(f"{code}{label}", _title(rng), [
            Clause(f"{code}{label}.{n}", _title(rng) if rng.random() < (0.8 if i == 0 else 0.3) else "",
                   _shape(rng, 0.45))
            for i, n in enumerate(numbers)]))
    return parts


def _appendix_parts(rng: random.Random, clauses: int) -> list[Part]:
    parts_n = max(1, round(clauses / rng.uniform(10, 20)))
    parts = []
    for number, size in enumerate(_spread(clauses, [rng.random() + 0.2 for _ in range(parts_n)]), 1):
        tops: list[Clause] = []
        left = size
        while left:
            num = f"{number}.{len(tops) + 1}"
            group = min(left - 1, rng.randint(2, 5)) if left >= 3 and rng.random() < 0.25 else 0
            top = Clause(num, _title(rng) if group else "", [] if group else _shape(rng, 0.3))
            top.children = [Clause(f"{num}.{k}", shape=_shape(rng, 0.3)) for k in range(1, group + 1)]
            tops.append(top)
            left -= group + 1
        parts.append(Part(str(number), _title(rng), tops))
    return parts


def _terms(rng: random.Random, n: int) -> list[tuple[str, str]]:
    pairs = [(a, noun) for a in _ADJECTIVES for noun in _NOUNS]
    triples = [(a, b, noun) for a in _ADJECTIVES for b in _ADJECTIVES if a != b for noun in _NOUNS]
    if n > len(pairs) + len(triples):
        raise RedlineError(f"scale too large: at most {len(pairs) + len(triples)} defined terms")
    chosen = rng.sample(pairs, min(n, len(pairs)))
    chosen += rng.sample(triples, n - len(chosen))
    return [(" ".join((*words[:-1], words[-1][0])), " ".join((*words[:-1], words[-1][1])))
            for words in chosen]


def plan(scale: float, seed: int) -> Plan:
    """Lay out every Section, Appendix, clause and definition for ``scale`` and ``seed``."""
    if not 0 < scale <= 40:
        raise RedlineError(f"--scale {scale:g}: expected a number above 0 and at most 40")
    rng = random.Random(seed)
    weights = [rng.uniform(0.3, 1.7) for _ in SECTION_CODES]
    section_sizes = _spread(round(SECTION_CLAUSES * scale), weights, 2)
    appendix_sizes = _spread(round(APPENDIX_CLAUSES * scale), [rng.uniform(0.3, 1.7) for _ in APPENDIX_CODES])
    divisions = []
    for code, size in zip(SECTION_CODES, section_sizes, strict=True):
        title = "Definitions and Interpretation" if code == "A" else _title(rng)
        parts = _section_parts(rng, code, size - 1 if code == "A" else size)
        if code == "A":  # A1.1 holds the definitions; the first part is A1
            parts[0].title = "Definitions"
            parts[0].clauses.insert(0, Clause("A1.1"))
            for i, clause in enumerate(parts[0].clauses[1:], start=2):
                clause.num = f"A1.{i}"
        divisions.append(Division(code, title, parts))
    for code, size in zip(APPENDIX_CODES, appendix_sizes, strict=True):
        divisions.append(Division(code, _title(rng), _appendix_parts(rng, size)))
    return Plan(scale, seed, divisions, _terms(rng, max(1, round(DEFINITIONS * scale))))


# --- the words ----------------------------------------------------------------------------

class _Writer:
    """Writes the words of a plan: sentences, lists, definitions and cross-references."""

    def __init__(self, corpus: Corpus, rng: random.Random) -> None:
        self.corpus = corpus
        self.rng = rng
        self.division: Division = corpus.plan.divisions[0]
        sections = [d for d in corpus.plan.divisions if not d.appendix]
        self.sections = sections
        self.appendix_codes = [d.code for d in corpus.plan.divisions if d.appendix]
        self.targets: dict[str, dict[str, list]] = {}  # kind → section code → candidates
        for d in sections:
            clauses = [c for c in d.clauses() if c.num != "A1.1"]
            runs = [p.clauses for p in d.parts if len(p.clauses) >= 3]
            for kind, found in (("clause", clauses), ("headed", [c for c in clauses if c.heading]),
                                ("listed", [c for c in clauses if c.shape]),
                                ("listed3", [c for c in clauses if len(c.shape) >= 3]),
                                ("run", runs), ("part", d.parts)):
                if found:
                    self.targets.setdefault(kind, {})[d.code] = found
        self.pools = {kind: [x for code in by_code for x in by_code[code]] for kind, by_code in self.targets.items()}
        self.cum = list(_cumulative([1 / (rank + 2) for rank in range(len(corpus.plan.terms))]))
        self.forms: list[Callable[[], str | None]] = [
            self.ref_clause, self.ref_headed, self.ref_paragraph, self.ref_paragraphs, self.ref_range,
            self.ref_pair, self.ref_part, self.ref_section, self.ref_this_section, self.ref_code,
            self.ref_appendix, self.ref_external, self.ref_in_appendix]
        self.form_cum: list[float] = []
        self.in_appendix: list[str] = []  # clause numbers of the current appendix

    # --- picking -----------------------------------------------------------------------

    def term(self, plural: bool = False) -> str:
        singular, plural_form = self.rng.choices(self.corpus.plan.terms, cum_weights=self.cum)[0]
        self.corpus.term_uses[singular] += 1
        return plural_form if plural else singular

    def obj(self) -> str:
        if self.rng.random() < 0.3:
            return f"{self.rng.choice(('all', 'such', 'those', 'any'))} {self.term(plural=True)}"
        return f"{self.rng.choice(('the', 'each', 'any', 'the relevant', 'that'))} {self.term()}"

    def pick(self, kind: str) -> object | None:
        """A target of ``kind``, from the current Section more often than not."""
        by_code = self.targets.get(kind)
        if not by_code:
            return None
        here = by_code.get(self.division.code)
        return self.rng.choice(here if here and self.rng.random() < 0.6 else self.pools[kind])

    # --- cross-references, one method per form ------------------------------------------

    def ref(self) -> str:
        for form in self.rng.choices(self.forms, cum_weights=self.form_cum, k=3):
            if found := form():
                self.corpus.references[form.__name__[4:]] += 1
                return found
        self.corpus.references["code"] += 1
        return "this Code"

    def ref_clause(self) -> str | None:
        clause = self.pick("clause")
        return f"Section {clause.num}" if clause else None

    def ref_headed(self) -> str | None:
        clause = self.pick("headed")
        if clause is None:
            return None
        heading = clause.heading
        if self.rng.random() < 0.03:  # a stale heading, as the SEC has after renumbering
            heading = self.pick("headed").heading
            if heading != clause.heading:
                self.corpus.references["stale_heading"] += 1
        return f"Section {clause.num} ({heading})"

    def ref_paragraph(self) -> str | None:
        clause = self.pick("listed")
        if clause is None:
            return None
        k = self.rng.randrange(len(clause.shape))
        label = lab.bracket(lab.label_at(k + 1, lab.LETTER))
        if clause.shape[k] and self.rng.random() < 0.3:
            label += lab.bracket(lab.label_at(self.rng.randint(1, len(clause.shape[k])), lab.ROMAN))
        return f"Section {clause.num}{label}"

    def ref_paragraphs(self) -> str | None:
        clause = self.pick("listed3")
        if clause is None:
            return None
        labels = [lab.bracket(lab.label_at(i, lab.LETTER)) for i in range(1, min(len(clause.shape), 4) + 1)]
        return f"Section {clause.num}{', '.join(labels[:-1])} and {labels[-1]}"

    def ref_range(self) -> str | None:
        run = self.pick("run")
        if run is None:
            return None
        i = self.rng.randrange(len(run) - 2)
        j = min(len(run) - 1, i + self.rng.randint(2, 5))
        return f"Sections {run[i].num} to {run[j].num}"

    def ref_pair(self) -> str | None:
        run = self.pick("run")
        if run is None:
            return None
        i = self.rng.randrange(len(run) - 1)
        return f"Sections {run[i].num} and {run[i + 1].num}"

    def ref_part(self) -> str | None:
        part = self.pick("part")
        if part is None:
            return None
        return f"Section {part.label} ({part.title})" if self.rng.random() < 0.3 else f"Section {part.label}"

    def ref_section(self) -> str:
        section = self.rng.choice(self.sections)
        return f"Section {section.code} ({section.title})"

    def ref_this_section(self) -> str | None:
        return None if self.division.appendix else f"this Section {self.division.code}"

    @staticmethod
    def ref_code() -> str:
        return "this Code"

    def ref_appendix(self) -> str | None:
        return f"Appendix {self.rng.choice(self.appendix_codes)}" if self.appendix_codes else None

    def ref_external(self) -> str:
        if self.rng.random() < 0.5:
            return f"section {self.rng.randint(1, 120)} of the {self.rng.choice(_ACTS)}"
        return f"Condition {self.rng.randint(1, 50)} of the {self.rng.choice(_LICENCES)}"

    def ref_in_appendix(self) -> str | None:
        return f"section {self.rng.choice(self.in_appendix)}" if self.in_appendix else None

    # --- phrases ----------------------------------------------------------------------

    def qualifier(self) -> str:
        if self.rng.random() < _REF_SHARE:
            return self.rng.choice(_REF_QUALIFIERS).format(r=self.ref())
        return self.rng.choice(_PLAIN_QUALIFIERS)

    def action(self) -> str:
        return self.rng.choice(_ACTIONS).format(o=self.obj(), p=self.obj())

    def condition(self) -> str:
        return self.rng.choice(_CONDITIONS).format(o=self.obj(), p=self.obj())

    def sentence(self) -> str:
        rng = self.rng
        kind = rng.randrange(5)
        subject, modal = self.obj(), rng.choice(_MODALS)
        if kind == 0:
            return f"Subject to {self.ref()}, {subject} {modal} {self.action()}."
        if kind == 1:
            return f"Where {self.obj()} {self.condition()}, {subject} {modal} {self.action()} {self.qualifier()}."
        if kind == 2:
            return f"Nothing in {self.ref()} shall require {subject} to {self.action()}."
        return f"{subject[0].upper()}{subject[1:]} {modal} {self.action()} {self.qualifier()}."

    def item(self) -> str:
        kind = self.rng.randrange(3)
        if kind == 0:
            return f"to {self.action()} {self.qualifier()}"
        if kind == 1:
            return f"{self.obj()} which {self.rng.choice(_PASSIVES)} {self.obj()}"
        return f"the date on which {self.obj()} {self.condition()}"

    def tail(self) -> str:
        return self.rng.choice(_TAILS).format(
            s=self.obj(), m=self.rng.choice(_MODALS), a=self.action(), q=f" {self.qualifier()}",
            o=self.obj(), c=self.condition(), q2=self.qualifier())

    # --- units ------------------------------------------------------------------------

    def paragraphs(self, shape: Shape, depth: int, out: list[Line], last: bool) -> None:
        """Write one list level; ``last`` when it ends its clause (a full stop, or a tail)."""
        scheme = lab.SCHEME_BY_DEPTH[depth]
        tail_after = last and depth == 0 and not shape[-1] and self.rng.random() < 0.1
        for k, children in enumerate(shape):
            label = lab.bracket(lab.label_at(k + 1, scheme))
            words = self.item()
            if depth == 0 and k >= 2 and self.rng.random() < 0.12:
                words += f" (other than in the circumstances described in paragraph " \
                         f"{lab.bracket(lab.label_at(self.rng.randint(1, k), scheme))} above)"
                self.corpus.references["paragraph_above"] += 1
            elif depth == 0 and k >= 2 and self.rng.random() < 0.1:
                words += " in addition to the matters referred to in paragraphs (a) and (b)"
                self.corpus.references["paragraphs_local"] += 1
            final = k == len(shape) - 1
            if children:
                out.append((TEXT, f"{label} {words}, in respect of:"))
                # no tail after (h)'s sub-list: the reader would take the next "(i)" as its roman (i)
                tail = depth == 0 and k != 7 and self.rng.random() < 0.1
                self.paragraphs(children, depth + 1, out, last and final and not tail)
                if tail:
                    out.append((TEXT, f"{self.tail()}{'.' if last and final else ';'}"))
                continue
            if final:
                end = "," if tail_after else "." if last else ";"
            else:
                end = "; and" if k == len(shape) - 2 and self.rng.random() < 0.5 else ";"
            out.append((TEXT, f"{label} {words}{end}"))
        if tail_after:
            out.append((TEXT, f"{self.tail()}."))

    def clause(self, clause: Clause, out: list[Line], heading: bool) -> None:
        if heading and clause.heading:
            out.append((HEADING, clause.heading))
        if clause.children:  # an appendix group: "3.2 Incident Resolution", then 3.2.1…
            out.append((TEXT, f"{clause.num} {clause.heading}"))
            for child in clause.children:
                self.clause(child, out, heading)
            return
        if clause.shape:
            intro = self.sentence() if self.rng.random() < 0.5 else ""
            opener = f"{self.obj()} {self.rng.choice(_MODALS)} {self.action()}"
            out.append((TEXT, f"{clause.num} {intro}{' ' if intro else ''}"
                              f"{opener[0].upper()}{opener[1:]} in each of the following cases:"))
            self.paragraphs(clause.shape, 0, out, True)
            return
        sentences = [self.sentence() for _ in range(self.rng.randint(2, 5))]
        out.append((TEXT, f"{clause.num} {' '.join(sentences)}"))

    def definition(self, term: str, out: list[Line]) -> None:
        rng = self.rng
        if rng.random() < 0.35 and (target := self.pick("headed")) is not None:
            self.corpus.references["headed"] += 1
            out.append((DEFINITION, f"{term}\thas the meaning given to that expression in "
                                    f"Section {target.num} ({target.heading})."))
        elif rng.random() < 0.08:
            out.append((DEFINITION, f"{term}\tmeans, in respect of {self.obj()}, the earlier of:"))
            self.paragraphs([[] for _ in range(rng.randint(2, 4))], 0, out, True)
        else:
            out.append((DEFINITION, f"{term}\tmeans {self.obj()} which {rng.choice(_PASSIVES)} "
                                    f"{self.obj()} {self.qualifier()}."))

    def division_lines(self, division: Division) -> list[Line]:
        self.division = division
        self.in_appendix = [c.num for c in division.clauses()] if division.appendix else []
        self.form_cum = _cumulative([*_FORM_WEIGHTS, 30 if division.appendix else 0])
        kind = "APPENDIX" if division.appendix else "SECTION"
        out: list[Line] = [(SECTION, f"{kind} {division.code}: {division.title.upper()}")]
        for part in division.parts:
            out.append((PART, f"{part.label} {part.title.upper()}"))
            for clause in part.clauses:
                if clause.num == "A1.1":
                    out.append((TEXT, "A1.1"))
                    for term in sorted((t for t, _ in self.corpus.plan.terms), key=str.casefold):
                        self.definition(term, out)
                else:
                    self.clause(clause, out, heading=not division.appendix)
        return out


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def generate(scale: float = 1.0, seed: int = 0) -> Corpus:
    """Plan and write the synthetic SEC in memory."""
    corpus = Corpus(plan(scale, seed), {})
    writer = _Writer(corpus, random.Random(f"{seed}:words"))
    for division in corpus.plan.divisions:
        corpus.files[division.filename] = writer.division_lines(division)
    return corpus


# --- files --------------------------------------------------------------------------------

def write_corpus(corpus: Corpus, out: Path, docx: bool = False) -> list[Path]:
    """Write one .txt per Section or Appendix into ``out`` (and a .docx each into out/docx)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for name in corpus.files:
            path = out / f"{name}.txt"
            path.write_text(corpus.text(name), encoding="utf-8", newline="\n")
            written.append(path)
        if docx:
            (out / "docx").mkdir(exist_ok=True)
            for name in corpus.files:
                written.append(_write_docx(corpus, name, out / "docx" / f"{name}.docx"))
    except OSError as exc:
        raise RedlineError(f"{out}: cannot write ({exc.strerror or exc})") from exc
    return written


_EPOCH = datetime(2000, 1, 1)
_DOCX_STYLES = {SECTION: "Heading 1", PART: "Heading 2", HEADING: "Heading 3", TEXT: None}


def _write_docx(corpus: Corpus, name: str, path: Path) -> Path:
    """The same lines as a Word document: typed numbers, the definitions as a two-column table."""
    from docx import Document  # python-docx loads only when asked for

    from redline.emit.package import TEMPLATE, fixed_zip

    document = Document(str(TEMPLATE))
    props = document.core_properties
    props.comments, props.author, props.title = corpus.header[2:], "redline synth", name
    props.created = props.modified = props.last_printed = _EPOCH
    table = None
    for role, text in corpus.files[name]:
        if role == DEFINITION:
            table = table or document.add_table(rows=0, cols=2)
            term, words = text.split("\t", 1)
            cells = table.add_row().cells
            cells[0].text, cells[1].text = term, words
        elif table is not None and role == TEXT and (text[0] == "(" or text[0].islower()):
            table.rows[-1].cells[1].add_paragraph(text)  # a definition's own list and tail
        else:
            table = None
            document.add_paragraph(text, style=_DOCX_STYLES[role])
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(fixed_zip(buffer.getvalue(), _EPOCH.isoformat()))  # python-docx stamps members with the clock
    return path
