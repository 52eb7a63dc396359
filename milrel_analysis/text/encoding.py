"""Bytes to text: decoding (UTF-8, UTF-16, cp1252) and Unicode normalisation."""

from __future__ import annotations

import codecs
import re
import unicodedata

from ..errors import InputError

__all__ = ["InputError", "decode_bytes", "decode_text", "lowers_like_ignorecase", "normalize_text"]


# --------------------------------------------------------------------------- decoding

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode_bytes(data: bytes) -> str:
    """Decode a file's bytes: UTF-8 (with or without BOM), UTF-16, else cp1252.

    Parameters
    ----------
    data : bytes
        The raw file content.

    Returns
    -------
    str
        The decoded text, BOM removed.

    Raises
    ------
    InputError
        For empty, whitespace-only, binary or undecodable content.

    Examples
    --------
    >>> decode_bytes("China\u2019s".encode("cp1252"))
    'China’s'
    """
    return decode_text(data)[0]


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Decode a file's bytes like :func:`decode_bytes`; also return what to warn about.

    UTF-8 that is valid but for a character cut off at the very end (a truncated copy) stays
    UTF-8: the cut character becomes U+FFFD and a warning says so, instead of the whole
    file being read as cp1252 (``CafÃ©``).

    Examples
    --------
    >>> decode_text("Café, 北京".encode()[:-1])
    ('Café, 北\ufffd', ['the file ends inside a UTF-8 character (truncated?); it was replaced by U+FFFD'])
    """
    if not data:
        raise InputError("empty file")
    warnings: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        text = _utf8(data[3:], warnings, bom=True)
        if text is None:
            text = _strict(data[3:], "utf-8")
    elif data.startswith(_UTF16_BOMS):
        text = _strict(data, "utf-16")
    elif _looks_like_utf16(data):
        text = _strict(data, "utf-16-le" if data[1] == 0 else "utf-16-be")
    elif b"\x00" in data:
        raise InputError("binary file (contains NUL bytes), not text")
    else:
        text = _utf8(data, warnings, bom=False)
        if text is None:
            text = _strict(data, "cp1252")
    if not text.strip():
        raise InputError("file holds only whitespace")
    controls = len(_CONTROL.findall(text, 0, 4096))
    if controls > max(8, len(text[:4096]) // 50):
        raise InputError("binary file (control characters), not text")
    return text, warnings


def _utf8(data: bytes, warnings: list[str], *, bom: bool) -> str | None:
    """UTF-8, or None when it is not (the caller falls back); a cut-off end is accepted."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        # The first error is a sequence cut off by the end of the data, and something shows
        # UTF-8 (a BOM, a multi-byte character before, or the cut one's continuation bytes):
        # a lone high byte after plain ASCII is more likely cp1252 ("Caf\xe9").
        cut = err.end == len(data) and err.reason == "unexpected end of data"
        if cut and (bom or not data[:err.start].isascii() or len(data) - err.start > 1):
            warnings.append("the file ends inside a UTF-8 character (truncated?); "
                            "it was replaced by U+FFFD")
            return data[:err.start].decode("utf-8") + "\ufffd"
    return None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # C0/C1 controls but tab, CR, LF, FF


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(
            f"undecodable: not valid UTF-8, UTF-16 or cp1252 ({encoding} failed at byte {err.start})"
        ) from None


def _looks_like_utf16(data: bytes) -> bool:
    # ASCII-heavy UTF-16 without BOM has a NUL in every other byte.
    sample = data[:2000]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return (odd.count(0) > 0.4 * len(odd) and even.count(0) == 0) or (
        even.count(0) > 0.4 * len(even) and odd.count(0) == 0
    )


# --------------------------------------------------------------------------- normalising

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\ufeff": None,
    }
)


_QUOTE_PAIRS = [(chr(k), v or "") for k, v in _QUOTES.items()]


def normalize_text(text: str) -> str:
    """Normalise Unicode (NFKC), quotes, apostrophes and line endings.

    Examples
    --------
    >>> normalize_text("China\u2019s \u201ccore\u201d\\r\\n")
    'China\\'s "core"\\n'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():  # ASCII text has nothing to normalise
        text = unicodedata.normalize("NFKC", text)
        # str.replace per character present runs in C; str.translate is far slower.
        for char, repl in _QUOTE_PAIRS:
            if char in text:
                text = text.replace(char, repl)
    return text


# Characters that re.IGNORECASE matches to an ASCII letter but str.lower() does not turn into it:
# the dotted and dotless capital/small I (to "i") and the long s (to "s").
_UNFOLDED = ("\u0130", "\u0131", "\u017f")


def lowers_like_ignorecase(text: str) -> bool:
    """Whether ``text.lower()`` holds a lower-case ASCII word wherever an ``re.I`` pattern finds it.

    So a cheap ``word in text.lower()`` test may decide that a case-insensitive pattern made of
    that word cannot match. True for all but a few texts (with "İ", "ı" or "ſ"); where it holds,
    ``text.lower()`` also keeps every character's offset.

    Examples
    --------
    >>> lowers_like_ignorecase("The Photo"), lowers_like_ignorecase("Istanbul \u0130stanbul")
    (True, False)
    """
    return text.isascii() or not any(char in text for char in _UNFOLDED)

