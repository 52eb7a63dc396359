"""People in the text: Q&A turn labels, outlets, Chinese names, who is said to speak."""

from __future__ import annotations

import re

from .encoding import lowers_like_ignorecase

__all__ = [
    "PINYIN_GIVEN_NAME",
    "attributed_speakers",
    "chinese_names",
    "looks_like_outlet",
    "parse_turn_label",
    "spokesperson_name",
    "standalone_label",
    "strip_titles",
]


_QUESTION_LABELS = {"q", "question", "reporter", "journalist", "correspondent", "media", "asked",
                    "问", "記者", "记者", "提问"}
_ANSWER_LABELS = {"a", "answer", "spokesperson", "spokesman", "spokeswoman", "答", "发言人", "發言人"}
# A follow-up, or a question put after the briefing ("The following question was raised after
# the press conference: ..."), is a question whatever its wording.
_FOLLOW_UP = re.compile(r"^(?P<label>(?:Journalist|Reporter|Correspondent)\s+(?:adds|clarifies|explains|asks|"
                        r"follows up)|Follow-up|Follow-up question"
                        r"|(?:The following |A )?questions? (?:was |were |is |are )?(?:raised|asked|put) "
                        r"after the (?:regular )?(?:press conference|briefing))\s*[:：]\s*(?P<rest>.*)$",
                        re.S | re.I)
_CJK_LABEL = re.compile(r"^(?P<label>问|答|记者|記者|提问|发言人|發言人)\s*[:：]\s*(?P<rest>.*)$", re.S)
_LABEL = re.compile(
    r"^(?P<label>(?:[A-Z][\w.&'-]*|of|the|and|for|de|du|la|al)(?:\s+(?:[A-Z][\w.&'()-]*|of|the|"
    r"and|for|de|du|la|al)){0,5})\s*[:：]\s*(?P<rest>.*)$",
    re.S,
)


def parse_turn_label(paragraph: str) -> tuple[str, str, str] | None:
    """Recognise a labelled Q&A turn; return ``(role, label, text)`` or ``None``.

    `role` is ``question`` or ``answer`` for the generic labels (``Q:``, ``Reporter:``,
    ``Answer:``), ``speaker`` for a name or outlet (``Wu Qian:``, ``AFP:``), which the
    caller resolves.

    Examples
    --------
    >>> parse_turn_label("Reporter:The media are concerned")
    ('question', 'Reporter', 'The media are concerned')
    >>> parse_turn_label("Xinhua News Agency: What is")
    ('speaker', 'Xinhua News Agency', 'What is')
    >>> parse_turn_label("Second, resolutely defend: sovereignty") is None
    True
    >>> parse_turn_label("问：中方如何看待？")[:2]
    ('question', '问')
    """
    follow_up = _FOLLOW_UP.match(paragraph)
    if follow_up and follow_up.group("rest").strip():
        return "question", follow_up.group("label"), follow_up.group("rest").strip()
    cjk = _CJK_LABEL.match(paragraph)
    if cjk and cjk.group("rest").strip():
        role = "question" if cjk.group("label") in _QUESTION_LABELS else "answer"
        return role, cjk.group("label"), cjk.group("rest").strip()
    m = _LABEL.match(paragraph)
    if not m:
        return None
    label = m.group("label").strip()
    rest = m.group("rest").strip()
    first = label.split()[0]
    if not first[0].isupper() or not rest or label.endswith((".", ",")):
        return None
    key = label.lower()
    if key in _QUESTION_LABELS:
        return "question", label, rest
    if key in _ANSWER_LABELS:
        return "answer", label, rest
    if len(label) > 45 or re.search(r"\d", label):
        return None
    return "speaker", label, rest


_PINYIN_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|uan|ian|iao|uai|ai|ei|ao|ou|an|en|in|un|ün|ua|uo|ue|"
    r"ui|ia|ie|iu|er|a|e|i|o|u|v)"
)
PINYIN_GIVEN_NAME = re.compile(rf"^(?:{_PINYIN_SYLLABLE}){{1,2}}$", re.I)

_SPEECH_VERBS = (
    r"said|says|stated|states|stressed|stresses|noted|notes|pointed out|points out|added|"
    r"mentioned|continued|emphasized|emphasised|urged|told|answered|replied|remarked|"
    r"reiterated|underlined|hoped|commented|explained|declared|announced|warned|expressed|"
    r"introduced|called on|asserted|affirmed|briefed"
)
_TITLES_TEXT = (
    r"Senior Colonel|Snr\. Col\.|Sr\. Col\.|Colonel|Col\.|Lieutenant General|Lt\. Gen\.|"
    r"Major General|Maj\. Gen\.|General|Gen\.|Admiral|Adm\.|Vice Admiral|Rear Admiral|"
    r"Minister|Defense Minister|Defence Minister|President|Premier|Chairman|Vice Chairman|"
    r"Director|Spokesperson|Spokesman|Spokeswoman|Ambassador|Mr\.|Ms\.|Madam|State Councilor"
)
_TITLES = f"(?:{_TITLES_TEXT})"
# A lookahead, so that "General Li Zuocheng" still yields the pair "Li Zuocheng".
_OUTLET = re.compile(
    r"\b(?:News|Agency|TV|Television|Daily|Times|Press|Radio|Network|Post|Journal|Media|"
    r"Broadcasting|Service|Review|Channel|Telegraph|Herald|Tribune|Observer|Online|Reuters|"
    r"Bloomberg|Xinhua|Kyodo|Yonhap|Sputnik|Nikkei|Asahi|Caixin|Phoenix|Newspaper|Magazine|"
    r"Weekly|Global|Correspondent|Journalist|Reporter|Paper|Shimbun|Izvestia|Kommersant|TASS|Sputnik|"
    r"Yomiuri|Mainichi|Jiji|Reuters|Bloomberg|Guardian|Economist|Politico|Axios|Insider|Wire|"
    r"Broadcast(?:er|ing)?)\b|^[A-Z]{2,6}$"
)
_LEADING_TITLES = re.compile(rf"^(?:(?:{_TITLES_TEXT})\s+)+")


