"""The ``milrel`` command: a thin layer over the library's functions.

Exit status: 0 on success, 1 when a report notebook failed, 2 for usage errors (bad flags,
missing files named as options), 3 when some inputs were rejected (the good ones are still
processed and printed), 4 for an internal error (a bug, reported with its traceback).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from ._resources import package_version
from ._types import ADJUSTMENTS, COLLOCATION_MEASURES, MEASURES, UNITS, VOICES
from .corpus import Corpus, load_corpus
from .corpus.distributed import PartitionedCorpus
from .errors import MilrelError, ReportError

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_REJECTED, EXIT_BUG = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report it


class UsageError(MilrelError):
    """A problem with how the command was called; printed without a traceback, exit 2."""


# --------------------------------------------------------------------------- output


def _jsonable(value: Any) -> Any:
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if value is pd.NaT or value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def write_records(records: Sequence[Mapping[Any, Any]], fmt: str, out: TextIO | None = None,
                  table_columns: Sequence[str] | None = None,
                  columns: Sequence[str] | None = None) -> None:
    """Print records as JSON lines, CSV or an aligned text table (a CSV header even if empty)."""
    out = out or sys.stdout
    if not records and fmt == "csv" and columns is not None:
        out.write(",".join(columns) + "\n")
        return
    records = [{k: _jsonable(v) for k, v in r.items()} for r in records]
    if fmt == "jsonl":
        for r in records:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    frame = pd.DataFrame(records)
    for col in frame.columns:
        if frame[col].map(lambda v: isinstance(v, list)).any():
            frame[col] = frame[col].map(lambda v: ";".join(map(str, v)) if isinstance(v, list) else v)
    if fmt == "csv":
        frame.to_csv(out, index=False, lineterminator="\n")
    else:
        if table_columns:
            frame = frame[[c for c in table_columns if c in frame.columns]]
        text = frame.fillna("").to_string(index=False) if len(frame) else "(no rows)"
        out.write(text + "\n")


def _report_inputs(corpus: Corpus | PartitionedCorpus) -> int:
    for row in corpus.skipped.itertuples():
        print(f"skipped: {row.source}: {row.reason}", file=sys.stderr)
    for row in corpus.rejected.itertuples():
        print(f"rejected: {row.source}: {row.reason}", file=sys.stderr)
    return EXIT_REJECTED if len(corpus.rejected) else EXIT_OK


def _load(args: argparse.Namespace) -> Corpus:
    return load_corpus(args.sources, metadata=getattr(args, "metadata", None),
                       filename_pattern=getattr(args, "filename_pattern", None),
                       progress=False if not sys.stderr.isatty() else None)


def _count(args: argparse.Namespace, local: Callable[..., pd.DataFrame],
           partitioned: Callable[..., pd.DataFrame], options: dict[str, Any]
           ) -> tuple[pd.DataFrame, Corpus | PartitionedCorpus]:
    """Count in this process, or with ``--scheduler`` on the partitions kept on the cluster."""
    if args.scheduler:
        with _partitioned(args) as parts:
            return partitioned(parts, **options), parts
    corpus = _load(args)
    return local(corpus, **options), corpus


@contextmanager
def _partitioned(args: argparse.Namespace) -> Iterator[PartitionedCorpus]:
    """The corpus parsed into partitions on the Dask cluster of ``--scheduler``."""
    from .corpus.distributed import dask_client, partition_corpus

    with dask_client(args.scheduler) as client:
        yield partition_corpus(args.sources, client, metadata=getattr(args, "metadata", None),
                               filename_pattern=getattr(args, "filename_pattern", None))


# --------------------------------------------------------------------------- subcommands


def document_records(corpus: Corpus) -> list[dict[Any, Any]]:
    """One record per document: the ``documents`` columns plus counterpart and speaker lists."""
    cps = (
        corpus.counterparts.assign(mentions=corpus.counterparts["mentions"].fillna(0))
        .groupby(["doc_id", "counterpart"])["mentions"].sum().reset_index()
        .sort_values(["doc_id", "mentions", "counterpart"], ascending=[True, False, True])
        .groupby("doc_id")["counterpart"].agg(list)
    )
    speakers = corpus.speakers.groupby("doc_id")["speaker"].agg(list)
    records = []
    for row in corpus.documents.to_dict("records"):
        row["counterparts"] = cps.get(row["doc_id"], [])
        row["speakers"] = speakers.get(row["doc_id"], [])
        records.append(row)
    return records


def cmd_parse(args: argparse.Namespace) -> int:
    """Print one record per document (``milrel parse``)."""
    corpus = _load(args)
    write_records(
        document_records(corpus), args.format, columns=[*corpus.documents.columns,
                                                        "counterparts", "speakers"],
        table_columns=["doc_id", "date", "date_source", "spokesperson", "format",
                       "primary_counterpart", "n_tokens", "translations", "counterparts"],
    )
    return _report_inputs(corpus)


_BY_ALIASES = {"doc": "doc_id", "document": "doc_id"}


def _by(value: str) -> list[str]:
    return [_BY_ALIASES.get(v.strip(), v.strip()) for v in value.split(",") if v.strip()]


def _ngram(value: str) -> int | tuple[int, int]:
    try:
        if "-" in value or ":" in value:
            lo, hi = value.replace(":", "-").split("-")
            return int(lo), int(hi)
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r}: give N or a range like 1-3") from None


def cmd_freq(args: argparse.Namespace) -> int:
    """Print a term-frequency table (``milrel freq``)."""
    from .frequency import term_frequency, top_terms

    options = {"by": args.by, "ngram": args.ngram, "stopwords": not args.keep_stopwords,
               "min_count": args.min_count, "voice": args.voice}
    from .partitioned import partitioned_term_frequency

    table, inputs = _count(args, term_frequency, partitioned_term_frequency, options)
    if args.top:
        table = top_terms(table, by=args.by, n=args.top).drop(columns="rank")
    write_records(table.to_dict("records"), args.format, columns=list(table.columns))
    return _report_inputs(inputs)


def cmd_phrases(args: argparse.Namespace) -> int:
    """Print phrase counts per group (``milrel phrases``)."""
    from .phrases import phrase_counts

    options = {"by": args.by, "lexicon": args.lexicon, "voice": args.voice}
    from .partitioned import partitioned_phrase_counts

    table, inputs = _count(args, phrase_counts, partitioned_phrase_counts, options)
    if not args.zeros:
        table = table[table["count"] > 0]
    group = table[args.by].astype(object).where(table[args.by].notna(), None)
    if len(args.by) == 1:
        group = group.iloc[:, 0]
        if args.by == ["year"]:
            group = group.map(lambda v: None if v is None else int(v))
    else:
        group = group.apply(lambda r: "|".join("" if v is None else str(v) for v in r), axis=1)
    out = table.drop(columns=args.by)
    out.insert(0, "group", group.to_numpy())
    write_records(out.to_dict("records"), args.format, columns=list(out.columns))
    return _report_inputs(inputs)


def cmd_kwic(args: argparse.Namespace) -> int:
    """Print keyword-in-context lines (``milrel kwic``)."""
    from .phrases import kwic

    if len(args.items) < 2:
        raise UsageError("give at least one SOURCE and then the PATTERN (a phrase or phrase id)")
    *sources, pattern = args.items
    args.sources = sources
    corpus = _load(args)
    table = kwic(corpus, pattern, window=args.window, lexicon=args.lexicon, regex=args.regex,
                 voice=args.voice)
    write_records(table.to_dict("records"), args.format, columns=list(table.columns),
                  table_columns=["doc_id", "date", "left", "match", "right"])
    return _report_inputs(corpus)


def cmd_compare(args: argparse.Namespace) -> int:
    """Print a keyness table of a target against a reference (``milrel compare``)."""
    from .compare import compare_counterparts

    corpus = _load(args)
    reference: Any = args.reference
    if args.reference_file:
        if not Path(args.reference_file).is_file():
            raise UsageError(f"--reference-file {args.reference_file!r} does not exist")
        freq = pd.read_csv(args.reference_file)
        if not {"term", "count"} <= set(freq.columns):
            raise UsageError(f"--reference-file needs 'term' and 'count' columns; has {list(freq.columns)}")
        reference = freq.groupby("term")["count"].sum()
    elif "," in reference:
        reference = [r.strip() for r in reference.split(",") if r.strip()]
    target = [t.strip() for t in args.target.split(",")] if "," in args.target else args.target
    table = compare_counterparts(corpus, target, reference, unit=args.unit, measure=args.measure,
                                 by=args.by, ngram=args.ngram, min_count=args.min_count,
                                 adjust=None if args.adjust == "none" else args.adjust,
                                 voice=args.voice)
    caveat = table.attrs.get("caveat")
    if args.top:
        table = pd.concat([table.head(args.top), table[table["statistic"] < 0].tail(args.top)])
        table = table[~table.index.duplicated()]
    write_records(table.to_dict("records"), args.format, columns=list(table.columns))
    if caveat:
        print(f"note: {caveat}", file=sys.stderr)
    return _report_inputs(corpus)


def cmd_collocations(args: argparse.Namespace) -> int:
    """Print the words around a node, or the strongest word pairs (``milrel collocations``)."""
    from .collocations import collocations

    corpus = _load(args)
    table = collocations(corpus, args.around, window=args.window, measure=args.measure,
                         min_count=args.min_count, voice=args.voice)
    if args.top:
        table = table.head(args.top)
    write_records(table.to_dict("records"), args.format, columns=list(table.columns))
    return _report_inputs(corpus)


def _column_map(pairs: Sequence[str] | None) -> dict[str, str] | None:
    if not pairs:
        return None
    bad = [p for p in pairs if "=" not in p]
    if bad:
        raise UsageError(f"--column {bad[0]!r}: give FIELD=COLUMN, e.g. question=Frage")
    return {k.strip(): v.strip() for k, v in (p.split("=", 1) for p in pairs)}


def _load_exchanges(args: argparse.Namespace) -> Corpus:
    """The corpus; dyad tables with other column names are read with --column's map."""
    columns = _column_map(args.columns)
    if columns is None:
        return _load(args)
    from .corpus.dyads import load_dyads
    from .corpus.metadata import apply_filename_pattern, apply_metadata

    corpus = load_dyads(args.sources, columns=columns)
    if args.filename_pattern:
        corpus = apply_filename_pattern(corpus, args.filename_pattern)
    return apply_metadata(corpus, args.metadata) if args.metadata else corpus


