"""report.notebooks: the installed notebooks, their declared parameters, checking values, init."""

import pytest

from milrel_analysis.report.notebooks import (
    check_parameters,
    declared_parameters,
    init_project,
    list_notebooks,
    packaged_notebooks,
    parse_parameter,
)

NAMES = ["00-explore", "01-corpus-overview", "02-term-frequency", "03-phrase-tracking",
         "04-counterpart-comparison", "05-narrative-report", "06-press-exchanges"]


def test_the_notebooks_come_with_the_package():
    folder = packaged_notebooks()
    assert list_notebooks(folder) == NAMES
    declared = declared_parameters(folder / "05-narrative-report.ipynb")
    types = {name: spec["inferred_type_name"] for name, spec in declared.items()}
    assert types["corpus"] == "str" and types["counterparts"] == "list" and types["top_n"] == "int"
    assert types["title"] == "str" and types["description"] == "str"
    for name in NAMES:  # every notebook loads the corpus the same way
        assert {"corpus", "metadata", "filename_pattern", "corpus_cache"} <= set(
            declared_parameters(folder / f"{name}.ipynb"))


def test_check_parameters():
    spec = {"n": {"counterparts": {"inferred_type_name": "list"}, "top_n": {"inferred_type_name": "int"},
                  "share": {"inferred_type_name": "float"}, "corpus": {"inferred_type_name": "str"}}}
    assert check_parameters({"counterparts": ["usa", "Rus"], "share": 1, "top_n": 3}, spec) == {
        "counterparts": ["USA", "RUS"], "share": 1, "top_n": 3}
    with pytest.raises(TypeError, match=r"parameter top_n must be of type int .* not bool True"):
        check_parameters({"top_n": True}, spec)
    with pytest.raises(TypeError, match=r"counterparts must be of type list .* e\.g\. -p counterparts"):
        check_parameters({"counterparts": "USA"}, spec)
    with pytest.raises(TypeError, match="not a string id"):
        check_parameters({"counterparts": [1]}, spec)
    with pytest.raises(ValueError, match="unknown id 'Russia'; did you mean RUS"):
        check_parameters({"counterparts": ["Russia"]}, spec)
    with pytest.raises(ValueError, match="unknown id 'ZZZZZZ'$"):
        check_parameters({"counterparts": ["ZZZZZZ"]}, spec)
    with pytest.raises(ValueError, match="did you mean win-win"):
        check_parameters({"phrases": ["win-wim"]}, spec)
    with pytest.raises(ValueError, match="date_to='2021-1-1': give a date as YYYY-MM-DD"):
        check_parameters({"date_to": "2021-1-1"}, spec)


def test_parse_parameter():
    assert parse_parameter("true") is True and parse_parameter("a b") == "a b"


def test_init_project_copies_and_never_overwrites(tmp_path):
    target = init_project(tmp_path / "project")
    assert sorted(p.name for p in target.iterdir()) == sorted(
        [f"{n}.ipynb" for n in NAMES] + [f"{n}.py" for n in NAMES])
    assert (target / "05-narrative-report.ipynb").read_bytes() == (
        packaged_notebooks() / "05-narrative-report.ipynb").read_bytes()
    (target / "05-narrative-report.ipynb").write_text("{}")
    with pytest.raises(ValueError, match="already has"):
        init_project(tmp_path / "project")
    assert (target / "05-narrative-report.ipynb").read_text() == "{}"
