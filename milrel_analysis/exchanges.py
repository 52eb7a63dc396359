"""Press-conference exchanges: who asks, about whom, and how Beijing answers.

The unit is the question-answer pair of ``Corpus.exchanges``. Each exchange gets its
asking outlet (:func:`asker_outlets`, from the packaged ``outlets.yaml``), the acts of its
answer (:func:`answer_acts`, from ``speech_acts.yaml``) and an assertiveness score, the
stance of its question (:func:`question_stance`, from ``question_stance.yaml``) and its
counterparts (:func:`exchange_counterparts`); :func:`exchange_table` puts them together, one
row per exchange. :func:`exchange_profile` gives the rate of each act by outlet kind,
counterpart, spokesperson or quarter, and :func:`answer_given_question` the 2x2 table of a
question's stance and its answer, with an odds ratio. Exchanges of one briefing are not
independent (one spokesperson, one day's news), so every interval here is clustered by
briefing (``doc_id``) and groups with fewer than ``MIN_DOCS`` briefings are flagged.
:func:`exchange_summary` returns the tables a report section needs; :func:`export_exchanges`
writes exchanges in the layout of the CMFA PressCon dyad corpus.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._stats import MIN_DOCS
from ._types import Translation, Voice
from ._validation import as_list, check_count, check_option, require_columns
from .clustered import RATE_COLUMNS, clustered_odds_ratio, clustered_rates
from .corpus.model import Corpus, counted_mask
from .errors import ArgumentValueError, ColumnError
from .lexicons import LexiconLike
from .outlets import OutletsLike, asker_outlets, load_outlets
from .speech_acts import answer_acts, load_speech_acts, question_stance

__all__ = [
    "ANSWER_COLUMNS", "ASSERTIVE_THRESHOLD", "ASSERTIVE_WEIGHTS", "COUNTERPART_COLUMNS",
    "EXPORT_COLUMNS", "PROFILE_COLUMNS", "answer_given_question", "exchange_counterparts",
    "exchange_profile", "exchange_sentences", "exchange_summary", "exchange_table", "export_exchanges",
    "two_by_two",
]

COUNTERPART_COLUMNS = ["doc_id", "exchange_id", "counterpart", "in_question", "in_answer"]
PROFILE_COLUMNS = ["act", "n_exchanges", "n_docs", "n_with", "rate", "ci_low", "ci_high",
                   "design_effect", "too_few_docs"]
ANSWER_COLUMNS = ["level", "group", "n_exchanges", "n_docs", "condition_outcome", "condition_only",
                  "outcome_only", "neither", "rate_given_condition", "rate_otherwise", "odds_ratio",
                  "ci_low", "ci_high", "p_value", "too_few_docs", "note"]
EXPORT_COLUMNS = ["id", "date", "spokesperson", "who_asked", "question", "answer", "link", "doc_id",
                  "exchange_id", "outlet_id", "outlet_country", "asker_kind", "counterparts",
                  "acts", "act_categories", "assertiveness", "assertive", "hostile", "hostile_cue"]
_TABLE_FRONT = ["doc_id", "exchange_id", "date", "year", "quarter", "spokesperson", "answerer",
                "asker", "outlet_id", "outlet_country", "asker_kind", "hostile", "hostile_cue",
                "hostile_cue_id", "n_acts", "acts"]

# The assertiveness of an answer: the weights of the categories it contains, each once.
# Reassurance is the opposite register; "criticised" records what China says was done to it
# (and answers to hostile questions report the accusations they are asked about), so
# neither weighs. An urging alone (1) is not assertive; anything stronger, or an urging with
# anything else, is.
ASSERTIVE_WEIGHTS: Mapping[str, float] = {"urge": 1, "demand": 2, "oppose": 2,
                                          "representations": 2, "warning": 3}
ASSERTIVE_THRESHOLD = 2


# --------------------------------------------------------------------------- counterparts


def exchange_counterparts(corpus: Corpus, *, voice: Voice = "all",
                          translation: Translation = "official") -> pd.DataFrame:
    """The counterparts of each exchange, from ``Corpus.counterparts``.

    A question counts for the counterparts it names; an answer for those it names or, naming
    none, for its question's (``how == "from_question"``). With `voice` ``"all"`` an
    exchange counts for both turns' counterparts, with ``"press"`` for its question's and
    with ``"official"`` for its answer's (as every count by counterpart does).

    Returns
    -------
    DataFrame
        ``doc_id, exchange_id, counterpart, in_question, in_answer``: `in_question` when the
        question names it, `in_answer` when the answer does (not merely inherits it), whatever
        the `voice`.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"d": "Q: Will Russia join?\\n\\nA: We welcome the US and Russia."})
    >>> exchange_counterparts(c).values.tolist()
    [['d', 1, 'RUS', True, True], ['d', 1, 'USA', False, True]]
    """
    check_option("voice", voice, ("official", "press", "all"))
    segs = corpus.segments
    keep = counted_mask(segs, translation=translation, kinds=("question", "answer"))
    keep &= segs["exchange_id"].notna()
    segs = segs.loc[keep, ["doc_id", "seg_id", "kind", "exchange_id"]]
    cps = corpus.counterparts.dropna(subset=["seg_id"]).astype({"seg_id": "int64"})
    if "how" in cps.columns:
        cps = cps[cps["how"].isin(["named", "from_question"])]
    else:  # a table built elsewhere: every row names its counterpart
        cps = cps.assign(how="named")
    rows = segs.merge(cps[["doc_id", "seg_id", "counterpart", "how"]], on=["doc_id", "seg_id"])
    rows = rows.assign(in_question=(rows["kind"] == "question") | (rows["how"] == "from_question"),
                       in_answer=(rows["kind"] == "answer") & (rows["how"] == "named"),
                       counts=rows["kind"].isin({"official": ["answer"], "press": ["question"],
                                                 "all": ["question", "answer"]}[voice]))
    flags = rows.groupby(["doc_id", "exchange_id", "counterpart"], sort=True)[["in_question", "in_answer",
                                                                                 "counts"]]
    out = flags.any().reset_index()
    out = out[out["counts"]].reset_index(drop=True)
    out["exchange_id"] = out["exchange_id"].astype("int64")
    return out[COUNTERPART_COLUMNS]


# --------------------------------------------------------------------------- the table


def _categories(lexicon: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(lexicon["category"]))


def exchange_table(
    corpus: Corpus,
    *,
    acts: LexiconLike = None,
    cues: LexiconLike = None,
    outlets: OutletsLike = None,
    weights: Mapping[str, float] | None = None,
    threshold: float = ASSERTIVE_THRESHOLD,
    voice: Voice = "official",
    translation: Translation = "official",
) -> pd.DataFrame:
    """One row per exchange: when, who answers, who asks, how the question is put, what the answer does.

    Parameters
    ----------
    corpus : Corpus
    acts, cues, outlets : optional
        The speech-act lexicon, the question-stance cues and the outlet table (default: the
        packaged ones; see :func:`load_speech_acts`, :func:`load_question_stance`,
        :func:`load_outlets`).
    weights : mapping of str to float, optional
        Weight of each act category in `assertiveness` (default :data:`ASSERTIVE_WEIGHTS`:
        urge 1, demand 2, oppose 2, representations 2, warning 3; reassurance and criticised
        0). A category is weighed once however often the answer uses it.
    threshold : float, default=2
        `assertive` is ``assertiveness >= threshold``: with the default weights, any act
        stronger than an urging, or an urging with another act.
    voice : {"official", "press", "all"}, default="official"
        Whose turns are searched for acts (the answers by default).
    translation : {"official", "machine", "all"}, default="official"

    Returns
    -------
    DataFrame
        ``doc_id, exchange_id, date, year, quarter, spokesperson, answerer, asker,
        outlet_id, outlet_country, asker_kind, hostile, hostile_cue, hostile_cue_id, n_acts,
        acts``, one bool column per act category (``urge`` ... ``criticised``), then
        ``assertiveness, assertive``. `acts` joins the act ids found with ";", `quarter`
        reads like ``2020Q2`` (missing when undated), `spokesperson` is the briefing's.

    Raises
    ------
    ValueError
        When a category of `acts` has the name of another column.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"d": "Reuters: The US accused China. Response?\\n\\n"
    ...     "Geng Shuang: We firmly oppose this and urge the US to stop smearing China."})
    >>> t = exchange_table(c)
    >>> t[["asker_kind", "hostile", "acts", "assertiveness", "assertive"]].values.tolist()
    [['wire', True, 'oppose;urge;demand-stop;smear', 5, True]]
    """
    lex = load_speech_acts(acts)
    categories = _categories(lex)
    clash = sorted(set(categories) & {*_TABLE_FRONT, "assertiveness", "assertive"})
    if clash:
        raise ArgumentValueError(f"act categories {clash} have the names of exchange-table columns; "
                                 "rename them")
    if weights is None:
        weights = ASSERTIVE_WEIGHTS
    else:
        unused = sorted(set(weights) - set(categories))
        if unused:
            warnings.warn(f"weights for {unused} ignored: no act has that category", stacklevel=2)
    ex = corpus.exchanges.reset_index(drop=True)
    docs = corpus.documents[["doc_id", "date", "year", "spokesperson"]]
    table = ex[["doc_id", "exchange_id", "answerer"]].merge(docs, on="doc_id", how="left")
    date = pd.to_datetime(table["date"])
    table["quarter"] = [None if pd.isna(d) else f"{d.year}Q{d.quarter}" for d in date]
    table = table.merge(asker_outlets(ex, outlets=outlets), on=["doc_id", "exchange_id"], how="left")
    table = table.merge(question_stance(corpus, cues=cues, translation=translation),
                        on=["doc_id", "exchange_id"], how="left")
    hits = answer_acts(corpus, acts=lex, voice=voice, translation=translation)
    key = pd.MultiIndex.from_frame(table[["doc_id", "exchange_id"]])
    grouped = hits.groupby(["doc_id", "exchange_id"])
    table["n_acts"] = grouped.size().reindex(key, fill_value=0).to_numpy().astype("int64")
    table["acts"] = grouped["act_id"].agg(lambda s: ";".join(dict.fromkeys(s))).reindex(key).to_numpy()
    table["acts"] = table["acts"].where(table["n_acts"] > 0, "")
    present = set(zip(hits["doc_id"], hits["exchange_id"], hits["category"], strict=True))
    score = np.zeros(len(table))
    pairs = list(zip(table["doc_id"], table["exchange_id"], strict=True))
    for cat in categories:
        table[cat] = [(d, e, cat) in present for d, e in pairs]
        score += table[cat].to_numpy() * float(weights.get(cat, 0))
    table["assertiveness"] = score.astype("int64") if np.all(score == np.round(score)) else score
    table["assertive"] = score >= threshold
    table["hostile"] = table["hostile"].fillna(False).astype(bool)
    return table[[*_TABLE_FRONT, *categories, "assertiveness", "assertive"]]




# --------------------------------------------------------------------------- profiles


def _table(corpus: Corpus, table: pd.DataFrame | None, **options: Any) -> pd.DataFrame:
    if table is None:
        return exchange_table(corpus, **options)
    require_columns(table, ["doc_id", "exchange_id", "acts", "assertiveness", "assertive"], name="table")
    return table


def _act_columns(table: pd.DataFrame) -> list[str]:
    """The act-category columns of an exchange table (between `acts` and `assertiveness`), then assertive."""
    cols = list(table.columns)
    return cols[cols.index("acts") + 1:cols.index("assertiveness")] + ["assertive"]


def _grouped(corpus: Corpus, table: pd.DataFrame, by: list[str], *, voice: Voice,
             translation: Translation) -> pd.DataFrame:
    """The table with the `by` columns, one row per exchange and counterpart when by counterpart."""
    if "counterpart" in by and "counterpart" not in table.columns:
        cps = exchange_counterparts(corpus, voice=voice, translation=translation)
        table = table.merge(cps[["doc_id", "exchange_id", "counterpart"]], on=["doc_id", "exchange_id"],
                            how="left")
    missing = [c for c in by if c not in table.columns]
    if missing:
        raise ColumnError(f"by={missing} are not exchange-table columns; have "
                          f"{sorted({*table.columns, 'counterpart'})}")
    return table


def exchange_profile(
    corpus: Corpus,
    *,
    by: str | Sequence[str] = ("asker_kind",),
    table: pd.DataFrame | None = None,
    acts: LexiconLike = None,
    cues: LexiconLike = None,
    outlets: OutletsLike = None,
    voice: Voice = "official",
    translation: Translation = "official",
    ci: float = 0.95,
    min_docs: int = MIN_DOCS,
) -> pd.DataFrame:
    """The share of exchanges whose answer performs each act, by group, with clustered intervals.

    The rate of an act in a group is the share of the group's exchanges whose answer has it
    (``assertive``: the share of assertive answers). Its interval treats briefings
    (``doc_id``) as clusters: the Wilson interval at the effective sample size, the
    exchanges divided by the design effect (see
    :func:`milrel_analysis.clustered.wilson_clustered`). A group whose exchanges come from
    fewer than `min_docs` briefings is flagged ``too_few_docs``: describe it, do not compare
    it; with one briefing there is no interval.

    Parameters
    ----------
    corpus : Corpus
    by : str or sequence of str, default=("asker_kind",)
        Columns of :func:`exchange_table` (``asker_kind``, ``outlet_id``, ``spokesperson``,
        ``quarter``, ``year``, ``hostile`` ...) or ``counterpart`` (an exchange counts for
        each of its counterparts, :func:`exchange_counterparts` with the same `voice`; one
        naming none falls in the missing group).
    table : DataFrame, optional
        An :func:`exchange_table` computed before, to save computing it again.
    acts, cues, outlets, voice, translation
        As in :func:`exchange_table`.
    ci : float, default=0.95
    min_docs : int, default=5

    Returns
    -------
    DataFrame
        ``[*by], act, n_exchanges, n_docs, n_with, rate, ci_low, ci_high, design_effect,
        too_few_docs``: one row per group and act (the lexicon's categories, then
        ``assertive``), groups in order (missing last).

    Raises
    ------
    KeyError
        For a `by` column the exchange table does not have.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({f"d{i}": f"Reuters: Comment?\\n\\nGeng Shuang: We {w} it."
    ...                        for i, w in enumerate(["firmly oppose", "welcome", "firmly oppose"])})
    >>> p = exchange_profile(c)
    >>> p[p.act == "oppose"][["asker_kind", "n_exchanges", "n_with", "too_few_docs"]].values.tolist()
    [['wire', 3, 2, True]]
    """
    check_count("min_docs", min_docs, minimum=1)
    by_list = as_list(by)
    base = _table(corpus, table, acts=acts, cues=cues, outlets=outlets, voice=voice, translation=translation)
    frame = _grouped(corpus, base, by_list, voice=voice, translation=translation)
    rates = (clustered_rates(frame, _act_columns(base), by=by_list, ci=ci, min_clusters=min_docs)
             if len(frame) else pd.DataFrame(columns=[*by_list, *RATE_COLUMNS]))
    out = rates.rename(columns={"outcome": "act", "n": "n_exchanges", "n_clusters": "n_docs",
                                "too_few_clusters": "too_few_docs"})
    out.attrs["method"] = ("share of exchanges; Wilson interval at the effective sample size (design "
                           "effect from the cluster-robust variance, clusters = briefings)")
    return out[[*by_list, *PROFILE_COLUMNS]]


def _group_label(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def answer_given_question(
    corpus: Corpus,
    *,
    condition: str = "hostile",
    outcome: str = "assertive",
    by: str | Sequence[str] = ("spokesperson", "year"),
    table: pd.DataFrame | None = None,
    acts: LexiconLike = None,
    cues: LexiconLike = None,
    outlets: OutletsLike = None,
    voice: Voice = "official",
    translation: Translation = "official",
    ci: float = 0.95,
    min_docs: int = MIN_DOCS,
) -> pd.DataFrame:
    """Do questions of one kind draw answers of another? The 2x2 table and its odds ratio.

    For all exchanges, then for each group of each `by` column (each spokesperson, each
    year): the exchanges with and without the `condition` (a hostile question) crossed with
    the `outcome` (an assertive answer), the two rates and the odds ratio. The odds ratio is
    a logistic regression's (statsmodels GLM, binomial) of the outcome on the condition;
    its confidence interval and p value use standard errors clustered by briefing
    (``doc_id``: CRV1 with the small-sample correction) and Student's t with one degree of
    freedom fewer than there are briefings (:func:`milrel_analysis.clustered.clustered_odds_ratio`).
    Groups with fewer than `min_docs` briefings are flagged; an empty cell leaves no
    interval (the note says so).

    Parameters
    ----------
    corpus : Corpus
    condition, outcome : str, default "hostile", "assertive"
        Boolean columns of :func:`exchange_table`: ``hostile``, ``assertive`` or an act
        category (``warning``, ``criticised`` ...).
    by : str or sequence of str, default=("spokesperson", "year")
        Columns (or ``counterpart``) to repeat the table for, as in :func:`exchange_profile`.
    table, acts, cues, outlets, voice, translation, ci, min_docs
        As in :func:`exchange_profile`.

    Returns
    -------
    DataFrame
        ``level, group, n_exchanges, n_docs, condition_outcome, condition_only, outcome_only,
        neither, rate_given_condition, rate_otherwise, odds_ratio, ci_low, ci_high, p_value,
        too_few_docs, note``: `level` is ``all`` or the `by` column, `group` its value as text.
        ``attrs``: ``condition``, ``outcome``, ``method``. Empty when there is no exchange.

    Raises
    ------
    KeyError
        When `condition` or `outcome` is not a column of the exchange table.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> pairs = [("The US accused China of lying.", "We firmly oppose that."),
    ...          ("When is the visit?", "Soon.")]
    >>> c = corpus_from_texts({f"d{i}": f"Q: {q}\\n\\nGeng Shuang: {a}"
    ...                        for i, (q, a) in enumerate(pairs * 3)})
    >>> t = answer_given_question(c, by=())
    >>> t[["level", "condition_outcome", "condition_only", "outcome_only", "neither", "note"]].values.tolist()
    [['all', 3, 0, 0, 3, 'a cell of the 2x2 table is empty: no finite odds ratio or interval']]
    """
    check_count("min_docs", min_docs, minimum=1)
    by_list = as_list(by)
    base = _table(corpus, table, acts=acts, cues=cues, outlets=outlets, voice=voice, translation=translation)
    for name, col in (("condition", condition), ("outcome", outcome)):
        if col not in base.columns:
            raise ColumnError(f"{name}={col!r} is not an exchange-table column; have {list(base.columns)}")
    rows = []
    if len(base):
        rows.append({"level": "all", "group": "all",
                     **clustered_odds_ratio(base, condition, outcome, cluster="doc_id", ci=ci)})
        for col in by_list:
            frame = _grouped(corpus, base, [col], voice=voice, translation=translation)
            for value, group in frame.groupby(col, dropna=False, sort=True):
                rows.append({"level": col, "group": _group_label(value),
                             **clustered_odds_ratio(group, condition, outcome, cluster="doc_id", ci=ci)})
    out = pd.DataFrame(rows, columns=["level", "group", "n", "n_clusters", *ANSWER_COLUMNS[4:15], "note"])
    out = out.rename(columns={"n": "n_exchanges", "n_clusters": "n_docs"})
    out["too_few_docs"] = out["n_docs"] < min_docs
    few = out["too_few_docs"] & (out["note"] == "")
    out.loc[few, "note"] = f"fewer than {min_docs} briefings: read the interval as fragile"
    out.attrs.update({"condition": condition, "outcome": outcome,
                      "method": "logistic regression of the outcome on the condition; standard errors "
                                "clustered by briefing (CRV1), t with briefings - 1 degrees of freedom"})
    return out[ANSWER_COLUMNS]


def two_by_two(result: pd.DataFrame, *, level: str = "all", group: str | None = "all") -> pd.DataFrame:
    """One row of :func:`answer_given_question` as a 2x2 table with margins, for display.

    Raises
    ------
    ValueError
        When `result` has no row for that level and group.

    Examples
    --------
    >>> r = pd.DataFrame([{"level": "all", "group": "all", "condition_outcome": 3, "condition_only": 1,
    ...                    "outcome_only": 2, "neither": 4}])
    >>> r.attrs.update(condition="hostile", outcome="assertive")
    >>> two_by_two(r).values.tolist()
    [[3, 1, 4], [2, 4, 6], [5, 5, 10]]
    """
    require_columns(result, ["level", "group", "condition_outcome", "condition_only", "outcome_only",
                             "neither"], name="result")
    match = result[(result["level"] == level) & (result["group"].astype(object) == group)]
    if match.empty:
        raise ArgumentValueError(f"no row with level={level!r} and group={group!r}; have "
                                 f"{result[['level', 'group']].drop_duplicates().values.tolist()[:20]}")
    row = match.iloc[0]
    cond, out = result.attrs.get("condition", "condition"), result.attrs.get("outcome", "outcome")
    cells = np.array([[row["condition_outcome"], row["condition_only"]],
                      [row["outcome_only"], row["neither"]]], dtype="int64")
    full = np.vstack([np.column_stack([cells, cells.sum(axis=1)]),
                      np.append(cells.sum(axis=0), cells.sum())])
    return pd.DataFrame(full, index=[cond, f"not {cond}", "total"], columns=[out, f"not {out}", "total"])


# --------------------------------------------------------------------------- export and summary


def _text_key(text: object) -> str:
    """A question's text reduced to its first words, to check that two tables hold one exchange."""
    return " ".join(re.findall(r"\w+", str(text).lower())[:12])


