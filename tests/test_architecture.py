"""The package's floors: imports run one way, so each module can be read (and tested)
with only the modules below it. Read from the source with ``ast``, type-only imports
(``if TYPE_CHECKING:``) and imports inside functions included."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "scripts" / "evidencesite"


def _modules() -> dict[str, Path]:
    """Dotted module name -> its file (a package by its __init__.py)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imported(module: str, path: Path, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The package's modules one import statement names (``from . import x`` names the
    submodule x when there is one, else the package)."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in MODULES}
    package = module.split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    if node.level:
        base = package[: len(package) - node.level + 1]
        target = ".".join([*base, node.module] if node.module else base)
    else:
        target = node.module or ""
    names = set()
    for alias in node.names:
        sub = f"{target}.{alias.name}"
        names.add(sub if sub in MODULES else target)
    return {name for name in names if name in MODULES and name != module}


def import_graph() -> dict[str, set[str]]:
    """Each module -> the package's modules it imports, however and wherever."""
    graph = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        graph[module] = set().union(
            *(
                _imported(module, path, node)
                for node in ast.walk(tree)
                if isinstance(node, ast.Import | ast.ImportFrom)
            )
        )
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One import circle per strongly connected group of modules, each as a path that
    returns to its start (a -> b -> a)."""
    found = []
    done: set[str] = set()
    for start in sorted(graph):
        if start in done:
            continue
        # Depth-first from start, looking for a way back to it.
        stack = [(start, [start])]
        seen = {start}
        while stack:
            here, path = stack.pop()
            for there in sorted(graph[here]):
                if there == start:
                    circle = [*path, start]
                    found.append(circle)
                    done.update(circle)
                    stack = []
                    break
                if there not in seen and there not in done:
                    seen.add(there)
                    stack.append((there, [*path, there]))
        done.add(start)
    return found


def test_the_graph_sees_every_kind_of_import() -> None:
    graph = import_graph()
    assert "evidencesite.shape" in graph["evidencesite.model"]  # from .shape import
    assert "evidencesite.render.reuse" in graph["evidencesite.render"]  # from .reuse import
    assert "evidencesite.styles" in graph["evidencesite.config"]  # inside a function


def test_a_circle_is_found_and_named() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]


def test_no_import_circles() -> None:
    found = cycles(import_graph())
    assert not found, "import circles: " + "; ".join(" -> ".join(c) for c in found)


def test_shape_is_on_the_bottom_floor() -> None:
    """The review's declared shape is plain data: it needs only other bottom modules
    (URLs, the wording catalogue, the did-you-mean helper), which import nothing of the
    package."""
    graph = import_graph()
    floor = {"evidencesite.urls", "evidencesite.wording", "evidencesite.suggest"}
    assert graph["evidencesite.shape"] <= floor
    for module in floor:
        assert not graph[module], (module, graph[module])


def test_the_citation_style_is_reached_only_through_its_seam() -> None:
    """Renderers (and every other module) import the styles package, whose base.py is
    the seam; only styles/__init__.py, which picks the review's style, names one."""
    graph = import_graph()
    chosen = "evidencesite.styles.harvard_ctr"
    reaching = sorted(m for m, imports in graph.items() if chosen in imports)
    assert reaching == ["evidencesite.styles"], reaching
    inside = [m for m in graph if m.startswith("evidencesite.styles")]
    past_the_seam = sorted(
        f"{module} -> {target}"
        for module, imports in graph.items()
        if module not in inside
        for target in imports
        if target.startswith("evidencesite.styles.")
    )
    assert not past_the_seam, past_the_seam
