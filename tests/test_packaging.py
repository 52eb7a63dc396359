"""The project's own files agree: pyproject, environment.yml, README Quickstart, .ci/run."""

import re
import tomllib

import yaml
from conftest import ROOT, SEEDS, SHARED


def _name(req: str) -> str:
    return re.split(r"[<>=!~\[ ;]", req, maxsplit=1)[0].strip().lower().replace("_", "-")


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_environment_yml_mirrors_pyproject():
    project = _pyproject()["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert "conda-forge" in env["channels"]
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    python = next(d for d in conda if d.startswith("python"))
    assert python.replace("python", "") == project["requires-python"]
    wanted = {*project["dependencies"], *(r for reqs in project["optional-dependencies"].values() for r in reqs)}
    listed = {d for d in conda if _name(d) not in {"python", "pip"}}
    assert {_name(r): r.replace(" ", "") for r in wanted} == {_name(d): d.replace(" ", "") for d in listed}
    assert len(pip) == 1 and pip[0].startswith("-e .[")
    assert set(pip[0][5:-1].split(",")) == set(project["optional-dependencies"])


def test_package_data_is_declared():
    data = _pyproject()["tool"]["setuptools"]["package-data"]["milrel_analysis"]
    for path in (ROOT / "milrel_analysis" / "data").iterdir():
        assert any(path.match(f"*/{pattern}") for pattern in data), path.name


def test_ci_runs_the_readme_test_command_verbatim():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^python3 -m pip install nox && python3 -m nox -s \w+$", readme, re.M)
    assert commands == ["python3 -m pip install nox && python3 -m nox -s reports",
                        "python3 -m pip install nox && python3 -m nox -s tests"]
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_seeds_are_the_shared_seeds_byte_for_byte():
    shared = SHARED / "seeds"
    if not shared.is_dir():
        import pytest

        pytest.skip("../shared/seeds is not available")
    assert sorted(p.name for p in SEEDS.iterdir()) == sorted(p.name for p in shared.iterdir())
    for path in shared.iterdir():
        assert (SEEDS / path.name).read_bytes() == path.read_bytes()
