"""Building real sites into temporary folders, for the site and browser tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parent.parent


def copy_repository(target: Path) -> Path:
    """The repository's strategy, docs and mkdocs.yml, without build output or tools."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("strategy", "docs"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


def build_site(root: Path, strict: bool = False, **overrides: object) -> Path:
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"), strict=strict,
                         **overrides)
    build(config)
    return root / "site"
