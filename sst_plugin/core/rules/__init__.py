"""The rules of spec §4, one module per family. Each rule is defined once, by `@rule` on its
check (or `@found_while_reading` for what the loader reports): code, name, default severity,
summary, and a docstring that is its documentation. `CHECKS` maps each code to its checks;
`sst_plugin.core.codes.rule_table()` gives every definition. `check` runs one check of a
strategy folder: load, validate, model, these rules, severities.

To add a rule: write its check in the module of its family, decorated with
`@rule("SST0nn", "kebab-name", "warning", "one-line summary")`, yielding `Report(place, message)`,
with a docstring of `## What it finds`, `## Why it matters`, `## Example` (`Fails:` and `Fixed:`,
each a code block) and `## How to fix`; then run `python -m sst_plugin.manual` to regenerate the
manual. tests/test_rule_docs.py names whatever is missing; docs/manual/contributing.md walks
through it step by step."""

from __future__ import annotations

from . import (
    audiences,
    capacity,
    dates,
    files,
    includes,
    kpis,
    method,
    owners,
    placeholders,
    references,
    scenarios,
)
from .registry import CHECKS, Context, MarkdownPage, Report

__all__ = ["CHECKS", "Context", "MarkdownPage", "Report", "audiences", "capacity", "dates",
           "files", "includes", "kpis", "method", "owners", "placeholders", "references",
           "scenarios"]
