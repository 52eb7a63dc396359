"""Dyad tables (one question and answer per row, the CMFA PressCon layout) read as transcripts."""

import csv
import importlib.util
import json

import pandas as pd
import pytest
from conftest import shared_path

import milrel_analysis as mra
from milrel_analysis.cli import main
from milrel_analysis.corpus import dyads
from milrel_analysis.corpus.dyads import dyad_columns, dyad_sources, load_dyads, read_dyads
from milrel_analysis.exchanges import exchange_counterparts

LINK = "https://www.fmprc.gov.cn/mfa_eng/xwfw_665399/s2510_665401/2511_665403/t1789509.shtml"
ROWS = [  # id, date, spokesperson, who_asked, question, answer
    ("101", "2020-06-17", "Zhao Lijian", "CCTV", "The Indian and Chinese troops clashed. What is China's position?",
     "China firmly opposes any unilateral move. We urge the Indian side to stop provocations."),
    ("102", "2020-06-17", "Zhao Lijian", "-", "Will the US lift the sanctions on Russia and Iran?",
     "We have noted the reports. China stands ready to work with Russia."),
    ("103", "2020-06-17", "Zhao Lijian", "AFP", "Australia accused China of cyber attacks. Your response?",
     "These are groundless accusations. Australia should stop smearing China."),
]
TRANSCRIPT = "\n\n".join(
    ["Spokesperson Zhao Lijian's press conference on 2020-06-17"]
    + [f"{'Q' if who == '-' else who}: {q}\n\nZhao Lijian: {a}" for _, _, _, who, q, a in ROWS])


def _write_csv(path, rows, header=("id", "date", "spokesperson", "who_asked", "question", "answer", "link"),
               link=LINK):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([*row, link][:len(header)])
    return path


def _exchange_rows(corpus):
    ex = corpus.exchanges[["exchange_id", "asker", "answerer", "question", "answer"]]
    cps = exchange_counterparts(corpus).groupby("exchange_id")["counterpart"].agg(";".join)
    rows = ex.assign(counterparts=ex["exchange_id"].map(cps)).astype(object)
    return rows.where(rows.notna(), None).to_dict("records")


def test_dyad_csv_loads_into_the_same_exchanges_as_the_transcript(tmp_path):
    table = mra.load_corpus(_write_csv(tmp_path / "cmfa.csv", ROWS), progress=False)
    text = mra.corpus_from_texts({"t1789509": TRANSCRIPT})
    assert len(table.documents) == 1 and table.rejected.empty
    assert _exchange_rows(table) == _exchange_rows(text)
    assert [r["asker"] for r in _exchange_rows(table)] == ["CCTV", None, "AFP"]
    assert [r["counterparts"] for r in _exchange_rows(table)] == ["IND", "IRN;RUS;USA", "AUS"]
    doc = table.documents.iloc[0]
    assert (doc["doc_id"], doc["spokesperson"], doc["format"], doc["date_source"]) == (
        "t1789509", "Zhao Lijian", "qa", "metadata")
    assert doc["date"] == pd.Timestamp("2020-06-17")
    # segments are the turns
    turns = table.segments[table.segments["kind"].isin(["question", "answer"])]
    assert len(turns) == 6 and turns["exchange_id"].tolist() == [1, 1, 2, 2, 3, 3]


def test_rows_are_grouped_into_briefings(tmp_path):
    rows = [("1", "2020-06-17", "Zhao Lijian", "Reuters", "First?", "Yes."),
            ("2", "2020-06-17", "Zhao Lijian", "AFP", "Second?", "No."),
            ("3", "2020-06-17", "Hua Chunying", "AFP", "Third?", "Maybe."),
            ("4", "2020-06-18", "Zhao Lijian", "Reuters", "Fourth?", "Later."),
            ("5", "", "", "Reuters", "Fifth?", "Never."),
            ("6", "", "", "Reuters", "Sixth?", "Again.")]
    path = _write_csv(tmp_path / "days.csv", rows, header=("id", "date", "spokesperson", "who_asked", "question",
                                                          "answer"))
    corpus = mra.load_corpus(path, progress=False)
    assert corpus.documents["doc_id"].tolist() == [
        "days-2020-06-17-zhao-lijian", "days-2020-06-17-hua-chunying", "days-2020-06-18-zhao-lijian",
        "days-5", "days-6"]
    assert corpus.exchanges.groupby("doc_id", sort=False).size().tolist() == [2, 1, 1, 1, 1]
    located = read_dyads(path)
    assert located[["doc_id", "exchange_id", "id"]].values.tolist()[:3] == [
        ["days-2020-06-17-zhao-lijian", 1, "1"], ["days-2020-06-17-zhao-lijian", 2, "2"],
        ["days-2020-06-17-hua-chunying", 1, "3"]]
    # one link, one document, whatever the dates say; two links ending alike stay two documents
    linked = [(*r[:6], link) for r, link in zip(rows[:3], ["http://a/t1.html", "http://a/t1.html",
                                                            "http://b/t1.htm"], strict=True)]
    path = tmp_path / "links.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([("id", "date", "spokesperson", "who_asked", "question", "answer", "link"),
                                      *linked])
    assert mra.load_corpus(path, progress=False).documents["doc_id"].tolist() == ["t1", "t1-2"]


