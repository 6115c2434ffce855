"""The one table of rules: each code with its name, default severity, summary and documentation.

A rule is defined once, where its check lives (`@rule` in `sst_plugin/core/rules/`); this table
gathers those definitions, and everything that describes a rule reads it: the severities of the
configuration, `sst rule CODE`, the manual pages, the README's table and SARIF's `rules`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

Severity = Literal["error", "warning", "off"]
SEVERITIES: Final = ("error", "warning", "off")
# the parts of every rule's docstring, in this order, each a `## ` heading
SECTIONS: Final = ("What it finds", "Why it matters", "Example", "How to fix")
CODE_PATTERN: Final = re.compile(r"SST\d{3}")
# where the manual's rule pages are published, ending in `/`: SARIF's helpUri must be an
# absolute URI (SARIF 2.1.0 §3.49.12), and a path would resolve against the checked repository,
# which does not hold SST's manual. None while this repository's site has no address: set it
# with `site_url` in mkdocs.yml (tests/test_rule_docs.py holds the two together).
MANUAL_URL: Final[str | None] = None
MANUAL_PATH: Final = "docs/manual/rules"  # the rule pages in SST's repository


@dataclass(frozen=True)
class Rule:
    code: str
    name: str  # kebab-case, stable like the code: `unmeasured-kpi`
    severity: Severity  # the default; the `rules` option changes it per repository
    summary: str  # one line, lower case, no full stop: a finding's title
    doc: str  # Markdown: a `## ` heading for each of SECTIONS
    module: str  # the module that defines it, where a newcomer reads its check

    @property
    def source(self) -> str:
        return self.module.replace(".", "/") + ".py"

    def section(self, title: str) -> str:
        """The text under one `## ` heading of the documentation ("" when there is none)."""
        return doc_sections(self.doc).get(title, "")


def doc_sections(doc: str) -> dict[str, str]:
    """`## Title` → the text under it, for a rule's documentation."""
    sections: dict[str, str] = {}
    title: str | None = None
    lines: list[str] = []
    fenced = False
    for line in doc.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if line.startswith("## ") and not fenced:
            if title is not None:
                sections[title] = "\n".join(lines).strip()
            title, lines = line[3:].strip(), []
        elif title is not None:
            lines.append(line)
    if title is not None:
        sections[title] = "\n".join(lines).strip()
    return sections


_DEFINED: dict[str, Rule] = {}
_table: Mapping[str, Rule] | None = None


def define(rule: Rule) -> None:
    """Add a rule to the table (the `@rule` decorators call this when their module loads)."""
    global _table
    if not CODE_PATTERN.fullmatch(rule.code):
        raise ValueError(f"{rule.module}: `{rule.code}` is not a rule code (SST and 3 digits)")
    if rule.code in _DEFINED:
        raise ValueError(f"{rule.module}: {rule.code} is already defined in "
                         f"{_DEFINED[rule.code].module}: a code is defined once")
    if rule.severity not in ("error", "warning"):
        raise ValueError(f"{rule.module}: {rule.code}'s default severity must be error or "
                         "warning")
    _DEFINED[rule.code] = rule
    _table = None


def rule_table() -> Mapping[str, Rule]:
    """Every rule by code, in code order."""
    global _table
    if _table is None:
        # importing the rule modules defines their rules; they import findings, which imports
        # this module, so the import waits until a rule is first asked for
        from . import rules as _rule_modules  # noqa: F401
        _table = MappingProxyType(dict(sorted(_DEFINED.items())))
    return _table


def get_rule(code: str) -> Rule:
    """The rule of a code; a LookupError names where rules are defined."""
    try:
        return rule_table()[code]
    except KeyError:
        raise LookupError(f"{code} is not a rule code: define it with @rule in a module of "
                          "sst_plugin/core/rules/") from None


def closest_code(text: str) -> str | None:
    """The code closest to a mistyped code or rule name (`SST23`, `stale-kpis`), if one is."""
    table = rule_table()
    by_name = {rule.name: code for code, rule in table.items()}
    close = difflib.get_close_matches(text.strip(), [*table, *by_name], n=1, cutoff=0.6)
    return by_name.get(close[0], close[0]) if close else None


def default_severity(code: str) -> Severity:
    return get_rule(code).severity


def manual_page(code: str) -> str:
    """The rule's page in SST's repository: `docs/manual/rules/SST005.md`."""
    return f"{MANUAL_PATH}/{code}.md"


def manual_url(code: str) -> str | None:
    """The rule's published manual page, when the manual has an address."""
    return f"{MANUAL_URL}{code}/" if MANUAL_URL else None
