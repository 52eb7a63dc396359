"""Process pools over documents: one process for small inputs, every core for large ones.

Where the platform can fork, workers read the inputs from the parent's memory (copy on
write) instead of receiving them pickled, which matters for 80 MB of text.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from itertools import chain
from typing import Any

from ._validation import check_count

LARGE_INPUT = 8_000_000  # characters: below this, starting processes costs more than it saves
MAX_WORKERS = 8

_SHARED: Sequence[Any] = ()


def n_workers(size: int, n_jobs: int | None = None) -> int:
    """Workers for an input of `size` characters: `n_jobs`, or one, or every core (max 8)."""
    if n_jobs is not None:
        check_count("n_jobs", n_jobs, minimum=1)
        return n_jobs
    return min(os.cpu_count() or 1, MAX_WORKERS) if size > LARGE_INPUT else 1


def release_memory() -> bool:
    """Give memory freed after a large parse back to the operating system (glibc only).

    A parse frees millions of small objects, but the C allocator keeps the pages: the UN
    corpus left 1.2 GB resident for a 0.7 GB corpus. ``malloc_trim`` returns them (what
    Dask's workers do too); elsewhere this does nothing. Returns whether it ran.

    Examples
    --------
    >>> release_memory() in (True, False)
    True
    """
    import ctypes
    import ctypes.util

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # musl and others: no malloc_trim
        return False
    gc.collect()
    trim(0)
    return True


@contextmanager
def paused_gc():
    """Pause the cyclic garbage collector while counting.

    Counting allocates millions of acyclic objects, and each collection would walk the
    whole corpus held in memory (about 20% of the time).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _run_slice(args: tuple[Callable[[Any], Any], int, int, bool]) -> Any:
    func, start, stop, batch = args
    part = _SHARED[start:stop]
    with paused_gc():
        return func(part) if batch else [func(item) for item in part]


def pool_map(func: Callable[[Any], Any], items: Sequence[Any], *, workers: int,
             progress: bool = False, desc: str = "", batch: bool = False) -> list[Any]:
    """``[func(x) for x in items]``, in order, over `workers` processes when that helps.

    With `batch`, `func` takes a list of items and the result is one value per batch (the
    whole list when there is one process). `func` must be a module-level function.
    """
    if workers <= 1 or len(items) < 4 * workers:
        with paused_gc():
            if batch:
                return [func(list(items))]
            return [func(x) for x in _progress(items, progress, desc, len(items), "doc")]
    # Many small slices balance the load; batches (each with its own vocabulary to send
    # back) are fewer, since what they return grows with their number.
    size = max(1, -(-len(items) // (workers * (2 if batch else 8))))
    slices = [(func, i, min(i + size, len(items)), batch) for i in range(0, len(items), size)]
    if "fork" in mp.get_all_start_methods():
        global _SHARED
        _SHARED = items
        try:
            with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
                parts = list(_progress(pool.map(_run_slice, slices), progress, desc, len(slices),
                                       "batch"))
        finally:
            _SHARED = ()
        return parts if batch else list(chain.from_iterable(parts))
    with ProcessPoolExecutor(workers) as pool:  # spawn: items travel pickled
        if batch:
            return list(pool.map(func, [list(items[i:j]) for _, i, j, _ in slices]))
        return list(_progress(pool.map(func, items, chunksize=size), progress, desc, len(items),
                              "doc"))


def _progress(iterable, show: bool, desc: str, total: int, unit: str):
    if not show:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc=desc, unit=unit)
