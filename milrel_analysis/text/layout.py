"""Text to paragraphs, and what kind of paragraph each one is (captions, head and tail lines)."""

from __future__ import annotations

import re

from .encoding import lowers_like_ignorecase

__all__ = [
    "HEAD_KINDS",
    "classify_head_line",
    "clean_title",
    "is_caption",
    "is_notice",
    "is_separator",
    "split_paragraphs",
    "starts_tail",
]


_SENTENCE_END = re.compile(r"""[.!?:;"')\]]\s*$""")


def split_paragraphs(text: str) -> list[str]:
    """Split text into paragraphs, joining hard-wrapped lines.

    Blank lines separate paragraphs when the text has any; otherwise each line is a
    paragraph unless it is a wrap (no closing punctuation, next line starts lower-case).
    Whitespace inside a paragraph is collapsed.

    Examples
    --------
    >>> split_paragraphs("One line\\nwrapped here.\\nNext one.")
    ['One line wrapped here.', 'Next one.']
    """
    text = text.strip("\n")
    blocks = re.split(r"\n[ \t]*\n", text) if re.search(r"\n[ \t]*\n", text) else [text]
    out: list[str] = []
    for block in blocks:
        lines = [ln.strip() for ln in block.split("\n")]
        lines = [ln for ln in lines if ln]
        if not lines:
            continue
        if len(blocks) > 1:
            out.append(" ".join(re.sub(r"(?<=\w-)\n(?=\w)", "", "\n".join(lines)).split()))
            continue
        current = lines[0]
        for line in lines[1:]:
            if current.endswith("-") and line[:1].isalpha():  # "Win-" / "win": one word
                current = f"{current}{line}"
            elif not _SENTENCE_END.search(current) and line[:1].islower():
                current = f"{current} {line}"
            else:
                out.append(" ".join(current.split()))
                current = line
        out.append(" ".join(current.split()))
    return out



_CAPTION = re.compile(
    r"\((?:Photo|Xinhua|Photo by|Image|File photo|Source)\b[^)]*\)\s*$|^\(?Photo by\b|"
    r"\(Photo:[^)]*\)|^Photo:|"
    # credits as they survive HTML-to-text: "(mod.gov.cn/Li Aiming)", "( by Li Xiaowei)",
    # "(eng.chinamil.com.cn / Photo by ...)", "[Photo/Xinhua]", "(Xinhua/Li Gang)", "Photo: VCG"
    r"\(\s*(?:by\s+)?[\w.]+\.(?:cn|com)\s*/[^)]*\)\s*$|\(\s+by\s+[A-Z][^)]{2,40}\)\s*$|"
    r"\[Photo(?:/| by | provided)[^\]]*\]\s*\|?\s*$|\((?:Xinhua|AFP|Reuters|AP|VCG|IC)/[^)]{2,40}\)\s*$|"
    r"\bPhoto: [A-Z][\w/ ]{1,30}$|\(Photo[:/]?\s*$",
    re.I,
)


def is_caption(paragraph: str) -> bool:
    """Whether a paragraph is a photo caption (``(Photo: mod.gov.cn)``, ``(Photo by ...)``).

    Examples
    --------
    >>> is_caption("General Li holds talks. (Photo by Li Xiaowei)")
    True
    """
    if len(paragraph) >= 800:
        return False
    # Every credit holds a "(" or the word "photo": most paragraphs skip the pattern.
    if "(" not in paragraph and "photo" not in paragraph.lower() and lowers_like_ignorecase(paragraph):
        return False
    return bool(_CAPTION.search(paragraph))




# --------------------------------------------------------------------------- head and tail lines

HEAD_KINDS = ("header", "navigation", "byline", "stamp", "caption", "disclaimer")

_BREADCRUMB = re.compile(
    r"^(?:Home|HOME|Homepage|首页|Current Location|You are here|You're at|Location)\b.{0,200}?"
    r"(?:>|»|›|/|\|)", re.I)
_SEPARATORS = re.compile(r"\s(?:>|»|›|\||•|·|/)\s|\s{3,}|>>")
_BYLINE = re.compile(
    r"^(?:By|BY|By:|Written by|Edited by|Reported by|Photo by|Text by)\s+[A-Z][\w.'-]*"
    r"(?:\s+[A-Z][\w.'-]*){0,4}"
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})*\s*(?:\|.*)?$"
    r"|^\(?\s*(?:Source|Editor|Editors|Author|Reporter|Writer|Translator|Contributor|Responsible editor|"
    r"Web editor|Editor in charge|来源|來源|作者|编辑|責任編輯|责任编辑|記者|记者|发布人|地点)\s*[:：]"
    r"|^(?:Source|Editor|Time|Author)$")
