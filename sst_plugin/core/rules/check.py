"""One check of a strategy folder: load, validate, model, rules, severities."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path as FsPath

from ..findings import Finding, Place, finding
from ..model import reviewers
from ..model.model import Model, build_model
from ..read.config import Settings
from ..read.docs_tree import INDEX_NAME, Forbidden, scan_tree
from ..read.load import Document, LoadResult
from ..read.read import ReadCache, collector_paused, read_tree
from . import CHECKS, Context, MarkdownPage
from .references import with_title_hints


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[Finding, ...]
    model: Model
    documents: tuple[Document, ...]
    files: int

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")


def check_tree(root: FsPath, settings: Settings, check_pages: bool = True,
               overrides: Mapping[str, str] | None = None,
               changed: frozenset[str] = frozenset(),
               cache: ReadCache | None = None) -> CheckResult:
    """Everything `sst check` reports for the repository at ROOT (with some files' text given;
    `changed`: the files a change touched, where it is known; `cache`: what earlier checks
    read, for the files that did not change since)."""
    with collector_paused():
        return _check_tree(root, settings, check_pages, overrides, changed, cache)


def _check_tree(root: FsPath, settings: Settings, check_pages: bool,
                overrides: Mapping[str, str] | None,
                changed: frozenset[str] = frozenset(),
                cache: ReadCache | None = None) -> CheckResult:
    loaded = read_tree(root, settings.strategy_dir, settings.max_file_size, overrides, cache)
    pages, page_findings = read_pages(root, settings) if check_pages else ([], [])
    return check_read(loaded, pages, page_findings, read_codeowners(root, settings), settings,
                      changed)


def check_read(loaded: LoadResult, pages: list[MarkdownPage], page_findings: list[Finding],
               codeowners: MarkdownPage | None, settings: Settings,
               changed: frozenset[str] = frozenset()) -> CheckResult:
    """The check of files read already: from a folder, or from a git revision (`sst diff`)."""
    findings = list(loaded.findings)
    model = build_model(loaded.documents)
    findings.extend(page_findings)
    context = Context(model, tuple(loaded.documents), settings, tuple(pages), codeowners,
                      changed)
    for code, checks in CHECKS.items():
        if settings.severity(code) == "off":
            continue
        for check in checks:
            findings.extend(check(context))
    findings = with_title_hints(findings, model, loaded.documents)
    return CheckResult(
        findings=apply_severities(findings, settings),
        model=model,
        documents=tuple(loaded.documents),
        files=len(loaded.documents) + len(pages),
    )


def apply_severities(findings: list[Finding], settings: Settings) -> tuple[Finding, ...]:
    """The configured severity on each finding, `off` ones dropped, sorted, each once."""
    kept = {replace(f, severity=settings.severity(f.code)) for f in findings}
    return tuple(sorted((f for f in kept if f.severity != "off"), key=lambda f: f.sort_key))


def read_codeowners(root: FsPath, settings: Settings) -> MarkdownPage | None:
    """The committed CODEOWNERS, for SST030; None where there is none (or it is unreadable)."""
    path = reviewers.find(root)
    if path is None or path.stat().st_size > settings.max_file_size:
        return None
    try:
        return MarkdownPage(path.relative_to(root).as_posix(), path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return None


def read_pages(root: FsPath, settings: Settings) -> tuple[list[MarkdownPage], list[Finding]]:
    """The site's own Markdown pages, whose `[[id]]` links the rules check too, and a finding
    for every file under docs/ that no generator may publish (see docs_tree)."""
    docs = root / settings.docs_dir
    files, findings = scan_tree(docs, Forbidden.of(root, settings.strategy_dir))
    pages: list[MarkdownPage] = []
    rendered = {path.parent for path in files if path.name == INDEX_NAME}
    for path in files:
        if path.suffix != ".md":
            continue
        if rendered and any(folder in path.parents for folder in rendered):
            continue  # pages `sst render` wrote: the strategy itself, checked as such
        rel = path.relative_to(root).as_posix()
        try:
            if path.stat().st_size > settings.max_file_size:
                continue  # the site generator decides what to do with these; we only read links
            page = page_of(rel, path.read_bytes())
        except OSError as error:
            findings.append(finding("SST001", Place(rel), f"cannot read the page: "
                                                          f"{error.strerror}"))
            continue
        if isinstance(page, MarkdownPage):
            pages.append(page)
        else:
            findings.append(page)
    return pages, findings


def page_of(rel: str, raw: bytes) -> MarkdownPage | Finding:
    """A page of the site as text, or the finding that it is not UTF-8."""
    try:
        return MarkdownPage(rel, raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return finding("SST001", Place(rel), "the page is not UTF-8: save it as UTF-8")
