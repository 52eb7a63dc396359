"""Notebooks: committed clean, paired with their jupytext scripts, and runnable on the seeds."""

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"
NAMES = ["00-explore", "01-corpus-overview", "02-term-frequency", "03-phrase-tracking",
         "04-counterpart-comparison", "05-narrative-report", "06-press-exchanges"]


def _cells(name):
    return json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]


@pytest.mark.parametrize("name", NAMES)
def test_notebook_shape(name):
    cells = _cells(name)
    assert cells[0]["cell_type"] == "markdown"
    intro = "".join(cells[0]["source"])
    assert "**Question:**" in intro and "**Inputs:**" in intro and "**Outputs:**" in intro
    params = cells[1]
    assert "parameters" in params["metadata"].get("tags", [])
    source = "".join(params["source"])
    for line in source.splitlines():
        # Literals only, with a type and a comment each (papermill's inspector reads these).
        assert re.match(r"^\w+: (str|int|float|bool|list) = .+  # .+$", line), line
    for key in ("corpus: str = \"../seeds\"", "output_dir: str", "counterparts: list",
                "phrases: list = []", "date_from: str", "date_to: str", "top_n: int"):
        assert key in source
    assert all(not c.get("outputs") and not c.get("execution_count") for c in cells
               if c["cell_type"] == "code")
    # Thin: no code cell longer than a handful of lines.
    assert max(len("".join(c["source"]).splitlines()) for c in cells if c["cell_type"] == "code") <= 16


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_paired_with_its_script(name):
    jupytext = pytest.importorskip("jupytext")
    script = jupytext.read(NOTEBOOKS / f"{name}.py")
    notebook = jupytext.read(NOTEBOOKS / f"{name}.ipynb")
    assert [c.source for c in script.cells] == [c.source for c in notebook.cells], (
        f"{name}.ipynb and {name}.py differ: run `jupytext --sync notebooks/{name}.ipynb`")


def test_every_notebook_is_listed():
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == NAMES
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.py")) == NAMES


def test_notebooks_dir_is_the_design_card_layout():
    assert Path(ROOT / "seeds").is_dir() and (NOTEBOOKS / "05-narrative-report.ipynb").is_file()
