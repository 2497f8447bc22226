"""The package's imports point one way: shared words <- files <- text <- model <- needs <- jobs
and report <- cli. A module may import from its own subpackage and from lower layers only."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from classifier.text.embeddings import finish_preloads

PACKAGE = Path(__file__).resolve().parent.parent / "classifier"

# Lower rank = more basic. Units of equal rank may not import each other.
RANK = {
    "errors": 0,
    "lazy": 0,
    "lang": 0,
    "vocab": 1,
    "catalogue": 2,
    "codebook": 3,
    "io": 4,
    "text": 5,
    "model": 6,
    "needs": 7,
    "jobs": 8,
    "report": 8,
    "cli": 9,
}


def unit_of(module: str) -> str:
    """`classifier.model.card` -> `model`; `classifier.cli` -> `cli`."""
    return module.split(".")[1]


def _module_or_package(name: str) -> str:
    """`classifier.x` when it is a module or subpackage, else its package (`from . import
    __version__` takes an attribute of the package, not a module)."""
    relative = Path(*name.split(".")[1:])
    if (PACKAGE / relative).is_dir() or (PACKAGE / relative).with_suffix(".py").is_file():
        return name
    return name.rsplit(".", 1)[0]


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported classifier module) for every import in a file, even under TYPE_CHECKING."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                names = (
                    [target]
                    if node.module
                    else [_module_or_package(f"{target}.{a.name}") for a in node.names]
                )
            else:
                names = [node.module or ""]
            found += [(node.lineno, name) for name in names if name.startswith("classifier.")]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("classifier.")]
    return found


def test_every_unit_has_a_rank():
    units = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()}
    units -= {"__init__", "__pycache__", "codebooks", "__main__"}
    assert units == set(RANK)


def test_imports_point_down_the_pipeline():
    # A `classifier tag` that stopped early (an earlier test's bad input) leaves its encoder
    # loading in a thread; CPython 3.11 before 3.11.8 shares ast.parse's recursion counter
    # between threads and may then fail it ("AST constructor recursion depth mismatch",
    # python/cpython#106905). Wait for that thread first.
    finish_preloads()
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "__init__.py":
            continue  # the package's lazy table of exports may name any stage
        source = unit_of(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))
        for line, target in imports(path):
            other = unit_of(target)
            if other != source and RANK[other] >= RANK[source]:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line} imports {target}")
    assert not wrong, "imports against the pipeline's direction:\n" + "\n".join(wrong)


def test_every_package_is_installed():
    """A non-editable install ships only the packages pyproject lists."""
    pyproject = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(pyproject["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(PACKAGE.parent).parts)
        for init in PACKAGE.rglob("__init__.py")
    }
    assert found <= listed
