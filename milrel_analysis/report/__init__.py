"""Reports: run the notebooks with papermill and write their outputs (the package's only writer).

:func:`run_reports` (:mod:`.run`) parses the corpus once, executes the notebooks and swaps
each one's outputs into ``out/<notebook>/`` under a lock, with a manifest that always matches
the disk (:mod:`.folder`); :mod:`.execute` runs each notebook with papermill. Notebooks write through :func:`save_figure`, :func:`save_table`
and :func:`save_text` (:mod:`.writers`), which give the same bytes for the same inputs. The
notebooks themselves ship with the package (:mod:`.notebooks`).
"""

from ..errors import ReportError
from .notebooks import (
    check_parameters,
    declared_parameters,
    init_project,
    list_notebooks,
    packaged_notebooks,
    parse_parameter,
)
from .run import corpus_root, notebook_setup, relative_sources, run_notebook, run_reports
from .writers import SVG_HASHSALT, embed_images, save_figure, save_table, save_text

__all__ = [
    "ReportError",
    "SVG_HASHSALT",
    "check_parameters",
    "corpus_root",
    "declared_parameters",
    "embed_images",
    "init_project",
    "list_notebooks",
    "notebook_setup",
    "packaged_notebooks",
    "parse_parameter",
    "relative_sources",
    "run_notebook",
    "run_reports",
    "save_figure",
    "save_table",
    "save_text",
]
