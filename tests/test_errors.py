"""errors: each deliberate error is a MilrelError and the built-in a caller would expect."""

import pytest

from milrel_analysis import errors


@pytest.mark.parametrize("cls, builtin", [
    (errors.ArgumentValueError, ValueError),
    (errors.ArgumentTypeError, TypeError),
    (errors.ColumnError, KeyError),
    (errors.MissingFileError, FileNotFoundError),
    (errors.InputError, ValueError),
    (errors.ReportError, RuntimeError),
    (errors.MissingDependencyError, ImportError),
])
def test_error_hierarchy(cls, builtin):
    err = cls("what to do")
    assert isinstance(err, errors.MilrelError) and isinstance(err, builtin)
    assert str(err) == "what to do"  # KeyError would quote it; ours reads as written


def test_milrel_error_with_several_arguments_keeps_the_default_text():
    assert str(errors.ArgumentValueError("a", 2)) == "('a', 2)"
