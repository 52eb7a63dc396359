"""text.layout: paragraphs and captions."""

from milrel_analysis.text.layout import is_caption, split_paragraphs


def test_captions():
    assert is_caption("Wu Qian answers questions on January 28, 2021. (Photo: mod.gov.cn)")
    assert is_caption("General Li holds talks. (Photo by Li Xiaowei)")
    assert not is_caption("General Li said the photo was clear.")


def test_split_paragraphs_joins_hard_wraps():
    assert split_paragraphs("A line that\nwraps here.\nNew one.\n\n") == [
        "A line that wraps here.", "New one."]
    assert split_paragraphs("One.\n\n  Two\n  continued.\n") == ["One.", "Two continued."]
