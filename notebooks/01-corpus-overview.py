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
# # Corpus overview
#
# **Question:** what does the corpus hold: how many documents, from when, from which
# spokespersons, about which counterparts, and what did the parser have to repair or reject?
#
# **Inputs:** `corpus`. **Outputs:** `documents.csv`, `counterparts.csv`, `speakers.csv`,
# `rejected.csv` and `documents-per-year` (PNG, SVG) in `output_dir`.

# %% tags=["parameters"]
corpus: str = "../seeds"  # folder or file of statements (several joined by os.pathsep); never modified
output_dir: str = "../outputs/01-corpus-overview"  # figures and tables go here
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
save_table(docs.documents.drop(columns="text"), "documents", out)
save_table(docs.counterparts, "counterparts", out)
save_table(docs.speakers, "speakers", out)
save_table(docs.rejected, "rejected", out)
docs.documents[["doc_id", "date", "date_source", "spokesperson", "format", "primary_counterpart", "translations", "warnings"]]

# %% [markdown]
# Documents per year and main counterpart. A press conference ranges over many counterparts
# and seldom has a main one (the hatched "(none)"): for transcripts the second figure, by
# spokesperson, says more.

# %%
ax = plots.plot_documents_per_year(docs.documents)
_ = save_figure(ax, "documents-per-year", out)

# %%
if docs.documents["spokesperson"].notna().any():
    ax = plots.plot_documents_per_year(docs.documents, stack_by="spokesperson")
    _ = save_figure(ax, "documents-per-year-spokesperson", out)

# %% [markdown]
# Counterpart mentions (segment level), most mentioned first.

# %%
docs.counterparts.groupby("counterpart")["mentions"].sum().sort_values(ascending=False).head(top_n)
