"""The package's layers: each module imports only from layers below it, no private name crosses
a module, and every library module has a test module."""

import ast

import pytest
from conftest import ROOT

PACKAGE = ROOT / "milrel_analysis"

# Lower numbers are lower layers. A module may import from its own layer only inside its own
# subpackage (text.dates may use text.layout; frequency may not use phrases).
LAYERS = {
    "errors": 0, "_types": 0, "_validation": 1, "_resources": 1, "_stats": 2, "_parallel": 2,
    "text": 3, "matching": 4, "gazetteer": 5, "lexicons": 6, "outlets": 6, "corpus": 7, "tokens": 8,
    "sentences": 8,
    "frequency": 9, "phrases": 9, "speech_acts": 9, "clustered": 9, "keyness": 9, "compare": 10,
    "inference": 10, "collocations": 10, "exchanges": 10, "partitioned": 11, "plots": 11, "narrative": 12, "report": 13, "cli": 14, "__main__": 15,
    "__init__": 15,
}


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).with_suffix("")
        yield path, rel.parts


def _layer(parts):
    top = parts[0]
    if top not in LAYERS:
        raise AssertionError(f"module {'.'.join(parts)} has no layer in tests/test_layout.py")
    return LAYERS[top]


def _imports(path, parts):
    """(target module parts, imported names) of every import of the package inside `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = list(parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
            target = [*base, *(node.module.split(".") if node.module else [])]
            yield target, [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("milrel_analysis"):
            yield node.module.split(".")[1:], [a.name for a in node.names]


@pytest.mark.parametrize("path, parts", list(_modules()), ids=lambda v: str(v) if isinstance(v, tuple) else "")
def test_imports_go_down_the_layers_only(path, parts):
    own = _layer(parts)
    for target, names in _imports(path, parts):
        if not target:  # "from . import x" inside a package: a sibling module
            target = [*parts[:-1], names[0]]
            if not (PACKAGE.joinpath(*target).with_suffix(".py").is_file()
                    or PACKAGE.joinpath(*target).is_dir()):
                target = [*parts[:-1], "__init__"]  # a name defined in the package itself
        if target[0] == parts[0] and len(parts) > 1:
            continue  # inside one subpackage (corpus.load uses corpus.read)
        assert _layer(target) < own or target[0] == parts[0], (
            f"{'.'.join(parts)} (layer {own}) imports {'.'.join(target)} (layer {_layer(target)})")


@pytest.mark.parametrize("path, parts", list(_modules()), ids=lambda v: str(v) if isinstance(v, tuple) else "")
def test_no_private_name_crosses_a_module(path, parts):
    for target, names in _imports(path, parts):
        private = [n for n in names if n.startswith("_") and not n.startswith("__")]
        assert not private, f"{'.'.join(parts)} imports private {private} from {'.'.join(target)}"


def test_every_library_module_has_a_test_module():
    missing = []
    for _, parts in _modules():
        if parts[-1] in {"__init__", "__main__", "_types"}:
            continue  # re-exports, the entry point and type aliases
        expected = "test_" + "_".join(p.lstrip("_") for p in parts) + ".py"
        if not (ROOT / "tests" / expected).is_file():
            missing.append(f"{'.'.join(parts)} -> tests/{expected}")
    assert not missing, "library modules without a test module:\n" + "\n".join(missing)


def test_no_library_file_is_much_longer_than_600_lines():
    long = {str(p.relative_to(ROOT)): n for p, _ in _modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 650}
    assert not long, long
