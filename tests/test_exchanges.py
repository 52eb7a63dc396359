"""The exchange table, profiles clustered by briefing, the hostile -> assertive 2x2, export, summary."""

import math

import pandas as pd
import pytest

import milrel_analysis as mra
from milrel_analysis.cli import main
from milrel_analysis.exchanges import (
    ANSWER_COLUMNS,
    COUNTERPART_COLUMNS,
    EXPORT_COLUMNS,
    PROFILE_COLUMNS,
    answer_given_question,
    exchange_counterparts,
    exchange_profile,
    exchange_sentences,
    exchange_summary,
    exchange_table,
    export_exchanges,
    two_by_two,
)

HOSTILE = ("The US accused China of a cover-up. What is your response?",
           "We firmly oppose that and urge the US to stop smearing China.")
HOSTILE_CALM = ("Critics say the new rules hurt business. Comment?", "China welcomes foreign investment.")
NEUTRAL = ("When will the Foreign Minister visit Russia?", "China stands ready to work with Russia.")
NEUTRAL_FIRM = ("What about the Japanese survey ship?", "We have lodged stern representations with Japan.")


def _briefing(spokesperson, date, turns, askers=None):
    head = f"Foreign Ministry Spokesperson {spokesperson}'s Regular Press Conference on {date}"
    askers = askers or ["Reuters", "Q", "CCTV", "AFP"] * 5
    body = [f"{a}: {q}\n\n{spokesperson}: {ans}" for a, (q, ans) in zip(askers, turns, strict=False)]
    return "\n\n".join([head, *body])


@pytest.fixture(scope="module")
def briefings():
    """Eight briefings of two spokespersons: hostile questions drew assertive answers 10 of 12 times,
    the others 2 of 12."""
    texts = {}
    for i in range(4):
        texts[f"hua{i}"] = _briefing("Hua Chunying", f"March {i + 2}, 2020",
                                     [HOSTILE, NEUTRAL, HOSTILE_CALM if i == 0 else HOSTILE, NEUTRAL])
        texts[f"zhao{i}"] = _briefing("Zhao Lijian", f"July {i + 2}, 2020",
                                      [HOSTILE_CALM if i < 1 else HOSTILE, NEUTRAL_FIRM if i < 2 else NEUTRAL])
    return mra.corpus_from_texts(texts)


def test_exchange_table(briefings):
    t = exchange_table(briefings)
    assert len(t) == len(briefings.exchanges) == 24
    assert t.columns[:16].tolist() == ["doc_id", "exchange_id", "date", "year", "quarter", "spokesperson",
                                       "answerer", "asker", "outlet_id", "outlet_country", "asker_kind",
                                       "hostile", "hostile_cue", "hostile_cue_id", "n_acts", "acts"]
    assert t.columns[16:].tolist() == ["urge", "demand", "oppose", "representations", "warning",
                                       "reassurance", "criticised", "assertiveness", "assertive"]
    first = t.iloc[0]
    assert (first["doc_id"], first["exchange_id"], first["quarter"], first["spokesperson"]) == (
        "hua0", 1, "2020Q1", "Hua Chunying")
    assert (first["asker"], first["asker_kind"], first["hostile_cue"]) == ("Reuters", "wire", "accused")
    assert first["acts"] == "oppose;urge;demand-stop;smear"
    # urge 1 + demand 2 + oppose 2 = 5; the smear ("criticised") weighs nothing
    assert first["assertiveness"] == 5 and first["assertive"] and first["criticised"]
    assert t.loc[1, "asker_kind"] == "unknown" and not t.loc[1, "hostile"] and t.loc[1, "reassurance"]
    assert t["asker_kind"].value_counts().to_dict() == {"wire": 12, "unknown": 8, "chinese-state": 4}
    assert int(t["hostile"].sum()) == 12 and int(t["assertive"].sum()) == 12


def test_assertiveness_weights_and_threshold(briefings):
    t = exchange_table(briefings, weights={"urge": 1, "representations": 1}, threshold=1)
    assert t.loc[0, "assertiveness"] == 1 and t.loc[0, "assertive"]
    firm = t[t["representations"]]
    assert (firm["assertiveness"] == 1).all() and firm["assertive"].all()
    with pytest.warns(UserWarning, match=r"weights for \['threats'\] ignored"):
        exchange_table(briefings, weights={"urge": 1, "threats": 3})
    with pytest.raises(ValueError, match=r"act categories \['hostile'\]"):
        exchange_table(briefings, acts=[{"id": "x", "category": "hostile", "patterns": ["oppose"]}])


