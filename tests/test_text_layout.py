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


def test_separators():
    from milrel_analysis.text.layout import is_separator
    assert is_separator("  ******  ") and is_separator("---") and is_separator("* * *")
    assert not is_separator("**") and not is_separator("* Note") and not is_separator("")


def test_notices_about_the_press_conference_itself():
    from milrel_analysis.text.layout import is_notice
    assert is_notice("Due to scheduling reasons, the MFA regular press conference on Monday will begin "
                     "earlier at 2:30 pm.")
    assert is_notice("According to the holiday schedule for the Spring Festival, there will be no "
                     "regular press conference next week.")
    assert is_notice("The Foreign Ministry and the People's Government of Yunnan Province will hold a "
                     "promotion event in the South Building.")
    assert is_notice("During the recess, you may reach the Spokesperson's Office by fax.")
    assert not is_notice("The Ministry of Commerce held a press conference on the trade talks.")
    assert not is_notice("The Japanese side held consultations at the press center earlier.")