def cmd_exchanges(args: argparse.Namespace) -> int:
    """Print the rate of each speech act per group of exchanges (``milrel exchanges``)."""
    from .exchanges import exchange_profile

    corpus = _load_exchanges(args)
    table = exchange_profile(corpus, by=args.by, voice=args.voice)
    write_records(table.to_dict("records"), args.format, columns=list(table.columns))
    return _report_inputs(corpus)


def cmd_export(args: argparse.Namespace) -> int:
    """Print one row per exchange in the CMFA PressCon layout (``milrel export exchanges``)."""
    from .corpus.dyads import dyad_sources, read_dyads
    from .exchanges import export_exchanges

    corpus = _load_exchanges(args)
    tables = dyad_sources(args.sources)
    dyads = read_dyads(tables, columns=_column_map(args.columns)) if tables else None
    table = export_exchanges(corpus, dyads=dyads, voice=args.voice)
    write_records(table.to_dict("records"), args.format, columns=list(table.columns))
    return _report_inputs(corpus)


def cmd_report(args: argparse.Namespace) -> int:
    """Execute the notebooks and write outputs (``milrel report``)."""
    from .report import parse_parameter, run_reports

    params = {name: parse_parameter(value) for name, value in args.parameters or []}
    missing = [s for s in args.sources if not Path(s).exists()]
    if missing:
        raise UsageError(f"no such file or directory: {', '.join(missing)}")
    cache: Any = False if args.no_cache else (args.cache or True)
    failed = None
    try:
        manifest = run_reports(args.sources or None, out=args.out, notebooks_dir=args.notebooks_dir,
                               notebooks=args.notebook, parameters=params, metadata=args.metadata,
                               filename_pattern=args.filename_pattern, cache=cache,
                               progress=not args.quiet, jobs=args.jobs)
    except ReportError as err:
        failed = err
        manifest = _manifest(Path(args.out))
    root = Path(manifest.get("corpus_root", "."))
    for row in manifest.get("rejected", []):
        print(f"rejected: {root / row['source']}: {row['reason']}", file=sys.stderr)
    if failed is not None:
        print(f"milrel report: failed: {failed}", file=sys.stderr)
        return EXIT_FAILED
    for name in args.notebook or sorted(manifest.get("notebooks", {})):
        print(f"{args.out}/{name}/")
    print(f"{args.out}/manifest.json")
    return EXIT_REJECTED if manifest.get("rejected") else EXIT_OK


