"""The `sst` MkDocs plugin: checks the strategy on every build."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger

from ..core.check import CheckResult, check_tree
from ..core.config import ConfigError, Settings, apply_environment, settings_from_options
from ..core.formats import text_line
from .config import SstConfig

log = get_plugin_logger(__name__)


class SstPlugin(BasePlugin[SstConfig]):
    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.root = Path.cwd()
        self.result: CheckResult | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # present so that MkDocs keeps one plugin instance across `mkdocs serve` rebuilds
        return None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        options: dict[str, Any] = {k: v for k, v in self.config.items() if k != "enabled"}
        try:
            settings = apply_environment(settings_from_options(options, "mkdocs.yml"), os.environ)
        except ConfigError as error:
            raise PluginError(str(error)) from None
        docs_dir = Path(config.docs_dir).resolve()
        relative_docs = docs_dir.relative_to(self.root) if docs_dir.is_relative_to(self.root) \
            else Path(config.docs_dir)
        self.settings = replace(settings, docs_dir=relative_docs.as_posix())
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.settings is None:
            return
        strategy = self.root / self.settings.strategy_dir
        if not strategy.is_dir():
            raise PluginError(f"sst: no strategy folder at {strategy} (set strategy_dir)")
        self.result = check_tree(self.root, self.settings)
        errors = [f for f in self.result.findings if f.severity == "error"]
        for found in self.result.findings:
            if found.severity == "warning":
                log.warning(text_line(found))
        if errors:
            lines = "\n".join(text_line(f) for f in errors)
            raise PluginError(f"the strategy has {len(errors)} error(s):\n{lines}")

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer | None:
        if self.config.enabled and self.settings is not None:
            server.watch(str(self.root / self.settings.strategy_dir))
        return server
