"""Text to paragraphs, and what kind of paragraph each one is (captions)."""

from __future__ import annotations

import re

__all__ = ["split_paragraphs", "is_caption"]


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
    r"\(Photo:[^)]*\)|^Photo:",
    re.I,
)


def is_caption(paragraph: str) -> bool:
    """Whether a paragraph is a photo caption (``(Photo: mod.gov.cn)``, ``(Photo by ...)``).

    Examples
    --------
    >>> is_caption("General Li holds talks. (Photo by Li Xiaowei)")
    True
    """
    return bool(_CAPTION.search(paragraph)) and len(paragraph) < 800


