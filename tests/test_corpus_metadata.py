"""corpus.metadata: sidecar tables and file-name patterns override what was parsed."""

import pandas as pd
import pytest
from conftest import SEEDS

import milrel_analysis as mra


def test_metadata_sidecar_overrides(tmp_path):
    meta = tmp_path / "meta.csv"
    ids = sorted(p.stem for p in SEEDS.glob("*.txt"))
    meta.write_text(f"doc_id,date,spokesperson,counterparts\n{ids[4]},2023-12-29,Zhang Xiaogang,USA;RUS\n",
                    encoding="utf-8")
    corpus = mra.load_corpus(SEEDS, metadata=meta)
    row = corpus.documents.set_index("doc_id").loc[ids[4]]
    assert row["date"].strftime("%Y-%m-%d") == "2023-12-29" and row["date_source"] == "metadata"
    assert row["spokesperson"] == "Zhang Xiaogang"
    assert set(corpus.counterparts.loc[corpus.counterparts["doc_id"] == ids[4], "counterpart"]) == {"USA", "RUS"}


def test_metadata_dataframe_and_filename_year(tmp_path):
    (tmp_path / "CHN_70_2015.txt").write_text("We seek win-win cooperation with the US.", encoding="utf-8")
    (tmp_path / "USA_70_2015.txt").write_text("Freedom and Russia.", encoding="utf-8")
    meta = pd.DataFrame({"doc_id": ["CHN_70_2015", "USA_70_2015"], "date": [None, None],
                         "title": ["Speech", None], "counterparts": [None, "RUS"]})
    corpus = mra.load_corpus(tmp_path, metadata=meta,
                             filename_pattern=r"(?P<country>[A-Z]{3})_(?P<session>\d+)_(?P<year>\d{4})")
    docs = corpus.documents.set_index("doc_id")
    assert docs["year"].tolist() == [2015, 2015]
    assert docs.loc["CHN_70_2015", "title"] == "Speech" and pd.isna(docs.loc["USA_70_2015", "title"])
    assert docs.loc["USA_70_2015", "primary_counterpart"] == "RUS"


def test_bad_metadata_is_named(tmp_path):
    corpus = mra.corpus_from_texts({"d": "The US side said win-win."})
    from milrel_analysis.corpus.metadata import apply_filename_pattern, apply_metadata

    with pytest.raises(ValueError, match="is not a valid regular expression"):
        apply_filename_pattern(corpus, "(?P<year>")
    with pytest.raises(ValueError, match="has no named groups"):
        apply_filename_pattern(corpus, r"\d{4}")
    with pytest.raises(KeyError, match="metadata needs a 'doc_id' column; it has \\['id'\\]"):
        apply_metadata(corpus, pd.DataFrame({"id": ["d"]}))
    with pytest.raises(ValueError, match="doc_id 'd' has an unreadable date 'soon'; use YYYY-MM-DD"):
        apply_metadata(corpus, pd.DataFrame({"doc_id": ["d"], "date": ["soon"]}))
    with pytest.raises(FileNotFoundError, match="does not exist"):
        apply_metadata(corpus, tmp_path / "nope.csv")
    with pytest.warns(UserWarning, match=r"unknown doc_id\(s\) ignored: \['zz'\]"):
        apply_metadata(corpus, pd.DataFrame({"doc_id": ["zz"], "title": ["T"]}))
