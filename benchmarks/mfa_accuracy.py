"""Parser accuracy on the 500 MFA press-conference pages against their manifest.

Run from the project root: ``python benchmarks/mfa_accuracy.py [PAGES_DIR]``. Prints dates,
spokespersons and titles right / wrong / missing against ``manifest.csv``, the formats, and
the share of answers that follow a question naming a counterpart but are attributed to none.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

import milrel_analysis as mra

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpora" / "mfa-presscon-html" / "pages"


def tally(ours: pd.Series, truth: pd.Series) -> dict[str, int]:
    """Right, wrong and missing counts where the truth is known."""
    known = truth.notna()
    right = int((ours[known] == truth[known]).sum())
    missing = int(ours[known].isna().sum())
    return {"right": right, "wrong": int(known.sum()) - right - missing, "missing": missing,
            "extra": int((ours.notna() & ~known).sum())}


def unattributed_answers(corpus: mra.Corpus) -> tuple[int, int]:
    """Answers to a question that names a counterpart, and how many of them count for none."""
    segs = corpus.countable_segments(voice="all")
    cps = corpus.counterparts.dropna(subset=["seg_id"]).astype({"seg_id": "int64"})
    named_q = cps.merge(segs[segs["kind"] == "question"][["doc_id", "seg_id", "exchange_id"]],
                        on=["doc_id", "seg_id"])[["doc_id", "exchange_id"]].drop_duplicates()
    answers = segs[segs["kind"] == "answer"].merge(named_q, on=["doc_id", "exchange_id"])
    attributed = answers.merge(cps[["doc_id", "seg_id"]].drop_duplicates(), on=["doc_id", "seg_id"],
                               how="left", indicator=True)
    return len(answers), int((attributed["_merge"] == "left_only").sum())


def main(pages: Path = DEFAULT) -> None:
    manifest = pd.read_csv(pages.parent / "manifest.csv")
    manifest["doc_id"] = manifest["file"].str.replace("pages/", "").str.replace(".html", "")
    start = time.perf_counter()
    corpus = mra.load_corpus(pages)
    seconds = time.perf_counter() - start
    docs = corpus.documents.merge(manifest, on="doc_id", suffixes=("", "_manifest"))
    dates = tally(docs["date"].dt.strftime("%Y-%m-%d").where(docs["date"].notna()),
                  docs["date_from_title"])
    named = docs["title_manifest"].str.extract(r"Spokesperson (\w+ \w+)'s")[0]
    spokes = tally(docs["spokesperson"], named)
    titles = tally(docs["title"].str.strip(), docs["title_manifest"].str.strip())
    n, none = unattributed_answers(corpus)
    print(f"{len(corpus)} pages parsed in {seconds:.1f} s")
    print(f"dates vs manifest: {dates}; date sources {docs['date_source'].value_counts().to_dict()}")
    print(f"spokespersons vs title: {spokes}")
    print(f"titles: {titles}")
    print(f"formats: {docs['format'].value_counts().to_dict()}")
    print(f"answers after a question naming a counterpart: {n}; attributed to none: {none} "
          f"({100 * none / max(n, 1):.2f}%)")
    print(f"exchanges: {len(corpus.exchanges)}; with a labelled asker: "
          f"{int(corpus.exchanges['asker'].notna().sum())}")
    print(f"mention roles: {corpus.mentions['role'].value_counts().to_dict()}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
