"""The layers stay honest (DESIGN.md): arrows point down, nothing below the UI imports textual."""
from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

BELOW_THE_UI = [
    "db",
    "callcenter.services.customers",
    "callcenter.services.calls",
    "callcenter.services.messages",
    "callcenter.services.settings",
    "callcenter.services.staff",
    "callcenter.rules.phone",
    "callcenter.rules.pinyin",
    "callcenter.rules.text",
    "callcenter.rules.clock",
    "callcenter.rules.company_clock",
    "callcenter.services.calendar",
    "db.due_times",
    "callcenter.cli",
    "callcenter.cli_calendar",
    "callcenter.cli_month",
    "callcenter.report_text",
    "callcenter.rules.attendance",
    "callcenter.rules.money",
    "callcenter.services.attendance",
    "callcenter.services.contracts",
    "callcenter.services.month",
    "callcenter.services.report",
]


def imported_after(modules: list[str], *, call: str = "") -> set[str]:
    """The names in sys.modules after a fresh interpreter imports `modules` (and runs `call`)."""
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"{call}\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout))


def test_services_rules_db_and_the_cli_do_not_import_textual():
    loaded = imported_after(BELOW_THE_UI)
    assert set(BELOW_THE_UI) <= loaded  # the check really imported them
    assert "textual" not in loaded
    assert not any(name.startswith(("textual.", "callcenter.ui")) for name in loaded)


def test_the_cli_parses_its_arguments_without_textual():
    loaded = imported_after(["callcenter.cli"], call="import callcenter.cli as c; c.build_parser().parse_args(['export', 'calls'])")
    assert "textual" not in loaded


def test_the_rules_import_neither_db_nor_peewee():
    rules = sorted(f"callcenter.rules.{p.stem}" for p in (ROOT / "callcenter" / "rules").glob("*.py")
                   if p.stem != "__init__")
    assert "callcenter.rules.phone" in rules
    loaded = imported_after(rules)
    for forbidden in ("db", "peewee", "sqlite3", "textual", "callcenter.services", "callcenter.ui"):
        assert forbidden not in loaded, forbidden


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, at any depth in the file (lazy imports inside functions too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's package
                package = path.parent.relative_to(ROOT).parts
                base = ".".join(package[: len(package) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def files_under(*parts: str) -> list[Path]:
    return sorted((ROOT.joinpath(*parts)).rglob("*.py"))


def hits(path: Path, prefixes: tuple[str, ...]) -> list[str]:
    return sorted(name for name in imports_of(path)
                  if any(name == p or name.startswith(p + ".") for p in prefixes))


@pytest.mark.parametrize(
    "layer, forbidden",
    [
        (("callcenter", "rules"), ("db", "peewee", "playhouse", "sqlite3", "textual",
                                   "callcenter.services", "callcenter.ui", "callcenter.cli")),
        (("callcenter", "services"), ("textual", "callcenter.ui", "callcenter.cli")),
        (("callcenter", "exchange"), ("db", "peewee", "playhouse", "sqlite3", "textual", "callcenter.services",
                                      "callcenter.ui", "callcenter.cli")),
        # db may use the pure rules (the upgrade to schema 3 works due times out on the company clock)
        (("db",), ("textual", "callcenter.services", "callcenter.ui", "callcenter.cli", "callcenter.i18n",
                   "callcenter.config", "callcenter.paths", "callcenter.textable")),
        # Screens reach data only through services, by callcenter.ui.backend: never a query of their own.
        (("callcenter", "ui"), ("db", "peewee", "playhouse", "sqlite3")),
    ],
    ids=["rules", "services", "exchange", "db", "ui"],
)
def test_no_file_in_a_layer_imports_upwards(layer, forbidden):
    files = files_under(*layer)
    assert files
    wrong = {str(path.relative_to(ROOT)): hits(path, forbidden) for path in files}
    assert {path: names for path, names in wrong.items() if names} == {}


def test_the_import_scanner_sees_lazy_imports():
    sample = ROOT / "callcenter" / "cli.py"  # imports callcenter.ui.app inside a function
    assert "callcenter.ui.app" in imports_of(sample)


def test_no_two_screens_import_each_other():
    """Screens open other screens (a lazy import, one way); helpers they share live in ui.describe."""
    screens = {f"callcenter.ui.screens.{path.stem}": path for path in files_under("callcenter", "ui", "screens")
               if path.stem != "__init__"}
    imports = {name: {other for other in screens if other != name and other in imports_of(path)}
               for name, path in screens.items()}
    both_ways = sorted((a, b) for a, found in imports.items() for b in found if a < b and a in imports[b])
    assert both_ways == []


def test_services_called_from_the_ui_run_in_one_kind_of_worker():
    """No screen or widget starts a thread worker of its own: every one goes through backend.call,
    which never lets an exception end the desk."""
    offenders = []
    for path in files_under("callcenter", "ui"):
        text = path.read_text(encoding="utf-8")
        if path.name != "backend.py" and ("@work" in text or "run_worker(" in text or "call_from_thread(" in text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
