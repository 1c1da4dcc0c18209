"""Precision and recall of the reference finder and resolver on the labelled accuracy set.

    PYTHONPATH=. python3 tests/accuracy_report.py      # one row per form, then the total

A found reference counts as right only when everything matches its label: source unit, field,
offset, text, target ids, status, quoted heading, whether that heading is stale, and the
external document.  "this Code" is measured too (it has a kind of its own, left out of the
commands' listings by default).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from redline.check import stale_heading
from redline.read import read_version
from redline.refs import references

DIR = Path(__file__).with_name("data") / "refs_accuracy"
KEY = ("source", "field", "start", "text", "targets", "status", "quoted_heading", "stale", "document")


@dataclass
class Score:
    """One form's counts: labelled, found (at a labelled place of that form, or unlabelled), right."""

    labelled: int = 0
    found: int = 0
    right: int = 0

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.labelled if self.labelled else 1.0


def _key(record: dict) -> tuple:
    return tuple(tuple(record[k]) if k == "targets" else record[k] for k in KEY)


def found_records() -> list[dict]:
    """What the finder and resolver give on the accuracy set, as label-shaped records."""
    version = read_version([DIR / "sec"])
    units = version.by_uid()
    return [{"source": res.ref.source_id, "field": res.ref.field, "start": res.ref.start,
             "text": res.ref.text, "targets": res.target_ids, "status": res.status.value,
             "quoted_heading": res.quoted_heading, "stale": stale_heading(res, units) is not None,
             "document": res.ref.document} for res in references(version)]


def scores() -> tuple[dict[str, Score], list[dict], list[dict]]:
    """Scores by form (and "all"), the missed labels and the wrong or extra findings."""
    labels = json.loads((DIR / "labels.json").read_text(encoding="utf-8"))["references"]
    found = found_records()
    form_at = {(r["source"], r["field"], r["start"]): r["form"] for r in labels}
    expected, got = Counter(map(_key, labels)), Counter(map(_key, found))
    table: dict[str, Score] = {}
    for record in labels:
        table.setdefault(record["form"], Score()).labelled += 1
    for record in found:
        form = form_at.get((record["source"], record["field"], record["start"]), "unlabelled")
        table.setdefault(form, Score()).found += 1
    for key, count in (expected & got).items():
        record = dict(zip(KEY, key, strict=True))
        table[form_at[(record["source"], record["field"], record["start"])]].right += count
    total = Score(len(labels), len(found), sum((expected & got).values()))
    table["all"] = total
    missed = [r for r in labels if (expected - got)[_key(r)]]
    extra = [r for r in found if (got - expected)[_key(r)]]
    return table, missed, extra


def main() -> int:
    table, missed, extra = scores()
    print(f"{'form':<22}{'labelled':>9}{'found':>7}{'right':>7}{'precision':>11}{'recall':>8}")
    for form, score in table.items():
        print(f"{form:<22}{score.labelled:>9}{score.found:>7}{score.right:>7}"
              f"{score.precision:>11.3f}{score.recall:>8.3f}")
    for title, rows in (("missed", missed), ("wrong or extra", extra)):
        for row in rows:
            print(f"{title}: {json.dumps(row, ensure_ascii=False)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
