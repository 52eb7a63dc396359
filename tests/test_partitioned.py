"""partitioned: counts reduced across partitions equal those of the corpus loaded in one process."""

from pathlib import Path

import pandas as pd
import pytest
from conftest import SEEDS, shared_path

from milrel_analysis import load_corpus
from milrel_analysis.corpus.distributed import partition_corpus
from milrel_analysis.frequency import term_frequency
from milrel_analysis.partitioned import partitioned_phrase_counts, partitioned_term_frequency
from milrel_analysis.phrases import phrase_counts

pytestmark = pytest.mark.dask

UN_PATTERN = r"(?P<country>[A-Z]{3})_(?P<session>\d+)_(?P<year>\d{4})"


def assert_same(one, other):
    pd.testing.assert_frame_equal(one, other, check_exact=True)


@pytest.fixture(scope="module")
def seed_parts(dask_cluster):
    return partition_corpus(SEEDS, dask_cluster, partitions=3)


@pytest.mark.parametrize("by", ["doc_id", "year", "counterpart", "spokesperson", ["year", "counterpart"]])
def test_term_frequency_and_phrase_counts_on_the_seeds(seed_parts, seed_corpus, by):
    assert len(seed_parts.parts) == 3
    assert_same(partitioned_term_frequency(seed_parts, by=by), term_frequency(seed_corpus, by=by))
    assert_same(partitioned_phrase_counts(seed_parts, by=by), phrase_counts(seed_corpus, by=by))


@pytest.mark.parametrize("options", [
    {"ngram": (1, 2), "min_count": 2},
    {"stopwords": False, "voice": "press"},
    {"compounds": False, "lowercase": False, "voice": "all"},
    {"normalize": "porter", "translation": "all"},
])
def test_term_frequency_options_on_the_seeds(seed_parts, seed_corpus, options):
    assert_same(partitioned_term_frequency(seed_parts, by="year", **options),
                term_frequency(seed_corpus, by="year", **options))


def test_phrase_counts_with_a_lexicon_and_the_press(seed_parts, seed_corpus):
    for options in ({"lexicon": ["win-win", "red line", "core interests"]}, {"voice": "press"}):
        assert_same(partitioned_phrase_counts(seed_parts, by="counterpart", **options),
                    phrase_counts(seed_corpus, by="counterpart", **options))


def test_a_group_whose_words_are_all_stopwords_in_one_partition(dask_cluster, tmp_path):
    # d1's tokens are all stopwords: it has no rows, but its 7 words are in 2021's denominator.
    texts = ["BEIJING, Jan. 28, 2021 -- China supports win-win cooperation.",
             "BEIJING, Feb. 2, 2021 -- It is what it was and we are.",
             "BEIJING, Mar. 3, 2021 -- Win-win again."]
    for i, text in enumerate(texts):
        (tmp_path / f"d{i}.txt").write_text(text, encoding="utf-8")
    parts = partition_corpus(tmp_path, dask_cluster, partitions=3)
    assert [len(ids) for ids in parts.doc_ids] == [1, 1, 1]
    whole = load_corpus(tmp_path)
    table = partitioned_term_frequency(parts, by="year")
    assert_same(table, term_frequency(whole, by="year"))
    assert table.loc[table["term"] == "win-win", "count"].item() == 2


def test_empty_partitions_and_corpora(dask_cluster, tmp_path):
    (tmp_path / "blank.txt").write_text("  ", encoding="utf-8")
    (tmp_path / "d.txt").write_text("The U.S. side said win-win.", encoding="utf-8")
    parts = partition_corpus(tmp_path, dask_cluster, partitions=2)
    assert parts.doc_ids == [[], ["d"]]  # blank.txt is rejected: its partition has no document
    whole = load_corpus(tmp_path)
    for by in ("doc_id", "year"):
        assert_same(partitioned_term_frequency(parts, by=by), term_frequency(whole, by=by))
        assert_same(partitioned_phrase_counts(parts, by=by), phrase_counts(whole, by=by))
    assert parts.rejected["reason"].tolist() == ["file holds only whitespace"]


def test_un_sample(dask_cluster):
    un = sorted(shared_path("corpora", "ungdc", "TXT").rglob("*.txt"))[::400]  # 15 speeches, 1991-2020
    parts = partition_corpus(un, dask_cluster, filename_pattern=UN_PATTERN)
    whole = load_corpus(un, filename_pattern=UN_PATTERN)
    for by in ("year", "country", "counterpart"):
        assert_same(partitioned_term_frequency(parts, by=by), term_frequency(whole, by=by))
        assert_same(partitioned_phrase_counts(parts, by=by), phrase_counts(whole, by=by))


def test_mfa_sample(dask_cluster):
    mfa = sorted(Path(shared_path("corpora", "mfa-presscon-html", "pages")).glob("*.html"))[:12]
    parts = partition_corpus(mfa, dask_cluster)
    whole = load_corpus(mfa)
    for by in ("doc_id", "counterpart", "year"):
        assert_same(partitioned_term_frequency(parts, by=by, voice="press"),
                    term_frequency(whole, by=by, voice="press"))
        assert_same(partitioned_phrase_counts(parts, by=by), phrase_counts(whole, by=by))


