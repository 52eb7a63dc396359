"""narrative: the report's text, written from its own tables, escaped for HTML."""

import re

import milrel_analysis as mra
from milrel_analysis.narrative import build_narrative, render_html, render_markdown

DOCS = {
    f"d{i}": (f"BEIJING, March {i + 1}, {2019 + i % 3} -- Senior Colonel Wu Qian, spokesperson, said the US "
              "side must respect China's core interests and pursue win-win cooperation. "
              + ("Russia and China deepen mil-to-mil ties." if i % 2 else "The US side should stop provocations."))
    for i in range(12)
}


def test_narrative_numbers_come_from_its_tables():
    nar = build_narrative(mra.corpus_from_texts(DOCS), counterparts=["USA", "RUS", "JPN"], top=3)
    text = render_markdown(nar)
    overview = nar.tables["overview"].set_index("measure")["value"]
    assert f"The corpus holds {overview['documents']} documents" in text
    by_cp = nar.tables["phrases_by_counterpart"]
    usa = by_cp[(by_cp.counterpart == "USA") & (by_cp["count"] > 0)].iloc[0]
    assert f"{usa.label} ({usa['count']} times" in text
    assert "JPN: not mentioned in this corpus." in text
    assert {"overview", "phrases_by_counterpart", "phrases_by_year", "keyness", "trends"} <= set(nar.tables)
    assert re.search(r"^# ", text, re.M) and "## Caveats" in text


def test_html_escapes_document_text_and_parameters():
    nasty = {"n": "BEIJING, Jan. 28, 2021 -- <script>alert('x')</script> The US side <img src=x onerror=alert(1)> "
                  "seeks win-win cooperation."}
    nar = build_narrative(mra.corpus_from_texts(nasty), counterparts=["USA", "<b>X</b>"])
    page = render_html(nar)
    assert "<script>" not in page and "<img src=x" not in page and "<b>X</b>" not in page
    assert "&lt;b&gt;X&lt;/b&gt;" in page
    assert page.startswith("<!DOCTYPE html>") and "</html>" in page


def test_old_keyword_top_n_still_works():
    corpus = mra.corpus_from_texts(DOCS)
    a = render_markdown(build_narrative(corpus, top=2))
    b = render_markdown(build_narrative(corpus, top_n=2))
    assert a == b
