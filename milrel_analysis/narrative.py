"""The narrative report: sentences written from the numbers of one run's tables.

:func:`build_narrative` computes the tables it talks about and returns them with a list of
blocks (headings, paragraphs, lists, tables, figures); :func:`render_markdown` and
:func:`render_html` turn the blocks into text. Every number in a sentence is read from those
tables, and a difference or trend is only stated when a test supports it; otherwise the text
says why it cannot tell. All document text is HTML-escaped.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from .compare import MIN_DOCS, compare_counterparts, keyness
from .lexicons import LexiconLike, load_lexicon, select_phrases
from .phrases import phrase_counts

if TYPE_CHECKING:
    from .corpus import Corpus

__all__ = ["Narrative", "build_narrative", "render_markdown", "render_html"]

ALPHA = 0.05


@dataclass
class Narrative:
    """Blocks of the report and the tables their numbers come from."""

    blocks: list[tuple[str, Any]] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def add(self, kind: str, payload: Any) -> None:
        """Append a block: ``h1``, ``h2``, ``p``, ``ul`` (list of str) or ``figure``."""
        self.blocks.append((kind, payload))


def _fmt_int(n: float) -> str:
    return f"{int(n):,}"


def _fmt_rate(x: float) -> str:
    return f"{x:.1f}"


def _fmt_p(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _plural(n: int, word: str) -> str:
    return f"{_fmt_int(n)} {word}{'' if n == 1 else 's'}"


def build_narrative(
    corpus: Corpus,
    *,
    counterparts: Sequence[str] = ("USA", "RUS", "PRK"),
    phrases: Sequence[str] = (),
    lexicon: LexiconLike = None,
    top: int = 5,
    figures: dict[str, str] | None = None,
    title: str = "China's military diplomacy: how the language differs by counterpart",
    top_n: int | None = None,
) -> Narrative:
    """Compute the report's tables and write its text from them.

    Parameters
    ----------
    corpus : Corpus
    counterparts : sequence of str, default=("USA", "RUS", "PRK")
        Counterpart ids to describe and contrast (those absent from the corpus are named as
        absent).
    phrases : sequence of str, default=()
        Phrase ids to follow; empty means the whole lexicon.
    top : int, default=5
        Formulae and keywords listed per counterpart.
    figures : dict of str to str, optional
        ``{figure file name: caption}`` to show inline, in order.
    title : str
        The report's heading.
    top_n : int, optional
        The former name of `top`, still accepted.

    Returns
    -------
    Narrative
        ``tables`` holds ``overview``, ``phrases_by_counterpart``, ``phrases_by_year``,
        ``keyness`` and ``trends``.
    """
    top = top if top_n is None else top_n
    lex = select_phrases(load_lexicon(lexicon), phrases)
    nar = Narrative()
    nar.add("h1", title)
    docs = corpus.documents
    _overview(nar, corpus)
    by_cp = phrase_counts(corpus, by="counterpart", lexicon=lex)
    by_year = phrase_counts(corpus, by="year", lexicon=lex)
    nar.tables["phrases_by_counterpart"] = by_cp
    nar.tables["phrases_by_year"] = by_year
    _formulae(nar, by_cp, counterparts, top)
    _trends(nar, by_year, docs)
    _contrasts(nar, corpus, counterparts, top)
    for name, caption in (figures or {}).items():
        nar.add("figure", (name, caption))
    _caveats(nar, corpus)
    return nar


def _overview(nar: Narrative, corpus: Corpus) -> None:
    docs = corpus.documents
    dated = docs["date"].dropna()
    n_docs, n_tokens = len(docs), int(docs["n_tokens"].sum())
    spokes = docs["spokesperson"].dropna().value_counts()
    primary = docs["primary_counterpart"].dropna().value_counts()
    overview = pd.DataFrame([
        {"measure": "documents", "value": n_docs},
        {"measure": "words counted", "value": n_tokens},
        {"measure": "dated documents", "value": len(dated)},
        {"measure": "first date", "value": dated.min().strftime("%Y-%m-%d") if len(dated) else ""},
        {"measure": "last date", "value": dated.max().strftime("%Y-%m-%d") if len(dated) else ""},
        {"measure": "documents with two translations", "value": int((docs["translations"] > 1).sum())},
    ])
    nar.tables["overview"] = overview
    nar.add("h2", "What the corpus holds")
    span = (f"from {dated.min():%d %B %Y} to {dated.max():%d %B %Y}" if len(dated)
            else "with no dates that could be read")
    undated = n_docs - len(dated)
    sentence = f"The corpus holds {_plural(n_docs, 'document')} ({_fmt_int(n_tokens)} words counted), {span}"
    sentence += f"; {_plural(undated, 'document')} could not be dated." if undated else "."
    nar.add("p", sentence)
    formats = docs["format"].value_counts()
    nar.add("p", "By format: " + ", ".join(f"{fmt} {n}" for fmt, n in formats.items())
            + " (news reports, question-and-answer transcripts, or both).")
    if len(spokes):
        nar.add("p", "Spokespersons: " + ", ".join(f"{name} ({n})" for name, n in spokes.items())
                + f"; documents with no spokesperson: {int(docs['spokesperson'].isna().sum())}.")
    if len(primary):
        nar.add("p", "Main counterpart of each document: " + ", ".join(
            f"{cp} ({n})" for cp, n in primary.items())
            + f"; documents with no single main counterpart: "
            f"{int(docs['primary_counterpart'].isna().sum())}.")


def _formulae(nar: Narrative, by_cp: pd.DataFrame, counterparts: Sequence[str], top_n: int) -> None:
    nar.add("h2", "Which formulae dominate for each counterpart")
    present = set(by_cp["counterpart"].dropna())
    items = []
    for cp in counterparts:
        if cp not in present:
            items.append(f"{cp}: not mentioned in this corpus.")
            continue
        rows = by_cp[(by_cp["counterpart"] == cp) & (by_cp["count"] > 0)].head(top_n)
        if rows.empty:
            items.append(f"{cp}: none of the tracked formulae occur.")
            continue
        parts = [f"{r['label']} ({_plural(int(r['count']), 'time')}, "
                 f"{_fmt_rate(float(r['rate_per_10k']))} per 10,000 words)"
                 for r in rows.to_dict("records")]
        items.append(f"{cp}: " + "; ".join(parts) + ".")
    nar.add("ul", items)


def _trends(nar: Narrative, by_year: pd.DataFrame, docs: pd.DataFrame) -> None:
    nar.add("h2", "How the formulae changed over time")
    years = by_year.dropna(subset=["year"])
    docs_per_year = docs.dropna(subset=["year"]).groupby("year").size()
    rows = []
    if docs_per_year.empty:
        nar.add("p", "No document could be dated, so change over time cannot be described.")
        nar.tables["trends"] = pd.DataFrame(columns=["phrase_id", "first_year", "last_year",
                                                     "first_count", "last_count", "g2", "p_value"])
        return
    first, last = int(docs_per_year.index.min()), int(docs_per_year.index.max())
    totals = years.groupby("phrase_id")["count"].sum().sort_values(ascending=False)
    year_tokens = docs.dropna(subset=["year"]).groupby("year")["n_tokens"].sum()
    for pid in totals[totals > 0].index[:5]:
        sub = years[years["phrase_id"] == pid].set_index("year")["count"]
        a, b = int(sub.get(last, 0)), int(sub.get(first, 0))
        if first == last:
            continue
        test = keyness({pid: a}, {pid: b}, target_total=year_tokens[last],
                       reference_total=year_tokens[first]).iloc[0]
        rows.append({"phrase_id": pid, "first_year": first, "last_year": last, "first_count": b,
                     "last_count": a, "g2": test.statistic, "p_value": test.p_value})
    trends = pd.DataFrame(rows, columns=["phrase_id", "first_year", "last_year", "first_count",
                                         "last_count", "g2", "p_value"])
    nar.tables["trends"] = trends
    per_year = ", ".join(f"{y}: {_plural(int(n), 'document')}" for y, n in docs_per_year.items())
    nar.add("p", f"Documents per year: {per_year}.")
    if first == last:
        nar.add("p", f"All dated documents fall in {first}, so no change over time can be described.")
        return
    enough = docs_per_year.get(first, 0) >= MIN_DOCS and docs_per_year.get(last, 0) >= MIN_DOCS
    items = []
    for r in trends.to_dict("records"):
        counts = f"{r['first_count']} in {r['first_year']}, {r['last_count']} in {r['last_year']}"
        g2, p = float(r["g2"]), float(r["p_value"])
        if not enough:
            verdict = (f"with fewer than {MIN_DOCS} documents in {r['first_year']} or "
                       f"{r['last_year']}, this is no evidence of a change")
        elif p < ALPHA:
            direction = "more" if g2 > 0 else "less"
            verdict = (f"used {direction} often in {r['last_year']} (G² = {abs(g2):.2f}, "
                       f"{_fmt_p(p)})")
        else:
            verdict = f"no significant change (G² = {abs(g2):.2f}, {_fmt_p(p)})"
        items.append(f"{r['phrase_id']}: {counts}; {verdict}.")
    if items:
        nar.add("ul", items)


def _contrasts(nar: Narrative, corpus: Corpus, counterparts: Sequence[str], top_n: int) -> None:
    nar.add("h2", "Strongest keyness contrasts")
    present = set(corpus.counterparts["counterpart"]) | set(corpus.documents["primary_counterpart"].dropna())
    frames = []
    for cp in counterparts:
        if cp not in present:
            continue
        try:
            table = compare_counterparts(corpus, cp, "rest")
        except ValueError as err:
            nar.add("p", f"{cp}: {err}.")
            continue
        strong = table[table["p_value"] < ALPHA]
        over = strong[strong["statistic"] > 0].head(top_n)
        under = strong[strong["statistic"] < 0].tail(top_n).iloc[::-1]
        frames.append(pd.concat([over, under]).assign(target=cp, reference="rest"))
        docs = table.attrs["target_docs"]
        if over.empty and under.empty:
            nar.add("p", f"{cp} ({_plural(docs, 'document')}): no word is used significantly more or "
                         f"less often than in the rest of the corpus (G², p < {ALPHA}).")
            continue
        words = ", ".join(f"“{r['term']}” (G² = {float(r['statistic']):.1f}, "
                          f"log ratio {float(r['log_ratio']):+.1f})" for r in over.to_dict("records"))
        against = ", ".join(f"“{r['term']}” (G² = {abs(float(r['statistic'])):.1f})"
                            for r in under.to_dict("records"))
        text = f"About {cp} ({_plural(docs, 'document')})"
        text += f", the words most over-used against the rest of the corpus are {words}" if words else ""
        text += f"; the most under-used are {against}" if against else ""
        text += "."
        if "caveat" in table.attrs:
            text += (f" With fewer than {MIN_DOCS} documents on one side, these contrasts describe "
                     "these texts; they are not evidence of a general difference.")
        nar.add("p", text)
    columns = ["target", "reference", "term", "target_count", "reference_count", "target_rate",
               "reference_rate", "statistic", "p_value", "log_ratio"]
    nar.tables["keyness"] = (pd.concat(frames, ignore_index=True)[columns] if frames
                             else pd.DataFrame(columns=columns))


def _caveats(nar: Narrative, corpus: Corpus) -> None:
    docs = corpus.documents
    nar.add("h2", "Caveats")
    items = []
    small = (docs["primary_counterpart"].value_counts() < MIN_DOCS).sum()
    if len(docs) < 30 or small:
        items.append(f"Small samples: {_plural(len(docs), 'document')} in all; counterparts with fewer "
                     f"than {MIN_DOCS} documents are described, not compared statistically.")
    two = int((docs["translations"] > 1).sum())
    if two:
        items.append(f"{_plural(two, 'document')} gave the same passage in two translations; only the "
                     "official one was counted.")
    inferred = int((docs["date_source"] == "inferred").sum())
    if inferred:
        items.append(f"{_plural(inferred, 'date')} had no year in the text and were inferred from the "
                     "years the document names.")
    items.append("Counts attribute each paragraph to the counterparts it names, or to the document's "
                 "main counterpart when it names none.")
    nar.add("ul", items)


# --------------------------------------------------------------------------- rendering


def render_markdown(nar: Narrative) -> str:
    """Markdown text of the report (figures as image links)."""
    lines: list[str] = []
    for kind, payload in nar.blocks:
        if kind == "h1":
            lines += [f"# {payload}", ""]
        elif kind == "h2":
            lines += [f"## {payload}", ""]
        elif kind == "p":
            lines += [payload, ""]
        elif kind == "ul":
            lines += [f"- {item}" for item in payload] + [""]
        elif kind == "figure":
            name, caption = payload
            lines += [f"![{caption}]({name})", "", f"*{caption}*", ""]
    return "\n".join(lines).rstrip() + "\n"


_CSS = """body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;line-height:1.5;color:#222}h1{font-size:1.7rem}h2{margin-top:2rem;border-bottom:1px solid #ccc}
figure{margin:1.5rem 0}img{max-width:100%;height:auto}figcaption{font-size:.9rem;color:#555}"""


def render_html(nar: Narrative, *, title: str | None = None) -> str:
    """A standalone HTML page of the report; every text is escaped, no scripts."""
    esc = html.escape
    heading = next((p for k, p in nar.blocks if k == "h1"), "Report")
    body: list[str] = []
    for kind, payload in nar.blocks:
        if kind in ("h1", "h2"):
            body.append(f"<{kind}>{esc(payload)}</{kind}>")
        elif kind == "p":
            body.append(f"<p>{esc(payload)}</p>")
        elif kind == "ul":
            body.append("<ul>" + "".join(f"<li>{esc(item)}</li>" for item in payload) + "</ul>")
        elif kind == "figure":
            name, caption = payload
            body.append(f'<figure><img src="{esc(name, quote=True)}" alt="{esc(caption, quote=True)}">'
                        f"<figcaption>{esc(caption)}</figcaption></figure>")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{esc(title or heading)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body) + "\n</body>\n</html>\n"
    )
