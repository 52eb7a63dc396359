# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Phrase tracking
#
# **Question:** where and when do the formulae ("win-win", "core interests", "one-China
# principle", "community with a shared future" ...) occur, and for which counterparts?
#
# **Inputs:** `corpus`, the packaged lexicon (or `phrases`). **Outputs:** `phrase-hits.csv`,
# `phrases-by-counterpart.csv`, `phrases-by-year-counterpart.csv`, `phrase-heatmap`,
# `phrase-timeline`, `phrase-panels`, `phrase-dispersion` (PNG, SVG) in `output_dir`.

# %% tags=["parameters"]
corpus: str = "../seeds"  # folder or file of statements (several joined by os.pathsep); never modified
output_dir: str = "../outputs/03-phrase-tracking"  # figures and tables go here
counterparts: list = ["USA", "RUS", "PRK"]  # counterpart ids to describe and compare
phrases: list = []  # phrase ids to follow; empty means the whole lexicon
date_from: str = ""  # first date kept, YYYY-MM-DD; empty keeps all
date_to: str = ""  # last date kept, YYYY-MM-DD; empty keeps all
top_n: int = 15  # rows shown per group
metadata: str = ""  # CSV sidecar with doc_id and date, title, spokesperson, counterparts; empty: none
filename_pattern: str = ""  # regex whose named groups, e.g. (?P<year>\d{4}), become document columns
corpus_cache: str = ""  # folder of parsed corpora; empty: the one milrel report uses, if any
voice: str = "official"  # whose words: official (China's), press (journalists' questions) or all

# %%
from milrel_analysis import plots
from milrel_analysis.report import notebook_setup, save_figure, save_table

docs, out, lexicon = notebook_setup(corpus, output_dir=output_dir, phrases=phrases,
                                    date_from=date_from, date_to=date_to, metadata=metadata,
                                    filename_pattern=filename_pattern, corpus_cache=corpus_cache)
docs

# %% [markdown]
# Every match of the lexicon, then the formulae each selected counterpart hears most often
# (most used first; `n_docs` is how many documents use the formula, `group_docs` how many
# documents the counterpart's figures rest on).

# %%
from milrel_analysis.phrases import phrase_counts, track_phrases

hits = track_phrases(docs, lexicon, voice=voice)
save_table(hits, "phrase-hits", out)
by_cp = phrase_counts(docs, by="counterpart", lexicon=lexicon, voice=voice)
save_table(by_cp, "phrases-by-counterpart", out)
used = by_cp[by_cp.counterpart.isin(counterparts) & (by_cp["count"] > 0)]
(used.sort_values(["count", "n_docs"], ascending=False, kind="stable")
     .groupby("counterpart", sort=False).head(5)
     [["counterpart", "label", "count", "n_docs", "group_docs", "rate_per_10k"]])

# %%
ax = plots.plot_phrase_heatmap(by_cp[by_cp.counterpart.isin(counterparts)], top=top_n)
_ = save_figure(ax, "phrase-heatmap", out)

# %% [markdown]
# Over time: the most used formula for each counterpart, then the four most used formulae in
# small multiples, one panel per counterpart. A gap is a year without text for that
# counterpart; hollow points rest on fewer than five documents.

# %%
by_year = phrase_counts(docs, by=["year", "counterpart"], lexicon=lexicon, voice=voice)
save_table(by_year, "phrases-by-year-counterpart", out)
ax = plots.plot_phrase_timeline(by_year, groups=counterparts)
_ = save_figure(ax, "phrase-timeline", out)

# %%
axes = plots.plot_phrase_panels(by_year, panels=counterparts, top=4)
_ = save_figure(axes[0].figure, "phrase-panels", out)

# %%
top_ids = hits.phrase_id.value_counts().index[:10].tolist()
ax = plots.plot_dispersion(hits, phrases=top_ids)
_ = save_figure(ax, "phrase-dispersion", out)
