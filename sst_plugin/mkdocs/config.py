"""The `sst` plugin's options in mkdocs.yml."""

from __future__ import annotations

from datetime import date

from mkdocs.config import base
from mkdocs.config import config_options as c


class SstConfig(base.Config):
    enabled = c.Type(bool, default=True)
    strategy_dir = c.Type(str, default="strategy")
    as_of = c.Optional(c.Type((str, date)))  # YAML reads an unquoted date as a date
    audience = c.Optional(c.Type(str))
    nav_title = c.Type(str, default="Strategy")
    # a folder (relative to mkdocs.yml) whose templates replace the package's own
    templates_dir = c.Optional(c.Type(str))
    sanitize = c.Choice(("strategy", "all", "off"), default="all")
    rules = c.Type(dict, default={})
    max_battles = c.Type(int, default=3)
    max_selected_paths = c.Type(int, default=2)
    on_track_margin = c.Type((int, float), default=0.10)
    at_risk_margin = c.Type((int, float), default=0.25)
    max_file_size = c.Type(int, default=1024 * 1024)