# Site and publisher lines that stand above or below a story.
_PUBLISHER = re.compile(
    r"^\(?(?:China Military Online|Chinamil|Ministry of National Defense(?: of the People's Republic of "
    r"China)?|Ministry of Foreign Affairs(?: of the People's Republic of China)?|Sponsored by the Chinese "
    r"People's Liberation Army|Xinhua(?: News Agency)?|China Daily|CHINA DAILY|chinadaily\.com\.cn|"
    r"Global Times|CGTN|People's Daily(?: Online)?|ECNS|China\.org\.cn|Share(?: - WeChat)?|"
    r"Large Medium Small|Video PlayerClose|Global Edition.*|Military|World|China|Opinion|Defense|"
    r"Press Briefings?)\)?$")
_STAMP = re.compile(
    r"^(?:(?:Updated|Update|Published|Publish(?:ed)? (?:time|date|on)|Release(?:d)?(?: time| date)?|"
    r"Posted|Time|Date|Last updated|时间|時間|发布时间|發佈時間|發布時間|日期)\s*[:：]?\s*)?"
    r"(?:\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}|\d{4}\.\d{1,2}\.\d{1,2}|\d{1,2}/\d{1,2}/\d{4}|"
    r"\d{4}年\d{1,2}月\d{1,2}日|\d{4}-[A-Z][a-z]+-\d{1,2}|"
    r"\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4}|[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}|1\d{12})"
    r"(?:\s*,?\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:AM|PM|am|pm))?(?:\s*(?:BJT|GMT\+8|UTC\+8|CST))?)?"
    r"(?:\s*[—-]+\s*\d{1,2}:\d{2})?\s*$", re.I)
# A short metadata line that carries a date: "Source:China Military Online Editor:Chen Zhuo
# 2020-09-28 09:41:05", "By Zhang Zhihao | China Daily | Updated: 2017-06-08 11:34".
_DATED_METADATA = re.compile(
    r"(?:Source|Editor|Updated|Published|Time|来源|來源|时间|時間|发布|Distributed|\|)"
    r"|\d{1,2}:\d{2}", re.I)
_DISCLAIMER = re.compile(
    r"^(?:The (?:opinions|views) expressed|Copyright|©|\(c\)\s|All rights reserved|Print\b|Close\b|"
    r"\[?(?:Print|Close|Top|Back|Share|Email|E-mail|Comment)\]?(?:\s*[|/]\s*\[?\w+\]?)*\s*$|"
    r"Share (?:this|on)|Follow us|Related (?:News|Stories|Articles|Reading)\b|Related:|Editor's note:|"
    r"This (?:article|story|report) (?:was|is) (?:first|originally) published|Disclaimer|"
    r"\(?The following English (?:text|translation)|Suggest to a friend|<?Suggest To A Friend>?|Appendix:|"
    r"Most Viewed|Editor's picks|BACK TO THE TOP|Registration Number|Contact us|Pre(?:v)? 1 2|"
    r"Email\s*\|\s*Print)", re.I)
# Where a page's own text ends and its links to other stories begin.
_TAIL_START = re.compile(
    r"^(?:Related (?:News|Stories|Articles|Reading)|Related:|Most Viewed|Editor's picks|Appendix:|"
    r"Suggest to a friend|<?Suggest To A Friend>?)", re.I)
_MENU_WORDS = frozenset(
    "home news china world opinion business sports culture photos photo video videos military "
    "defense defence society science tech travel life lifestyle columnists about us contact "
    "subscribe login register search more english chinese français español русский عربي "
    "regional bilateral multilateral relations exercises events press releases spokesperson "
    "features special coverage".split())


