"""Running the notebooks with papermill: outputs, manifest, reproducibility, failures, escaping."""

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, SEEDS, shared_path

import milrel_analysis as mra
from milrel_analysis.cli import main
from milrel_analysis.narrative import build_narrative, render_html, render_markdown
from milrel_analysis.report import ReportError, run_reports, save_figure, save_table

pytestmark = pytest.mark.notebook
NOTEBOOKS = ROOT / "notebooks"


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("outputs")
    manifest = run_reports([SEEDS], out=out, notebooks_dir=NOTEBOOKS, progress=False)
    return out, manifest


def test_every_notebook_writes_its_outputs(outputs):
    out, manifest = outputs
    assert sorted(manifest["notebooks"]) == sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))
    for name in manifest["notebooks"]:
        folder = out / name
        assert (folder / f"{name}.ipynb").is_file() and (folder / f"{name}.html").is_file()
    for stem in ["03-phrase-tracking/phrase-heatmap", "03-phrase-tracking/phrase-timeline",
                 "03-phrase-tracking/phrase-dispersion", "03-phrase-tracking/phrase-panels",
                 "04-counterpart-comparison/fightin-words-USA", "04-counterpart-comparison/keyness-USA-vs-rest",
                 "04-counterpart-comparison/keyness-USA-vs-RUS", "01-corpus-overview/documents-per-year"]:
        assert (out / f"{stem}.png").stat().st_size > 1000 and (out / f"{stem}.svg").is_file()
    for table in ["01-corpus-overview/documents.csv", "02-term-frequency/terms-by-year.csv",
                  "03-phrase-tracking/phrases-by-counterpart.csv", "04-counterpart-comparison/stance-profile.csv",
                  "05-narrative-report/keyness.csv"]:
        assert len(pd.read_csv(out / table)) > 0
    assert not list(out.glob(".*"))  # no temporary folders left behind
    # The narrative notebook's HTML hides the code; the others show it.
    narrative = (out / "05-narrative-report/05-narrative-report.html").read_text(encoding="utf-8")
    assert "build_narrative" not in narrative
    assert "term_frequency" in (out / "02-term-frequency/02-term-frequency.html").read_text(encoding="utf-8")


def test_manifest_records_inputs_parameters_versions_and_output_hashes(outputs):
    out, _ = outputs
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    seeds = {p.name: _sha(p) for p in SEEDS.glob("*.txt")}
    assert {k.rsplit("/", 1)[-1]: v for k, v in manifest["corpus"].items()} == seeds
    assert manifest["versions"]["milrel_analysis"] == mra.__version__
    assert manifest["versions"]["pandas"] == pd.__version__ and manifest["lexicon"]
    entry = manifest["notebooks"]["03-phrase-tracking"]
    assert entry["parameters"]["corpus"] == str(SEEDS.resolve())
    for rel, digest in entry["outputs"].items():
        assert _sha(out / rel) == digest


def test_narrative_numbers_come_from_the_run_tables(outputs):
    out, _ = outputs
    folder = out / "05-narrative-report"
    text = (folder / "report.md").read_text(encoding="utf-8")
    overview = pd.read_csv(folder / "overview.csv").set_index("measure")["value"]
    m = re.search(r"The corpus holds (\d+) documents \(([\d,]+) words counted\)", text)
    assert int(m.group(1)) == int(overview["documents"]) == 5
    assert int(m.group(2).replace(",", "")) == int(overview["words counted"])
    by_cp = pd.read_csv(folder / "phrases_by_counterpart.csv")
    usa = by_cp[(by_cp.counterpart == "USA") & (by_cp["count"] > 0)].iloc[0]
    times = "time" if usa["count"] == 1 else "times"
    docs_word = "document" if usa.n_docs == 1 else "documents"
    assert (f"{usa.label} ({usa['count']} {times} in {usa.n_docs} {docs_word}, "
            f"{usa.rate_per_10k:.1f} per 10,000 words)") in text
    # Only adjusted-significant contrasts are named, each with both counts from the table.
    keyness = pd.read_csv(folder / "phrase_keyness.csv")
    named = keyness[(keyness.target == "RUS") & keyness.significant].iloc[0]
    assert (f"“{named.label}” ({named.target_count} vs {named.reference_count}, "
            f"log ratio {named.log_ratio:+.1f})") in text
    # With one to three documents a year, the report must not claim a trend.
    trends = pd.read_csv(folder / "trends.csv")
    assert trends["too_few_docs"].all()
    assert "no trend that the data support" in text
    assert not re.search(r"used (more|less) often in \d{4}", text)
    html = (folder / "report.html").read_text(encoding="utf-8")
    # Self-contained: the figures are embedded, not linked (the file can be mailed alone).
    assert 'src="data:image/png;base64,' in html and "<script" not in html
    assert 'src="phrase-heatmap.png"' not in html
    assert "<table>" in html


