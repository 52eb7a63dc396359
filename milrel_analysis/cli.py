"""The ``milrel`` command: a thin layer over the library's functions.

Exit status: 0 on success, 2 for usage errors (bad flags, missing files named as options),
3 when some inputs were rejected (the good ones are still processed and printed).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from .corpus import Corpus, load_corpus

EXIT_OK, EXIT_USAGE, EXIT_REJECTED = 0, 2, 3


class UsageError(Exception):
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


def write_records(records: list[dict[str, Any]], fmt: str, out=None,
                  table_columns: Sequence[str] | None = None) -> None:
    """Print records as JSON lines, CSV or an aligned text table."""
    out = out or sys.stdout
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


def _report_inputs(corpus: Corpus) -> int:
    for row in corpus.skipped.itertuples():
        print(f"skipped: {row.source}: {row.reason}", file=sys.stderr)
    for row in corpus.rejected.itertuples():
        print(f"rejected: {row.source}: {row.reason}", file=sys.stderr)
    return EXIT_REJECTED if len(corpus.rejected) else EXIT_OK


def _load(args: argparse.Namespace) -> Corpus:
    return load_corpus(args.sources, metadata=getattr(args, "metadata", None),
                       progress=False if not sys.stderr.isatty() else None)


# --------------------------------------------------------------------------- subcommands


def document_records(corpus: Corpus) -> list[dict[str, Any]]:
    """One record per document: the ``documents`` columns plus counterpart and speaker lists."""
    cps = (
        corpus.counterparts.assign(mentions=corpus.counterparts["mentions"].fillna(0))
        .groupby(["doc_id", "counterpart"], as_index=False)["mentions"].sum()
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
    corpus = _load(args)
    write_records(
        document_records(corpus), args.format,
        table_columns=["doc_id", "date", "date_source", "spokesperson", "format",
                       "primary_counterpart", "n_tokens", "translations", "counterparts"],
    )
    return _report_inputs(corpus)


# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``milrel`` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="milrel",
        description="Parse, count and compare China's statements on military relations.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("parse", help="parse statement files; print one record per document")
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="files or folders")
    p.add_argument("--format", choices=["jsonl", "csv", "table"], default="jsonl")
    p.add_argument("--metadata", metavar="FILE", help="CSV sidecar: doc_id, date, title, ...")
    p.set_defaults(func=cmd_parse)

    for register in _EXTRA_COMMANDS:
        register(sub)
    return parser


_EXTRA_COMMANDS: list[Callable[[Any], None]] = []


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``milrel`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as err:
        print(f"milrel {args.command}: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except (ValueError, KeyError, FileNotFoundError, TypeError) as err:
        message = err.args[0] if isinstance(err, KeyError) and err.args else err
        print(f"milrel {args.command}: error: {message}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. piped into `head`
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
