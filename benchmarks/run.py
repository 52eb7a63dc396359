"""Speed and memory benchmark of milrel_analysis on a large corpus, and how it scales.

Run from the project root (``nox -s bench`` does this)::

    python benchmarks/run.py [--corpus PATH | --synthetic] [--limit N] [--repeat R]
                             [--scales 0.25,0.5,1,2,4] [--no-dask]

The corpus is the UN General Debate corpus in ``../shared/corpora/ungdc/TXT`` when it is
there (5,982 speeches, 84 MB), otherwise a deterministic synthetic corpus of the same size
generated into a temporary directory. In one run the script measures, on the corpus (1x):

* ``load_corpus`` throughput, cold (a first parse) and warm (a second ``load_corpus`` with
  the cache: checking that the inputs are unchanged, then reading the tables back),
* ``term_frequency(by="doc_id")`` time against scikit-learn's ``CountVectorizer``,
* ``phrase_counts`` throughput (MB of document text per second, packaged lexicon),
* peak resident memory of this process and of its worker processes,
* CPU time / wall time of each step (about the number of cores in use),

then a scaling table: at each of ``--scales`` times the corpus (a sample of the files below
1x; copies with new names above, in a temporary folder deleted afterwards), time and peak
memory of load (cold and warm), term frequency and phrase counts, in one process
(``n_jobs=1``), in the local process pool (the default engine, every core) and on a Dask
LocalCluster of 2 workers (the partitioned counts of
``milrel freq/phrases --scheduler local``; the cluster's start is timed apart). Each cell
is measured in a fresh Python process, so that peak memory is that cell's own.

It prints Markdown tables (measure, value, target, pass; the scaling table) and writes them
as JSON to ``outputs/bench/bench.json``. The exit code is 0 even when a target is missed:
it is a report, and a missed target reads ``MISSED`` in the pass column.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "ungdc" / "TXT"
OUTPUT = ROOT / "outputs" / "bench" / "bench.json"
MB = 1_000_000  # throughput in decimal megabytes per second
MIB = 1024 * 1024  # memory in mebibytes

# Targets (comparison, threshold): those of issue 13.
LOAD_COLD_MB_S = (">=", 15.0)
LOAD_WARM_MB_S = (">=", 100.0)
TF_RATIO = ("<=", 0.5)
PHRASE_MB_S = (">=", 50.0)
PEAK_RSS_MB = ("<", 1536.0)
DASK_RATIO_4X = ("<=", 0.7)  # Dask LocalCluster of 2 / one process, load + counts, at 4x
DEFAULT_SCALES = "0.25,0.5,1,2,4"

# Synthetic corpus: about the size of UNGDC (5,982 files, 84 MB).
SYN_FILES = 6000
SYN_MEAN_BYTES = 13_650  # plus ~300 bytes of overshoot: ~14 KB a file, ~84 MB in all
SYN_VOCAB = 3000
FUNCTION_WORDS = (
    "the of and to in a that is for on with as by this be are we our its it which at from "
    "has have all not an their will international united nations peace security development "
    "countries world people states government general assembly must also been was were more"
).split()
DIPLOMATIC_PHRASES = (
    "win-win cooperation",
    "core interests",
    "a community with a shared future for mankind",
    "mutual respect",
    "peaceful coexistence",
    "non-interference in internal affairs",
    "military-to-military relations",
    "the one-China principle",
    "strategic mutual trust",
    "a new type of major-country relations",
)


# --------------------------------------------------------------------------- table


@dataclass
class Row:
    """One line of the report table."""

    measure: str
    value: float | int | str
    target: str = ""
    passed: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"measure": self.measure, "value": self.value, "target": self.target,
                "pass": self.passed}


def check(measure: str, value: float, target: tuple[str, float]) -> Row:
    """A row with a target: ``ok`` or ``MISSED``."""
    op, threshold = target
    ok = {">=": value >= threshold, "<=": value <= threshold, "<": value < threshold}[op]
    return Row(measure, value, f"{op} {threshold:g}", "ok" if ok else "MISSED")


def fmt_value(value: float | int | str) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return value


def markdown(rows: Sequence[Row]) -> str:
    lines = ["| measure | value | target | pass |", "|---|---:|---|---|"]
    lines += [f"| {r.measure} | {fmt_value(r.value)} | {r.target} | {r.passed} |" for r in rows]
    return "\n".join(lines)


def write_json(rows: Sequence[Row], path: Path, scaling: Sequence[dict[str, Any]] = ()) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    table = {"summary": [r.as_dict() for r in rows], "scaling": list(scaling)}
    path.write_text(json.dumps(table, indent=2) + "\n", encoding="utf-8")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- measuring


def cpu_seconds() -> float:
    """CPU time of this process plus its terminated (waited-for) children."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


