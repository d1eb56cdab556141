"""Dependencies point inward (DESIGN.md, Layout): web, cli → reports, analytics, importers →
warehouse, domain. Every module of src/trayecto is parsed with `ast`; a reference is an
import (absolute or relative) or a string constant naming a `trayecto.<package>` module,
since "module:function" strings and `importlib.import_module` are imports in disguise.

`cli/` is the core's command line and names no web module: the commands on the operational
database are the web app's (web/commands), loaded through an entry point. Those reach a web
app's records through its services and selectors, never its models (docs/architecture.md,
Import direction).
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "trayecto"
INNER = frozenset({"domain", "warehouse"})
EVERYTHING = frozenset({"domain", "warehouse", "importers", "analytics", "reports", "web"})
EVERYTHING |= {"cli", "paths"}
# package -> the other trayecto packages it may name
ALLOWED: dict[str, frozenset[str]] = {
    "": frozenset(),  # src/trayecto/__init__.py
    "domain": frozenset(),
    "warehouse": frozenset(),
    "importers": INNER,
    "analytics": INNER,
    "reports": INNER,
    "paths": frozenset(),  # where $TRAYECTO_HOME keeps things; read by cli and web
    "web": EVERYTHING,
    "cli": EVERYTHING - {"web"},
}
# (module, package it names): allowed for now, with the reason. Empty: keep it so.
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {}
# The whole dotted name, so a string naming `trayecto.web.<app>.models` is seen as such.
NAMED = re.compile(r"\btrayecto((?:\.[a-z_][a-z0-9_]*)+)")


def package_of(module: str) -> str:
    """`trayecto.importers.five_w` -> `importers`; `trayecto.cli` -> `cli`; `trayecto` -> ``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def references_in(text: str, module: str, *, is_package: bool) -> set[tuple[str, int]]:
    """(trayecto module named, line) for every import and string constant of the source."""
    found: set[tuple[str, int]] = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            found |= {(alias.name, node.lineno) for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:  # relative: resolved against this module's package
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                target = ".".join([*base, *([target] if target else [])])
            found.add((target, node.lineno))
            # `from trayecto.web.emergencies import models`: the name may be a module
            found |= {(f"{target}.{a.name}", node.lineno) for a in node.names if a.name != "*"}
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found |= {(f"trayecto{m}", node.lineno) for m in NAMED.findall(node.value)}
    return {(m, line) for m, line in found if m.startswith("trayecto.")}


def references(path: Path) -> set[tuple[str, int]]:
    return references_in(
        path.read_text(encoding="utf-8"), module_name(path), is_package=path.name == "__init__.py"
    )


MODULES = sorted(SRC.rglob("*.py"))


def violations(path: Path) -> list[str]:
    module = module_name(path)
    own = package_of(module)
    wrong = []
    for target, line in sorted(references(path)):
        other = package_of(target)
        if other not in ALLOWED:
            continue  # not a module of ours (a file name such as trayecto.sqlite3)
        if other == own or other in ALLOWED[own] or (module, other) in KNOWN_EXCEPTIONS:
            continue
        wrong.append(f"{path.relative_to(SRC)}:{line} ({own or 'trayecto'}) names {target}")
    return wrong


def test_every_module_belongs_to_a_known_package() -> None:
    unknown = sorted({package_of(module_name(p)) for p in MODULES} - set(ALLOWED))
    assert unknown == [], "add each new package to ALLOWED, at its place in the layers"


@pytest.mark.parametrize("package", sorted(p for p in ALLOWED if p))
def test_package_names_only_inner_packages(package: str) -> None:
    paths = [p for p in MODULES if package_of(module_name(p)) == package]
    assert paths, f"no module found for {package}"
    assert [v for p in paths for v in violations(p)] == []


def test_nothing_outside_web_names_the_web_app() -> None:
    outside = [
        f"{p.relative_to(SRC)}:{line} names {target}"
        for p in MODULES
        if package_of(module_name(p)) != "web"
        for target, line in sorted(references(p))
        if package_of(target) == "web"
    ]
    assert outside == []


def names_web_models(target: str) -> bool:
    """`trayecto.web.<app>.models` (or a module below it, or a name imported from it)."""
    parts = target.split(".")
    return parts[:2] == ["trayecto", "web"] and parts[3:4] == ["models"]


def test_commands_name_no_web_models() -> None:
    """The web app's commands reach an app through its services and selectors, never its
    models."""
    found = [
        f"{p.relative_to(SRC)}:{line} names {target}"
        for p in MODULES
        if module_name(p).startswith("trayecto.web.commands")
        for target, line in sorted(references(p))
        if names_web_models(target)
    ]
    assert found == []


@pytest.mark.parametrize(
    "text",
    [
        "from trayecto.web.emergencies.models import Event\n",
        "from trayecto.web.emergencies import models\n",
        "from ..emergencies.models import Event\n",
        "import trayecto.web.emergencies.models\n",
        'MODEL = "trayecto.web.emergencies.models.Event"\n',
    ],
)
def test_a_command_module_naming_web_models_is_caught(text: str) -> None:
    found = references_in(text, "trayecto.web.commands.events", is_package=False)
    assert [m for m, _ in found if names_web_models(m)] != []


def test_a_command_module_calling_a_selector_is_not_caught() -> None:
    text = "from trayecto.web.emergencies.selectors import event_by_id\n"
    found = references_in(text, "trayecto.web.commands.events", is_package=False)
    assert [m for m, _ in found if names_web_models(m)] == []


def test_the_check_sees_imports_relative_imports_and_strings() -> None:
    """The parser itself: each way of naming a module is found (else the tests above would
    pass on a tree that breaks the rule)."""
    text = (
        "import trayecto.web.response\n"
        "from ..analytics import compute\n"
        "from . import places\n"
        "from trayecto.importers.five_w import read_five_w\n"
        'LOADER = "trayecto.web.response.loader:load_five_w"\n'
    )
    found = {m for m, _ in references_in(text, "trayecto.domain.probe", is_package=False)}
    assert found == {
        "trayecto.web.response",
        "trayecto.analytics",
        "trayecto.analytics.compute",
        "trayecto.domain",
        "trayecto.domain.places",
        "trayecto.importers.five_w",
        "trayecto.importers.five_w.read_five_w",
        "trayecto.web.response.loader",
    }


def test_a_string_naming_the_web_app_is_a_violation() -> None:
    """What the registry did before: an importers/ module naming a web loader by string."""
    text = 'LOADER = "trayecto.web.response.loader:load_jiaf_hno"\n'
    found = references_in(text, "trayecto.importers.registry", is_package=False)
    assert {package_of(m) for m, _ in found} == {"web"}
    assert "web" not in ALLOWED["importers"]


@pytest.mark.parametrize("first", ["trayecto.cli.main", "trayecto.web.commands"])
def test_the_command_line_loads_the_web_commands_without_starting_django(first: str) -> None:
    """The core CLI gets the web app's commands from the entry point only, loading them
    imports no Django (`trayecto --help` and the warehouse's commands stay fast), and either
    may be imported first (a test imports a command module directly)."""
    probe = (
        f"import importlib, json, sys; importlib.import_module({first!r}); "
        "from trayecto.cli.main import app; print(json.dumps(["
        "[g.name for g in app.registered_groups], "
        "[c.name or c.callback.__name__ for c in app.registered_commands], "
        "'django' in sys.modules]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    groups, commands, django_loaded = json.loads(done.stdout)
    assert {"org", "event", "token", "report"} <= set(groups)
    assert {"import", "reach", "serve", "demo"} <= set(commands)
    assert django_loaded is False
