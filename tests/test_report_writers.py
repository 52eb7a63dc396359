"""report.writers: self-contained HTML, atomic writes."""

import errno

import pytest

from milrel_analysis.report import writers
from milrel_analysis.report.writers import embed_images, save_text, write_atomic


def test_embed_images_inlines_files_of_the_folder_only(tmp_path):
    (tmp_path / "fig.png").write_bytes(b"\x89PNG-bytes")
    (tmp_path / "fig.svg").write_text("<svg/>")
    html = ('<img src="fig.png" alt="a"><img alt="b" src=\'fig.svg\'>'
            '<img src="https://example.org/x.png"><img src="../secret.png"><img src="missing.png">'
            '<img src="data:image/png;base64,AAAA">')
    (tmp_path.parent / "secret.png").write_bytes(b"not to be read")
    out = embed_images(html, tmp_path)
    assert '<img src="data:image/png;base64,iVBORy1ieXRlcw==" alt="a">' in out
    assert "src='data:image/svg+xml;base64,PHN2Zy8+'" in out
    for kept in ('src="https://example.org/x.png"', 'src="../secret.png"', 'src="missing.png"',
                 'src="data:image/png;base64,AAAA"'):
        assert kept in out


def test_save_text_embeds_images_in_html_only(tmp_path):
    (tmp_path / "f.png").write_bytes(b"\x89PNG")
    page = save_text('<p><img src="f.png"></p>', "report.html", tmp_path)
    assert "data:image/png;base64," in page.read_text(encoding="utf-8")
    md = save_text("![f](f.png)\n", "report.md", tmp_path)
    assert md.read_text(encoding="utf-8") == "![f](f.png)\n"
    raw = save_text('<img src="f.png">', "raw.html", tmp_path, embed=False)
    assert raw.read_text(encoding="utf-8") == '<img src="f.png">'


def test_write_atomic_keeps_the_old_content_on_a_full_disk(tmp_path, monkeypatch):
    path = tmp_path / "manifest.json"
    write_atomic(path, b"old")
    real_replace = writers.os.replace

    def full(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writers.os, "replace", full)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(path, b"new")
    monkeypatch.setattr(writers.os, "replace", real_replace)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]  # no temporary file left