def test_exchange_counterparts_by_voice():
    corpus = mra.corpus_from_texts({"d": "Q: Will Russia join?\n\nA: We welcome that.\n\n"
                                         "Q: And the US?\n\nA: Japan and the US should talk."})
    all_voices = exchange_counterparts(corpus)
    assert list(all_voices.columns) == COUNTERPART_COLUMNS
    assert all_voices[["exchange_id", "counterpart", "in_question", "in_answer"]].values.tolist() == [
        [1, "RUS", True, False], [2, "JPN", False, True], [2, "USA", True, True]]
    # the first answer names none and inherits its question's; the flags do not depend on voice
    official = exchange_counterparts(corpus, voice="official")
    assert official[["exchange_id", "counterpart", "in_question"]].values.tolist() == [
        [1, "RUS", True], [2, "JPN", False], [2, "USA", True]]
    press = exchange_counterparts(corpus, voice="press")
    assert press[["exchange_id", "counterpart"]].values.tolist() == [[1, "RUS"], [2, "USA"]]
    with pytest.raises(ValueError, match="voice='both'"):
        exchange_counterparts(corpus, voice="both")


def test_exchange_profile_by_asker_kind(briefings):
    p = exchange_profile(briefings)
    assert list(p.columns) == ["asker_kind", *PROFILE_COLUMNS]
    wire = p[(p["asker_kind"] == "wire") & (p["act"] == "oppose")].iloc[0]
    # Reuters asked the first (hostile) question of every briefing: 7 of 8 answers oppose
    assert (wire["n_exchanges"], wire["n_docs"], wire["n_with"]) == (12, 8, 7)
    assert wire["rate"] == pytest.approx(7 / 12)
    assert 0 <= wire["ci_low"] < wire["rate"] < wire["ci_high"] <= 1 and wire["design_effect"] >= 1
    assert p["act"].drop_duplicates().tolist()[-1] == "assertive"
    state = p[p["asker_kind"] == "chinese-state"]
    assert state["too_few_docs"].all() and (state["n_docs"] == 4).all()


@pytest.mark.parametrize("by, groups", [
    ("spokesperson", ["Hua Chunying", "Zhao Lijian"]),
    ("quarter", ["2020Q1", "2020Q3"]),
    ("counterpart", ["JPN", "RUS", "USA", None]),
])
def test_exchange_profile_groups(briefings, by, groups):
    p = exchange_profile(briefings, by=by, min_docs=2)
    found = p[by].drop_duplicates().tolist()
    assert [None if isinstance(g, float) and math.isnan(g) else g for g in found] == groups


def test_exchange_profile_reuses_a_table_and_checks_by(briefings):
    table = exchange_table(briefings)
    assert exchange_profile(briefings, table=table, by="spokesperson").equals(
        exchange_profile(briefings, by="spokesperson"))
    with pytest.raises(KeyError, match=r"by=\['speaker'\] are not exchange-table columns"):
        exchange_profile(briefings, by="speaker", table=table)
    with pytest.raises(KeyError, match="table is missing columns"):
        exchange_profile(briefings, table=table[["doc_id", "exchange_id"]])
    with pytest.raises(ValueError, match="min_docs=0"):
        exchange_profile(briefings, table=table, min_docs=0)


def test_answer_given_question_worked_table(briefings):
    r = answer_given_question(briefings)
    assert list(r.columns) == ANSWER_COLUMNS
    overall = r.iloc[0]
    # 12 hostile questions, 10 with an assertive answer (two "critics say" drew a welcome);
    # 12 others, 2 assertive (the representations of Zhao's first two briefings).
    assert (overall["level"], overall["group"]) == ("all", "all")
    cells = overall[["condition_outcome", "condition_only", "outcome_only", "neither"]].tolist()
    assert cells == [10, 2, 2, 10]
    assert overall["odds_ratio"] == pytest.approx(25.0)  # (10 * 10) / (2 * 2)
    # ... yet eight briefings that repeat one pattern are eight pieces of evidence, not 24: the
    # interval clustered by briefing (t with 7 df) includes 1.
    assert overall["n_docs"] == 8 and overall["ci_low"] < 1 < overall["ci_high"]
    assert r["level"].tolist() == ["all", "spokesperson", "spokesperson", "year"]
    hua = r[r["group"] == "Hua Chunying"].iloc[0]
    assert hua[["condition_outcome", "condition_only", "outcome_only", "neither"]].tolist() == [7, 1, 0, 8]
    assert math.isinf(hua["odds_ratio"]) and "empty" in hua["note"]
    assert r[r["level"] == "year"]["group"].tolist() == ["2020"]
    assert r.attrs["condition"] == "hostile" and "clustered by briefing" in r.attrs["method"]
    assert two_by_two(r).values.tolist() == [[10, 2, 12], [2, 10, 12], [12, 12, 24]]
    assert two_by_two(r).index.tolist() == ["hostile", "not hostile", "total"]


def test_answer_given_question_options_and_errors(briefings):
    table = exchange_table(briefings)
    r = answer_given_question(briefings, table=table, outcome="reassurance", by="counterpart", min_docs=20)
    assert r.loc[0, ["condition_outcome", "condition_only", "outcome_only", "neither"]].tolist() == [2, 10, 10, 2]
    assert r["too_few_docs"].all() and set(r["level"]) == {"all", "counterpart"}
    assert "fewer than 20 briefings" in r.loc[0, "note"]
    with pytest.raises(KeyError, match="outcome='threats'"):
        answer_given_question(briefings, table=table, outcome="threats")
    with pytest.raises(ValueError, match="no row with level='year' and group='1999'"):
        two_by_two(answer_given_question(briefings, table=table), level="year", group="1999")


