"""Findings as text, JSON, GitHub workflow commands and SARIF 2.1.0."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from urllib.parse import quote

from ... import __version__
from ..codes import Rule, manual_url, rule_table
from ..findings import Finding
from ..rules.manual import sarif_help
from ..text import CONTROLS as _CONTROLS
from ..text import spelled as _spelled

_COLOURS = {"error": "\033[31m", "warning": "\033[33m"}
_BOLD, _RESET = "\033[1m", "\033[0m"
_CONTROLS_BUT_NEWLINES = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_SURROGATES = re.compile("[\ud800-\udfff]")
# the GitHub runner obeys its legacy `##[command]` anywhere in a line of a step's output
_LEGACY_COMMAND = "##["


def as_json_text(document: object) -> str:
    """JSON that is valid UTF-8 whatever a file name holds: json.dumps keeps a lone surrogate
    as it is with ensure_ascii=False (unwritable) or writes `\\udce9` (which strict parsers
    refuse); here the name reads `goal-\\xe9.yaml`, as in text output."""
    text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)
    # a surrogate can only stand inside a JSON string: its spelling's backslash is escaped
    return _SURROGATES.sub(lambda match: "\\" + _spelled(match), text) + "\n"


def one_line(text: str) -> str:
    """Text that stays on its line and commands nothing: a file name or a message holds what its
    author wrote, and a CI log obeys workflow commands in what a step prints."""
    return _CONTROLS.sub(_spelled, text).replace(_LEGACY_COMMAND, "#%23[")


def text_line(found: Finding, colour: bool = False) -> str:
    """`strategy/goals/x.yaml:12:5: error SST005 message`, as compilers write it: one finding,
    one line, whatever the file's name or the message holds."""
    where = one_line(str(found.place)) if found.place else "strategy"
    severity: str = found.severity
    if colour:
        severity = f"{_COLOURS.get(severity, '')}{severity}{_RESET}"
        where = f"{_BOLD}{where}{_RESET}"
    return f"{where}: {severity} {found.code} {one_line(found.message)}"


def summary(findings: Sequence[Finding], files: int) -> str:
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    if not findings:
        return f"No findings: {checked}."
    return (f"{errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}: {checked}.")


def as_text(findings: Sequence[Finding], files: int, colour: bool = False) -> str:
    lines = [text_line(f, colour) for f in findings]
    lines.append(summary(findings, files))
    return "\n".join(lines) + "\n"


def as_json(findings: Sequence[Finding]) -> str:
    document = {
        "findings": [
            {
                "code": f.code,
                "severity": f.severity,
                "file": f.place.file if f.place else None,
                "line": f.place.line if f.place else None,
                "column": f.place.column if f.place else None,
                "message": f.message,
            }
            for f in findings
        ],
        "errors": sum(1 for f in findings if f.severity == "error"),
        "warnings": sum(1 for f in findings if f.severity == "warning"),
    }
    return as_json_text(document)


def _escape_data(text: str) -> str:
    """GitHub's escapes for a workflow command's data; other controls spelled out, as in text."""
    text = _CONTROLS_BUT_NEWLINES.sub(_spelled, text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(findings: Sequence[Finding], files: int) -> str:
    """Annotations, plus every finding as a plain log line (GitHub shows only 10 of each)."""
    lines = [text_line(f) for f in findings]
    for found in findings:
        properties = []
        if found.place:
            properties.append(f"file={_escape_property(found.place.file)}")
            if found.place.line is not None:
                properties.append(f"line={found.place.line}")
            if found.place.column is not None:
                properties.append(f"col={found.place.column}")
        title = f"{found.code} {rule_table()[found.code].summary}"
        properties.append(f"title={_escape_property(title)}")
        command = "error" if found.severity == "error" else "warning"
        lines.append(f"::{command} {','.join(properties)}::{_escape_data(found.message)}")
    lines.append(summary(findings, files))
    return "\n".join(lines) + "\n"


def sarif_rule(rule: Rule) -> dict[str, object]:
    """A SARIF reportingDescriptor: what code-scanning tools show beside each finding."""
    help_text = sarif_help(rule)
    descriptor: dict[str, object] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.section("What it finds")},
        "help": {"text": help_text, "markdown": help_text},
        "defaultConfiguration": {"level": rule.severity},
    }
    url = manual_url(rule.code)
    if url:  # an absolute URI or nothing (SARIF 2.1.0 §3.49.12); help carries the page anyway
        descriptor["helpUri"] = url
    return descriptor


def as_sarif(findings: Sequence[Finding]) -> str:
    table = rule_table()
    codes = list(table)
    rules = [sarif_rule(rule) for rule in table.values()]
    results = []
    for found in findings:
        result: dict[str, object] = {
            "ruleId": found.code,
            "ruleIndex": codes.index(found.code),
            "level": "error" if found.severity == "error" else "warning",
            "message": {"text": found.message},
        }
        if found.place:
            # a URI reference: a name with a space, `#`, `%` or a newline is percent-encoded
            uri = quote(found.place.file, safe="/", errors="surrogateescape")
            physical: dict[str, object] = {
                "artifactLocation": {"uri": uri, "uriBaseId": "ROOT"}}
            if found.place.line is not None:
                region: dict[str, int] = {"startLine": found.place.line}
                if found.place.column is not None:
                    region["startColumn"] = found.place.column
                physical["region"] = region
            result["locations"] = [{"physicalLocation": physical}]
        results.append(result)
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "sst", "version": __version__, "rules": rules}},
            "originalUriBaseIds": {"ROOT": {"description": {"text": "the repository root"}}},
            "results": results,
        }],
    }
    return as_json_text(document)


# a formatter: the findings, how many files were checked, and whether to colour (a terminal)
Formatter = Callable[[Sequence[Finding], int, bool], str]
# name → formatter: both the choices of `sst check --format` and the dispatch
FORMATTERS: dict[str, Formatter] = {
    "text": as_text,
    "json": lambda findings, files, colour: as_json(findings),
    "github": lambda findings, files, colour: as_github(findings, files),
    "sarif": lambda findings, files, colour: as_sarif(findings),
}
FORMATS = tuple(FORMATTERS)


def format_findings(findings: Sequence[Finding], fmt: str, files: int,
                    colour: bool = False) -> str:
    return FORMATTERS[fmt](findings, files, colour)
