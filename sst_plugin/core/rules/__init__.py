"""The rules of spec §4, one module per family; `CHECKS` maps each code to its check."""

from __future__ import annotations

from . import audiences, dates, includes, kpis, method, owners, references
from .registry import CHECKS, Context, MarkdownPage

__all__ = ["CHECKS", "Context", "MarkdownPage", "audiences", "dates", "includes", "kpis", "method",
           "owners", "references"]