def _manifest(out: Path) -> dict[str, Any]:
    try:
        data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def cmd_init(args: argparse.Namespace) -> int:
    """Copy the report notebooks into a project folder (``milrel init``)."""
    from .report import init_project

    target = init_project(args.folder)
    print(f"{target}/")
    print(f"next: milrel report CORPUS --out {Path(args.folder) / 'outputs'} "
          f"--notebooks-dir {target}", file=sys.stderr)
    return EXIT_OK


# --------------------------------------------------------------------------- parser

EXIT_CODES = """exit status:
  0  success
  1  a report notebook failed (earlier outputs are kept; the failed run is under _failed/)
  2  usage error: a bad option or argument, a missing file named as an option
  3  some inputs were rejected (listed on stderr; the others were processed)
  4  internal error: a bug in milrel_analysis (the traceback is printed; please report it)
  130  interrupted (Ctrl-C)"""


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Show each option's default, and keep the exit-status table as written."""


def _command(sub: Any, name: str, help_text: str) -> argparse.ArgumentParser:
    return sub.add_parser(name, help=help_text, description=help_text, epilog=EXIT_CODES,
                          formatter_class=_HelpFormatter)


def _add_corpus_options(p: argparse.ArgumentParser, *, sources: str = "+") -> None:
    p.add_argument("sources", nargs=sources, metavar="SOURCE",
                   help="statement files or folders (.txt .md .html .jsonl .csv .xlsx), read recursively")
    p.add_argument("--metadata", metavar="FILE", default=None,
                   help="CSV sidecar with doc_id and any of date, title, spokesperson, counterparts")
    p.add_argument("--filename-pattern", metavar="REGEX", default=None,
                   help=r"named groups taken from file names, e.g. "
                        r"'(?P<country>[A-Z]{3})_\d+_(?P<year>\d{4})'")


