"""Precision and recall of finder + resolver against hand-labelled lists: seed 000's clauses, and
the synthetic SEC-style accuracy set (``tests/data/refs_accuracy``)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import accuracy_labels
import accuracy_report

from redline.read import read_version
from redline.refs import references

ROOT = Path(__file__).resolve().parents[1]
LABELS = Path(__file__).with_name("data") / "xrefs_seed000.json"


def test_precision_and_recall_on_seed_000_clauses() -> None:
    labelled = json.loads(LABELS.read_text(encoding="utf-8"))
    version = read_version([ROOT / labelled["corpus"]])
    key = ("source", "text", "targets", "status", "quoted_heading")
    expected = Counter(tuple(tuple(r[k]) if k == "targets" else r[k] for k in key)
                       for r in labelled["references"])
    got = Counter((r.ref.source_id, r.ref.text, tuple(r.target_ids), r.status.value, r.quoted_heading)
                  for r in references(version))
    hits = sum((expected & got).values())
    precision = hits / sum(got.values())
    recall = hits / sum(expected.values())
    print(f"\nxrefs seed 000: {sum(expected.values())} labelled, {sum(got.values())} found, "
          f"precision {precision:.3f}, recall {recall:.3f}")
    assert got - expected == Counter(), "false positives"
    assert expected - got == Counter(), "missed"
    assert precision == recall == 1.0


def test_accuracy_set_is_built_from_its_labelled_source() -> None:
    assert accuracy_labels.main(["--check"]) == 0, "run python3 tests/accuracy_labels.py"


def test_accuracy_set_covers_every_form_with_250_references() -> None:
    labels = json.loads((accuracy_report.DIR / "labels.json").read_text(encoding="utf-8"))["references"]
    forms = Counter(r["form"] for r in labels)
    assert sum(forms.values()) >= 250
    assert set(forms) == {"ordinary", "qualified", "definition_paragraph", "appendix", "external",
                          "heading", "range_self", "this_code"}


def test_precision_and_recall_on_the_accuracy_set() -> None:
    table, missed, extra = accuracy_report.scores()
    total = table["all"]
    print(f"\naccuracy set: {total.labelled} labelled, {total.found} found, "
          f"precision {total.precision:.3f}, recall {total.recall:.3f}")
    assert total.precision >= 0.99 and total.recall >= 0.99, (missed, extra)
    assert all(score.precision >= 0.99 and score.recall >= 0.99 for score in table.values()), table
