"""Automation: `nox -s tests`, `nox -s lint`, `nox -s docs`, `nox -s reports`, `nox -s bench`, `nox -s lab`.

Each session installs the package (non-editable, so missing package data fails the tests)
into its own virtual environment from PyPI; nothing else is downloaded.
"""


import nox

nox.options.sessions = ["lint", "tests"]
nox.options.reuse_existing_virtualenvs = True


@nox.session
def tests(session: nox.Session) -> None:
    """Unit tests, doctests of the installed package, notebooks executed on the seeds."""
    session.install(".[notebooks,dev,excel,dask]")
    session.run(
        "python", "-m", "pytest", "--pyargs", "milrel_analysis", "tests",
        "-p", "no:cacheprovider", *session.posargs,
    )


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff over the package, tests, notebooks' scripts and benchmarks; mypy over the package."""
    session.install(".[dev]")
    session.run("ruff", "check", "milrel_analysis", "tests", "benchmarks", "notebooks", "noxfile.py")
    session.run("mypy")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the API reference from the numpydoc docstrings into outputs/docs/."""
    session.install(".[docs]")
    session.run("mkdocs", "build", "--strict", "--site-dir", "outputs/docs")


@nox.session
def reports(session: nox.Session) -> None:
    """Regenerate every report in outputs/ from seeds/ (the README's first command)."""
    session.install(".[notebooks]")
    session.run("milrel", "report", "seeds", "--out", "outputs", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Speed and memory benchmarks on ../shared/corpora/ungdc (or a generated corpus)."""
    session.install(".[dev,dask]")
    session.run("python", "benchmarks/run.py", *session.posargs)


@nox.session
def lab(session: nox.Session) -> None:
    """Open JupyterLab in notebooks/ with the package installed (editable)."""
    session.install("-e", ".[notebooks]")
    session.run("jupyter", "lab", "--notebook-dir", "notebooks", *session.posargs)