def _add_voice(p: argparse.ArgumentParser) -> None:
    p.add_argument("--voice", choices=list(VOICES), default="official",
                   help="whose words: China's (all but journalists' questions), the press's "
                        "questions, or all")


def _add_scheduler(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scheduler", metavar="local|ADDRESS", default=None,
                   help="parse and count on a Dask cluster: 'local' (a LocalCluster of 2 worker "
                        "processes, started and stopped here) or a scheduler's address such as "
                        "tcp://10.0.0.5:8786; the output is the same (needs milrel_analysis[dask])")


def _add_format(p: argparse.ArgumentParser, default: str) -> None:
    choices = [default, *(f for f in ("jsonl", "csv", "table") if f != default)]
    p.add_argument("--format", choices=choices, default=default, help="output format")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``milrel`` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="milrel",
        description="Parse, count and compare China's statements on military relations.",
        epilog=EXIT_CODES, formatter_class=_HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = _command(sub, "parse", "parse statement files; print one record per document")
    _add_corpus_options(p)
    _add_format(p, "jsonl")
    p.set_defaults(func=cmd_parse)

    p = _command(sub, "freq", "term frequencies (counts, rates, document frequency)")
    _add_corpus_options(p)
    p.add_argument("--by", type=_by, default="doc_id",
                   help="doc, year, spokesperson, counterpart, speaker, ... (comma-separated)")
    p.add_argument("--ngram", type=_ngram, default=1, help="N or a range like 1-3")
    p.add_argument("--top", type=int, default=0, metavar="K",
                   help="keep the top K terms per group (0: all)")
    p.add_argument("--min-count", type=int, default=1, help="drop terms counted fewer times")
    p.add_argument("--keep-stopwords", action="store_true", help="count stopwords too")
    _add_voice(p)
    _add_scheduler(p)
    _add_format(p, "csv")
    p.set_defaults(func=cmd_freq)

    p = _command(sub, "phrases", "count the lexicon's formulae per group")
    _add_corpus_options(p)
    p.add_argument("--lexicon", metavar="FILE", default=None,
                   help="YAML lexicon (default: the packaged one)")
    p.add_argument("--by", type=_by, default="doc_id",
                   help="doc, counterpart, year, spokesperson (or any corpus column)")
    p.add_argument("--zeros", action="store_true", help="also print phrases counted zero times")
    _add_voice(p)
    _add_scheduler(p)
    _add_format(p, "csv")
    p.set_defaults(func=cmd_phrases)

    p = _command(sub, "kwic", "keyword in context: SOURCE... PATTERN")
    p.add_argument("items", nargs="+", metavar="SOURCE... PATTERN",
                   help="files or folders, then a phrase id, a phrase or (--regex) a pattern")
    p.add_argument("--window", type=int, default=8, metavar="N", help="words either side")
    p.add_argument("--lexicon", metavar="FILE", default=None,
                   help="YAML lexicon (default: the packaged one)")
    p.add_argument("--regex", action="store_true", help="PATTERN is a regular expression")
    p.add_argument("--metadata", metavar="FILE", default=None,
                   help="CSV sidecar with doc_id and any of date, title, spokesperson, counterparts")
    p.add_argument("--filename-pattern", metavar="REGEX", default=None,
                   help="named groups taken from file names")
    _add_voice(p)
    _add_format(p, "table")
    p.set_defaults(func=cmd_kwic)

    p = _command(sub, "compare", "keyness: how a counterpart's language differs")
    _add_corpus_options(p)
    p.add_argument("--target", required=True, help="counterpart id(s), e.g. USA or USA,GBR")
    p.add_argument("--reference", default="rest", help="counterpart id(s), or 'rest'")
    p.add_argument("--reference-file", metavar="CSV", default=None,
                   help="external frequency list with term and count columns")
    p.add_argument("--unit", choices=list(UNITS), default="term", help="compare words or phrases")
    p.add_argument("--measure", choices=list(MEASURES), default="g2", help="keyness statistic")
    p.add_argument("--by", default="counterpart",
                   help="grouping column (e.g. country from file names)")
    p.add_argument("--ngram", type=_ngram, default=1, help="N or a range like 1-3")
    p.add_argument("--min-count", type=int, default=2,
                   help="keep terms used at least this often on both sides together")
    p.add_argument("--top", type=int, default=0, metavar="K",
                   help="K strongest terms each way, over- and under-used (0: all)")
    p.add_argument("--adjust", choices=[*ADJUSTMENTS, "none"], default="bh",
                   help="multiple-testing adjustment of p_adjusted and significant: "
                        "Benjamini-Hochberg, Bonferroni or none")
    _add_voice(p)
    _add_format(p, "csv")
    p.set_defaults(func=cmd_compare)

    p = _command(sub, "collocations", "collocations: the words around a counterpart, phrase or "
                                      "word, or the strongest word pairs")
    _add_corpus_options(p)
    p.add_argument("--around", default=None, metavar="NODE",
                   help="a counterpart id (USA), a phrase id (core-interests) or a word; "
                        "omit it for word pairs")
    p.add_argument("--window", type=int, default=5, metavar="N",
                   help="tokens either side of the node (after the first word, for pairs)")
    p.add_argument("--measure", choices=list(COLLOCATION_MEASURES), default="g2",
                   help="association measure")
    p.add_argument("--min-count", type=int, default=3, metavar="N",
                   help="keep collocates seen at least N times")
    p.add_argument("--top", type=int, default=0, metavar="K", help="the K strongest rows (0: all)")
    _add_voice(p)
    _add_format(p, "csv")
    p.set_defaults(func=cmd_collocations)

    p = _command(sub, "exchanges", "press-conference exchanges: the rate of each speech act of the "
                                   "answers by outlet kind, counterpart, spokesperson or quarter")
    _add_corpus_options(p)
    p.add_argument("--by", type=_by, default="asker_kind",
                   help="asker_kind, counterpart, spokesperson, quarter (or year, outlet_id, hostile; "
                        "comma-separated)")
    p.add_argument("--column", dest="columns", action="append", metavar="FIELD=COLUMN", default=None,
                   help="column of a dyad table with another layout, e.g. question=Frage (repeatable)")
    _add_voice(p)
    _add_format(p, "csv")
    p.set_defaults(func=cmd_exchanges)

    p = _command(sub, "export", "export a table: 'exchanges' writes one row per question and answer in "
                                "the CMFA PressCon layout, with outlets, counterparts, acts and hostility")
    p.add_argument("table", choices=["exchanges"], help="what to export")
    _add_corpus_options(p)
    p.add_argument("--column", dest="columns", action="append", metavar="FIELD=COLUMN", default=None,
                   help="column of a dyad table with another layout, e.g. question=Frage (repeatable)")
    _add_voice(p)
    _add_format(p, "csv")
    p.set_defaults(func=cmd_export)

    p = _command(sub, "report", "run the notebooks with papermill; write outputs/")
    p.add_argument("sources", nargs="*", metavar="SOURCE",
                   help="corpus files or folders (default: the notebooks' ../seeds)")
    p.add_argument("--out", default="outputs", metavar="DIR",
                   help="output folder (never inside a corpus folder)")
    p.add_argument("--metadata", metavar="FILE", default=None,
                   help="CSV sidecar with doc_id and any of date, title, spokesperson, counterparts")
    p.add_argument("--filename-pattern", metavar="REGEX", default=None,
                   help=r"named groups taken from file names, e.g. "
                        r"'(?P<country>[A-Z]{3})_\d+_(?P<year>\d{4})'")
    p.add_argument("-p", "--parameter", dest="parameters", nargs=2, action="append",
                   metavar=("NAME", "VALUE"), default=None,
                   help="notebook parameter (JSON or text), repeatable")
    p.add_argument("--notebook", action="append", metavar="NAME", default=None,
                   help="run only this notebook (repeatable), e.g. 05-narrative-report")
    p.add_argument("--notebooks-dir", default=None, metavar="DIR",
                   help="folder of the NN-slug.ipynb notebooks (default: those installed with "
                        "milrel; `milrel init` copies them to customise)")
    p.add_argument("--cache", default=None, metavar="DIR",
                   help="where the parsed corpus is cached (default: $MILREL_CACHE_DIR or "
                        "~/.cache/milrel_analysis)")
    p.add_argument("--no-cache", action="store_true",
                   help="let every notebook parse the corpus itself")
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="notebooks run at once, each in its own kernel (default: one per core, "
                        "up to 4; 1 keeps to one kernel's memory)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_report)

    p = _command(sub, "init", "copy the report notebooks into FOLDER/notebooks/ to customise")
    p.add_argument("folder", metavar="FOLDER", help="a project folder (created if needed)")
    p.set_defaults(func=cmd_init)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``milrel`` console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ReportError as err:
        print(f"milrel {args.command}: failed: {err}", file=sys.stderr)
        return EXIT_FAILED
    except MilrelError as err:
        print(f"milrel {args.command}: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"milrel {args.command}: interrupted (outputs written so far are intact)",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # e.g. piped into `head`
        return EXIT_OK
    except Exception:  # noqa: BLE001 - anything else is a bug: say so, show where
        traceback.print_exc()
        print(f"milrel {args.command}: internal error (a bug in milrel_analysis; please report it "
              "with the traceback above)", file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
