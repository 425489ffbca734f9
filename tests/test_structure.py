"""The code's layout: shared code at the bottom, apps by job above it, imports one way.

Read from the source with ``ast``, imports inside functions included, so a
cycle cannot hide in a function body. Tests and migrations are left out:
tests import everything, and a migration may name the app it belongs to.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Each package may import only from packages in lower layers, never from its
# own layer or above. docs/development.md explains each package.
LAYERS = [
    {"core"},
    {"editorial", "adminsecurity", "ops", "pagecache", "edgecache"},
    {"networks", "standardpages", "reports", "search", "alerts", "contacts", "linkcheck"},
    {"home"},
    # Read the page models of every app below: the content API and preview links.
    {"api", "previews"},
    {"seed"},
    {"leedsnetworks"},
    {"bench"},
]
LAYER_OF = {package: level for level, packages in enumerate(LAYERS) for package in packages}
PACKAGES = set(LAYER_OF)


def source_files():
    for package in sorted(PACKAGES):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path):
    """Every project module ``path`` imports, wherever in the file the import is."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else module_name(path)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            found.add(prefix)
            # "from package import module" imports the module itself.
            found.update(f"{prefix}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] in PACKAGES}


def module_graph():
    modules = {module_name(path): path for path in source_files()}
    graph = {}
    for name, path in modules.items():
        graph[name] = {target for target in imported_modules(path) if target in modules and target != name}
    return graph


def test_no_package_imports_one_in_its_own_layer_or_above():
    wrong = []
    for path in source_files():
        here = module_name(path).split(".")[0]
        for target in sorted(imported_modules(path)):
            there = target.split(".")[0]
            if there != here and LAYER_OF[there] >= LAYER_OF[here]:
                wrong.append(f"{path.relative_to(ROOT)} imports {target}")
    assert wrong == [], "Imports must flow down the layers in LAYERS:\n" + "\n".join(wrong)


def find_cycle(graph):
    """One import cycle in ``graph`` as a list of modules, or None."""
    state = {}

    def visit(node, trail):
        state[node] = "visiting"
        for target in sorted(graph[node]):
            if state.get(target) == "visiting":
                return [*trail[trail.index(target) :], target] if target in trail else [node, target]
            if target not in state:
                cycle = visit(target, [*trail, target])
                if cycle:
                    return cycle
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state:
            cycle = visit(start, [start])
            if cycle:
                return cycle
    return None


def test_no_import_cycle_between_modules():
    assert find_cycle(module_graph()) is None, f"Import cycle: {' -> '.join(find_cycle(module_graph()))}"


def test_the_cycle_finder_finds_a_cycle():
    # The check above must be able to fail.
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_every_project_package_has_a_layer():
    packages = {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in {"tests"} and not path.parent.name.startswith(".")
    }
    assert packages - PACKAGES == set(), "Give each new package a layer in LAYERS (and a line in docs/development.md)"


MAX_FUNCTION_LINES = 60


def test_no_function_is_longer_than_sixty_lines():
    long = []
    for path in source_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({length} lines)")
    assert long == [], "Split these into shorter functions:\n" + "\n".join(long)
