"""``redline.support.jsonfmt.dumps`` writes exactly what ``json.dumps(indent=2, ensure_ascii=False)`` writes."""

from __future__ import annotations

import json
from enum import StrEnum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redline.support.jsonfmt import dumps


class Kind(StrEnum):
    SECTION = "section"


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(),
                    st.sampled_from([Kind.SECTION]))
keys = st.one_of(st.text(), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.tuples(inner, inner),
                                                        st.dictionaries(keys, inner, max_size=4)), max_leaves=30)


#: Records, as redline's tables are: dicts with the same str keys in the same order, each column
#: of scalars, of flat lists of scalars, or of anything; now and then a row of other keys or order.
column_kinds = st.sampled_from([scalars, st.lists(scalars, max_size=3), values])
records = st.lists(st.text(max_size=3), min_size=1, max_size=4, unique=True).flatmap(
    lambda names: st.tuples(*[column_kinds for _ in names]).flatmap(
        lambda kinds: st.lists(st.one_of(
            st.fixed_dictionaries(dict(zip(names, kinds, strict=True))),
            st.dictionaries(st.sampled_from(names), values)), min_size=1, max_size=6)))


@given(values)
def test_same_text_as_json_dumps(value: object) -> None:
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


@given(records)
def test_records_same_text_as_json_dumps(rows: list[dict[str, object]]) -> None:
    assert dumps(rows) == json.dumps(rows, indent=2, ensure_ascii=False)
    assert dumps({"rows": rows}) == json.dumps({"rows": rows}, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("value", [[], {}, [[]], {"a": {}}, [{"a": [1, "é", None, True]}], "\u2028\x00\"\\",
                                   {1: "int key", False: "bool key", None: 0, 1.5: 0}, float("inf"),
                                   [{"a": "\x00", "b": ["\x00", ""]}, {"a": "", "b": []}],
                                   [{"a": [{"c": 1}]}, {"a": []}], [{"k": 1}, {"k": True}],
                                   [{1: "a"}, {True: "b"}], [{"a": 1, "b": 2}, {"b": 2, "a": 1}]])
def test_edge_cases(value: object) -> None:
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_what_json_refuses_is_refused() -> None:
    with pytest.raises(TypeError):
        dumps({"a": object()})
    with pytest.raises(TypeError):
        dumps({(1, 2): "tuple key"})
    with pytest.raises(TypeError):
        dumps([{"a": 1}, {"a": object()}])
