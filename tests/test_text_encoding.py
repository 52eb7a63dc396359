"""text.encoding: bytes to text, and Unicode normalisation."""

import codecs

import pytest

from milrel_analysis.errors import InputError
from milrel_analysis.text.encoding import decode_bytes, normalize_text


@pytest.mark.parametrize(
    "data, expected",
    [
        ("China’s core interests".encode(), "China’s core interests"),
        (codecs.BOM_UTF8 + b"BOM first", "BOM first"),
        ("UTF-16 text ’".encode("utf-16"), "UTF-16 text ’"),
        ("no BOM utf16".encode("utf-16-le"), "no BOM utf16"),
        ("cp1252 ’quote’".encode("cp1252"), "cp1252 ’quote’"),
    ],
)
def test_decode_bytes_handles_encodings(data, expected):
    assert decode_bytes(data) == expected


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty file"),
        (b" \n\t \r\n", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (b"abc \x81\x8d\x8f\x90 bad bytes", "undecodable"),
    ],
)
def test_decode_bytes_rejects_bad_input_with_reason(data, reason):
    with pytest.raises(InputError, match=reason):
        decode_bytes(data)


def test_normalize_text_quotes_and_line_endings():
    assert normalize_text("China\u2019s \u201cwin-win\u201d\r\nnext") == "China's \"win-win\"\nnext"


@pytest.mark.parametrize(
    "data, text, warned",
    [
        ("Café in 北京".encode()[:-1], "Café in 北\ufffd", True),  # cut inside the last character
        ("plain ASCII then 北".encode()[:-1], "plain ASCII then \ufffd", True),  # two bytes of three
        (codecs.BOM_UTF8 + "Caf\u00e9".encode()[:-1], "Caf\ufffd", True),  # a BOM says UTF-8
        ("Café".encode("cp1252"), "Café", False),  # a lone high byte after ASCII: cp1252
        ("Café in 北京".encode(), "Café in 北京", False),
    ],
)
def test_utf8_cut_at_the_end(data, text, warned):
    from milrel_analysis.text.encoding import decode_text

    decoded, warnings = decode_text(data)
    assert decoded == text
    assert bool(warnings) == warned
    assert all("ends inside a UTF-8 character" in w for w in warnings)


def test_utf8_broken_in_the_middle_is_not_excused():
    with pytest.raises(InputError, match="undecodable"):
        decode_bytes("Café".encode() + b"\x81\x8d\x8f\x90 and more")
    with pytest.raises(InputError, match="undecodable"):
        decode_bytes(codecs.BOM_UTF8 + b"abc \xc3( def")