def test_second_run_is_byte_identical(outputs):
    out, manifest = outputs
    # Into the same folder, every output is the same to the byte: tables, Markdown, SVG and
    # PNG, and even the executed notebooks and their HTML.
    again = run_reports([SEEDS], out=out, notebooks_dir=NOTEBOOKS, progress=False)
    assert again["notebooks"] == manifest["notebooks"]


def test_unknown_parameter_is_an_error_listing_allowed_ones(tmp_path, capsys):
    with pytest.raises(ValueError, match=r"no parameter\(s\) \['colour'\]; allowed: \['corpus'"):
        run_reports(out=tmp_path, notebooks_dir=NOTEBOOKS, notebooks=["01-corpus-overview"],
                    parameters={"colour": "red"}, progress=False)
    code = main(["report", "--out", str(tmp_path), "--notebooks-dir", str(NOTEBOOKS), "-p", "bogus", "1",
                 "--quiet"])
    assert code == 2 and "allowed:" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_failed_notebook_keeps_previous_outputs(tmp_path, capsys):
    name = "01-corpus-overview"
    run_reports([SEEDS], out=tmp_path, notebooks_dir=NOTEBOOKS, notebooks=[name], progress=False)
    before = {p.name: _sha(p) for p in (tmp_path / name).iterdir()}
    manifest_before = (tmp_path / "manifest.json").read_text(encoding="utf-8")
    empty = tmp_path / "empty-corpus"
    empty.mkdir()
    (empty / "blank.txt").write_text("   ", encoding="utf-8")
    code = main(["report", str(empty), "--out", str(tmp_path), "--notebooks-dir", str(NOTEBOOKS),
                 "--notebook", name, "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    assert re.search(r"notebook '01-corpus-overview' failed in cell \d+ \((Argument)?ValueError: no document", err)
    assert {p.name: _sha(p) for p in (tmp_path / name).iterdir()} == before
    assert (tmp_path / "_failed" / name / "ERROR.txt").read_text(encoding="utf-8").startswith("notebook")
    assert (tmp_path / "_failed" / name / f"{name}.ipynb").is_file()
    after = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert after["notebooks"] == json.loads(manifest_before)["notebooks"]
    assert "failed in cell" in after["failed"][name]
    with pytest.raises(ReportError, match="failed in cell"):
        run_reports([empty], out=tmp_path, notebooks_dir=NOTEBOOKS, notebooks=[name], progress=False)


NASTY = ("BEIJING, Jan. 28, 2021 -- <script>alert('x')</script> The US side <img src=x onerror=alert(1)> "
         "seeks win-win cooperation, said Wu Qian, spokesperson. <b>bold</b>")


def test_document_text_is_escaped_in_reports(tmp_path):
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    (corpus_dir / "nasty.txt").write_text(NASTY, encoding="utf-8")
    nar = build_narrative(mra.load_corpus(corpus_dir), counterparts=["USA", "<i>X</i>"])
    html = render_html(nar)
    assert "<script>" not in html and "<img src=x" not in html and "<i>X</i>" not in html
    assert "&lt;i&gt;X&lt;/i&gt;" in html
    run_reports([corpus_dir], out=tmp_path / "out", notebooks_dir=NOTEBOOKS,
                notebooks=["00-explore", "05-narrative-report"], progress=False)
    for page in (tmp_path / "out").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert('x')</script>" not in text, page
        assert "<img src=x onerror" not in text, page
    # Markdown renderers pass raw HTML through, so the Markdown must escape it too.
    markdown = render_markdown(nar)
    assert "<i>X</i>" not in markdown and "<img src=x" not in markdown


def test_save_figure_and_table_are_reproducible(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    digests = []
    for run in ("a", "b"):
        fig, ax = plt.subplots()
        ax.plot([1, 2, 3], [3, 1, 2])
        ax.set_title("t")
        paths = save_figure(ax, "fig", tmp_path / run)
        save_table(pd.DataFrame({"x": [1.5, 2.0], "d": pd.to_datetime(["2021-01-28", None])}), "t", tmp_path / run)
        digests.append([_sha(p) for p in paths if p.suffix == ".svg"] + [_sha(tmp_path / run / "t.csv")])
        plt.close(fig)
    assert digests[0] == digests[1]
    assert (tmp_path / "a" / "t.csv").read_text() == "x,d\n1.5,2021-01-28\n2,\n"


def _chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


_PROBE = """<script>
window.__errors = [];
window.addEventListener('error', function (e) {
  window.__errors.push(e.message || ('failed to load ' + (e.target && (e.target.src || e.target.href))));
}, true);
window.addEventListener('load', function () {
  var imgs = Array.prototype.slice.call(document.images);
  var broken = imgs.filter(function (i) { return !(i.complete && i.naturalWidth > 0); })
                   .map(function (i) { return i.getAttribute('src').slice(0, 40); });
  var pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify({images: imgs.length, broken: broken, errors: window.__errors,
                                    tables: document.querySelectorAll('table').length});
  document.body.appendChild(pre);
});
</script>"""


def _render_in_chromium(report: Path, tmp_path: Path) -> tuple[dict, Path]:
    """Load `report` alone (copied where nothing else is) in headless Chromium; probe and screenshot it."""
    browser = _chromium()
    if not browser:
        pytest.skip("Chromium is not installed (apt-get install chromium); .ci/run installs it")
    site = tmp_path / "site"
    site.mkdir()
    page = report.read_text(encoding="utf-8")
    (site / "report.html").write_text(page, encoding="utf-8")  # alone: no figure files beside it
    (site / "probe.html").write_text(page.replace("<head>", "<head>\n" + _PROBE, 1), encoding="utf-8")
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0",
             "--virtual-time-budget=5000"]
    dom = subprocess.run([*flags, "--dump-dom", (site / "probe.html").as_uri()],
                         capture_output=True, text=True, timeout=120)
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom.stdout, re.S)
    assert found, dom.stderr[-2000:]
    assert "Uncaught" not in dom.stderr
    shot = tmp_path / "report.png"
    subprocess.run([*flags, f"--screenshot={shot}", "--window-size=1280,2400",
                    (site / "report.html").as_uri()], capture_output=True, timeout=120)
    assert shot.is_file() and shot.stat().st_size > 10_000
    return json.loads(found.group(1).replace("&quot;", '"')), shot


@pytest.mark.browser
def test_narrative_report_renders_in_chromium(outputs, tmp_path):
    out, _ = outputs
    result, shot = _render_in_chromium(out / "05-narrative-report" / "report.html", tmp_path)
    # self-contained: the figures are embedded, so the page alone shows them all
    assert result["images"] >= 2 and result["broken"] == [] and result["errors"] == []
    assert result["tables"] >= 1
    print(f"screenshot: {shot}")


@pytest.mark.browser
def test_mfa_narrative_report_renders_in_chromium(tmp_path, monkeypatch):
    pages = shared_path("corpora", "mfa-presscon-html", "pages")
    monkeypatch.setenv("MILREL_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "out"
    run_reports([pages], out=out, notebooks=["05-narrative-report"], progress=False,
                parameters={"counterparts": ["USA", "JPN", "RUS"],
                            "title": "Foreign Ministry press conferences, 2018-2020"})
    report = out / "05-narrative-report" / "report.html"
    result, shot = _render_in_chromium(report, tmp_path)
    assert result["images"] >= 2 and result["broken"] == [] and result["errors"] == []
    text = (out / "05-narrative-report" / "report.md").read_text(encoding="utf-8")
    assert "## Press exchanges" in text and "The corpus holds 500 documents" in text
    assert result["tables"] >= 2  # trends and the exchanges' 2x2 table
    print(f"screenshot: {shot}")


def test_outputs_are_the_same_whatever_the_output_folder_and_clean(outputs, tmp_path):
    out, manifest = outputs
    elsewhere = tmp_path / "some" / "other" / "place"
    again = run_reports([SEEDS], out=elsewhere, progress=False)
    assert again["notebooks"] == manifest["notebooks"]
    for rel in manifest["notebooks"]["01-corpus-overview"]["outputs"]:
        assert (elsewhere / rel).read_bytes() == (out / rel).read_bytes(), rel
    for page in out.rglob("*.ipynb"):
        text = page.read_text(encoding="utf-8")
        # No progress bar, no warning block, no path of this run, no Path reprs.
        for unwanted in ("TqdmWarning", "IProgress", '"name": "stderr"', "PosixPath", str(out),
                         ".milrel-tmp-"):
            assert unwanted not in text, (page.name, unwanted)
    documents = pd.read_csv(out / "01-corpus-overview" / "documents.csv")
    assert sorted(documents["source"]) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert manifest["corpus_root"] == str(SEEDS.resolve()) and manifest["rejected"] == []


def test_reports_run_from_any_folder_with_the_installed_notebooks(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no notebooks/ here: the packaged ones are used
    code = main(["report", str(SEEDS), "--out", "reports", "--notebook", "01-corpus-overview", "--quiet",
                 "-p", "counterparts", '["usa"]'])
    assert code == 0 and (tmp_path / "reports" / "01-corpus-overview" / "documents.csv").is_file()
    entry = json.loads((tmp_path / "reports" / "manifest.json").read_text())["notebooks"]["01-corpus-overview"]
    assert entry["parameters"]["counterparts"] == ["USA"]
    # Without SOURCE: the notebooks' default ../seeds, which only a checkout has beside them.
    from milrel_analysis.report import packaged_notebooks

    checkout = (packaged_notebooks().parent / "seeds").is_dir()
    code = main(["report", "--out", "r2", "--notebook", "01-corpus-overview", "--quiet"])
    assert code == (0 if checkout else 2)
