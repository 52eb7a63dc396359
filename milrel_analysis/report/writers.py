"""Writers of report files: figures, tables and text with reproducible bytes.

Notebooks call :func:`save_figure`, :func:`save_table` and :func:`save_text` so that every
file is written the same way (no timestamps, fixed SVG ids, ``\\n`` line ends); an HTML file
is made self-contained (:func:`embed_images`). :func:`write_atomic` is how the runner writes
files that must never be seen half-written (the manifest, ``ERROR.txt``).
"""

from __future__ import annotations

import base64
import mimetypes
import os
import re
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["SVG_HASHSALT", "embed_images", "save_figure", "save_table", "save_text",
           "write_atomic"]

SVG_HASHSALT = "milrel-analysis"
_IMG_SRC = re.compile(r"""(<img\b[^>]*?\bsrc=)(["'])([^"'<>]+)\2""", re.IGNORECASE)


def ensure_dir(output_dir: str | os.PathLike) -> Path:
    """The folder `output_dir`, created if needed."""
    path = Path(output_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write `data` to `path` through a temporary file renamed over it: all or nothing.

    On any error (a full disk) the temporary file is removed and `path` keeps its old content.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def save_figure(
    fig_or_ax: Any,
    name: str,
    output_dir: str | os.PathLike,
    *,
    formats: Sequence[str] = ("png", "svg"),
    dpi: int = 150,
) -> list[Path]:
    """Save a figure as PNG and SVG with reproducible bytes (no dates, fixed SVG ids).

    Parameters
    ----------
    fig_or_ax : Figure or Axes
    name : str
        File stem, such as ``"phrase-heatmap"``.
    output_dir : path
        Folder to write into (created if needed).
    formats : sequence of str, default=("png", "svg")
    dpi : int, default=150

    Returns
    -------
    list of Path
        The files written.
    """
    import matplotlib as mpl

    fig = fig_or_ax.get_figure() if hasattr(fig_or_ax, "get_figure") and not hasattr(
        fig_or_ax, "savefig") else fig_or_ax
    out = ensure_dir(output_dir)
    paths = []
    with mpl.rc_context({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "path"}):
        for fmt in formats:
            path = out / f"{name}.{fmt}"
            meta: dict[str, Any] = {"Software": None}
            if fmt == "svg":
                meta = {"Date": None, "Creator": None}
            elif fmt == "pdf":
                meta = {"CreationDate": None, "Creator": None, "Producer": None}
            fig.savefig(path, format=fmt, dpi=dpi, metadata=meta, bbox_inches="tight")
            paths.append(path)
    return paths


def save_table(table: pd.DataFrame, name: str, output_dir: str | os.PathLike, *,
               index: bool = False) -> Path:
    """Write a table as CSV (UTF-8, ``\\n`` line ends, dates as ``YYYY-MM-DD``)."""
    path = ensure_dir(output_dir) / f"{name}.csv"
    table.to_csv(path, index=index, lineterminator="\n", date_format="%Y-%m-%d",
                 float_format="%.6g")
    return path


def save_text(text: str, name: str, output_dir: str | os.PathLike, *,
              embed: bool = True) -> Path:
    """Write a text file (Markdown, HTML) as UTF-8 with ``\\n`` line ends.

    An HTML file (`name` ending in ``.html``) gets its images embedded (:func:`embed_images`)
    unless ``embed=False``, so that it can be mailed or moved on its own.
    """
    out = ensure_dir(output_dir)
    if embed and name.lower().endswith((".html", ".htm")):
        text = embed_images(text, out)
    path = out / name
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def embed_images(html: str, folder: str | os.PathLike) -> str:
    """Inline the images of `folder` that `html` refers to (``<img src="x.png">``) as data URIs.

    Only plain file names of that folder are inlined; remote, absolute and already-inline
    sources, and files that do not exist, are left as they are.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "dot.png").write_bytes(b"\\x89PNG")
    >>> embed_images('<p><img src="dot.png" alt="a dot"></p>', folder)
    '<p><img src="data:image/png;base64,iVBORw==" alt="a dot"></p>'
    """
    base = Path(folder)

    def inline(match: re.Match[str]) -> str:
        src = match.group(3)
        if "/" in src or "\\" in src or ":" in src or src.startswith("."):
            return match.group(0)
        path = base / src
        if not path.is_file():
            return match.group(0)
        kind = mimetypes.guess_type(src)[0] or "application/octet-stream"
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"{match.group(1)}{match.group(2)}data:{kind};base64,{data}{match.group(2)}"

    return _IMG_SRC.sub(inline, html)
