"""Building real sites into temporary folders, with each generator, for the site tests."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from sst_plugin.cli import main as sst

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # properdocs and zensical come with the test extras
GENERATORS = ("mkdocs", "properdocs", "zensical")


def copy_repository(target: Path) -> Path:
    """The repository's strategy, docs and site configurations, without build output or tools."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("strategy", "docs"):
        shutil.copytree(REPO / name, target / name)
    for name in ("mkdocs.yml", "zensical.yml"):
        shutil.copy(REPO / name, target / name)
    return target


# the example strategy alone, with Material's two palettes (the browser tests check both)
EXAMPLE_MKDOCS = """\
site_name: Levain & Co. strategy
theme:
  name: material
  font: false
  palette:
    - scheme: default
    - scheme: slate
plugins:
  - search
  - sst:
      strategy_dir: strategy
      as_of: {as_of}
"""


def example_mkdocs(as_of: str = "2026-11-16") -> str:
    return EXAMPLE_MKDOCS.format(as_of=as_of)


def copy_strategy(target: Path, as_of: str = "2026-11-16") -> Path:
    """The repository's strategy alone (no manual) with a one-line home page and EXAMPLE_MKDOCS."""
    shutil.copytree(REPO / "strategy", target / "strategy")
    (target / "docs").mkdir()
    (target / "docs" / "index.md").write_text("# Levain & Co.\n", encoding="utf-8")
    (target / "mkdocs.yml").write_text(example_mkdocs(as_of), encoding="utf-8")
    return target


def set_language(root: Path, language: str) -> None:
    """Material's `theme.language` in ROOT's mkdocs.yml: the site's language, and SST's."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  name: material\n" in text
    config.write_text(text.replace("  name: material\n",
                                   f"  name: material\n  language: {language}\n", 1),
                      encoding="utf-8")


def build_site(root: Path, strict: bool = False, **overrides: object) -> Path:
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"), strict=strict,
                         **overrides)
    build(config)
    return root / "site"


def run(command: list[str], root: Path) -> str:
    """A generator's command line in ROOT; its output, or a failure that shows it."""
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{output}"
    return output


def build_properdocs(root: Path) -> Path:
    """ProperDocs, the maintained fork of MkDocs 1.6, with the same mkdocs.yml and plugin."""
    run([str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml", "-d", "site"], root)
    return root / "site"


def build_zensical(root: Path, config: str = "zensical.yml") -> Path:
    """Zensical runs no MkDocs plugin: `sst render` writes the pages, then Zensical builds."""
    assert sst(["render", "--out", str(root / "docs" / "strategy"), str(root)]) == 0
    output = run([str(BIN / "zensical"), "build", "--clean", "-f", config], root)
    assert "sst:" not in output, output  # the extension warns of a link it cannot resolve
    return root / "site"


def build_with(generator: str, root: Path) -> Path:
    builders = {"mkdocs": build_site, "properdocs": build_properdocs, "zensical": build_zensical}
    return builders[generator](root)


def example_built_once(tmp_path_factory: pytest.TempPathFactory, generator: str = "mkdocs") -> Path:
    """The repository's example as GENERATOR builds it, built once in the whole run and shared by
    the test files that only read it (by every xdist worker too, under a lock): never write in it.
    A build of the example takes seconds, and six files read the same one."""
    base = tmp_path_factory.getbasetemp()
    # under xdist each worker has a folder of its own; their parent is this run's
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    root = shared / f"example-{generator}"
    with open(shared / f"example-{generator}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other worker waits for the build, then reads it
        if not (root / "built").exists():
            shutil.rmtree(root, ignore_errors=True)  # a build that failed half-way
            copy_repository(root)
            # strictly with MkDocs: test_site holds that the example builds without a warning
            build_site(root, strict=True) if generator == "mkdocs" else build_with(generator, root)
            (root / "built").touch()
    return root / "site"
