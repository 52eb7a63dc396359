import pytest

from milrel_analysis.text.language import detect_language


@pytest.mark.parametrize("text, code", [
    ("中国国防部新闻发言人吴谦表示，中方坚决反对。", "zh"),
    ("问：请问中方对此有何评论？", "zh"),
    ("Министерство обороны России заявило о проведении учений.", "ru"),
    ("وقالت وزارة الدفاع إن التدريبات ستجرى الأسبوع المقبل", "ar"),
    ("The Chinese side firmly opposes the US arms sales to the Taiwan region.", "en"),
    ("La Chine s'oppose fermement à la vente d'armes des États-Unis à la région.", "und"),
    ("China lehnt die Waffenverkäufe der USA an die Region entschieden ab und ist dagegen.", "und"),
])
def test_script_then_function_words(text, code):
    assert detect_language(text) == code


def test_short_or_empty_passages_count_as_english():
    # a heading or a label cannot be told apart; the counts keep it
    assert detect_language("Q&A") == detect_language("") == detect_language("2021-01-28") == "en"
    assert detect_language("Joint Statement") == "en"


def test_an_english_passage_with_a_few_chinese_names_stays_english():
    text = "Senior Colonel Wu Qian (吴谦) said the two militaries held talks in Beijing on Thursday."
    assert detect_language(text) == "en"