def test_documents_out_of_id_order_are_sorted_as_in_one_process(dask_cluster, tmp_path):
    # Files go by path, groups by doc_id: x/b.txt comes before y/a.txt but sorts after it.
    for path, text in [("x/b.txt", "Win-win cooperation, core interests."),
                       ("y/a.txt", "The U.S. side, win-win and the red line.")]:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    parts = partition_corpus(tmp_path, dask_cluster, partitions=2)
    assert parts.doc_ids == [["b"], ["a"]]
    whole = load_corpus(tmp_path)
    table = partitioned_term_frequency(parts, by="doc_id")
    assert table["doc_id"].iloc[0] == "a"
    assert_same(table, term_frequency(whole, by="doc_id"))
    assert_same(partitioned_phrase_counts(parts, by="doc_id"), phrase_counts(whole, by="doc_id"))


@pytest.mark.parametrize("voice", ["official", "all"])
def test_track_phrases_on_the_seeds(seed_parts, seed_corpus, voice):
    from milrel_analysis.partitioned import partitioned_track_phrases
    from milrel_analysis.phrases import track_phrases

    table = partitioned_track_phrases(seed_parts, voice=voice)
    assert len(table) > 10
    assert_same(table, track_phrases(seed_corpus, voice=voice))


@pytest.mark.parametrize("target, reference, options", [
    ("USA", "rest", {}),
    ("USA", "RUS", {"measure": "log_odds"}),
    (["USA", "RUS"], "rest", {"unit": "phrase", "min_count": 1}),
    ("USA", "rest", {"ngram": 2, "min_count": 1, "adjust": None}),
])
def test_compare_counterparts_on_the_seeds(seed_parts, seed_corpus, target, reference, options):
    from milrel_analysis.compare import compare_counterparts
    from milrel_analysis.partitioned import partitioned_compare_counterparts

    whole = compare_counterparts(seed_corpus, target, reference, **options)
    table = partitioned_compare_counterparts(seed_parts, target, reference, **options)
    assert len(whole) > 0
    assert_same(table, whole)
    assert table.attrs == whole.attrs


def test_compare_counterparts_against_an_external_list(seed_parts, seed_corpus):
    from milrel_analysis.compare import compare_counterparts
    from milrel_analysis.partitioned import partitioned_compare_counterparts

    reference = {"cooperation": 40, "side": 10, "win-win": 1, "the": 500}
    options = {"min_count": 1, "reference_total": 2000}
    assert_same(partitioned_compare_counterparts(seed_parts, "USA", reference, **options),
                compare_counterparts(seed_corpus, "USA", reference, **options))


def test_a_group_missing_from_every_partition_is_an_error(seed_parts):
    from milrel_analysis.errors import ArgumentValueError
    from milrel_analysis.partitioned import partitioned_compare_counterparts

    with pytest.raises(ArgumentValueError, match=r"target \['ATLANTIS'\] not found in 'counterpart'"):
        partitioned_compare_counterparts(seed_parts, "ATLANTIS")
    with pytest.raises(ArgumentValueError, match=r"reference \['ATLANTIS'\] not found"):
        partitioned_compare_counterparts(seed_parts, "USA", "ATLANTIS")


def test_un_sample_hits_and_keyness(dask_cluster):
    from milrel_analysis.compare import compare_counterparts
    from milrel_analysis.partitioned import partitioned_compare_counterparts, partitioned_track_phrases
    from milrel_analysis.phrases import track_phrases

    un = sorted(shared_path("corpora", "ungdc", "TXT").rglob("*.txt"))[::300]  # 20 speeches
    parts = partition_corpus(un, dask_cluster, filename_pattern=UN_PATTERN)
    whole = load_corpus(un, filename_pattern=UN_PATTERN)
    assert_same(partitioned_track_phrases(parts), track_phrases(whole))
    assert_same(partitioned_compare_counterparts(parts, "USA"), compare_counterparts(whole, "USA"))
    for country in ("USA", "CHN"):
        if country in set(whole.documents["country"]):
            assert_same(partitioned_compare_counterparts(parts, country, by="country"),
                        compare_counterparts(whole, country, by="country"))


@pytest.mark.parametrize("around, options", [
    (None, {"window": 2, "min_count": 1}),
    ("USA", {"min_count": 1}),
    ("core-interests", {"measure": "pmi", "min_count": 1}),
])
def test_collocations_on_the_seeds(seed_parts, seed_corpus, around, options):
    from milrel_analysis.collocations import collocations
    from milrel_analysis.partitioned import partitioned_collocations

    whole = collocations(seed_corpus, around, **options)
    table = partitioned_collocations(seed_parts, around, **options)
    assert len(whole) > 0
    assert_same(table, whole)
    assert table.attrs == whole.attrs


def test_un_sample_collocations(dask_cluster):
    from milrel_analysis.collocations import collocations
    from milrel_analysis.partitioned import partitioned_collocations

    un = sorted(shared_path("corpora", "ungdc", "TXT").rglob("*.txt"))[::500]  # 12 speeches
    parts = partition_corpus(un, dask_cluster, filename_pattern=UN_PATTERN)
    whole = load_corpus(un, filename_pattern=UN_PATTERN)
    for around in (None, "USA", "sovereignty"):
        assert_same(partitioned_collocations(parts, around), collocations(whole, around))
