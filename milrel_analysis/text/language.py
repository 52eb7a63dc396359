"""Which language a passage is in: by script, then by an English stopword profile. Offline.

Bilingual pages (a Chinese paragraph, then its English version) and Chinese labels (``问：``)
are common in Chinese official material; the counts are of English text, so passages in
other languages are marked and left out of them.
"""

from __future__ import annotations

import re

from .._resources import load_wordlist

__all__ = ["detect_language"]

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN_WORD = re.compile(r"[^\W\d_]+")
# Function words of other Latin-script languages (French, Spanish, Portuguese, German,
# Italian, Indonesian) that English text does not use.
_OTHER_FUNCTION_WORDS = frozenset(
    "le la les des du et est une dans sur pour avec qui que ne pas au aux ce cette "
    "el los las del y en es con por para una se su lo al como "
    "os da do das dos em um uma não com "
    "der die das und ist nicht mit von den dem ein eine auf zu sich "
    "il di che gli della per non sono "
    "dan yang di dengan untuk dari ini itu pada".split()) - {"a", "in", "die", "den", "per"}


def detect_language(text: str) -> str:
    """ISO 639-1 code of the passage's language: ``en``, ``zh``, ``ru``, ``ar`` or ``und``.

    Script decides first (Chinese characters, Cyrillic, Arabic); a Latin-script passage is
    English unless other languages' function words outnumber English ones (or it has almost
    none), and a passage too short to tell (a heading, a label) is taken as English.

    Examples
    --------
    >>> detect_language("中方坚决反对。"), detect_language("China firmly opposes it.")
    ('zh', 'en')
    >>> detect_language("La Chine s'oppose fermement à cette décision des États-Unis.")
    'und'
    """
    if not text.isascii():
        # Letters are counted only when another script appears at all (rare in English text).
        counts = [(code, len(script.findall(text))) for code, script in
                  (("zh", _CJK), ("ru", _CYRILLIC), ("ar", _ARABIC))]
        if any(n for _, n in counts):
            letters = sum(map(str.isalpha, text))
            if not letters:
                return "en"
            for code, n in counts:
                if n > 0.3 * letters:
                    return code
    words = _LATIN_WORD.findall(text.lower())
    if len(words) < 8:
        return "en"
    english = sum(map(_stopwords().__contains__, words))
    foreign = sum(map(_OTHER_FUNCTION_WORDS.__contains__, words))
    return "en" if english >= foreign and english >= 0.05 * len(words) else "und"


def _stopwords() -> frozenset[str]:
    return load_wordlist("stopwords")
