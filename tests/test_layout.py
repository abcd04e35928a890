"""The house a newcomer finds: rooms they can tell apart from the folder list, and no import circles."""

from __future__ import annotations

import ast
from pathlib import Path

from survey_app.config import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "survey_app"
# What stays at the package's root: the factory and what it is built from. Everything else lives in a room.
ROOT_MODULES = {
    "__init__.py",
    "blueprints.py",
    "config.py",
    "demo.py",
    "extensions.py",
    "paths.py",
    "wsgi.py",
}


def _module_graph() -> dict[str, set[str]]:
    modules: dict[str, tuple[Path, bool]] = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        modules[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    graph: dict[str, set[str]] = {}
    for name, (path, is_package) in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".") if is_package else name.split(".")[:-1]
                    base = base[: len(base) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                for alias in node.names:
                    whole = f"{target}.{alias.name}"
                    found.add(whole if whole in modules else target)
            elif isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
        # A module importing its own package (or the app factory's package) is not a circle of rooms.
        graph[name] = {
            dep for dep in found if dep in modules and dep != name and not name.startswith(dep + ".")
        }
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    circles: list[list[str]] = []
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            circles.append(path[path.index(name) :] + [name])
            return
        if name in done:
            return
        done.add(name)
        for dep in sorted(graph[name]):
            if dep != "survey_app":
                visit(dep, [*path, name])

    for name in sorted(graph):
        visit(name, [])
    return circles


def test_no_module_imports_itself_round_a_circle():
    assert _circles(_module_graph()) == []


def test_the_package_root_holds_only_the_factory_and_what_builds_it():
    loose = {path.name for path in PACKAGE.glob("*.py")}
    assert loose <= ROOT_MODULES, (
        f"modules that belong in a room (cli/, web/, models/, ...): {loose - ROOT_MODULES}"
    )


def test_every_command_lives_in_the_cli_package():
    outside = [
        str(path.relative_to(PROJECT_ROOT))
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts
        and "cli" not in path.relative_to(PACKAGE).parts
        and (
            "@click.command" in path.read_text(encoding="utf-8")
            or "@click.group" in path.read_text(encoding="utf-8")
        )
    ]
    assert outside == []
