"""Import direction is the architecture: core → org → files → workcal → catalog → dossiers →
indicators, with demo and web (and bench/, outside the package) on top. A module may
import its own app and the apps below it, never one above; a dotted path naming a higher
app (``import_string``, a settings-like string) counts as an import. Tests included."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1]  # src/motcua
BENCH = PACKAGE.parents[1] / "bench"

# Lowest first. A new app takes its place here (the test below refuses an unplaced one).
LAYERS = (
    "core",
    "org",
    "files",
    "workcal",
    "catalog",
    "dossiers",
    "portal",
    "payments",
    "outbound",
    "indicators",
)
# On top of every domain app, and independent of each other.
TOP = ("demo", "web")
# Folders without app code, and this project-wide test package.
NOT_APPS = {"templates", "static", "locale", "tests", "__pycache__"}


def allowed(app: str) -> set[str]:
    """The apps ``app``'s modules may import (its own included)."""
    if app in TOP:
        return {app, *LAYERS}
    return set(LAYERS[: LAYERS.index(app) + 1])


def motcua_apps_named(source: str, module: str) -> list[tuple[int, str]]:
    """(line, app) for every motcua app that ``source`` (the module ``module``, e.g.
    "motcua.org.views") imports or names in a dotted string."""
    found = []
    package = module.split(".")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level] if node.level else []
            imported = ".".join([*base, node.module] if node.module else base)
            if imported == "motcua":  # from motcua import org
                names = [f"motcua.{alias.name}" for alias in node.names]
            else:
                names = [imported]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names = [node.value] if node.value.startswith("motcua.") else []
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "motcua" and len(parts) > 1:
                found.append((node.lineno, parts[1]))
    return found


def bench_modules_named(source: str) -> list[tuple[int, str]]:
    """(line, module) for every import of one of bench/'s scripts."""
    scripts = {path.stem for path in BENCH.glob("*.py")}
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names = [node.module]
        else:
            continue
        found += [(node.lineno, name) for name in names if name.split(".")[0] in scripts]
    return found


def module_name(path: Path) -> str:
    """Dotted name, "__init__" kept: a relative import counts its dots from here."""
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)


def app_modules(app: str) -> list[Path]:
    return sorted((PACKAGE / app).rglob("*.py"))


def test_every_app_has_a_place_in_the_order():
    folders = {path.name for path in PACKAGE.iterdir() if path.is_dir()}
    assert folders - NOT_APPS == {*LAYERS, *TOP}


@pytest.mark.parametrize("app", [*LAYERS, *TOP])
def test_no_module_imports_an_app_above_its_own(app):
    upward = []
    for path in app_modules(app):
        source = path.read_text(encoding="utf-8")
        for line, target in motcua_apps_named(source, module_name(path)):
            if target in {*LAYERS, *TOP} and target not in allowed(app):
                upward.append(f"{path.relative_to(PACKAGE)}:{line} → motcua.{target}")
    assert upward == []


@pytest.mark.parametrize("app", LAYERS)
def test_no_domain_app_imports_the_benchmarks(app):
    found = [
        f"{path.relative_to(PACKAGE)}:{line} → {name}"
        for path in app_modules(app)
        for line, name in bench_modules_named(path.read_text(encoding="utf-8"))
    ]
    assert found == []


@pytest.mark.parametrize(
    ("source", "module", "apps"),
    [
        ("from motcua.org.permissions import Perm", "motcua.core.navigation", ["org"]),
        ("import motcua.dossiers.models", "motcua.core.x", ["dossiers"]),
        ("from ..demo import organisation", "motcua.org.views", ["demo"]),
        ("from . import services", "motcua.org.views", ["org"]),
        ("from .staff import nav", "motcua.dossiers.__init__", ["dossiers"]),
        ('LOADERS = ["motcua.dossiers.demo.load"]', "motcua.core.demo", ["dossiers"]),
        ('TITLE = "motcua"', "motcua.core.x", []),
        ("from motcua import settings", "motcua.core.x", ["settings"]),
        ("from motcua import org", "motcua.core.x", ["org"]),
        ("from ... import indicators", "motcua.dossiers.staff.views", ["indicators"]),
    ],
)
def test_the_check_sees_every_form_of_import(source, module, apps):
    assert [app for _, app in motcua_apps_named(source, module)] == apps


def test_the_check_sees_a_benchmark_import():
    assert bench_modules_named("import generate_dossiers as gen") == [(1, "generate_dossiers")]