def test_no_exchanges_empty_tables():
    corpus = mra.corpus_from_texts({"d": "BEIJING, May 3 -- China firmly opposes it."})
    assert exchange_table(corpus).empty
    assert exchange_profile(corpus).empty and list(exchange_profile(corpus).columns)[-9:] == PROFILE_COLUMNS
    assert answer_given_question(corpus).empty
    assert export_exchanges(corpus).empty and list(export_exchanges(corpus).columns) == EXPORT_COLUMNS
    summary = exchange_summary(corpus)
    assert summary["exchange_overview"]["n_exchanges"].tolist() == [0]
    assert all(summary[k].empty for k in summary if k != "exchange_overview")
    assert exchange_sentences(summary) == ["No question-and-answer exchanges were found."]


def test_exchange_summary_and_sentences(briefings):
    summary = exchange_summary(briefings)
    assert list(summary) == ["exchange_overview", "exchange_outlets", "exchange_asker_counterparts",
                             "exchange_acts_by_spokesperson", "exchange_acts_by_counterpart",
                             "exchange_hostile_assertive"]
    overview = summary["exchange_overview"].iloc[0]
    assert overview[["n_briefings", "n_exchanges", "n_known_asker", "n_hostile"]].tolist() == [8, 24, 16, 12]
    assert overview["share_known_asker"] == pytest.approx(16 / 24)
    outlets = summary["exchange_outlets"]
    assert outlets["asker_kind"].tolist() == ["wire", "unknown", "wire", "chinese-state"]
    assert outlets["outlet"].fillna("-").tolist() == ["Reuters", "-", "Agence France-Presse",
                                                      "China Central Television"]
    assert outlets["n_exchanges"].sum() == 24
    asked = summary["exchange_asker_counterparts"]
    assert asked[(asked["asker_kind"] == "wire") & (asked["counterpart"] == "USA")]["n_exchanges"].tolist() == [7]
    sentences = exchange_sentences(summary, top=2)
    assert sentences[0] == "24 exchanges in 8 briefings; 67% of the questions name the asking outlet."
    assert sentences[1] == "The most frequent askers: Reuters (8), Agence France-Presse (4)."
    assert sentences[2].startswith("Answers to hostile questions were assertive in 83% of 12 cases, "
                                   "against 17% otherwise; the clustered 95% interval of the odds ratio (0.81")
    assert sentences[2].endswith("includes 1, so no difference can be claimed.")
    clear = dict(summary, exchange_hostile_assertive=summary["exchange_hostile_assertive"].assign(
        ci_low=2.0, ci_high=9.0))
    assert "(odds ratio 25.00, 95% CI 2.00–9.00, clustered by briefing)." in exchange_sentences(clear)[2]
    with pytest.raises(ValueError, match="top=0"):
        exchange_sentences(summary, top=0)


def test_export_exchanges_layout(briefings):
    out = export_exchanges(briefings)
    assert list(out.columns) == EXPORT_COLUMNS and len(out) == 24
    first = out.iloc[0]
    assert (first["id"], first["who_asked"], first["spokesperson"]) == ("hua0-1", "Reuters", "Hua Chunying")
    assert first["question"] == HOSTILE[0] and first["answer"] == HOSTILE[1]
    assert (first["counterparts"], first["act_categories"]) == ("USA", "urge;demand;oppose;criticised")
    assert first["hostile"] and first["hostile_cue"] == "accused" and pd.isna(first["link"])
    dyads = pd.DataFrame({"doc_id": ["hua0", "hua0"], "exchange_id": [1, 2], "id": ["101", "102"],
                          "question": [HOSTILE[0], "Another question entirely"], "link": ["http://x/t1", None],
                          "who_asked": ["Reuters News", None]})
    merged = export_exchanges(briefings, dyads=dyads)
    assert merged["id"].tolist()[:3] == ["101", "hua0-2", "hua0-3"]  # the second row's question differs
    assert merged.loc[0, "link"] == "http://x/t1" and merged.loc[0, "who_asked"] == "Reuters News"
    with pytest.raises(KeyError, match="dyads is missing columns"):
        export_exchanges(briefings, dyads=dyads.drop(columns="id"))


def test_cli_exchanges(tmp_path, capsys, briefings):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"b{i}.txt").write_text(_briefing("Hua Chunying", f"March {i + 2}, 2020", [HOSTILE, NEUTRAL]),
                                          encoding="utf-8")
    assert main(["exchanges", str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "asker_kind," + ",".join(PROFILE_COLUMNS)
    assert any(line.startswith("wire,oppose,3,3,3,1.0,") for line in out)
    assert main(["exchanges", str(folder), "--by", "counterpart", "--format", "jsonl"]) == 0
    assert '"counterpart": "USA"' in capsys.readouterr().out
    assert main(["exchanges", str(folder), "--by", "nothing"]) == 2
    assert "by=['nothing'] are not exchange-table columns" in capsys.readouterr().err
    assert main(["exchanges", str(folder), "--column", "question"]) == 2
    assert "give FIELD=COLUMN" in capsys.readouterr().err
