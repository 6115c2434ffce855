"""The `sst` plugin's options in mkdocs.yml: each one's types from core/read/config.py's OPTIONS,
its default from Settings, so the plugin and `sst` read mkdocs.yml alike."""

from __future__ import annotations

from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..core.read.config import OPTIONS, option_default
from ..core.sanitize import SANITIZE_MODES


def _option(name: str) -> Any:
    """The MkDocs option for one of ours: its types, and its default (optional without one)."""
    types = OPTIONS[name][0]
    accepted = types[0] if len(types) == 1 else types
    default = option_default(name)
    if default is None:
        return c.Optional(c.Type(accepted))
    return c.Type(accepted, default=default)


class SstConfig(base.Config):
    enabled = _option("enabled")
    strategy_dir = _option("strategy_dir")
    as_of = _option("as_of")  # text or a date: YAML reads an unquoted date as a date
    audience = _option("audience")
    nav_title = _option("nav_title")
    # a folder (relative to mkdocs.yml) whose templates replace the package's own
    templates_dir = _option("templates_dir")
    sanitize = c.Choice(SANITIZE_MODES, default=option_default("sanitize"))
    rules = _option("rules")
    max_battles = _option("max_battles")
    max_selected_paths = _option("max_selected_paths")
    on_track_margin = _option("on_track_margin")
    at_risk_margin = _option("at_risk_margin")
    max_file_size = _option("max_file_size")
    codeowners_default = _option("codeowners_default")
