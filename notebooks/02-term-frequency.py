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
# # Term frequency
#
# **Question:** which words and phrases does Beijing use most, per year and per counterpart?
#
# **Inputs:** `corpus`. **Outputs:** `terms-by-year.csv`, `terms-by-counterpart.csv`,
# `bigrams-by-counterpart.csv`, `tf-idf-by-document.csv` in `output_dir`.

# %% tags=["parameters"]
corpus: str = "../seeds"  # folder or file of statements (several joined by os.pathsep); never modified
output_dir: str = "../outputs/02-term-frequency"  # figures and tables go here
counterparts: list = ["USA", "RUS", "PRK"]  # counterpart ids to describe and compare
phrases: list = []  # phrase ids to follow; empty means the whole lexicon
date_from: str = ""  # first date kept, YYYY-MM-DD; empty keeps all
date_to: str = ""  # last date kept, YYYY-MM-DD; empty keeps all
top_n: int = 15  # rows shown per group
metadata: str = ""  # CSV sidecar with doc_id and date, title, spokesperson, counterparts; empty: none
filename_pattern: str = ""  # regex whose named groups, e.g. (?P<year>\d{4}), become document columns
corpus_cache: str = ""  # folder of parsed corpora; empty: the one milrel report uses, if any
voice: str = "official"  # whose words: official (China's), press (journalists' questions) or all
ngram: int = 1  # n-gram order of the main tables

# %%
from milrel_analysis.report import notebook_setup, save_table

docs, out, lexicon = notebook_setup(corpus, output_dir=output_dir, phrases=phrases,
                                    date_from=date_from, date_to=date_to, metadata=metadata,
                                    filename_pattern=filename_pattern, corpus_cache=corpus_cache)
docs

# %% [markdown]
# The most frequent terms each year and for each selected counterpart (stopwords left out;
# multi-word names and formulae are one token, such as `core_interests`), most frequent first.

# %%
from milrel_analysis.frequency import term_frequency, tf_idf, top_terms

by_year = top_terms(term_frequency(docs, by="year", ngram=ngram, voice=voice), n=top_n)
save_table(by_year, "terms-by-year", out)
by_year

# %%
by_cp = top_terms(term_frequency(docs, by="counterpart", ngram=ngram, voice=voice,
                                 groups=counterparts), n=top_n)
save_table(by_cp, "terms-by-counterpart", out)
by_cp

# %%
bigrams = top_terms(term_frequency(docs, by="counterpart", ngram=2, voice=voice,
                                   groups=counterparts), n=top_n)
save_table(bigrams, "bigrams-by-counterpart", out)
bigrams

# %% [markdown]
# Terms that distinguish each document (tf-idf).

# %%
distinctive = top_terms(tf_idf(docs, by="doc_id", voice=voice), n=5)
save_table(distinctive, "tf-idf-by-document", out)
distinctive