def test_announcements_rejections_and_labels(tmp_path):
    rows = [("1", "2020-06-17", "Zhao Lijian", "-", "-", "State Councilor Wang Yi will visit Europe."),
            ("2", "2020-06-17", "Zhao Lijian", "CCTV4", "Will he meet the EU?", "Yes."),
            ("3", "2020-06-17", "Zhao Lijian", "Reuters", "Any comment on Japan?", ""),
            ("4", "2020-06-17", "Zhao Lijian", "ming pao", "And Hong Kong?", "It is China's internal affair."),
            ("5", "2020-06-17", "Zhao Lijian", "Xinhua", "-", "-")]
    path = _write_csv(tmp_path / "mixed.csv", rows)
    corpus = mra.load_corpus(path, progress=False)
    body = corpus.segments[corpus.segments["kind"] == "body"]["text"].tolist()
    assert body == ["State Councilor Wang Yi will visit Europe."]  # an announcement, outside exchanges
    assert corpus.exchanges["question"].tolist() == ["Will he meet the EU?", "And Hong Kong?"]
    # a label a transcript cannot carry is simplified (CCTV4 -> CCTV) or dropped
    assert corpus.exchanges["asker"].fillna("-").tolist() == ["CCTV", "-"]
    assert corpus.rejected.values.tolist() == [[f"{path}#3", "row has no answer"], [f"{path}#5", "row is empty"]]
    located = read_dyads(path)
    assert located["who_asked"].tolist()[1] == "CCTV4" and located["exchange_id"].isna().tolist() == [
        True, False, True, False, True]


def test_jsonl_and_a_column_map(tmp_path):
    path = tmp_path / "other.jsonl"
    path.write_text("\n".join(json.dumps({"Frage": q, "Antwort": a, "Medium": w, "Tag": "2020-06-17"})
                              for _, _, _, w, q, a in ROWS) + "\n", encoding="utf-8")
    assert mra.load_corpus(path, progress=False).rejected["reason"].str.contains("no text column").all()
    columns = {"question": "Frage", "answer": "Antwort", "who_asked": "Medium", "date": "Tag"}
    corpus = load_dyads(path, columns=columns)
    assert corpus.exchanges["asker"].fillna("-").tolist() == ["CCTV", "-", "AFP"]
    assert corpus.documents["doc_id"].tolist() == ["other-2020-06-17"]
    assert read_dyads(path, columns=columns)["exchange_id"].tolist() == [1, 2, 3]
    # CMFA's own column names need no map, in JSONL too
    cmfa = tmp_path / "cmfa.jsonl"
    cmfa.write_text("\n".join(json.dumps({"question": q, "answer": a, "who_asked": w})
                              for _, _, _, w, q, a in ROWS) + "\n", encoding="utf-8")
    assert len(mra.load_corpus(cmfa, progress=False).exchanges) == 3


