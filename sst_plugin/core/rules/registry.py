"""The registry of rule checks: each family module registers its checks by code."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..config import Settings
from ..findings import Finding
from ..load import Document
from ..model import Model


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


Check = Callable[[Context], Iterable[Finding]]
# code → its checks (SST005 has two: entity references and audience names)
CHECKS: dict[str, list[Check]] = {}


def rule(code: str) -> Callable[[Check], Check]:
    """Register a check under its rule code."""

    def register(check: Check) -> Check:
        CHECKS.setdefault(code, []).append(check)
        return check

    return register
