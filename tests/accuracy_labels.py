"""Build the reference accuracy set from its labelled source (``tests/data/refs_accuracy/marked.txt``).

The source is synthetic SEC-style text with every reference labelled in place,
``[[SPAN|FORM|TARGETS|STATUS|OPTIONS]]`` (its header explains the fields).  This script strips the
labels into the version files ``sec/*.txt`` and writes ``labels.json``: one record per label with
its source unit, field and offset, which it takes from the *reader's* tree (the reader only: the
reference finder is never run here).

    python3 tests/accuracy_labels.py          # rewrite sec/*.txt and labels.json
    python3 tests/accuracy_labels.py --check  # exit 1 when they are out of date
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from redline.read import read_version

DIR = Path(__file__).with_name("data") / "refs_accuracy"
SOURCE = DIR / "marked.txt"
LABEL = re.compile(r"\[\[([^\]|]+)\|([a-z_]+)\|([^|\]]+)\|([a-z]+)(?:\|([^\]]*))?\]\]")
BRACKET = re.compile(r"[ \t]*\(([^()]{1,200})\)")
HEADER = ("# SYNTHETIC SEC-style text (redline's reference accuracy set), NOT text of the Smart\n"
          "# Energy Code. Generated from ../marked.txt by tests/accuracy_labels.py: edit that file.\n")


@dataclass
class Label:
    """One labelled reference: where it stands in the stripped text, and what it should give."""

    file: str
    line: str
    offset: int
    text: str
    form: str
    targets: list[str]
    status: str
    options: list[str]


def strip(source: str) -> tuple[dict[str, str], list[Label]]:
    """The version files' text and the labels, from the marked-up source."""
    files: dict[str, list[str]] = {}
    labels: list[Label] = []
    current = ""
    for raw in source.splitlines():
        if raw.startswith("=== "):
            current = raw[4:].strip()
            files[current] = []
            continue
        if not current or raw.startswith("#"):
            continue
        pieces, found, pos = [], [], 0
        for match in LABEL.finditer(raw):
            pieces.append(raw[pos:match.start()])
            offset = sum(map(len, pieces))
            span, form, targets, status, options = match.groups()
            found.append((offset, span, form, [] if targets == "-" else targets.split(","), status,
                          [o for o in (options or "").split(",") if o]))
            pieces.append(span)
            pos = match.end()
        pieces.append(raw[pos:])
        line = "".join(pieces)
        if "[[" in line or "]]" in line:
            raise SystemExit(f"{SOURCE}: malformed label in line {raw[:60]!r}")
        files[current].append(line)
        labels.extend(Label(current, line, *f) for f in found)
    return {name: HEADER + "\n".join(lines) + "\n" for name, lines in files.items()}, labels


def records(texts: dict[str, str], labels: list[Label]) -> list[dict]:
    """Each label as a record, its source unit and field found in the reader's tree."""
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in texts.items():
            (Path(tmp) / name).write_text(text, encoding="utf-8")
        version = read_version([tmp])
    fields = [(unit_id, unit.label, name, getattr(unit, name)) for unit, unit_id in version.walk_ids()
              for name in ("heading", "text", "tail") if getattr(unit, name)]
    out = []
    for label in labels:
        # the line is the field's text, after the unit's label ("C4.2", "(a)", a defined term)
        holders = [(uid, name, value) for uid, own, name, value in fields
                   if label.line.endswith(value) and label.line[:-len(value)].strip() in ("", own)]
        if len(holders) != 1:
            raise SystemExit(f"{label.file}: line {label.line[:60]!r} is in {len(holders)} units")
        unit_id, name, value = holders[0]
        start = label.offset - label.line.index(value)
        if value[start:start + len(label.text)] != label.text:
            raise SystemExit(f"{label.file}: {label.text!r} not found where labelled")
        heading = None
        if "h" in label.options or "stale" in label.options:
            bracket = BRACKET.match(value, start + len(label.text))
            if not bracket:
                raise SystemExit(f"{label.file}: {label.text!r} is labelled with a heading but none follows")
            heading = bracket.group(1)
        document = next((o[4:] for o in label.options if o.startswith("doc=")), None)
        out.append({"source": unit_id, "field": name, "start": start, "text": label.text,
                    "form": label.form, "targets": label.targets, "status": label.status,
                    "quoted_heading": heading, "stale": "stale" in label.options,
                    "document": document})
    return out


def build() -> tuple[dict[str, str], str]:
    """The version files and the labels file's text."""
    texts, labels = strip(SOURCE.read_text(encoding="utf-8"))
    body = {"note": "Synthetic SEC-style text (not SEC text); labelled in marked.txt before the "
                    "finder was run on it. Generated by tests/accuracy_labels.py.",
            "version": "sec", "references": records(texts, labels)}
    return texts, json.dumps(body, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    texts, labels = build()
    wanted = {DIR / "sec" / name: text for name, text in texts.items()}
    wanted[DIR / "labels.json"] = labels
    if "--check" in argv:
        stale = [str(path) for path, text in wanted.items()
                 if not path.exists() or path.read_text(encoding="utf-8") != text]
        for path in stale:
            print(f"out of date: {path}")
        return 1 if stale else 0
    (DIR / "sec").mkdir(exist_ok=True)
    for path, text in wanted.items():
        path.write_text(text, encoding="utf-8")
    print(f"{len(json.loads(labels)['references'])} labelled references in {len(texts)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
