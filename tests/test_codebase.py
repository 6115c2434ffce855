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

from sst_plugin.core.health.health import goal_health, health_of
from sst_plugin.core.model.model import Goal
from sst_plugin.core.read.config import Settings

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


# core's folders in the order data flows through them; "" is the modules directly in core/
# (findings, codes, text, ...), which every step uses. A module imports only from its own
# folder and the folders before it: a lower layer never reaches up.
LAYERS = ("", "read", "model", "rules", "health", "render", "report", "change", "edit")
# the one import that reaches up: the rule table loads the rule modules on first use
REACHING_UP = {("sst_plugin/core/codes.py", "sst_plugin.core.rules")}
# imports the order allows but that would still be a leak: health does not depend on the rules
# (their cadence tables included), nor does a new entity's scaffold
FORBIDDEN_IMPORTS = {
    "health": ("sst_plugin.core.rules",),
    "edit/scaffold.py": ("sst_plugin.core.rules",),
}


def _layer_of_module(module: str) -> int | None:
    """The layer of a module of core (`sst_plugin.core.read.load.Document` → read's), None for
    anything outside core and for the package itself."""
    parts = module.split(".")
    if parts[:2] != ["sst_plugin", "core"] or len(parts) < 3:
        return None
    return LAYERS.index(parts[2]) if parts[2] in LAYERS else 0


def _layer_of_file(path: Path) -> int:
    parts = path.relative_to(PACKAGE / "core").parts
    return LAYERS.index(parts[0]) if len(parts) > 1 else 0


def test_every_folder_of_core_is_a_layer() -> None:
    folders = {path.name for path in (PACKAGE / "core").iterdir()
               if path.is_dir() and path.name != "__pycache__"}
    assert folders == set(LAYERS) - {""}
    for name in LAYERS[1:]:
        assert (PACKAGE / "core" / name / "__init__.py").is_file(), name


def test_a_module_in_core_is_not_a_folder_name() -> None:
    """`core/health.py` beside `core/health/` would make the layer of an import ambiguous."""
    modules = {path.stem for path in (PACKAGE / "core").glob("*.py")}
    assert not modules & set(LAYERS)


@pytest.mark.parametrize("path", sorted((PACKAGE / "core").rglob("*.py")),
                         ids=lambda path: path.relative_to(PACKAGE / "core").as_posix())
def test_data_flows_one_way(path: Path) -> None:
    own = _layer_of_file(path)
    where = path.relative_to(REPO).as_posix()
    upward = sorted(module for module in _imports(path)
                    if (_layer_of_module(module) or 0) > own
                    and not any(where == allowed and module.startswith(prefix)
                                for allowed, prefix in REACHING_UP))
    assert not upward, f"{where} ({LAYERS[own] or 'core/'}) imports {upward} from a later layer"


def test_the_one_import_that_reaches_up_still_does() -> None:
    """An exception nobody needs any more is a hole in the test: remove it when this fails."""
    for where, prefix in REACHING_UP:
        assert any(module.startswith(prefix) for module in _imports(REPO / where)), where


@pytest.mark.parametrize("name", sorted(FORBIDDEN_IMPORTS))
def test_no_leak_the_layers_allow(name: str) -> None:
    target = PACKAGE / "core" / name
    files = sorted(target.glob("*.py")) if target.is_dir() else [target]
    assert files and all(path.is_file() for path in files), name
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

    from sst_plugin.core.read.config import OPTIONS, settings_from_options
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
    from sst_plugin.core.report.formats import FORMATTERS, as_sarif, format_findings

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