def test_dyad_columns_and_errors(tmp_path):
    assert dyad_columns(["Question", "Answer", "year", "month", "day"]) == {"question": "Question",
                                                                          "answer": "Answer"}
    assert dyad_columns(["question"]) is None
    with pytest.raises(ValueError, match="unknown field 'asker'"):
        dyad_columns(["q", "a"], {"asker": "q"})
    with pytest.raises(ValueError, match="question='Frage' is not a column"):
        dyad_columns(["q", "a"], {"question": "Frage"})
    with pytest.raises(FileNotFoundError, match="does not exist"):
        read_dyads(tmp_path / "none.csv")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_dyads(tmp_path / "none.csv")
    text_table = tmp_path / "texts.csv"
    text_table.write_text("text\nWin-win.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="has no question and answer columns"):
        read_dyads(text_table)
    with pytest.raises(mra.errors.InputError, match="no question and answer columns"):
        dyads.dyad_records([{"text": "x"}], text_table)
    notes = tmp_path / "notes.txt"
    notes.write_text("x", encoding="utf-8")
    with pytest.raises(ValueError, match="a dyad table is a .csv, .jsonl or .xlsx file"):
        read_dyads(notes)


def test_year_month_day_columns_give_the_date(tmp_path):
    path = tmp_path / "ymd.csv"
    path.write_text("year,month,day,question,answer\n2019,3,7,Why?,Because.\n", encoding="utf-8")
    assert mra.load_corpus(path, progress=False).documents["date"].tolist() == [pd.Timestamp("2019-03-07")]


def test_excel_dyads_read_like_csv(tmp_path):
    pytest.importorskip("openpyxl")
    frame = pd.DataFrame(ROWS, columns=["id", "date", "spokesperson", "who_asked", "question", "answer"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["id"] = frame["id"].astype(int)
    frame["link"] = LINK
    frame.to_excel(tmp_path / "cmfa.xlsx", index=False)
    from_excel = mra.load_corpus(tmp_path / "cmfa.xlsx", progress=False)
    from_csv = mra.load_corpus(_write_csv(tmp_path / "cmfa.csv", ROWS), progress=False)
    assert from_excel.exchanges.equals(from_csv.exchanges)
    assert read_dyads(tmp_path / "cmfa.xlsx")["id"].tolist() == ["101", "102", "103"]
    assert [p.name for p in dyad_sources(tmp_path)] == ["cmfa.csv", "cmfa.xlsx"]
    (tmp_path / "broken.xlsx").write_text("not a workbook", encoding="utf-8")
    rejected = mra.load_corpus(tmp_path / "broken.xlsx", progress=False).rejected
    assert rejected["reason"].str.startswith("not a readable Excel file").all()


def test_excel_without_openpyxl_is_a_rejection(tmp_path, monkeypatch):
    (tmp_path / "cmfa.xlsx").write_bytes(b"PK")
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "openpyxl" else real(name, *a))
    rejected = mra.load_corpus(tmp_path / "cmfa.xlsx", progress=False).rejected
    assert rejected["reason"].tolist() == ["reading .xlsx needs openpyxl: pip install 'milrel_analysis[excel]'"]
    assert dyad_sources(tmp_path) == []


def test_cli_export_keeps_the_dyads_ids_and_labels(tmp_path, capsys):
    path = _write_csv(tmp_path / "cmfa.csv", ROWS)
    assert main(["export", "exchanges", str(path)]) == 0
    out = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    assert out["id"].tolist() == ["101", "102", "103"]
    assert out["who_asked"].tolist() == ["CCTV", "", "AFP"]  # the table's own values ("-" is missing)
    assert out["link"].tolist() == [LINK] * 3
    assert out["asker_kind"].tolist() == ["chinese-state", "unknown", "wire"]
    assert out["acts"].tolist() == ["oppose;urge;demand-stop", "stand-ready", "groundless-accusations;demand-stop;smear"]
    assert out["hostile"].tolist() == ["False", "False", "True"] and out["hostile_cue"].tolist()[2] == "accused"
    other = tmp_path / "other.csv"
    other.write_text("Frage,Antwort\nWhy?,We firmly oppose it.\n", encoding="utf-8")
    assert main(["export", "exchanges", str(other), "--column", "question=Frage", "--column", "answer=Antwort",
                 "--format", "jsonl"]) == 0
    record = json.loads(capsys.readouterr().out.splitlines()[0])
    assert record["id"] == "other-1-1" and record["acts"] == "oppose"


def test_mfa_pages_as_a_dyad_table_give_the_same_exchanges(tmp_path):
    pages = shared_path("corpora", "mfa-presscon-html", "pages")
    files = sorted(pages.glob("*.html"))[:6]
    html = mra.load_corpus(files, progress=False)
    ex = html.exchanges.merge(html.documents[["doc_id", "date", "spokesperson"]], on="doc_id")
    ex = ex[ex["answer"] != ""]
    rows = pd.DataFrame({"date": ex["date"].dt.strftime("%Y-%m-%d"), "spokesperson": ex["spokesperson"],
                         "who_asked": ex["asker"].fillna("-"), "question": ex["question"],
                         "answer": ex["answer"], "link": "https://x/" + ex["doc_id"] + ".shtml"})
    rows.to_csv(tmp_path / "cmfa.csv", index=False)
    table = mra.load_corpus(tmp_path / "cmfa.csv", progress=False)
    keep = ["doc_id", "asker", "question", "answer"]
    assert table.exchanges[keep].fillna("-").values.tolist() == ex[keep].fillna("-").values.tolist()
    ours = exchange_counterparts(table)[["doc_id", "counterpart"]].values.tolist()
    theirs = exchange_counterparts(html).merge(ex[["doc_id", "exchange_id"]])[["doc_id", "counterpart"]]
    assert sorted(map(tuple, ours)) == sorted(map(tuple, theirs.values.tolist()))
