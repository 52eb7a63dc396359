# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
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
# `phrase-timeline`, `phrase-dispersion` (PNG, SVG) in `output_dir`.

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

# %%
from milrel_analysis import plots
from milrel_analysis.report import notebook_setup, save_figure, save_table

docs, out, lexicon = notebook_setup(corpus, output_dir=output_dir, phrases=phrases,
                                    date_from=date_from, date_to=date_to, metadata=metadata,
                                    filename_pattern=filename_pattern, corpus_cache=corpus_cache)
docs

# %%
from milrel_analysis.phrases import phrase_counts, track_phrases

hits = track_phrases(docs, lexicon)
save_table(hits, "phrase-hits", out)
by_cp = phrase_counts(docs, by="counterpart", lexicon=lexicon)
save_table(by_cp, "phrases-by-counterpart", out)
by_cp[by_cp["count"] > 0].head(top_n)

# %%
ax = plots.plot_phrase_heatmap(by_cp[by_cp.counterpart.isin(counterparts)], top=top_n)
_ = save_figure(ax, "phrase-heatmap", out)

# %%
by_year = phrase_counts(docs, by=["year", "counterpart"], lexicon=lexicon)
save_table(by_year, "phrases-by-year-counterpart", out)
ax = plots.plot_phrase_timeline(by_year, groups=counterparts)
_ = save_figure(ax, "phrase-timeline", out)

# %%
top_ids = hits.phrase_id.value_counts().index[:10].tolist()
ax = plots.plot_dispersion(hits, phrases=top_ids)
_ = save_figure(ax, "phrase-dispersion", out)
