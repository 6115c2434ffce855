"""The registry of rule checks: `@rule` defines a rule by its check, and stamps the rule's code
and severity on every finding the check reports.

A check yields `Report(place, message)`; the code is written once, in the decorator.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from ..codes import Rule, Severity, default_severity, define
from ..findings import Finding, Place
from ..model.model import Model
from ..read.config import Settings
from ..read.load import Document


@dataclass(frozen=True)
class MarkdownPage:
    """A Markdown page of the site (under docs_dir), checked for `[[id]]` links."""

    file: str
    text: str


@dataclass(frozen=True)
class Context:
    model: Model
    documents: tuple[Document, ...]
    settings: Settings
    pages: tuple[MarkdownPage, ...] = ()
    codeowners: MarkdownPage | None = None  # the committed CODEOWNERS file, if any
    # the files a change touched (relative to ROOT), where the change is known (`sst check
    # --base`, `sst diff`): a finding about several files lands on one of these
    changed: frozenset[str] = frozenset()


class Report(NamedTuple):
    """What a check found: where, and a message that says what to change."""

    place: Place | None
    message: str


Check = Callable[[Context], Iterable[Report]]
StampedCheck = Callable[[Context], Iterator[Finding]]
# code → its checks, each giving findings with the code stamped (SST007 has two: bodies and fields)
CHECKS: dict[str, list[StampedCheck]] = {}


def rule(code: str, name: str, severity: Severity, summary: str) -> Callable[[Check], Check]:
    """Define a rule by its check: the check's docstring is the rule's documentation."""

    def register(check: Check) -> Check:
        define(Rule(code, name, severity, summary, inspect.cleandoc(check.__doc__ or ""),
                    check.__module__))
        CHECKS.setdefault(code, []).append(_stamped(code, check))
        return check

    return register


def also(code: str) -> Callable[[Check], Check]:
    """One more check for a rule defined elsewhere: its findings carry that rule's code."""

    def register(check: Check) -> Check:
        CHECKS.setdefault(code, []).append(_stamped(code, check))
        return check

    return register


def found_while_reading(code: str, name: str, severity: Severity,
                        summary: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
    """Define a rule that the loader reports as it reads the files (SST001, SST002, SST008):
    the decorated function holds only its documentation."""

    def register(documentation: Callable[[], None]) -> Callable[[], None]:
        define(Rule(code, name, severity, summary,
                    inspect.cleandoc(documentation.__doc__ or ""), documentation.__module__))
        return documentation

    return register


def _stamped(code: str, check: Check) -> StampedCheck:
    def stamped(context: Context) -> Iterator[Finding]:
        severity = default_severity(code)
        for place, message in check(context):
            yield Finding(code, severity, place, message)

    stamped.__name__ = check.__name__
    stamped.__doc__ = check.__doc__
    return stamped
