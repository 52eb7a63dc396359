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
# # Comparing counterparts
#
# **Question:** how does the language about one counterpart differ from the language about
# another, and is the difference more than noise?
#
# **Inputs:** `corpus`, `counterparts` (the first is the target). **Outputs:**
# `keyness-*.csv`, `collocations-*.csv`, `stance-profile.csv`, `similarity.csv`, `keyness-*`,
# `collocations-*` and `fightin-words` (PNG, SVG) in `output_dir`.

# %% tags=["parameters"]
corpus: str = "../seeds"  # folder or file of statements (several joined by os.pathsep); never modified
output_dir: str = "../outputs/04-counterpart-comparison"  # figures and tables go here
counterparts: list = ["USA", "RUS", "PRK"]  # counterpart ids to describe and compare
phrases: list = []  # phrase ids to follow; empty means the whole lexicon
date_from: str = ""  # first date kept, YYYY-MM-DD; empty keeps all
date_to: str = ""  # last date kept, YYYY-MM-DD; empty keeps all
top_n: int = 15  # rows shown per group
metadata: str = ""  # CSV sidecar with doc_id and date, title, spokesperson, counterparts; empty: none
filename_pattern: str = ""  # regex whose named groups, e.g. (?P<year>\d{4}), become document columns
corpus_cache: str = ""  # folder of parsed corpora; empty: the one milrel report uses, if any
voice: str = "official"  # whose words: official (China's), press (journalists' questions) or all
measure: str = "g2"  # keyness measure: g2, chi2, fisher, log_ratio, pmi or log_odds

# %%
from milrel_analysis import plots
from milrel_analysis.report import notebook_setup, save_figure, save_table

docs, out, lexicon = notebook_setup(corpus, output_dir=output_dir, phrases=phrases,
                                    date_from=date_from, date_to=date_to, metadata=metadata,
                                    filename_pattern=filename_pattern, corpus_cache=corpus_cache)
docs

# %% [markdown]
# Each selected counterpart is compared with the rest of the corpus, then with each other
# selected counterpart. The counterparts' own names (aliases, leaders, capitals, compounds
# such as "china-us") are left out, since segments count for a counterpart because they name
# it; p values are adjusted for the thousands of terms tested (Benjamini–Hochberg) and the
# bars show only the terms that survive.

# %%
from itertools import combinations

from milrel_analysis.compare import compare_sides, count_sides, similarity, stance_profile

present = set(docs.counterparts.counterpart) | set(docs.documents.primary_counterpart.dropna())
selected = [c for c in counterparts if c in present]
absent = [c for c in counterparts if c not in present]
print(f"compared: {selected}" + (f"; not in this corpus: {absent}" if absent else ""))
pairs = [(c, "rest") for c in selected] + list(combinations(selected, 2))
# Each pair is counted once (count_sides) and tested here and, against the rest, below.
sides = {pair: count_sides(docs, *pair, voice=voice) for pair in pairs}

# %%
for target, reference in pairs:
    table = compare_sides(sides[target, reference], reference, measure=measure)
    save_table(table, f"keyness-{target}-vs-{reference}", out)
    ax = plots.plot_keyness(table, top=min(top_n, 10), target_label=target, reference_label=reference)
    save_figure(ax, f"keyness-{target}-vs-{reference}", out)
    if table.attrs.get("caveat"):
        print(f"{target} vs {reference}: {table.attrs['caveat']}")

# %% [markdown]
# Monroe et al.'s log-odds with an informative prior: each selected counterpart against the
# rest of the corpus.

# %%
for target in selected:
    odds = compare_sides(sides[target, "rest"], "rest", measure="log_odds")
    ax = plots.plot_fightin_words(odds, target_label=target, reference_label="rest")
    save_figure(ax, f"fightin-words-{target}", out)

# %% [markdown]
# Collocations: the words within five tokens of each mention of a selected counterpart, in
# the same sentence (signed G², p adjusted by Benjamini–Hochberg).

# %%
from milrel_analysis.collocations import collocations

for node in selected:
    coll = collocations(docs, node, min_count=2, voice=voice)
    save_table(coll, f"collocations-{node}", out)
    ax = plots.plot_collocations(coll, top=min(top_n, 15))
    save_figure(ax, f"collocations-{node}", out)
    print(node, ", ".join(coll.head(10)["term"]))

# %% [markdown]
# Stance profile: rate of each lexicon category per counterpart, with bootstrap intervals
# over documents. Groups with fewer than 5 documents are flagged.

# %%
profile = stance_profile(docs, lexicon=lexicon, voice=voice)
save_table(profile, "stance-profile", out)
profile[profile.counterpart.isin(selected)]

# %%
sims = similarity(docs, by="counterpart", voice=voice)
save_table(sims, "similarity", out)
sims[sims.counterpart_a.isin(selected) & sims.counterpart_b.isin(selected)]