@dataclass
class Timing:
    """Wall and CPU seconds of one step (the fastest of the repeats)."""

    wall: float
    cpu: float
    peak_mb: float = 0.0  # peak RSS of this process so far, read after the step

    @property
    def cpu_per_wall(self) -> float:
        return self.cpu / self.wall if self.wall > 0 else 0.0


def timed(name: str, func: Callable[[], Any], repeat: int) -> tuple[Any, Timing]:
    """Run `func` `repeat` times; return its last result and the fastest run's timing.

    The previous result is dropped before each run so that repeats do not add to peak memory.
    """
    best: Timing | None = None
    result: Any = None
    for i in range(repeat):
        result = None
        gc.collect()
        log(f"{name}: run {i + 1}/{repeat} ...")
        cpu0, t0 = cpu_seconds(), time.perf_counter()
        result = func()
        wall, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
        log(f"{name}: {wall:.2f} s wall, {cpu:.2f} s CPU, peak RSS {peak_rss_mb()[0]:.0f} MB")
        if best is None or wall < best.wall:
            best = Timing(wall, cpu)
    assert best is not None
    best.peak_mb = peak_rss_mb()[0]
    return result, best


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident set size (MiB) of this process and of its largest child."""
    scale = 1 if sys.platform.startswith("linux") else 1024  # macOS reports bytes
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / scale / 1024
    return own, children


def own_peak_mb() -> float:
    """Peak RSS (MiB) of this process's own memory since it started (``VmHWM`` on Linux).

    ``ru_maxrss`` is no measure for a process started by another: Linux carries the peak
    of the process it was forked from across ``exec`` (every cell would report the parent's).
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mb()[0]


# --------------------------------------------------------------------------- corpus


def corpus_files(folder: Path) -> list[Path]:
    """Text files under `folder`, sorted like ``load_corpus`` sorts them."""
    from milrel_analysis.corpus import SUPPORTED_EXTENSIONS

    return sorted(
        p for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in SUPPORTED_EXTENSIONS
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def make_vocabulary(rng: random.Random, size: int) -> list[str]:
    """Pronounceable made-up words, Zipf-ordered after the function words."""
    onsets = "b c d f g h j k l m n p r s t v w z br cl dr fr gr pl pr st tr sh ch th".split()
    vowels = "a e i o u ai ea ou io".split()
    codas = ["", "", "n", "r", "s", "t", "l", "nd", "st", "ng", "ty", "tion", "ment", "al"]
    words = set(FUNCTION_WORDS)
    out = list(FUNCTION_WORDS)
    while len(out) < size:
        n = rng.choice((1, 2, 2, 3, 3, 4))
        word = "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(n))
        word += rng.choice(codas)
        if word not in words:
            words.add(word)
            out.append(word)
    return out


class TextMaker:
    """English-like sentences from a Zipf-weighted vocabulary, some with diplomatic phrases."""

    def __init__(self, rng: random.Random, vocab_size: int = SYN_VOCAB) -> None:
        self.rng = rng
        self.vocab = make_vocabulary(rng, vocab_size)
        self.cum = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(vocab_size)))

    def sentence(self) -> str:
        rng = self.rng
        words = rng.choices(self.vocab, cum_weights=self.cum, k=rng.randint(8, 30))
        if rng.random() < 0.08:
            words.insert(rng.randrange(len(words) + 1), rng.choice(DIPLOMATIC_PHRASES))
        text = " ".join(words)
        if rng.random() < 0.3:
            cut = rng.randrange(3, max(4, len(text) // 2))
            space = text.find(" ", cut)
            if space > 0:
                text = text[:space] + "," + text[space:]
        return text[0].upper() + text[1:] + rng.choice(".....?!")

    def document(self, n_bytes: int) -> str:
        paragraphs: list[str] = []
        size = 0
        while size < n_bytes:
            para = " ".join(self.sentence() for _ in range(self.rng.randint(2, 7)))
            paragraphs.append(para)
            size += len(para) + 1
        return "\n".join(paragraphs) + "\n"


def make_synthetic(folder: Path, n_files: int = SYN_FILES) -> Path:
    """Write a deterministic UNGDC-like corpus: ``Session NN - YYYY/ISO_NN_YYYY.txt``."""
    rng = random.Random(0)
    maker = TextMaker(rng)
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    codes = sorted({"".join(rng.choices(letters, k=3)) for _ in range(400)})[:200]
    root = folder / "TXT"
    per_session = len(codes)
    for i in range(n_files):
        session, country = 25 + i // per_session, codes[i % per_session]
        year = 1945 + session
        sub = root / f"Session {session} - {year}"
        if i % per_session == 0:
            sub.mkdir(parents=True, exist_ok=True)
            log(f"synthetic corpus: {i}/{n_files} files")
        n_bytes = int(rng.uniform(0.4, 1.6) * SYN_MEAN_BYTES)
        path = sub / f"{country}_{session}_{year}.txt"
        path.write_text(maker.document(n_bytes), encoding="utf-8")
    return root


@contextmanager
def chosen_corpus(args: argparse.Namespace) -> Iterator[tuple[Path, str]]:
    """Yield ``(folder, label)``: --corpus, else UNGDC when present, else a synthetic one."""
    if args.corpus is not None and not args.synthetic:
        if not args.corpus.is_dir():
            raise SystemExit(f"--corpus {args.corpus}: no such folder")
        yield args.corpus, str(args.corpus)
    elif DEFAULT_CORPUS.is_dir() and not args.synthetic:
        yield DEFAULT_CORPUS, f"UNGDC ({DEFAULT_CORPUS})"
    else:
        with tempfile.TemporaryDirectory(prefix="milrel-bench-") as tmp:
            log(f"generating a synthetic corpus in {tmp}")
            n_files = min(SYN_FILES, args.limit or SYN_FILES)  # the first N are the same
            yield make_synthetic(Path(tmp), n_files), "synthetic (random.Random(0))"


# --------------------------------------------------------------------------- steps


def bench_load(source: Path | list[Path], n_bytes: int, repeat: int) -> tuple[Any, list[Row]]:
    from milrel_analysis import load_corpus

    corpus, t = timed("load_corpus", lambda: load_corpus(source, progress=False), repeat)
    rate = n_bytes / MB / t.wall
    log(f"load_corpus: {len(corpus)} documents, {len(corpus.rejected)} rejected, "
        f"{rate:.2f} MB/s")
    tables = sum(int(getattr(corpus, name).memory_usage(deep=True).sum())
                 for name in ("documents", "segments"))
    rows = [
        Row("load_corpus: documents", len(corpus.documents)),
        Row("load_corpus: segments", len(corpus.segments)),
        Row("load_corpus: rejected inputs", len(corpus.rejected)),
        Row("load_corpus cold: wall (s)", t.wall),
        check("load_corpus cold: throughput (MB/s of files)", rate, LOAD_COLD_MB_S),
        Row("load_corpus cold: cpu/wall", t.cpu_per_wall),
        Row("load_corpus: peak RSS so far (MB)", t.peak_mb),
        Row("corpus tables memory, documents+segments (MB)", tables / MIB),
    ]
    # One corpus in memory at a time, as in an analyst's session: the peak is that of a load
    # (and of writing the cache), not of three copies of the corpus held side by side.
    del corpus
    gc.collect()
    with tempfile.TemporaryDirectory(prefix="milrel-bench-cache-") as cache:
        written, t_write = timed("load_corpus writing the cache",
                                 lambda: load_corpus(source, progress=False, cache=cache), 1)
        del written
        gc.collect()
        corpus, t_warm = timed("load_corpus warm",
                               lambda: load_corpus(source, progress=False, cache=cache), repeat)
    rows += [
        Row("load_corpus writing the cache: wall (s)", t_write.wall),
        Row("load_corpus warm (cache, inputs checked): wall (s)", t_warm.wall),
        check("load_corpus warm: throughput (MB/s of files)", n_bytes / MB / t_warm.wall,
              LOAD_WARM_MB_S),
    ]
    return corpus, rows


def bench_term_frequency(corpus: Any, repeat: int) -> list[Row]:
    from sklearn.feature_extraction.text import CountVectorizer

    from milrel_analysis.frequency import term_frequency

    texts = corpus.documents["text"].tolist()
    ours, t_ours = timed("term_frequency", lambda: term_frequency(corpus, by="doc_id"), repeat)
    n_rows = len(ours)
    del ours
    matrix, t_sk = timed("CountVectorizer",
                         lambda: CountVectorizer().fit_transform(texts), repeat)
    n_nonzero = int(matrix.nnz)
    del matrix
    ratio = t_ours.wall / t_sk.wall
    log(f"term_frequency / CountVectorizer: {ratio:.2f}")
    return [
        Row("term_frequency(by=doc_id): wall (s)", t_ours.wall),
        Row("term_frequency: rows", n_rows),
        Row("term_frequency: cpu/wall", t_ours.cpu_per_wall),
        Row("term_frequency: peak RSS so far (MB)", t_ours.peak_mb),
        Row("CountVectorizer.fit_transform: wall (s)", t_sk.wall),
        Row("CountVectorizer: non-zero cells", n_nonzero),
        Row("CountVectorizer: cpu/wall", t_sk.cpu_per_wall),
        Row("CountVectorizer: peak RSS so far (MB)", t_sk.peak_mb),
        check("term_frequency / CountVectorizer (time ratio)", ratio, TF_RATIO),
    ]


def bench_phrases(corpus: Any, repeat: int) -> list[Row]:
    from milrel_analysis.phrases import phrase_counts

    n_bytes = sum(len(t.encode()) for t in corpus.documents["text"])
    table, t = timed("phrase_counts", lambda: phrase_counts(corpus), repeat)
    total = int(table["count"].sum())
    del table
    rate = n_bytes / MB / t.wall
    log(f"phrase_counts: {total} hits, {rate:.2f} MB/s")
    return [
        Row("document text (MB, UTF-8)", n_bytes / MB),
        Row("phrase_counts: wall (s)", t.wall),
        Row("phrase_counts: phrase hits", total),
        check("phrase_counts: throughput (MB/s of text)", rate, PHRASE_MB_S),
        Row("phrase_counts: cpu/wall", t.cpu_per_wall),
        Row("phrase_counts: peak RSS so far (MB)", t.peak_mb),
    ]


def memory_rows() -> list[Row]:
    own, children = peak_rss_mb()
    return [
        Row("peak RSS, this process (MB)", own),
        Row("peak RSS, largest worker process (MB)", children),
        check("peak RSS, max of the two (MB)", max(own, children), PEAK_RSS_MB),
    ]


# --------------------------------------------------------------------------- scaling

ENGINES = ("single", "processes", "dask")  # one process, the local pool, Dask


def write_scaled(files: Sequence[Path], scale: float, folder: Path) -> int:
    """Write `scale` times `files` into `folder`; return the bytes written.

    Whole multiples are copies with new names (``USA_70_2015_copy2.txt``); a fraction is an
    even sample of the files (every fourth for 0.25), so that every era is in every size.
    """
    folder.mkdir(parents=True)
    whole, fraction = int(scale), scale - int(scale)
    sample = [f for i, f in enumerate(files)
              if int((i + 1) * fraction) > int(i * fraction)] if fraction else []
    n_bytes = 0
    for copy, chosen in enumerate([*[files] * whole, *([sample] if sample else [])], start=1):
        for path in chosen:
            name = path.name if copy == 1 else f"{path.stem}_copy{copy}{path.suffix}"
            shutil.copyfile(path, folder / name)
            n_bytes += path.stat().st_size
    return n_bytes


def measure_cell(folder: Path, engine: str) -> dict[str, float]:
    """One cell of the scaling table, in this (fresh) process: seconds and peak MB.

    Cold is a first parse that also writes the cache, warm a second ``load_corpus`` that
    reads it. With Dask, ``load_corpus(engine="dask")`` gathers the corpus on the client;
    ``parse_kept`` + ``tf`` + ``phrases`` is the partitioned path of ``milrel freq/phrases
    --scheduler``, where only count tables come back.
    """
    from milrel_analysis import load_corpus
    from milrel_analysis.frequency import term_frequency
    from milrel_analysis.phrases import phrase_counts

    out: dict[str, float] = {}

    def clock(name: str, func: Callable[[], Any]) -> Any:
        gc.collect()
        start = time.perf_counter()
        result = func()
        out[name] = time.perf_counter() - start
        return result

    with tempfile.TemporaryDirectory(prefix="milrel-bench-cache-") as cache:
        if engine in ("single", "processes"):
            n_jobs = 1 if engine == "single" else None
            corpus = clock("load_cold_s", lambda: load_corpus(folder, progress=False, cache=cache,
                                                              n_jobs=n_jobs))
            del corpus  # one corpus in memory at a time
            corpus = clock("load_warm_s", lambda: load_corpus(folder, progress=False, cache=cache))
            clock("tf_s", lambda: term_frequency(corpus, by="doc_id"))
            clock("phrases_s", lambda: phrase_counts(corpus))
            out["worker_peak_mb"] = peak_rss_mb()[1]
        else:
            from distributed import wait

            from milrel_analysis.corpus.distributed import dask_client, partition_corpus
            from milrel_analysis.partitioned import (
                partitioned_phrase_counts,
                partitioned_term_frequency,
            )

            start = time.perf_counter()
            with dask_client("local") as client:
                out["cluster_start_s"] = time.perf_counter() - start
                clock("load_cold_s", lambda: load_corpus(folder, engine="dask", cache=cache))
                clock("load_warm_s", lambda: load_corpus(folder, engine="dask", cache=cache))
                parts = clock("parse_kept_s", lambda: _kept(partition_corpus(folder, client), wait))
                clock("tf_s", lambda: partitioned_term_frequency(parts, by="doc_id"))
                clock("phrases_s", lambda: partitioned_phrase_counts(parts))
                out["worker_peak_mb"] = max(client.run(own_peak_mb).values())
    out["client_peak_mb"] = own_peak_mb()
    return out


def _kept(parts: Any, wait: Callable[[Any], Any]) -> Any:
    wait(parts.parts)  # every partition parsed, repaired and assembled on its worker
    return parts


def scaling_table(files: Sequence[Path], scales: Sequence[float],
                  engines: Sequence[str]) -> list[dict[str, Any]]:
    """Measure every (scale, engine) cell, each in a fresh process (its own peak memory)."""
    cells: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="milrel-bench-scaled-") as tmp:
        for scale in scales:
            folder = Path(tmp) / f"x{scale:g}"
            n_bytes = write_scaled(files, scale, folder)
            for engine in engines:
                log(f"scaling: {scale:g}x ({n_bytes / MB:.1f} MB), engine={engine} ...")
                done = subprocess.run([sys.executable, __file__, "--cell", engine, str(folder)],
                                      stdout=subprocess.PIPE, text=True, check=True)
                cell = {"scale": scale, "engine": engine, "input_mb": n_bytes / MB,
                        **json.loads(done.stdout)}
                log(f"scaling: {cell}")
                cells.append(cell)
            shutil.rmtree(folder)  # copies are deleted as soon as measured
    return cells


def total_seconds(cell: dict[str, Any]) -> float:
    """Load and count: parse (kept on the cluster with Dask), term frequency, phrase counts."""
    return cell.get("parse_kept_s", cell["load_cold_s"]) + cell["tf_s"] + cell["phrases_s"]


def scaling_markdown(cells: Sequence[dict[str, Any]]) -> str:
    lines = ["| scale | engine | input MB | cluster start s | load cold s (MB/s) | load warm s "
             "(MB/s) | parse kept s | term freq s | phrase counts s | load+counts s "
             "| peak MB, this process | peak MB, largest worker |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for c in cells:
        mb = c["input_mb"]
        lines.append(
            f"| {c['scale']:g} | {c['engine']} | {mb:.1f} | {c.get('cluster_start_s', 0):.1f} "
            f"| {c['load_cold_s']:.1f} ({mb / c['load_cold_s']:.1f}) "
            f"| {c['load_warm_s']:.2f} ({mb / c['load_warm_s']:.0f}) "
            f"| {c.get('parse_kept_s', float('nan')):.1f} | {c['tf_s']:.2f} | {c['phrases_s']:.2f} "
            f"| {total_seconds(c):.1f} | {c['client_peak_mb']:.0f} | {c['worker_peak_mb']:.0f} |")
    return "\n".join(lines)


def scaling_rows(cells: Sequence[dict[str, Any]]) -> list[Row]:
    """Dask against one process (the target at 4x) and against the local pool, at every scale."""
    rows = []
    by_key = {(c["scale"], c["engine"]): c for c in cells}
    for scale in sorted({c["scale"] for c in cells}):
        dask = by_key.get((scale, "dask"))
        if dask is None:
            continue
        one, pool = by_key.get((scale, "single")), by_key.get((scale, "processes"))
        if one is not None:
            name = f"Dask LocalCluster of 2 / one process at {scale:g}x, load + counts (time ratio)"
            ratio = total_seconds(dask) / total_seconds(one)
            rows.append(check(name, ratio, DASK_RATIO_4X) if scale == 4 else Row(name, ratio))
            rows.append(Row(f"load_corpus engine=dask / one process at {scale:g}x, cold "
                            "(time ratio)", dask["load_cold_s"] / one["load_cold_s"]))
        if pool is not None:
            rows.append(Row(f"Dask LocalCluster of 2 / local process pool at {scale:g}x, load + "
                            "counts (time ratio)", total_seconds(dask) / total_seconds(pool)))
    return rows


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, help="folder of text files (default: UNGDC)")
    parser.add_argument("--synthetic", action="store_true",
                        help="use a generated corpus of UNGDC's size even if UNGDC is present")
    parser.add_argument("--limit", type=int, metavar="N",
                        help="use only the first N files (sorted by path)")
    parser.add_argument("--repeat", type=int, default=1, metavar="R",
                        help="run each step R times and keep the fastest (default: 1)")
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"JSON table ({OUTPUT})")
    parser.add_argument("--scales", default=DEFAULT_SCALES, metavar="X,Y,...",
                        help=f"sizes of the scaling table, in corpora ({DEFAULT_SCALES}); "
                             "'' for none")
    parser.add_argument("--no-dask", action="store_true",
                        help="scaling table without the Dask LocalCluster (one process and the local pool)")
    parser.add_argument("--cell", nargs=2, metavar=("ENGINE", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be >= 1")
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be >= 1")
    try:
        args.scales = [float(x) for x in args.scales.split(",") if x.strip()]
    except ValueError:
        parser.error(f"--scales {args.scales!r}: give numbers such as 0.25,0.5,1")
    if any(x <= 0 for x in args.scales):
        parser.error("--scales must be > 0")
    return args


def run(folder: Path, label: str, args: argparse.Namespace) -> list[Row]:
    files = corpus_files(folder)
    if not files:
        raise SystemExit(f"{folder}: no text files")
    source: Path | list[Path] = folder
    if args.limit is not None and args.limit < len(files):
        files = files[: args.limit]
        source = files
    n_bytes = sum(f.stat().st_size for f in files)
    log(f"corpus {label}: {len(files)} files, {n_bytes / MB:.1f} MB; "
        f"{os.cpu_count()} CPUs; repeat={args.repeat}")
    rows = [
        Row("corpus", label),
        Row("input files", len(files)),
        Row("input size (MB)", n_bytes / MB),
        Row("os.cpu_count()", os.cpu_count() or 1),
        Row("repeats (fastest kept)", args.repeat),
    ]
    corpus, load_rows = bench_load(source, n_bytes, args.repeat)
    rows += load_rows
    rows += bench_term_frequency(corpus, args.repeat)
    rows += bench_phrases(corpus, args.repeat)
    rows += memory_rows()
    del corpus
    return rows


def corpus_selection(folder: Path, limit: int | None) -> list[Path]:
    files = corpus_files(folder)
    return files[:limit] if limit is not None else files


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    if args.cell:  # one cell of the scaling table, in this fresh process
        engine, folder = args.cell
        print(json.dumps(measure_cell(Path(folder), engine)))
        return
    start = time.perf_counter()
    cells: list[dict[str, Any]] = []
    with chosen_corpus(args) as (folder, label):
        rows = run(folder, label, args)
        if args.scales:
            engines = ENGINES[:2] if args.no_dask else ENGINES
            cells = scaling_table(corpus_selection(folder, args.limit), args.scales, engines)
            rows += scaling_rows(cells)
    rows.append(Row("benchmark total wall (s)", time.perf_counter() - start))
    write_json(rows, args.output, cells)
    print(markdown(rows))
    if cells:
        print()
        print(scaling_markdown(cells))
    log(f"tables written to {args.output}")


if __name__ == "__main__":
    main()
