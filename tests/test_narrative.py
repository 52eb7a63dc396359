"""narrative: the report's text, written from its own tables, escaped for Markdown and HTML."""

import re

import pytest

import milrel_analysis as mra
from milrel_analysis.narrative import Narrative, build_narrative, render_html, render_markdown


def _docs():
    """Five years of briefings; "red line" only in the middle years, "win-win" rising."""
    texts = {}
    for year in range(2016, 2021):
        for i in range(6):
            words = ["The US side must respect China's core interests."]
            words += ["We pursue win-win cooperation."] * (1 + (year - 2016) * (i % 3))
            if year in (2018, 2019):
                words.append("Taiwan is a red line that must not be crossed.")
            if i % 2:
                words.append("Russia and China deepen their strategic coordination.")
            texts[f"d{year}{i}"] = f"BEIJING, March {i + 2}, {year} -- " + " ".join(words)
    return texts


@pytest.fixture(scope="module")
def narrative():
    corpus = mra.corpus_from_texts(_docs())
    return corpus, build_narrative(corpus, counterparts=["USA", "RUS", "JPN"], top=3,
                                   title="Test report", description="Briefings, 2016-2020.")


def test_every_number_comes_from_a_table_of_the_run(narrative):
    _, nar = narrative
    text = render_markdown(nar)
    overview = nar.tables["overview"].set_index("measure")["value"]
    assert f"The corpus holds {overview['documents']} documents ({int(overview['words counted']):,} words" in text
    coverage = nar.tables["coverage"]
    assert coverage["year"].tolist() == [2016, 2017, 2018, 2019, 2020]
    for row in coverage.itertuples():
        assert f"{row.year}: {row.n_docs}" in text
    cps = nar.tables["counterparts"].set_index("counterpart")
    usa = cps.loc["USA"]
    assert f"USA: {usa.n_segments} passages in {usa.n_docs} documents" in text
    assert "JPN: not mentioned in this corpus." in text
    by_cp = nar.tables["phrases_by_counterpart"]
    top = by_cp[(by_cp.counterpart == "USA") & (by_cp["count"] > 0)].iloc[0]
    assert f"{top.label} ({top['count']} times in {top.n_docs} documents" in text
    trends = nar.tables["trends"].set_index("phrase_id")
    win = trends.loc["win-win"]
    assert win.p_adjusted < 0.05
    assert (f"rose by {win.change_per_year_pct:.0f}% a year "
            f"(95% interval {win.ci_low:.0f}% to {win.ci_high:.0f}%") in text
    assert "by -" not in text  # a fall is "fell by 30%", never "fell by -30%"
    assert {"too_few_docs"} <= set(trends.columns) and "group_docs" in by_cp.columns


def test_a_formula_used_only_in_middle_years_does_not_break_the_trends(narrative):
    _, nar = narrative
    trends = nar.tables["trends"].set_index("phrase_id")
    assert "red-line" in trends.index  # used in 2018 and 2019 only
    assert trends.loc["red-line", "first_year"] == 2016 and trends.loc["red-line", "last_year"] == 2020
    assert "Red line" in render_markdown(nar) or "red line" in render_markdown(nar).lower()


def test_contrasts_leave_the_counterparts_names_out_and_are_adjusted(narrative):
    _, nar = narrative
    keyness = nar.tables["keyness"]
    assert {"p_adjusted", "significant", "too_few_docs"} <= set(keyness.columns)
    usa = keyness[keyness.target == "USA"]
    assert not set(usa["term"]) & {"u.s.", "us", "american"}
    assert set(nar.tables["phrase_keyness"]["target"]) <= {"USA", "RUS"}


def test_title_description_and_voice_are_stated(narrative):
    corpus, nar = narrative
    text = render_markdown(nar)
    assert text.startswith("# Test report\n\nBriefings, 2016-2020.\n\nCounts are of China's own words")
    press = render_markdown(build_narrative(corpus, voice="press"))
    assert "Counts are of the journalists' questions only." in press


def test_every_text_is_escaped_parameters_included():
    nasty = {"n": "BEIJING, Jan. 28, 2021 -- <script>alert('x')</script> The US side "
                  "<img src=x onerror=alert(1)> seeks win-win cooperation."}
    nar = build_narrative(mra.corpus_from_texts(nasty), counterparts=["USA", "<img src=y onerror=z>"],
                          title="<b>T</b>", description="[click](javascript:alert(1))")
    page = render_html(nar)
    assert "<script>" not in page and "<img src=x" not in page and "<img src=y" not in page
    assert "<b>T</b>" not in page and "&lt;b&gt;T&lt;/b&gt;" in page
    markdown = render_markdown(nar)
    assert "<" not in markdown  # nothing a Markdown renderer would turn into an element
    assert "\\[click\\](javascript:alert(1))" in markdown  # no live link either


def test_tables_and_images_in_a_self_contained_page(narrative):
    _, nar = narrative
    nar2 = Narrative(blocks=[*nar.blocks, ("figure", ("f.png", "A figure"))], tables=nar.tables)
    page = render_html(nar2, images={"f.png": b"\x89PNG"})
    assert "<table><caption>Trends of the most widely used formulae</caption>" in page
    assert 'src="data:image/png;base64,' in page
    assert re.search(r"\| label \| n\\_docs \|", render_markdown(nar2))


def test_old_keyword_top_n_and_bad_arguments():
    corpus = mra.corpus_from_texts(_docs())
    assert render_markdown(build_narrative(corpus, top=2)) == render_markdown(build_narrative(corpus, top_n=2))
    with pytest.raises(ValueError, match="voice='china' is not allowed"):
        build_narrative(corpus, voice="china")
    with pytest.raises(ValueError, match="give counterpart ids"):
        build_narrative(corpus, counterparts=[" "])


def test_a_corpus_without_dates_or_counterparts_gets_a_report():
    corpus = mra.corpus_from_texts({"a": "General statements on development.", "b": "More text here."})
    text = render_markdown(build_narrative(corpus))
    assert "Change over time cannot be described: no document could be dated." in text
    assert "None of the selected counterparts is mentioned in this corpus." in text


def test_press_conferences_get_an_exchanges_section_written_from_its_tables():
    text = ("Foreign Ministry Spokesperson Hua Chunying's Regular Press Conference on May 6, 2021\n\n"
            "Reuters: The US accuses China of coercion. What is your response?\n\n"
            "Hua Chunying: We firmly oppose these groundless accusations and urge the US to stop.\n\n"
            "CCTV: How do you see the talks with Russia?\n\nHua Chunying: They went well.")
    nar = build_narrative(mra.corpus_from_texts({"d": text}), counterparts=["USA"])
    overview = nar.tables["exchange_overview"].iloc[0]
    markdown = render_markdown(nar)
    assert "## Press exchanges" in markdown
    assert f"{int(overview.n_exchanges)} exchanges in {int(overview.n_briefings)} briefings" in markdown
    no_press = build_narrative(mra.corpus_from_texts({"d": "The US side must respect China."}))
    assert "exchange_overview" not in no_press.tables
    assert "Press exchanges" not in render_markdown(no_press)
