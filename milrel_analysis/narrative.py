"""The narrative report: sentences written from the numbers of one run's tables.

:func:`build_narrative` computes the tables it talks about and returns them with a list of
blocks (headings, paragraphs, lists, tables, figures); :func:`render_markdown` and
:func:`render_html` turn the blocks into text. Every number in a sentence is read from those
tables; a difference or a trend is stated only when a test with documents as units supports
it after correcting for multiple tests, otherwise the text says why it cannot tell. Every
text, parameters and document text alike, is escaped for Markdown and HTML.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ._stats import MIN_DOCS
from ._types import VOICES, Unit, Voice
from ._validation import check_count, check_option
from .compare import compare_counterparts
from .corpus.groups import group_segments
from .corpus.model import Corpus
from .errors import ArgumentValueError
from .exchanges import exchange_sentences, exchange_summary
from .inference import TREND_COLUMNS, phrase_trends, year_coverage
from .lexicons import LexiconLike, load_lexicon, select_phrases
from .phrases import phrase_counts

__all__ = ["DEFAULT_TITLE", "Narrative", "build_narrative", "render_html", "render_markdown"]

DEFAULT_TITLE = "China's military diplomacy: how the language differs by counterpart"
ALPHA = 0.05
TREND_PHRASES = 10  # formulae whose trend the report tests: the most widely used
VOICE_WORDS = {
    "official": "China's own words (everything but journalists' questions)",
    "press": "the journalists' questions only",
    "all": "every counted passage, China's words and journalists' questions",
}


@dataclass
class Narrative:
    """Blocks of the report and the tables their numbers come from.

    Blocks are ``(kind, payload)``: ``h1``/``h2``/``p`` (text), ``ul`` (list of text),
    ``table`` (``(table name, caption, columns)``, a table of :attr:`tables`) and ``figure``
    (``(file name, caption)``).
    """

    blocks: list[tuple[str, Any]] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def add(self, kind: str, payload: Any) -> None:
        """Append a block: ``h1``, ``h2``, ``p``, ``ul``, ``table`` or ``figure``."""
        self.blocks.append((kind, payload))

    @property
    def figures(self) -> list[str]:
        """File names of the figures the report shows, in order."""
        return [payload[0] for kind, payload in self.blocks if kind == "figure"]


def _int(n: Any) -> str:
    return f"{int(n):,}"


def _plural(n: Any, word: str) -> str:
    return f"{_int(n)} {word}{'' if int(n) == 1 else 's'}"


def _p(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _day(when: pd.Timestamp) -> str:
    """"3 July 2020": the day without a leading zero, on every platform."""
    return f"{when.day} {when:%B %Y}"


def _pct(x: float) -> str:
    return f"{x:+.0f}%"


def build_narrative(
    corpus: Corpus,
    *,
    counterparts: Sequence[str] = ("USA", "RUS", "PRK"),
    phrases: Sequence[str] = (),
    lexicon: LexiconLike = None,
    top: int = 5,
    figures: Mapping[str, str] | None = None,
    title: str = DEFAULT_TITLE,
    description: str = "",
    voice: Voice = "official",
    top_n: int | None = None,
) -> Narrative:
    """Compute the report's tables and write its text from them.

    Parameters
    ----------
    corpus : Corpus
    counterparts : sequence of str, default=("USA", "RUS", "PRK")
        Counterpart ids to describe and contrast; those absent from the corpus are named as
        absent.
    phrases : sequence of str, default=()
        Phrase ids to follow; empty means the whole lexicon.
    lexicon : optional
        As in :func:`~milrel_analysis.phrase_counts`.
    top : int, default=5
        Formulae and terms listed per counterpart.
    figures : mapping of str to str, optional
        ``{figure file name: caption}`` to show, in order.
    title : str
        The report's heading.
    description : str, default=""
        A paragraph that says what the corpus is, under the heading.
    voice : {"official", "press", "all"}, default="official"
        Whose words are counted (the report says which).
    top_n : int, optional
        The former name of `top`, still accepted.

    Returns
    -------
    Narrative
        ``tables``: ``overview``, ``coverage`` (documents per year, partial years),
        ``counterparts`` (what each selected counterpart's figures rest on),
        ``phrases_by_counterpart``, ``phrases_by_year``, ``trends`` (:func:`phrase_trends`),
        ``keyness`` (terms, names left out) and ``phrase_keyness``, each with a boolean
        ``too_few_docs`` where a number rests on few documents; for a corpus of press
        conferences also the :func:`~milrel_analysis.exchanges.exchange_summary` tables
        (``exchange_overview``, ``exchange_outlets``, ``exchange_hostile_assertive`` ...).

    Raises
    ------
    ArgumentValueError
        For an unknown phrase id, voice or an empty counterpart id.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> nar = build_narrative(corpus_from_texts({"d": "BEIJING, May 1, 2021 -- The US side "
    ...                                          "must respect China's core interests."}))
    >>> sorted(nar.tables)[:3], render_markdown(nar).splitlines()[0]
    (['counterparts', 'coverage', 'keyness'], "# China's military diplomacy: how the language \
differs by counterpart")
    """
    top = top if top_n is None else top_n
    check_count("top", top, minimum=1)
    check_option("voice", voice, VOICES)
    wanted = [str(c) for c in counterparts]
    if any(not c.strip() for c in wanted):
        raise ArgumentValueError(f"counterparts={wanted!r}: give counterpart ids such as 'USA'")
    lex = select_phrases(load_lexicon(lexicon), phrases)
    nar = Narrative()
    nar.add("h1", title)
    if description:
        nar.add("p", description)
    nar.add("p", f"Counts are of {VOICE_WORDS[voice]}.")
    _overview(nar, corpus, voice)
    by_cp = phrase_counts(corpus, by="counterpart", lexicon=lex, voice=voice)
    by_cp["too_few_docs"] = by_cp["group_docs"] < MIN_DOCS
    nar.tables["phrases_by_counterpart"] = by_cp
    nar.tables["phrases_by_year"] = phrase_counts(corpus, by="year", lexicon=lex, voice=voice)
    present = _counterparts(nar, corpus, wanted, voice)
    _formulae(nar, wanted, present, top)
    _trends(nar, corpus, lex, voice)
    _contrasts(nar, corpus, [c for c in wanted if c in present], lex, top, voice)
    _exchanges(nar, corpus)
    for name, caption in (figures or {}).items():
        nar.add("figure", (name, caption))
    _caveats(nar, corpus)
    return nar


# --------------------------------------------------------------------------- sections


def _overview(nar: Narrative, corpus: Corpus, voice: Voice) -> None:
    docs = corpus.documents
    dated = docs["date"].dropna()
    coverage = year_coverage(corpus, voice=voice)
    words = int(coverage["n_tokens"].sum()) if len(coverage) else 0
    undated_words = int(corpus.countable_segments(voice=voice).merge(
        docs.loc[docs["date"].isna(), ["doc_id"]], on="doc_id")["n_tokens"].sum())
    nar.tables["overview"] = pd.DataFrame([
        {"measure": "documents", "value": len(docs)},
        {"measure": "words counted", "value": words + undated_words},
        {"measure": "dated documents", "value": len(dated)},
        {"measure": "first date", "value": dated.min().strftime("%Y-%m-%d") if len(dated) else ""},
        {"measure": "last date", "value": dated.max().strftime("%Y-%m-%d") if len(dated) else ""},
        {"measure": "documents with two translations",
         "value": int((docs["translations"] > 1).sum())},
        {"measure": "voice", "value": voice},
    ])
    nar.tables["coverage"] = coverage
    nar.add("h2", "What the corpus holds")
    span = (f"from {_day(dated.min())} to {_day(dated.max())}" if len(dated)
            else "with no dates that could be read")
    undated = len(docs) - len(dated)
    text = (f"The corpus holds {_plural(len(docs), 'document')} ({_int(words + undated_words)} "
            f"words counted), {span}")
    nar.add("p", text + (f"; {_plural(undated, 'document')} could not be dated." if undated else "."))
    if len(coverage):
        parts = []
        for row in coverage.itertuples():
            marks = [m for m, on in (("partial year", row.partial),
                                     (f"fewer than {MIN_DOCS} documents", row.too_few_docs)) if on]
            parts.append(f"{row.year}: {_int(row.n_docs)}" + (f" ({', '.join(marks)})" if marks else ""))
        nar.add("p", "Documents per year: " + "; ".join(parts) + ".")
    formats = docs["format"].value_counts()
    nar.add("p", "By format: " + ", ".join(f"{fmt} {n}" for fmt, n in formats.items())
            + " (news reports, question-and-answer transcripts, or reports that quote turns).")
    spokes = docs["spokesperson"].dropna().value_counts()
    if len(spokes):
        nar.add("p", "Spokespersons: " + ", ".join(f"{name} ({n})" for name, n in spokes.items())
                + f"; documents with no spokesperson: {int(docs['spokesperson'].isna().sum())}.")
    primary = docs["primary_counterpart"].dropna().value_counts()
    if len(primary):
        nar.add("p", "A document's main counterpart is the one named in at least half of its "
                     "counted mentions, more often than any other: " + ", ".join(
                         f"{cp} in {_plural(n, 'document')}" for cp, n in primary.items())
                + f"; no single main counterpart in {int(docs['primary_counterpart'].isna().sum())}.")


def _counterparts(nar: Narrative, corpus: Corpus, wanted: Sequence[str], voice: Voice) -> set[str]:
    """Say what each counterpart's figures rest on; return those present."""
    cps = corpus.counterparts
    counted = group_segments(corpus, "counterpart", voice=voice, text=False).dropna(subset=["counterpart"])
    rows = []
    for cp in wanted:
        mine = cps[cps["counterpart"] == cp]
        segs = counted[counted["counterpart"] == cp]
        rows.append({
            "counterpart": cp,
            "n_docs": int(segs["doc_id"].nunique()),
            "n_docs_named": int(mine.loc[mine["how"] == "named", "doc_id"].nunique()),
            "n_segments": len(segs),
            "n_tokens": int(segs["n_tokens"].sum()),
            "main_counterpart_of": int((corpus.documents["primary_counterpart"] == cp).sum()),
        })
    table = pd.DataFrame(rows, columns=["counterpart", "n_docs", "n_docs_named", "n_segments",
                                        "n_tokens", "main_counterpart_of"])
    table["too_few_docs"] = table["n_docs"] < MIN_DOCS
    nar.tables["counterparts"] = table
    nar.add("h2", "What each counterpart's figures rest on")
    items = []
    for r in table.itertuples():
        if not r.n_docs:
            items.append(f"{r.counterpart}: not mentioned in this corpus.")
            continue
        text = (f"{r.counterpart}: {_plural(r.n_segments, 'passage')} in {_plural(r.n_docs, 'document')} "
                f"({_int(r.n_tokens)} words) count for it; {_plural(r.n_docs_named, 'document')} "
                f"{'names' if r.n_docs_named == 1 else 'name'} it, "
                "the other passages answer a question that names it or belong to a document mainly "
                "about it")
        if r.too_few_docs:
            text += f"; with fewer than {MIN_DOCS} documents, its figures describe these texts only"
        items.append(text + ".")
    nar.add("ul", items)
    return set(table.loc[table["n_docs"] > 0, "counterpart"])


def _formulae(nar: Narrative, wanted: Sequence[str], present: set[str], top: int) -> None:
    by_cp = nar.tables["phrases_by_counterpart"]
    nar.add("h2", "Which formulae dominate for each counterpart")
    items = []
    for cp in wanted:
        if cp not in present:
            continue
        rows = by_cp[(by_cp["counterpart"] == cp) & (by_cp["count"] > 0)].head(top)
        if rows.empty:
            items.append(f"{cp}: none of the tracked formulae occur.")
            continue
        parts = [f"{r['label']} ({_plural(int(r['count']), 'time')} in "
                 f"{_plural(int(r['n_docs']), 'document')}, {float(r['rate_per_10k']):.1f} per 10,000 words)"
                 for r in rows.to_dict("records")]
        items.append(f"{cp}: " + "; ".join(parts) + ".")
    if items:
        nar.add("ul", items)
    else:
        nar.add("p", "None of the selected counterparts is mentioned in this corpus.")


def _trends(nar: Narrative, corpus: Corpus, lex: pd.DataFrame, voice: Voice) -> None:
    nar.add("h2", "How the formulae changed over time")
    coverage = nar.tables["coverage"]
    by_year = nar.tables["phrases_by_year"]
    used = (by_year.groupby("phrase_id")["n_docs"].sum().sort_values(ascending=False, kind="stable"))
    chosen = [p for p in used[used > 0].index[:TREND_PHRASES]]
    if len(coverage) < 2 or not chosen:
        nar.tables["trends"] = pd.DataFrame(columns=[*TREND_COLUMNS, "too_few_docs"])
        reason = ("no document could be dated" if coverage.empty else
                  f"all dated documents fall in {int(coverage['year'].iloc[0])}" if len(coverage) == 1
                  else "no tracked formula occurs")
        nar.add("p", f"Change over time cannot be described: {reason}.")
        return
    trends = phrase_trends(corpus, lexicon=lex, phrases=chosen, voice=voice)
    trends["too_few_docs"] = trends["n_docs"] < MIN_DOCS
    nar.tables["trends"] = trends
    first, last = int(coverage["year"].min()), int(coverage["year"].max())
    partial = trends.attrs.get("partial_years", [])
    nar.add("p", f"Each trend is a regression of every dated document's count on its year, "
                 f"{first}–{last}, with the document's length as exposure and robust errors; "
                 "p values are adjusted for the formulae tested (Benjamini–Hochberg)."
            + (f" Partial years: {', '.join(map(str, partial))}." if partial else ""))
    items = []
    for r in trends.to_dict("records"):
        note = trends.attrs.get("notes", {}).get(r["phrase_id"])
        docs = _plural(int(r["n_docs"]), "document")
        if pd.isna(r["change_per_year_pct"]) or pd.isna(r["p_adjusted"]):
            items.append(f"{r['label']} ({docs}): no estimate ({note or 'too little variation'}).")
        elif r["p_adjusted"] < ALPHA and not r["too_few_docs"]:
            rose = r["change_per_year_pct"] > 0
            # "fell by 44%" with its interval as falls too, smaller first: no double negatives
            low, high = ((r["ci_low"], r["ci_high"]) if rose else (-r["ci_high"], -r["ci_low"]))
            items.append(f"{r['label']} ({docs}): its rate {'rose' if rose else 'fell'} by "
                         f"{abs(r['change_per_year_pct']):.0f}% a year (95% interval {low:.0f}% to "
                         f"{high:.0f}%; adjusted {_p(r['p_adjusted'])}).")
        else:
            why = (f"fewer than {MIN_DOCS} documents use it" if r["too_few_docs"]
                   else f"adjusted {_p(r['p_adjusted'])}")
            items.append(f"{r['label']} ({docs}): no trend that the data support ({why}; estimate "
                         f"{_pct(r['change_per_year_pct'])} a year).")
    nar.add("ul", items)
    nar.add("table", ("trends", "Trends of the most widely used formulae",
                      ["label", "n_docs", "change_per_year_pct", "ci_low", "ci_high", "p_adjusted"]))


def _contrasts(nar: Narrative, corpus: Corpus, counterparts: Sequence[str], lex: pd.DataFrame,
               top: int, voice: Voice) -> None:
    nar.add("h2", "How the language about each counterpart differs from the rest")
    nar.add("p", "Each counterpart's passages are compared with every other passage (G²); the "
                 "counterpart's own names are left out of the terms, and p values are adjusted for "
                 "the number of terms tested (Benjamini–Hochberg). Only adjusted-significant "
                 "differences are named.")
    frames: dict[str, list[pd.DataFrame]] = {"keyness": [], "phrase_keyness": []}
    units: tuple[tuple[Unit, str], ...] = (("phrase", "phrase_keyness"), ("term", "keyness"))
    for cp in counterparts:
        for unit, name in units:
            try:
                table = compare_counterparts(corpus, cp, "rest", unit=unit, lexicon=lex, voice=voice,
                                             min_count=2)
            except ArgumentValueError as err:
                nar.add("p", f"{cp}: {err}.")
                break
            table = table.assign(target=cp, reference="rest")
            frames[name].append(table)
            strong = table[table["significant"]]
            over = strong[strong["statistic"] > 0].head(top)
            under = strong[strong["statistic"] < 0].tail(top).iloc[::-1]
            what = "formulae" if unit == "phrase" else "words"
            key = "label" if unit == "phrase" else "term"
            if over.empty and under.empty:
                nar.add("p", f"{cp}: no {what} used significantly more or less often than in the rest "
                             "of the corpus after adjustment.")
                continue
            more = ", ".join(f"“{r[key]}” ({int(r['target_count'])} vs {int(r['reference_count'])}, "
                             f"log ratio {float(r['log_ratio']):+.1f})" for r in over.to_dict("records"))
            less = ", ".join(f"“{r[key]}”" for r in under.to_dict("records"))
            text = f"{cp}, {what}: " + (f"more often {more}" if more else "")
            text += ("; " if more and less else "") + (f"less often {less}" if less else "") + "."
            if bool(table["too_few_docs"].any()):
                text += (f" With fewer than {MIN_DOCS} documents on one side, this describes these "
                         "texts; it is no evidence of a general difference.")
            nar.add("p", text)
    columns = ["target", "reference", "term", "target_count", "reference_count", "target_rate",
               "reference_rate", "statistic", "p_value", "p_adjusted", "significant", "log_ratio",
               "too_few_docs"]
    for name, parts in frames.items():
        cols = columns + (["label"] if name == "phrase_keyness" else [])
        nar.tables[name] = (pd.concat(parts, ignore_index=True)[cols] if parts
                            else pd.DataFrame(columns=cols))


def _exchanges(nar: Narrative, corpus: Corpus) -> None:
    """Who asks, and whether hostile questions draw assertive answers (press conferences only)."""
    if corpus.exchanges.empty:
        return
    summary = exchange_summary(corpus)
    nar.tables.update(summary)
    nar.add("h2", "Press exchanges")
    nar.add("p", "Each exchange is a journalist's question and the spokesperson's answer. An "
                 "answer is assertive when it urges, demands, opposes, protests or warns; a "
                 "question is hostile when it carries a charge against China. Intervals treat "
                 "briefings as clusters.")
    nar.add("ul", exchange_sentences(summary))
    if len(summary["exchange_hostile_assertive"]):
        nar.add("table", ("exchange_hostile_assertive",
                          "Assertive answers after hostile questions, overall and by group",
                          ["level", "group", "condition_outcome", "condition_only", "outcome_only",
                           "neither", "rate_given_condition", "rate_otherwise", "odds_ratio",
                           "ci_low", "ci_high", "too_few_docs"]))


def _caveats(nar: Narrative, corpus: Corpus) -> None:
    docs = corpus.documents
    nar.add("h2", "Caveats")
    items = []
    if len(docs) < 30:
        items.append(f"Small sample: {_plural(len(docs), 'document')} in all; figures resting on fewer "
                     f"than {MIN_DOCS} documents are flagged in the tables (too_few_docs).")
    two = int((docs["translations"] > 1).sum())
    if two:
        items.append(f"{_plural(two, 'document')} gave the same passage in two translations; only the "
                     "official one was counted.")
    inferred = int((docs["date_source"] == "inferred").sum())
    if inferred:
        items.append(f"{_plural(inferred, 'date')} had no year in the text; the year was inferred from "
                     "the years the document names or its page's links.")
    items.append("A passage counts for the counterparts it names; an answer naming none counts for "
                 "those its question names; in news reports a passage naming none counts for the "
                 "document's main counterpart. Venues, references and descriptors are not counted.")
    nar.add("ul", items)


# --------------------------------------------------------------------------- rendering

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|])")


