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


@given(values)
def test_same_text_as_json_dumps(value: object) -> None:
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("value", [[], {}, [[]], {"a": {}}, [{"a": [1, "é", None, True]}], "\u2028\x00\"\\",
                                   {1: "int key", False: "bool key", None: 0, 1.5: 0}, float("inf")])
def test_edge_cases(value: object) -> None:
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_what_json_refuses_is_refused() -> None:
    with pytest.raises(TypeError):
        dumps({"a": object()})
    with pytest.raises(TypeError):
        dumps({(1, 2): "tuple key"})
