"""Shared fixtures: tiny in-code documents, the project's seeds, and ../shared when present."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_corpus():
    import milrel_analysis as mra

    return mra.load_corpus(SEEDS)


@pytest.fixture(scope="session")
def dask_cluster():
    """A client of one LocalCluster of 2 worker processes, shared by the Dask tests.

    Skips where Dask is not installed; tests that use it are marked ``dask``.
    """
    import logging

    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0", silence_logs=logging.ERROR) as cluster, \
            distributed.Client(cluster) as client:
        yield client


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test cleanly where it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available (../shared is beside the project only in CI/dev)")
    return path


QA_DOC = """Ministry of National Defense: regular press conference
On the afternoon of March 3rd, Senior Colonel Tan Kefei, spokesperson for the Ministry of National Defense, answered questions. 2022 is an important year.
Reporter: How does China view the joint exercise?
Tan Kefei: The joint exercise is not targeted at any third party.
It follows the principle of non-confrontation.
AFP: Will the US be invited?
A: We stay open to win-win cooperation.
"""

NEWS_DOC = """ date 2022-07-08 General Li Zuocheng holds video talks with General Mark Milley. (Photo by Li Xiaowei)

BEIJING, July 8 -- General Li Zuocheng held video talks with General Mark Milley, chairman of the US Joint Chiefs of Staff.

General Li said that China and the US should respect each other. "China urges the US to abide by the one-China principle," said Li.
"""


@pytest.fixture(autouse=True)
def close_figures():
    """Close every matplotlib figure a test opened (where the test used matplotlib at all)."""
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


@pytest.fixture
def ax():
    """The Axes of a new constrained-layout figure, drawn off screen."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    _, axes = plt.subplots(layout="constrained")
    return axes
