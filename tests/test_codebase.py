"""The codebase holds its own shape: data flows one way between the layers, each thing is done
in one place, and the type checker and the linter pass."""

from __future__ import annotations

import ast
import dataclasses
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO, check

from sst_plugin.core.config import Settings
from sst_plugin.core.health import goal_health, health_of
from sst_plugin.core.model import Goal

PACKAGE = REPO / "sst_plugin"


def _imports(path: Path) -> set[str]:
    """The modules a source file imports, as absolute names (`sst_plugin.core.render.urls`)."""
    package = ".".join(path.relative_to(REPO).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _core(name: str) -> Path:
    return PACKAGE / "core" / f"{name}.py"


# module (or folder) of core → the modules it may not import: a lower layer never reaches up
FORBIDDEN_IMPORTS = {
    "due": ("sst_plugin.core.rules",),
    "check": ("sst_plugin.core.render",),
    "scaffold": ("sst_plugin.core.rules",),
    "rules": ("sst_plugin.core.codeowners", "sst_plugin.core.scaffold",
              "sst_plugin.core.measurements", "sst_plugin.core.render", "sst_plugin.core.diff",
              "sst_plugin.core.due"),
}


@pytest.mark.parametrize("name", sorted(FORBIDDEN_IMPORTS))
def test_data_flows_one_way(name: str) -> None:
    files = sorted((PACKAGE / "core" / name).glob("*.py")) if (PACKAGE / "core" / name).is_dir() \
        else [_core(name)]
    for path in files:
        leaks = sorted(module for module in _imports(path)
                       if module.startswith(FORBIDDEN_IMPORTS[name]))
        assert not leaks, f"{path.relative_to(REPO)} imports {leaks}"


def test_no_core_module_imports_mkdocs() -> None:
    for path in sorted((PACKAGE / "core").rglob("*.py")):
        assert not {m for m in _imports(path) if m.split(".")[0] == "mkdocs"}, path


def test_health_of_reads_the_date_and_margins_of_the_settings(repo: Path) -> None:
    model = check(repo).model
    goal = model.get("grow", Goal)
    assert goal is not None
    settings = dataclasses.replace(Settings(), as_of=date(2026, 8, 20), on_track_margin=0.3)
    assert health_of(goal, model, settings) == goal_health(model, goal, date(2026, 8, 20),
                                                           on_track_margin=0.3)
    assert health_of(goal, model, settings) != health_of(
        goal, model, dataclasses.replace(settings, on_track_margin=0.0))


def test_the_plugin_options_and_the_settings_agree() -> None:
    """Defaults are defined once (Settings); the plugin's config class and OPTIONS follow it."""
    from mkdocs.config import config_options as c

    from sst_plugin.core.config import OPTIONS, settings_from_options
    from sst_plugin.mkdocs.config import SstConfig

    settings_fields = {f.name for f in dataclasses.fields(Settings)} - {"docs_dir"}
    assert set(OPTIONS) == settings_fields | {"enabled"}
    assert [name for name, _ in SstConfig._schema] == list(OPTIONS)
    for name, option in SstConfig._schema:
        inner = option.option if isinstance(option, c.Optional) else option
        if isinstance(inner, c.Type):
            accepted = inner._type if isinstance(inner._type, tuple) else (inner._type,)
            assert accepted == OPTIONS[name][0], name
    config = SstConfig()
    config.load_dict({})
    assert config.validate() == ([], [])
    from_plugin = settings_from_options(dict(config.items()))
    assert dataclasses.replace(from_plugin, as_of=date(2026, 1, 1)) == dataclasses.replace(
        Settings(), as_of=date(2026, 1, 1))


def test_one_formatter_table_gives_the_choices_and_the_dispatch(
        capsys: pytest.CaptureFixture[str]) -> None:
    from sst_plugin.cli import main
    from sst_plugin.core.findings import Finding, Place
    from sst_plugin.core.formats import FORMATTERS, as_sarif, format_findings

    with pytest.raises(SystemExit):
        main(["check", "--format", "xml"])
    assert "{" + ",".join(FORMATTERS) + "}" in capsys.readouterr().err
    found = [Finding("SST005", "error", Place("strategy/goals/x.yaml", 3, 6), "a message")]
    assert format_findings(found, "sarif", 1) == as_sarif(found)
    assert format_findings(found, "github", 1).startswith("strategy/goals/x.yaml:3:6: error")


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=REPO, capture_output=True,
                          text=True, timeout=600, check=False)


def test_ruff_finds_nothing() -> None:
    done = _run("ruff", "check", "sst_plugin", "tests", "benchmarks", "fuzz")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow  # mypy takes ten seconds or more without its cache, as on a fresh clone in CI
def test_mypy_finds_no_type_error() -> None:
    done = _run("mypy", "sst_plugin")
    assert done.returncode == 0, done.stdout + done.stderr