def strip_titles(label: str) -> str:
    """Remove leading ranks and titles from a name: ``Senior Colonel Wu Qian`` -> ``Wu Qian``.

    Examples
    --------
    >>> strip_titles("Spokesperson Wu Qian"), strip_titles("Colonel Wu")
    ('Wu Qian', 'Wu')
    """
    return _LEADING_TITLES.sub("", label).strip()


def looks_like_outlet(label: str) -> bool:
    """Whether a turn label names a news outlet (``AFP``, ``Xinhua News Agency``).

    Examples
    --------
    >>> looks_like_outlet("AFP"), looks_like_outlet("Xinhua News Agency"), looks_like_outlet("Background")
    (True, True, False)
    """
    return bool(_OUTLET.search(label))


_NAME_PAIR = re.compile(r"\b(?=([A-Z][a-z]{0,6}) ([A-Z][a-z]{1,12})\b(?!-[a-z]))")
_SPOKES = re.compile(r"spokes(?:person|man|woman|people)", re.I)


def chinese_names(text: str, surnames: frozenset[str]) -> list[tuple[int, str]]:
    """Find Chinese personal names (``Surname Given``, Hanyu Pinyin) with their offsets.

    Examples
    --------
    >>> chinese_names("General Li Zuocheng met General Mark Milley", frozenset({"Li", "Mark"}))
    [(8, 'Li Zuocheng')]
    """
    found = []
    for m in _NAME_PAIR.finditer(text):
        surname, given = m.group(1), m.group(2)
        if surname in surnames and PINYIN_GIVEN_NAME.match(given):
            found.append((m.start(), f"{surname} {given}"))
    return found


def attributed_speakers(paragraphs: list[str], names: list[str]) -> list[str]:
    """Return the `names` that are given a speech verb (``Wu said``, ``said Li``), in order.

    A surname alone resolves to the one full name that carries it.

    Examples
    --------
    >>> attributed_speakers(["General Li said that ...", "Xi stressed ..."],
    ...                     ["Li Zuocheng", "Xi Jinping", "Wang Yi"])
    ['Li Zuocheng', 'Xi Jinping']
    """
    by_surname: dict[str, set[str]] = {}
    for name in names:
        by_surname.setdefault(name.split()[0], set()).add(name)
    keys = sorted(set(names) | {s for s, full in by_surname.items() if len(full) == 1},
                  key=len, reverse=True)
    if not keys:
        return []
    who = "|".join(re.escape(k) for k in keys)
    pattern = re.compile(
        rf"\b(?P<a>{who})\b(?:,[^,.]{{1,120}},)?\s+(?:also\s+|further\s+|then\s+)?(?:{_SPEECH_VERBS})\b"
        rf"|\b(?:{_SPEECH_VERBS})\s+(?:{_TITLES}\s+)*(?P<b>{who})\b"
    )
    order: list[str] = []
    for paragraph in paragraphs:
        for m in pattern.finditer(paragraph):
            key = m.group("a") or m.group("b")
            full = key if key in names else next(iter(by_surname[key]))
            if full not in order:
                order.append(full)
    return order


def spokesperson_name(texts: list[str], surnames: frozenset[str]) -> str | None:
    """Return the name given next to the word *spokesperson* (rank stripped), if any.

    Examples
    --------
    >>> spokesperson_name(["Senior Colonel Wu Qian, spokesperson for the MND, said"],
    ...                   frozenset({"Wu"}))
    'Wu Qian'
    >>> spokesperson_name(["General Li Zuocheng held talks"], frozenset({"Li"})) is None
    True
    """
    best: tuple[int, int, str] | None = None
    for order, text in enumerate(texts):
        if ("spokes" not in text.lower() and lowers_like_ignorecase(text)) or not _SPOKES.search(text):
            continue
        names = chinese_names(text, surnames)
        if not names:
            continue
        for m in _SPOKES.finditer(text):
            for start, name in names:
                end = start + len(name)
                distance = start - m.end() if start >= m.end() else m.start() - end
                if 0 <= distance <= 110:
                    key = (order, distance, name)
                    if best is None or key[:2] < best[:2]:
                        best = key
        if best is not None:
            return best[2]
    return None


_BARE_LABEL = re.compile(r"^(?P<label>[^\W\d_][\w.&'() -]{0,60}?)\s*[:：]\s*$")


def standalone_label(paragraph: str) -> str | None:
    """The label of a paragraph that is only a speaker label (``Senior Colonel Yang Yujun:``).

    Transcripts often put the label on its own line and the words in the next paragraph.

    Examples
    --------
    >>> standalone_label("Senior Colonel Yang Yujun:"), standalone_label("问：")
    ('Senior Colonel Yang Yujun', '问')
    >>> standalone_label("He said: the talks went well.") is None
    True
    """
    m = _BARE_LABEL.match(paragraph.strip())
    if not m:
        return None
    label = m.group("label").strip()
    probe = parse_turn_label(f"{label}: x")
    return label if probe is not None else None
