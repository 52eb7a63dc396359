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
# # Press-conference exchanges
#
# **Question:** at the briefings, who asks about whom, what do the answers do (urge, demand,
# oppose, protest, warn, reassure, report being attacked), how does that differ by
# counterpart and spokesperson over time, and do hostile questions draw assertive answers?
#
# **Inputs:** `corpus` (transcripts, or dyad tables in the CMFA PressCon layout), the packaged
# outlet table and speech-act and question-stance lexicons. **Outputs:** `exchanges.csv`,
# `exchange-outlets.csv`, `asker-counterparts.csv`, `acts-by-counterpart.csv`,
# `acts-by-spokesperson.csv`, `acts-by-quarter.csv`, `hostile-assertive.csv`, and the figures
# `asker-counterparts`, `acts-by-counterpart`, `acts-by-spokesperson`, `assertive-by-quarter`,
# `hostile-assertive` (PNG, SVG) in `output_dir`.

# %% tags=["parameters"]
corpus: str = "../seeds"  # folder or file of statements (several joined by os.pathsep); never modified
output_dir: str = "../outputs/06-press-exchanges"  # figures and tables go here
counterparts: list = ["USA", "RUS", "PRK"]  # counterpart ids to describe and compare
phrases: list = []  # phrase ids to follow; empty means the whole lexicon (the acts have their own)
date_from: str = ""  # first date kept, YYYY-MM-DD; empty keeps all
date_to: str = ""  # last date kept, YYYY-MM-DD; empty keeps all
top_n: int = 15  # rows shown per group
metadata: str = ""  # CSV sidecar with doc_id and date, title, spokesperson, counterparts; empty: none
filename_pattern: str = ""  # regex whose named groups, e.g. (?P<year>\d{4}), become document columns
corpus_cache: str = ""  # folder of parsed corpora; empty: the one milrel report uses, if any
condition: str = "hostile"  # the question's side of the 2x2 table: hostile, or an act category
outcome: str = "assertive"  # the answer's side: assertive, or an act category (warning, oppose ...)

# %%
from milrel_analysis import plots
from milrel_analysis.exchanges import exchange_summary, exchange_table
from milrel_analysis.report import notebook_setup, save_figure, save_table

docs, out, lexicon = notebook_setup(corpus, output_dir=output_dir, phrases=phrases,
                                    date_from=date_from, date_to=date_to, metadata=metadata,
                                    filename_pattern=filename_pattern, corpus_cache=corpus_cache)
table = exchange_table(docs)
summary = exchange_summary(docs)
save_table(table, "exchanges", out)
summary["exchange_overview"]

# %% [markdown]
# ## Who asks about whom
#
# The asking outlet comes from the question's label ("Reuters:", "CCTV:"); a question labelled
# only "Q:" stays `unknown` (the Foreign Ministry's transcripts name outlets only from the
# spring of 2020). The counterparts are those the question names.

# %%
save_table(summary["exchange_outlets"], "exchange-outlets", out)
save_table(summary["exchange_asker_counterparts"], "asker-counterparts", out)
ax = plots.plot_asker_counterparts(summary["exchange_asker_counterparts"], top=top_n)
save_figure(ax, "asker-counterparts", out)
summary["exchange_outlets"].head(top_n)

# %% [markdown]
# ## What the answers do, by counterpart and by spokesperson
#
# Each rate is the share of exchanges whose answer performs the act, with a 95% interval
# that treats briefings as clusters. Groups marked * come from fewer briefings than needed
# to compare (`too_few_docs`): describe them, do not rank them.

# %%
from milrel_analysis.exchanges import exchange_profile

by_cp = summary["exchange_acts_by_counterpart"]
by_cp = by_cp[by_cp["counterpart"].isin(counterparts)]
save_table(by_cp, "acts-by-counterpart", out)
save_figure(plots.plot_exchange_profile(by_cp, by="counterpart"), "acts-by-counterpart", out)
by_sp = summary["exchange_acts_by_spokesperson"]
save_table(by_sp, "acts-by-spokesperson", out)
save_figure(plots.plot_exchange_profile(by_sp, by="spokesperson"), "acts-by-spokesperson", out)
by_quarter = exchange_profile(docs, by="quarter", table=table)
save_table(by_quarter, "acts-by-quarter", out)
_ = save_figure(plots.plot_act_rates(by_quarter, "assertive", by="quarter"), "assertive-by-quarter", out)

# %% [markdown]
# ## Do hostile questions draw assertive answers?
#
# The 2x2 table of the question's stance and the answer, for all exchanges, then by
# spokesperson and by year. The odds ratio's interval comes from a logistic regression with
# standard errors clustered by briefing; an empty cell or a single briefing leaves no
# interval, and fewer than five briefings make it fragile (see `note`).

# %%
from milrel_analysis.exchanges import answer_given_question, exchange_sentences, two_by_two

result = answer_given_question(docs, condition=condition, outcome=outcome, table=table)
save_table(result, "hostile-assertive", out)
save_figure(plots.plot_answer_given_question(result), "hostile-assertive", out)
for sentence in exchange_sentences(summary):
    print(sentence)
two_by_two(result) if len(result) else "no exchanges"

# %%
result
