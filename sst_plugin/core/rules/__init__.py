"""The rules of spec §4, one module per family. Each rule is defined once, by `@rule` on its
check (or `@found_while_reading` for what the loader reports): code, name, default severity,
summary, and a docstring that is its documentation. `CHECKS` maps each code to its checks;
`sst_plugin.core.codes.rule_table()` gives every definition."""

from __future__ import annotations

from . import audiences, dates, files, includes, kpis, method, owners, references
from .registry import CHECKS, Context, MarkdownPage, Report

__all__ = ["CHECKS", "Context", "MarkdownPage", "Report", "audiences", "dates", "files",
           "includes", "kpis", "method", "owners", "references"]
