"""The outlet table and the asker of each exchange: known outlets, unlisted labels, unknown askers."""

import pandas as pd
import pytest
import yaml

import milrel_analysis as mra
from milrel_analysis.outlets import (
    ASKER_COLUMNS,
    OUTLET_COLUMNS,
    OUTLET_KINDS,
    asker_outlets,
    load_outlets,
    outlet_key,
)

# Labels seen on the MFA pages (and in the issue), each with the outlet and kind it must get.
MFA_LABELS = {
    "Reuters": ("reuters", "wire"), "Reuters TV": ("reuters", "wire"), "AFP": ("afp", "wire"),
    "Agence France-Presse": ("afp", "wire"), "CCTV": ("cctv", "chinese-state"),
    "CCTV4": ("cctv", "chinese-state"), "The Paper": ("the-paper", "chinese-other"),
    "Shenzhen TV": ("shenzhen-tv", "chinese-other"), "China Daily": ("china-daily", "chinese-state"),
    "Xinhua News Agency": ("xinhua", "chinese-state"), "Beijing Youth Daily": ("beijing-youth-daily", "chinese-other"),
    "China News Service": ("china-news-service", "chinese-state"), "CNS": ("china-news-service", "chinese-state"),
    "Beijing Daily": ("beijing-daily", "chinese-other"), "RIA Novosti": ("ria-novosti", "foreign-state"),
    "Bloomberg": ("bloomberg", "wire"), "Bloomberg News": ("bloomberg", "wire"), "PTI": ("pti", "wire"),
    "Press Trust of India": ("pti", "wire"), "BBC": ("bbc", "foreign-press"),
    "Global Times": ("global-times", "chinese-state"), "The Global Times": ("global-times", "chinese-state"),
    "CNR": ("cnr", "chinese-state"), "China National Radio": ("cnr", "chinese-state"),
    "CGTN": ("cgtn", "chinese-state"), "Kyodo": ("kyodo", "wire"), "Kyodo News": ("kyodo", "wire"),
    "NHK": ("nhk", "foreign-press"), "TASS": ("tass", "foreign-state"), "Tass News Agency": ("tass", "foreign-state"),
    "SCMP": ("scmp", "chinese-other"), "South China Morning Post": ("scmp", "chinese-other"),
    "Associated Press of Pakistan": ("app", "foreign-state"), "The Australian": ("the-australian", "foreign-press"),
    "ABC Australia": ("abc-australia", "foreign-press"), "Voice of Vietnam": ("voice-of-vietnam", "foreign-state"),
    "Yonhap": ("yonhap", "wire"), "Yonhap News Agency": ("yonhap", "wire"),
    "Prensa Latina": ("prensa-latina", "foreign-state"), "Phoenix TV": ("phoenix-tv", "chinese-other"),
    "Hubei Media Group": ("hubei-media-group", "chinese-other"), "CRI": ("cri", "chinese-state"),
    "Foreign Journalist": ("foreign-journalist", "foreign-press"),
}


def _exchanges(askers):
    return pd.DataFrame({"doc_id": ["d"] * len(askers), "exchange_id": range(1, len(askers) + 1),
                         "asker": askers})


def test_outlet_table_columns_kinds_and_unique_aliases():
    table = load_outlets()
    assert list(table.columns) == OUTLET_COLUMNS
    assert set(table["kind"]) == set(OUTLET_KINDS)
    assert table["outlet_id"].is_unique
    owners: dict[str, set[str]] = {}
    for oid, aliases in zip(table["outlet_id"], table["aliases"], strict=True):
        for alias in aliases:
            owners.setdefault(outlet_key(alias), set()).add(oid)
    assert all(len(ids) == 1 for ids in owners.values())
    keys = set(owners)
    # ambiguous bare labels are deliberately not mapped
    assert "abc" not in keys and "cna" not in keys


@pytest.mark.parametrize("label, expected", sorted(MFA_LABELS.items()))
def test_mfa_labels_get_their_outlet(label, expected):
    row = asker_outlets(_exchanges([label])).iloc[0]
    assert (row["outlet_id"], row["asker_kind"]) == expected


def test_unlabelled_questions_stay_unknown_and_unknown_labels_are_unlisted():
    out = asker_outlets(_exchanges([None, "", "  ", "Radio Free Nowhere", "Reuters"]))
    assert list(out.columns) == ASKER_COLUMNS
    assert out["asker_kind"].tolist() == ["unknown", "unknown", "unknown", "unlisted", "wire"]
    assert out["outlet_id"].tolist()[:4] == [None, None, None, None]
    assert out.loc[3, "asker"] == "Radio Free Nowhere"  # kept, to be added to the table
    assert out.loc[4, "outlet_country"] == "GBR"


def test_outlet_key_ignores_case_the_punctuation_and_spaces():
    assert outlet_key("THE  Paper:") == outlet_key("the paper") == "paper"
    assert outlet_key("The") == "the"
    assert outlet_key("China’s Daily") == "china's daily"


def test_extend_the_table_with_a_yaml_file(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "outlets": [
        {"id": "radio-nowhere", "name": "Radio Nowhere", "country": "XXX", "kind": "foreign-press",
         "aliases": ["Radio Free Nowhere"]},
        {"id": "reuters", "name": "Reuters", "country": "CAN", "kind": "wire", "aliases": ["Reuters"]},
    ]}), encoding="utf-8")
    alone = load_outlets(path)
    assert alone["outlet_id"].tolist() == ["radio-nowhere", "reuters"]
    extended = load_outlets(path, extend=True)
    assert len(extended) == len(load_outlets()) + 1
    out = asker_outlets(_exchanges(["Radio Free Nowhere", "Reuters", "AFP"]), outlets=extended)
    assert out["asker_kind"].tolist() == ["foreign-press", "wire", "wire"]
    assert out["outlet_country"].tolist() == ["XXX", "CAN", "FRA"]  # the given entry replaced Reuters
    # a mapping and a table (load_outlets's own output) work too
    assert load_outlets({"outlets": [{"id": "x", "kind": "wire"}]})["aliases"].tolist() == [("x",)]
    assert load_outlets(alone).equals(alone)


def test_outlet_table_errors(tmp_path):
    with pytest.raises(ValueError, match="has no 'id'"):
        load_outlets({"outlets": [{"kind": "wire"}]})
    with pytest.raises(ValueError, match="kind='unknown'"):
        load_outlets({"outlets": [{"id": "x", "kind": "unknown"}]})
    with pytest.raises(ValueError, match="names both 'a' and 'b'"):
        load_outlets({"outlets": [{"id": "a", "kind": "wire", "aliases": ["AB"]},
                                  {"id": "b", "kind": "wire", "aliases": ["The AB"]}]})
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_outlets(tmp_path / "none.yaml")
    with pytest.raises(TypeError, match="not int"):
        load_outlets(3)
    with pytest.raises(KeyError, match="missing columns"):
        asker_outlets(pd.DataFrame({"doc_id": ["d"]}))


def test_mfa_style_transcript_askers():
    corpus = mra.corpus_from_texts({"d": "Reuters: Will the US respond?\n\nGeng Shuang: No.\n\n"
                                         "Q: And Russia?\n\nGeng Shuang: Yes.\n\n"
                                         "Shenzhen TV: And Japan?\n\nGeng Shuang: Maybe."})
    out = asker_outlets(corpus.exchanges)
    assert out["asker_kind"].tolist() == ["wire", "unknown", "chinese-other"]
