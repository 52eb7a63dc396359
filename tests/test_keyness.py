"""keyness: the statistic's module; compare.py counts the sides and re-exports keyness."""

import pandas as pd
import pytest

from milrel_analysis import compare
from milrel_analysis.errors import ArgumentTypeError, ArgumentValueError
from milrel_analysis.keyness import KEYNESS_COLUMNS, as_counts, keyness


def test_counts_from_a_mapping_a_series_and_a_term_table_agree():
    from_mapping = as_counts({"win-win": 2, "talks": 1, "core_interests": 3})
    from_series = as_counts(pd.Series([1, 2, 3], index=["talks", "win-win", "core_interests"]))
    table = pd.DataFrame({"term": ["win-win", "talks", "win-win", "core_interests"],
                          "count": [1, 1, 1, 3], "doc_id": ["a", "a", "b", "b"]})
    from_table = as_counts(table)
    for counts in (from_series, from_table):
        pd.testing.assert_series_equal(counts, from_mapping, check_names=False)
    assert from_mapping.dtype == "float64"
    assert from_mapping.index.tolist() == sorted(from_mapping.index)


def test_bad_counts_name_the_argument():
    with pytest.raises(ArgumentValueError, match="reference has negative counts"):
        as_counts({"talks": -1}, "reference")
    with pytest.raises(ArgumentTypeError, match=r"target: give a term -> count .* got columns \['word'\]"):
        as_counts(pd.DataFrame({"word": ["talks"]}), "target")


def test_a_term_table_gives_the_same_keyness_as_its_counts():
    target = pd.DataFrame({"term": ["win-win", "talks", "hegemony"], "count": [12, 5, 1]})
    reference = pd.DataFrame({"term": ["win-win", "talks", "hegemony"], "count": [2, 6, 9]})
    table = keyness(target, reference)
    assert list(table.columns) == KEYNESS_COLUMNS
    assert table["term"].iloc[0] == "win-win"  # over-used by the target
    assert table["term"].iloc[-1] == "hegemony"
    pd.testing.assert_frame_equal(table, keyness(as_counts(target), as_counts(reference)))


def test_compare_keeps_keyness_importable():
    assert compare.keyness is keyness
    assert compare.KEYNESS_COLUMNS is KEYNESS_COLUMNS
