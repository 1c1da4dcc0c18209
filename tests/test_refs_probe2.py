"""Reference forms a probe of the finder found misread (probe-refs2), each on a small SYNTHETIC
SEC-style version: invented clauses in the SEC's drafting style, not SEC text."""

from __future__ import annotations

from pathlib import Path

import pytest

from redline.graph import analyse
from redline.models import Version
from redline.read import read_version
from redline.refs import Resolution, references

# SYNTHETIC, SEC-style (the shape of L1.17; wording invented)
RELATIVE_RANGES = """\
SECTION L: SMART METERING KEY INFRASTRUCTURE
L1 SMKI POLICY MANAGEMENT AUTHORITY
L1.17 The SMKI PMA shall:
(a) approve each policy;
(b) propose variations to each policy;
(c) review each policy;
(d) report in accordance with paragraphs (a) to (c) above;
(e) report on the matters referred to in paragraphs (a) to (c);
(f) act under paragraphs (c) to (a) above; and
(g) publish what it decides:
(i) on its website;
(ii) in its annual report;
(iii) to the Panel; and
(iv) to each Party, having regard to paragraphs (a) to (c) above and paragraphs (i) to (iii) above.
"""


def version_of(tmp_path: Path, text: str, name: str = "section.txt") -> Version:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_version([path])


def rows(found: list[Resolution], source: str) -> list[tuple[str, list[str], str]]:
    return [(r.ref.text, r.target_ids, r.status.value) for r in found if r.ref.source_id == source]


@pytest.fixture()
def ranges(tmp_path: Path) -> list[Resolution]:
    return references(version_of(tmp_path, RELATIVE_RANGES))


def test_a_relative_range_is_every_sibling_between_its_ends(ranges: list[Resolution]) -> None:
    every = ["L1.17(a)", "L1.17(b)", "L1.17(c)"]
    assert rows(ranges, "L1.17(d)") == [("paragraphs (a) to (c) above", every, "resolved")]
    assert rows(ranges, "L1.17(e)") == [("paragraphs (a) to (c)", every, "resolved")]


def test_a_relative_range_running_backwards_is_unresolved(ranges: list[Resolution]) -> None:
    [(text, targets, status)] = rows(ranges, "L1.17(f)")
    assert (text, status) == ("paragraphs (c) to (a) above", "unresolved")
    assert targets[0] == "L1.17(c)" and targets[-1] == "L1.17(a)" and "running backwards" in targets[1]


def test_a_relative_range_is_read_at_the_level_holding_both_ends(ranges: list[Resolution]) -> None:
    # from (g)(iv): (a)..(c) are paragraphs one level up; (i)..(iii) are its own siblings
    assert rows(ranges, "L1.17(g)(iv)") == [
        ("paragraphs (a) to (c) above", ["L1.17(a)", "L1.17(b)", "L1.17(c)"], "resolved"),
        ("paragraphs (i) to (iii) above", ["L1.17(g)(i)", "L1.17(g)(ii)", "L1.17(g)(iii)"], "resolved"),
    ]


def test_a_change_to_a_paragraph_inside_a_relative_range_reaches_its_citer(tmp_path: Path) -> None:
    version = version_of(tmp_path, RELATIVE_RANGES)
    graph = analyse(version)[3]
    impacted = set(graph.impact_of_clause("L1.17(b)").unit_ids)
    assert {"L1.17(d)", "L1.17(e)"} <= impacted