def _md(text: object) -> str:
    """Text made inert for Markdown: HTML escaped, Markdown's active characters escaped."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))


def _cell(value: object, column: str = "") -> str:
    if isinstance(value, float):
        if pd.isna(value):
            return ""
        if column.startswith("p_") and value < 0.001:
            return "< 0.001"
        if abs(value) < 1e-9:
            return "0"
        return f"{value:.1f}" if abs(value) >= 1 else f"{value:.3g}"
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    return str(value)


def render_markdown(nar: Narrative) -> str:
    """Markdown text of the report (figures as image links, tables as pipe tables).

    Every text is escaped: a parameter or a document's words can never become markup.

    Examples
    --------
    >>> nar = Narrative()
    >>> nar.add("p", "<img src=x onerror=alert(1)> [link](javascript:x)")
    >>> render_markdown(nar)
    '&lt;img src=x onerror=alert(1)&gt; \\\\[link\\\\](javascript:x)\\n'
    """
    lines: list[str] = []
    for kind, payload in nar.blocks:
        if kind in ("h1", "h2"):
            lines += [f"{'#' if kind == 'h1' else '##'} {_md(payload)}", ""]
        elif kind == "p":
            lines += [_md(payload), ""]
        elif kind == "ul":
            lines += [f"- {_md(item)}" for item in payload] + [""]
        elif kind == "table":
            name, caption, columns = payload
            table = nar.tables[name]
            cols = [c for c in columns if c in table.columns]
            lines += [f"*{_md(caption)}*", "", "| " + " | ".join(_md(c) for c in cols) + " |",
                      "|" + "---|" * len(cols)]
            lines += ["| " + " | ".join(_md(_cell(v, c)) for v, c in zip(row, cols, strict=True))
                      + " |" for row in table[cols].itertuples(index=False)] + [""]
        elif kind == "figure":
            name, caption = payload
            lines += [f"![{_md(caption)}]({_md(name)})", "", f"*{_md(caption)}*", ""]
    return "\n".join(lines).rstrip() + "\n"


_CSS = """body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;line-height:1.5;color:#222}h1{font-size:1.7rem}h2{margin-top:2rem;border-bottom:1px solid #ccc}
figure{margin:1.5rem 0}img{max-width:100%;height:auto}figcaption,caption{font-size:.9rem;color:#555}
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem;display:block;overflow-x:auto}
td,th{border-bottom:1px solid #ddd;padding:.2rem .6rem;text-align:left}
th{font-weight:600;white-space:nowrap}td{font-variant-numeric:tabular-nums}"""


def render_html(nar: Narrative, *, title: str | None = None,
                images: Mapping[str, bytes] | None = None) -> str:
    """A standalone HTML page of the report; every text is escaped, no scripts.

    Parameters
    ----------
    nar : Narrative
    title : str, optional
        The page title (default: the report's heading).
    images : mapping of str to bytes, optional
        Figure file name -> its bytes, embedded as ``data:`` URIs so the page is
        self-contained; a figure not given is linked by its file name.

    Examples
    --------
    >>> nar = Narrative()
    >>> nar.add("figure", ("f.png", "<b>caption</b>"))
    >>> page = render_html(nar, images={"f.png": b"PNG"})
    >>> 'src="data:image/png;base64,UE5H"' in page and "&lt;b&gt;caption" in page
    True
    """
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
        elif kind == "table":
            name, caption, columns = payload
            table = nar.tables[name]
            cols = [c for c in columns if c in table.columns]
            rows = "".join("<tr>" + "".join(f"<td>{esc(_cell(v, c))}</td>"
                                            for v, c in zip(row, cols, strict=True)) + "</tr>"
                           for row in table[cols].itertuples(index=False))
            body.append(f"<table><caption>{esc(caption)}</caption><thead><tr>"
                        + "".join(f"<th>{esc(c)}</th>" for c in cols) + f"</tr></thead><tbody>{rows}"
                        "</tbody></table>")
        elif kind == "figure":
            name, caption = payload
            data = (images or {}).get(name)
            src = (f"data:{_mime(name)};base64,{base64.b64encode(data).decode('ascii')}" if data is not None
                   else esc(name, quote=True))
            body.append(f'<figure><img src="{src}" alt="{esc(caption, quote=True)}">'
                        f"<figcaption>{esc(caption)}</figcaption></figure>")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{esc(title or heading)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _mime(name: str) -> str:
    return {"svg": "image/svg+xml", "jpg": "image/jpeg", "jpeg": "image/jpeg"}.get(
        name.rsplit(".", 1)[-1].lower(), "image/png")
