"""The finder's own tokenizer splits text exactly as spaCy's blank English tokenizer does.

The finder used spaCy's tokenizer (with the SEC's infixes and suffix); it now uses
``redline.refs.tokens`` so that finding references never imports spaCy.  These tests hold the
two to the same tokens — text, offset and trailing space — on every line of the bundled corpus,
the seeds, the accuracy set and a synthetic Code, and on hand-made hard cases.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.util import compile_infix_regex, compile_suffix_regex

from redline.refs import patterns as pat
from redline.refs.find import find_references
from redline.refs.tokens import Tokens
from redline.tools.synth import generate, write_corpus

ROOT = Path(__file__).resolve().parents[1]
#: spaCy's own infixes and suffixes, before the SEC's two infixes and one suffix.
SEC_INFIXES = pat.INFIXES[-2:]
SEC_SUFFIXES = pat.SUFFIXES[-1:]


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    """spaCy's blank English tokenizer as the finder had it: no special cases, the SEC's rules added."""
    nlp = spacy.blank("en")
    nlp.tokenizer.rules = {}
    nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, *SEC_INFIXES]).finditer
    nlp.tokenizer.suffix_search = compile_suffix_regex([*nlp.Defaults.suffixes, *SEC_SUFFIXES]).search
    return nlp


def _spacy(nlp: spacy.language.Language, text: str) -> list[tuple[str, int, bool]]:
    return [(t.text, t.idx, bool(t.whitespace_)) for t in nlp.make_doc(text)]


def _ours(text: str) -> list[tuple[str, int, bool]]:
    tokens = Tokens(text)
    assert tokens.size == len(tokens.texts)
    return list(zip(tokens.texts, tokens.idx, tokens.spaced, strict=True))


@pytest.mark.parametrize("text", [
    "Section D1.3(a)(ii), (b) and C4.2.", "this Section Z.", "the Party's Act 2008;", "a  b", "a\nb",
    "a \n b", " lead", "trail  ", "well-known e.g. 88A-2 x/y (a)-(c) \"Section\" [D1]",
    "Sections G7.18–G7.22 ¶ x", "U.K. Ltd. 3.2.4.", "5km, 20M and 3.5% (£10)", "“Quoted”, ‘single’…",
    "http://x.example.com/a?b=1 Section", "Gordon.Hextall@example.com", "section-A.txt", "§4 +5 =6",
    "paragraphs (a)(i) to (c)", "X2.3(a), (b)", "DCC Licence\tand other Energy Codes", "",
])
def test_hard_cases(nlp: spacy.language.Language, text: str) -> None:
    assert _ours(text) == _spacy(nlp, text)


def _lines() -> list[str]:
    files = [p for folder in ("corpus", "tests/data/refs_accuracy") for p in sorted((ROOT / folder).rglob("*"))
             if p.is_file() and p.suffix in (".txt", ".md", "")]
    return [line for path in files for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_corpus_and_accuracy_line(nlp: spacy.language.Language) -> None:
    lines = _lines()
    assert len(lines) > 1500
    for line in lines:
        assert _ours(line) == _spacy(nlp, line), line


def test_every_synthetic_line(nlp: spacy.language.Language, tmp_path: Path) -> None:
    write_corpus(generate(0.05, 7), tmp_path)
    for path in sorted(tmp_path.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert _ours(line) == _spacy(nlp, line), line


def test_anchor_phrases_split_as_written() -> None:
    for phrases in pat.ANCHORS.values():
        for phrase in phrases:
            assert Tokens(phrase).texts == phrase.split()


def test_finding_references_does_not_import_spacy() -> None:
    code = ("import sys; from redline.read import read_version; from redline.refs import references; "
            f"references(read_version([{str(ROOT / 'corpus' / 'sec-5.18')!r}])); "
            "print('spacy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={"PYTHONPATH": str(ROOT), "REDLINE_CACHE": "off", "PATH": "/usr/bin:/bin"})
    assert result.stdout.strip() == "False"


def test_found_references_are_unchanged_in_shape() -> None:
    """A sanity check on the tokens' use: a list, a range and a qualified paragraph."""
    from redline.models import Unit, UnitKind

    unit = Unit("u", UnitKind.CLAUSE, "D1.1", text="See Sections G7.18 to G7.22 and paragraph (b) of Section C4.2.")
    refs = find_references([unit])
    assert [(r.text, [(t.first, t.last) for t in r.targets]) for r in refs] == [
        ("Sections G7.18 to G7.22", [("G7.18", "G7.22")]), ("paragraph (b) of Section C4.2", [("C4.2(b)", None)])]
