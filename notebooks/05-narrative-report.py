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
# # Narrative report
#
# **Question:** what does this corpus say about how Beijing's language differs by
# counterpart and over time, in sentences an analyst can quote?
#
# **Inputs:** `corpus`. **Outputs:** `report.md`, `report.html`, the tables the text is
# written from (`overview.csv`, `phrases_by_counterpart.csv`, `phrases_by_year.csv`,
# `keyness.csv`, `trends.csv`) and its figures (PNG, SVG), all in `output_dir`.

# %% tags=["parameters"]
corpus: str = "../seeds"  # folder or file of statements (several joined by os.pathsep); never modified
output_dir: str = "../outputs/05-narrative-report"  # figures and tables go here
counterparts: list = ["USA", "RUS", "PRK"]  # counterpart ids to describe and compare
phrases: list = []  # phrase ids to follow; empty means the whole lexicon
date_from: str = ""  # first date kept, YYYY-MM-DD; empty keeps all
date_to: str = ""  # last date kept, YYYY-MM-DD; empty keeps all
top_n: int = 15  # rows shown per group
metadata: str = ""  # CSV sidecar with doc_id and date, title, spokesperson, counterparts; empty: none
filename_pattern: str = ""  # regex whose named groups, e.g. (?P<year>\d{4}), become document columns
corpus_cache: str = ""  # folder of parsed corpora; empty: the one milrel report uses, if any
voice: str = "official"  # whose words: official (China's), press (journalists' questions) or all
title: str = "China's military diplomacy: how the language differs by counterpart"  # the report's title
description: str = ""  # a sentence or two under the title (what corpus, for whom); empty: none

# %%
from milrel_analysis import plots
from milrel_analysis.report import notebook_setup, save_figure, save_table

docs, out, lexicon = notebook_setup(corpus, output_dir=output_dir, phrases=phrases,
                                    date_from=date_from, date_to=date_to, metadata=metadata,
                                    filename_pattern=filename_pattern, corpus_cache=corpus_cache)
docs

# %%
from milrel_analysis.narrative import build_narrative, render_html, render_markdown
from milrel_analysis.phrases import phrase_counts
from milrel_analysis.report import save_text

by_cp = phrase_counts(docs, by="counterpart", lexicon=lexicon, voice=voice)
save_figure(plots.plot_phrase_heatmap(by_cp[by_cp.counterpart.isin(counterparts)], top=top_n),
            "phrase-heatmap", out)
by_year = phrase_counts(docs, by=["year", "counterpart"], lexicon=lexicon, voice=voice)
axes = plots.plot_phrase_panels(by_year, panels=counterparts, top=4)
_ = save_figure(axes[0].figure, "phrase-timeline", out)

# %%
report = build_narrative(docs, counterparts=counterparts, phrases=phrases, top=5, title=title,
                         description=description, voice=voice, figures={
    "phrase-heatmap.png": "Formulae by counterpart (rate per 10,000 words)",
    "phrase-timeline.png": "The most used formulae over time, one panel per counterpart (gaps: no "
                           "text that year; hollow points: fewer than five documents)",
})
for name, table in report.tables.items():
    save_table(table, name, out)
save_text(render_markdown(report), "report.md", out)
# The HTML page embeds its figures so that it reads alone, e.g. as an e-mail attachment.
images = {name: (out / name).read_bytes() for name in report.figures}
_ = save_text(render_html(report, images=images), "report.html", out)

# %%
from IPython.display import Markdown

Markdown(render_markdown(report))
