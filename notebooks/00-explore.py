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
# # Explore the corpus
#
# **Question:** what is in these statements, and where do the formulae of Chinese military
# diplomacy occur? A sandbox for JupyterLab: change the parameters, run, poke around.
#
# **Inputs:** the statement files in `corpus`. **Outputs:** `documents.csv` in `output_dir`.

# %% tags=["parameters"]
corpus: str = "../seeds"  # folder or file of statements (several joined by os.pathsep); never modified
output_dir: str = "../outputs/00-explore"  # figures and tables go here
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

# %% [markdown]
# One row per document, with the metadata the parser read (and where the date came from).

# %%
save_table(docs.documents.drop(columns="text"), "documents", out)
docs.documents[["doc_id", "date", "date_source", "spokesperson", "format", "primary_counterpart", "n_tokens"]]

# %% [markdown]
# Paragraphs and turns: `kind` says caption, header, body, question or answer; `translation`
# marks passages given twice.

# %%
docs.segments.head(top_n)

# %% [markdown]
# Keyword in context for any phrase id of the lexicon or any literal phrase.

# %%
from IPython.display import HTML

from milrel_analysis.phrases import kwic, kwic_html

HTML(kwic_html(kwic(docs, phrases[0] if phrases else "win-win", window=10)))