def export_exchanges(
    corpus: Corpus,
    *,
    dyads: pd.DataFrame | None = None,
    table: pd.DataFrame | None = None,
    acts: LexiconLike = None,
    cues: LexiconLike = None,
    outlets: OutletsLike = None,
    voice: Voice = "official",
    translation: Translation = "official",
) -> pd.DataFrame:
    """One row per exchange in the layout of the CMFA PressCon dyads, with our annotations added.

    The CMFA columns come first (``id, date, spokesperson, who_asked, question, answer,
    link``), then ours: where the exchange is (``doc_id, exchange_id``), the asker's outlet,
    the counterparts named in the question or the answer, the acts of the answer, its
    assertiveness, and the question's hostility, so that the rows join with the published
    corpus (on `id` for exchanges read from its table, on `date` and `question` otherwise).

    Parameters
    ----------
    corpus : Corpus
    dyads : DataFrame, optional
        The rows of the dyad tables the corpus was read from
        (:func:`milrel_analysis.corpus.dyads.read_dyads`): their `id`, `link` and `who_asked`
        replace ours where the document, the position and the question's first words agree.
    table, acts, cues, outlets, voice, translation
        As in :func:`exchange_profile`.

    Returns
    -------
    DataFrame
        :data:`EXPORT_COLUMNS`; `id` is ``<doc_id>-<exchange_id>`` unless a dyad's id was
        found, `link` a document's ``link`` or ``url`` column when it has one, lists are
        joined with ";".

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"d": "Reuters: Will Russia join?\\n\\nGeng Shuang: We welcome that."})
    >>> export_exchanges(c)[["id", "who_asked", "asker_kind", "counterparts", "acts"]].values.tolist()
    [['d-1', 'Reuters', 'wire', 'RUS', 'welcome']]
    """
    base = _table(corpus, table, acts=acts, cues=cues, outlets=outlets, voice=voice, translation=translation)
    out = base.merge(corpus.exchanges[["doc_id", "exchange_id", "question", "answer"]],
                     on=["doc_id", "exchange_id"], how="left")
    out["id"] = out["doc_id"].astype(str) + "-" + out["exchange_id"].astype(str)
    out["spokesperson"] = out["answerer"].where(out["answerer"].notna(), out["spokesperson"])
    out["who_asked"] = out["asker"]
    docs = corpus.documents.set_index("doc_id")
    link_col = next((c for c in ("link", "url") if c in docs.columns), None)
    out["link"] = out["doc_id"].map(docs[link_col]) if link_col else None
    cps = exchange_counterparts(corpus, voice="all", translation=translation)
    joined = cps.groupby(["doc_id", "exchange_id"])["counterpart"].agg(";".join)
    key = pd.MultiIndex.from_frame(out[["doc_id", "exchange_id"]])
    out["counterparts"] = joined.reindex(key, fill_value="").to_numpy()
    cats = _act_columns(base)[:-1]
    out["act_categories"] = [";".join(c for c in cats if row[c]) for _, row in out[cats].iterrows()]
    if dyads is not None:
        require_columns(dyads, ["doc_id", "exchange_id", "id", "question"], name="dyads")
        given = dyads.drop_duplicates(["doc_id", "exchange_id"]).set_index(["doc_id", "exchange_id"])
        same = given.reindex(key)
        ok = (same["question"].map(_text_key).to_numpy() == out["question"].map(_text_key).to_numpy()) \
            & same["id"].notna().to_numpy()
        out.loc[ok, "id"] = same.loc[ok, "id"].astype(str).to_numpy()
        for col in ("link", "who_asked"):  # the table's own values, where it has them
            if col in same:
                has = ok & same[col].notna().to_numpy() if col == "link" else ok
                out.loc[has, col] = same.loc[has, col].to_numpy()
    return out[EXPORT_COLUMNS]


