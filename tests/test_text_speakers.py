"""text.speakers: turn labels, Chinese names, who is said to speak."""

import pytest

from milrel_analysis.text.speakers import (
    attributed_speakers,
    chinese_names,
    parse_turn_label,
    spokesperson_name,
    strip_titles,
)


@pytest.mark.parametrize(
    "paragraph, role, label",
    [
        ("Reporter: Please tell us more.", "question", "Reporter"),
        ("Question: What about it?", "question", "Question"),
        ("Q: Any comment?", "question", "Q"),
        ("A: We stay firm.", "answer", "A"),
        ("Answer: We stay firm.", "answer", "Answer"),
        ("Wu Qian: 2023 is the first year", "speaker", "Wu Qian"),
        ("AFP: Will the US attend?", "speaker", "AFP"),
        ("Xinhua News Agency: What is", "speaker", "Xinhua News Agency"),
    ],
)
def test_turn_labels(paragraph, role, label):
    assert parse_turn_label(paragraph)[:2] == (role, label)


@pytest.mark.parametrize("paragraph", [
    "Ministry of national defense: comprehensively promote cooperation",
    "First, effectively serve the overall situation.",
    "The ratio was 3: 1 in 2021.",
])
def test_not_turn_labels(paragraph):
    assert parse_turn_label(paragraph) is None


def test_chinese_names_and_speakers():
    surnames = frozenset({"Wu", "Li", "Xi", "Geng"})
    names = [n for _, n in chinese_names(
        "General Li Zuocheng met General Mark Milley; Xi Jinping; Geng Shuang's remarks", surnames)]
    assert names == ["Li Zuocheng", "Xi Jinping", "Geng Shuang"]
    paragraphs = ['"Facts have proved it," Wu said.', "said Senior Colonel Wu Qian, a spokesperson"]
    assert attributed_speakers(paragraphs, ["Wu Qian"]) == ["Wu Qian"]
    assert spokesperson_name(
        ["The spokesperson of the Ministry of National Defense, Colonel Wu Qian, stated"], surnames
    ) == "Wu Qian"


def test_titled_speaker_labels_are_answers():
    import milrel_analysis as mra

    text = ("Senior Colonel Wu Qian, spokesperson for the Ministry of National Defense, answered questions.\n\n"
            "Reporter: What about Taiwan?\n\nSenior Colonel Wu Qian: China firmly opposes it.\n\n"
            "Reporter: Drills?\n\nSpokesperson Wu Qian: Not targeted at any third party.\n\nQ: Else?\n\nColonel Wu: No.")
    segs = mra.corpus_from_texts({"pc": text}).segments
    assert segs["kind"].tolist() == ["body", "question", "answer", "question", "answer", "question", "answer"]
    assert set(segs.loc[segs["kind"] == "answer", "speaker"]) == {"Wu Qian"}
    assert strip_titles("Senior Colonel Wu Qian") == "Wu Qian"
