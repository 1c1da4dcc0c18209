"""Precision and recall of finder + resolver against a hand-labelled list (seed 000's clauses)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

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
    got = Counter((r.ref.source_id, r.ref.text, tuple(r.target_ids), r.status.value, r.ref.quoted_heading)
                  for r in references(version))
    hits = sum((expected & got).values())
    precision = hits / sum(got.values())
    recall = hits / sum(expected.values())
    print(f"\nxrefs seed 000: {sum(expected.values())} labelled, {sum(got.values())} found, "
          f"precision {precision:.3f}, recall {recall:.3f}")
    assert got - expected == Counter(), "false positives"
    assert expected - got == Counter(), "missed"
    assert precision == recall == 1.0
