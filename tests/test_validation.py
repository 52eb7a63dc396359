"""_validation: one wording for every bad argument."""

import numpy as np
import pandas as pd
import pytest

from milrel_analysis._validation import as_list, check_count, check_option, require_columns
from milrel_analysis.errors import ArgumentTypeError, ArgumentValueError, ColumnError, MilrelError


def test_check_option_names_the_argument_the_value_and_the_choices():
    check_option("unit", "term", ("term", "phrase"))
    with pytest.raises(ArgumentValueError, match=r"unit='word' is not allowed; choose one of \['term', 'phrase'\]"):
        check_option("unit", "word", ("term", "phrase"))


def test_require_columns():
    frame = pd.DataFrame({"term": ["a"], "count": [1]})
    require_columns(frame, ["term", "count"], name="table")
    with pytest.raises(ColumnError, match=r"table is missing columns \['statistic'\]; have \['term', 'count'\]"):
        require_columns(frame, ["term", "statistic"], name="table")
    with pytest.raises(ArgumentTypeError, match="table must be a pandas DataFrame, not dict"):
        require_columns({"term": []}, ["term"], name="table")


@pytest.mark.parametrize("value", [0, -1, 1.5, True, "3"])
def test_check_count_rejects_non_counts(value):
    with pytest.raises(ArgumentValueError, match=r"top=.*: give an integer >= 1"):
        check_count("top", value, minimum=1)


def test_check_count_accepts_numpy_integers_and_the_errors_are_builtins_too():
    check_count("top", np.int64(3), minimum=1)
    assert as_list("year") == ["year"] and as_list(["a", "b"]) == ["a", "b"]
    with pytest.raises(ValueError):  # callers that catch the built-in keep working
        check_count("n", 0, minimum=1)
    with pytest.raises(KeyError) as info:
        require_columns(pd.DataFrame(), ["x"], name="t")
    assert isinstance(info.value, MilrelError) and str(info.value).startswith("t is missing")