def classify_head_line(line: str) -> str:
    """What a short line near the top (or bottom) of a page is.

    One of ``navigation`` (a breadcrumb or menu), ``byline`` (author, editor, source,
    publisher), ``stamp`` (a publication date or time), ``caption``, ``disclaimer`` (site
    boilerplate), ``header`` (a headline) or ``body`` (the article itself begins).

    Examples
    --------
    >>> [classify_head_line(x) for x in ["Home > News > Military", "By Liu Xuanzun",
    ...  "Updated: 2015-09-24 20:18", "China, Russia hold naval drills",
    ...  "BEIJING, Sept. 24 -- China and Russia began a joint naval exercise on Thursday."]]
    ['navigation', 'byline', 'stamp', 'header', 'body']
    >>> classify_head_line("Source:China Military Online Editor:Chen Zhuo 2020-09-28 09:41:05")
    'stamp'
    """
    text = line.strip()
    if not text:
        return "body"
    if is_caption(text):
        return "caption"
    if _STAMP.match(text) or (len(text) < 160 and _DATED_METADATA.search(text) and _has_date(text)):
        return "stamp"
    if _BREADCRUMB.match(text) or len(_SEPARATORS.findall(text)) >= 2 and len(text) < 300:
        return "navigation"
    if (_BYLINE.match(text) or _PUBLISHER.match(text)) and len(text) < 160:
        return "byline"
    if _DISCLAIMER.match(text) and len(text) < 400:
        return "disclaimer"
    words = re.findall(r"[^\W\d_]+", text.lower())
    if 2 <= len(words) <= 12 and all(w in _MENU_WORDS for w in words):
        return "navigation"
    if len(text) < 200 and not re.search(r"[.!?\"']$", text) and not re.search(r"\s--\s|\s—\s", text):
        return "header"
    return "body"


def starts_tail(line: str) -> bool:
    """Whether a line opens a page's tail of links to other stories ("Related News:").

    Examples
    --------
    >>> starts_tail("Related News:"), starts_tail("Related talks were held.")
    (True, False)
    """
    return bool(_TAIL_START.match(line.strip()))


_RULE_CHARS = "*=~_#-–—·•."
_RULE_LINE = re.compile(r"[*=~_#\-–—·•.](?:\s*[*=~_#\-–—·•.]){2,}")


def is_separator(line: str) -> bool:
    """Whether a line is a rule of symbols ("*****") that sets what follows apart.

    Examples
    --------
    >>> is_separator("**********"), is_separator("- - -"), is_separator("...and so on")
    (True, True, False)
    """
    text = line.strip()
    return bool(text) and text[0] in _RULE_CHARS and bool(_RULE_LINE.fullmatch(text))


# A press conference's own business: its schedule, holidays, the ministry's promotion events
# and accounts. Such a paragraph at the end of a transcript answers no question.
_NOTICE = re.compile(
    r"\b(?:press conference|press briefing)s?\b[^.]{0,100}?\b(?:adjourn\w*|recess\w*|resum\w*|"
    r"halted|suspended|postponed|(?:held|begins?|starts?)\b[^.]{0,20}?\b(?:earlier|later|at \d))"
    r"|\bthere will be no (?:regular )?press (?:conference|briefing)\b"
    r"|\bholiday (?:schedule|arrangements?)\b|\bpromotion event\b"
    r"|\bSpokesperson's (?:Office|(?:WeChat|Weibo) account)\b",
    re.I)


def is_notice(paragraph: str) -> bool:
    """Whether a paragraph is a press conference's notice about itself (schedule, events).

    Examples
    --------
    >>> is_notice("The regular press conference will be adjourned on Friday and resumed on Monday.")
    True
    >>> is_notice("A press conference is being held at the Ministry of Commerce; ask them.")
    False
    """
    return bool(_NOTICE.search(paragraph))


_ANY_DATE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*(?:\d{1,2}|[A-Z][a-z]+)\s*[-/.月]\s*\d{1,2}"
                       r"|\d{1,2}/\d{1,2}/(?:19|20)\d{2}"
                       r"|[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+(?:19|20)\d{2}")


def _has_date(text: str) -> bool:
    return bool(_ANY_DATE.search(text))


_SITE_SUFFIX = re.compile(
    r"\s*(?:[-|_–—]|::)\s*(?:China Military(?: Online)?|Chinamil|China Daily|chinadaily\.com\.cn|Xinhua|"
    r"english\.news\.cn|Global Times|CGTN|China\.org\.cn|People's Daily(?: Online)?|"
    r"Ministry of (?:National Defense|Foreign Affairs)[^|_]*|mod\.gov\.cn|fmprc\.gov\.cn|"
    r"english\.www\.gov\.cn|gov\.cn|ECNS|China News(?: Service)?)\s*$", re.I)


def clean_title(title: str | None) -> str | None:
    """A page title without the site's name (``... - China Military``) or a trailing stamp.

    Examples
    --------
    >>> clean_title("China, Russia hold naval drills - China Military")
    'China, Russia hold naval drills'
    >>> clean_title("Defense spokesperson on drills_China Military Online")
    'Defense spokesperson on drills'
    """
    if not title:
        return title
    text = " ".join(title.split())
    while True:
        cleaned = _SITE_SUFFIX.sub("", text)
        if cleaned == text or not cleaned:
            break
        text = cleaned
    return text or None
