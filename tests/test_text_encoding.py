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