def _outlet_counts(table: pd.DataFrame, outlets: OutletsLike) -> pd.DataFrame:
    names = table["outlet_id"].map(load_outlets(outlets).set_index("outlet_id")["name"])
    frame = table.assign(outlet=names.where(table["outlet_id"].notna(), table["asker"]))
    counts = frame.groupby(["asker_kind", "outlet_id", "outlet"], dropna=False).agg(
        n_exchanges=("exchange_id", "size"), n_docs=("doc_id", "nunique")).reset_index()
    return counts.sort_values(["n_exchanges", "outlet"], ascending=[False, True], ignore_index=True,
                              na_position="last")


def exchange_summary(
    corpus: Corpus,
    *,
    voice: Voice = "official",
    acts: LexiconLike = None,
    cues: LexiconLike = None,
    outlets: OutletsLike = None,
    min_docs: int = MIN_DOCS,
) -> dict[str, pd.DataFrame]:
    """The tables a report section on press exchanges is written from.

    Returns
    -------
    dict of str to DataFrame
        ``exchange_overview`` (one row: ``n_briefings, n_exchanges, n_known_asker,
        share_known_asker, n_hostile, share_hostile, n_assertive, share_assertive``),
        ``exchange_outlets`` (``asker_kind, outlet_id, outlet, n_exchanges, n_docs``; the
        raw label as `outlet` where the table does not know it), ``exchange_asker_counterparts``
        (``asker_kind, counterpart, n_exchanges, n_docs``: who asks about whom, counterparts
        named in the questions), ``exchange_acts_by_spokesperson`` and
        ``exchange_acts_by_counterpart`` (:func:`exchange_profile`) and
        ``exchange_hostile_assertive`` (:func:`answer_given_question` by spokesperson and
        year). With no exchanges every table is empty but the overview, which counts zeros.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> s = exchange_summary(corpus_from_texts({"d": "No questions here."}))
    >>> s["exchange_overview"]["n_exchanges"].tolist(), len(s["exchange_hostile_assertive"])
    ([0], 0)
    """
    table = exchange_table(corpus, acts=acts, cues=cues, outlets=outlets, voice=voice)
    n = len(table)
    share = (lambda k: k / n) if n else (lambda k: math.nan)
    known = int(table["asker"].map(lambda a: isinstance(a, str) and bool(a.strip())).sum())
    overview = pd.DataFrame([{
        "n_briefings": int(table["doc_id"].nunique()), "n_exchanges": n, "n_known_asker": known,
        "share_known_asker": share(known), "n_hostile": int(table["hostile"].sum()),
        "share_hostile": share(int(table["hostile"].sum())), "n_assertive": int(table["assertive"].sum()),
        "share_assertive": share(int(table["assertive"].sum())),
    }])
    asked = table[["doc_id", "exchange_id", "asker_kind"]].merge(
        exchange_counterparts(corpus, voice="press")[["doc_id", "exchange_id", "counterpart"]],
        on=["doc_id", "exchange_id"])
    who_about = asked.groupby(["asker_kind", "counterpart"]).agg(
        n_exchanges=("exchange_id", "size"), n_docs=("doc_id", "nunique")).reset_index()
    options: dict[str, Any] = {"table": table, "voice": voice, "min_docs": min_docs}
    return {
        "exchange_overview": overview,
        "exchange_outlets": _outlet_counts(table, outlets),
        "exchange_asker_counterparts": who_about.sort_values(
            ["asker_kind", "n_exchanges", "counterpart"], ascending=[True, False, True], ignore_index=True),
        "exchange_acts_by_spokesperson": exchange_profile(corpus, by="spokesperson", **options),
        "exchange_acts_by_counterpart": exchange_profile(corpus, by="counterpart", **options),
        "exchange_hostile_assertive": answer_given_question(corpus, by=("spokesperson", "year"), **options),
    }


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def exchange_sentences(summary: Mapping[str, pd.DataFrame], *, top: int = 3) -> list[str]:
    """Short sentences on who asks and whether hostile questions draw assertive answers.

    Written from :func:`exchange_summary`'s tables: the numbers come from them, and a
    difference is stated only when the clustered interval of the odds ratio excludes 1.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> exchange_sentences(exchange_summary(corpus_from_texts({"d": "No questions here."})))
    ['No question-and-answer exchanges were found.']
    """
    check_count("top", top, minimum=1)
    row = summary["exchange_overview"].iloc[0]
    if not row["n_exchanges"]:
        return ["No question-and-answer exchanges were found."]
    out = [f"{int(row['n_exchanges']):,} exchanges in {int(row['n_briefings']):,} briefings; "
           f"{_pct(row['share_known_asker'])} of the questions name the asking outlet."]
    named = summary["exchange_outlets"].dropna(subset=["outlet"]).head(top)
    if len(named):
        out.append("The most frequent askers: " + ", ".join(
            f"{r.outlet} ({r.n_exchanges})" for r in named.itertuples()) + ".")
    result = summary["exchange_hostile_assertive"]
    overall = result[result["level"] == "all"]
    if overall.empty:
        return out
    r = overall.iloc[0]
    text = (f"Answers to hostile questions were assertive in {_pct(r['rate_given_condition'])} of "
            f"{int(r['condition_outcome'] + r['condition_only'])} cases, against "
            f"{_pct(r['rate_otherwise'])} otherwise")
    if math.isnan(r["ci_low"]):
        out.append(f"{text}; no interval can be given ({r['note']}).")
    elif r["ci_low"] > 1 or r["ci_high"] < 1:
        out.append(f"{text} (odds ratio {r['odds_ratio']:.2f}, 95% CI {r['ci_low']:.2f}–{r['ci_high']:.2f}, "
                   "clustered by briefing).")
    else:
        out.append(f"{text}; the clustered 95% interval of the odds ratio ({r['ci_low']:.2f}–"
                   f"{r['ci_high']:.2f}) includes 1, so no difference can be claimed.")
    return out
