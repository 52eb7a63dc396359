"""_parallel: the process pool gives the same results as one process."""

import pandas as pd
import pytest
from conftest import SEEDS

import milrel_analysis as mra
from milrel_analysis._parallel import n_workers, paused_gc, pool_map


def _square(x):
    return x * x


def _total(batch):
    return sum(batch)


def test_n_workers():
    assert n_workers(10) == 1  # small inputs stay in one process
    assert n_workers(10, 3) == 3
    with pytest.raises(ValueError, match="n_jobs=0: give an integer >= 1"):
        n_workers(10, 0)


def test_pool_map_with_two_processes_keeps_order():
    items = list(range(40))
    assert pool_map(_square, items, workers=2) == [x * x for x in items]
    batches = pool_map(_total, items, workers=2, batch=True)
    assert len(batches) > 1 and sum(batches) == sum(items)
    assert pool_map(_total, items, workers=1, batch=True) == [sum(items)]


def test_load_corpus_is_the_same_with_two_processes():
    files = sorted(SEEDS.glob("*.txt")) * 4  # enough inputs for the pool to be used
    one = mra.load_corpus(files, n_jobs=1)
    two = mra.load_corpus(files, n_jobs=2)
    pd.testing.assert_frame_equal(one.documents, two.documents)
    pd.testing.assert_frame_equal(one.segments, two.segments)
    tf1 = mra.term_frequency(one, n_jobs=1)
    tf2 = mra.term_frequency(one, n_jobs=2)
    pd.testing.assert_frame_equal(tf1, tf2)
    # matching goes to the workers in batches (each screened at once) and comes back in order
    pd.testing.assert_frame_equal(mra.track_phrases(one, n_jobs=2), mra.track_phrases(one, n_jobs=1))


def test_paused_gc_restores_the_collector():
    import gc

    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_release_memory_returns_freed_pages_on_linux():
    import sys

    from milrel_analysis._parallel import release_memory

    def resident_mb():
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * 4096 / 2**20

    if not sys.platform.startswith("linux"):
        assert release_memory() is False
        return
    garbage = [str(i) * 3 for i in range(2_000_000)]  # many small objects, as a parse leaves
    garbage.append([b"x" * 300 for _ in range(300_000)])
    before = resident_mb()
    del garbage
    freed = resident_mb()
    assert release_memory() is True
    assert resident_mb() < freed - 20 or freed < before - 100  # the pages went back
