"""A strategy diff as Markdown (for a pull request's job summary) and as JSON."""

from __future__ import annotations

from typing import Any

from ..findings import Finding
from ..report.formats import as_json_text, one_line, text_line
from ..text import inline, visible
from .diff import KIND_TITLES, EntityDiff, StrategyDiff


def _name(entry: EntityDiff) -> str:
    # an ID is a file's name: a newline or an escape sequence in it stays visible as such
    return (f"{KIND_TITLES.get(entry.kind, entry.kind)} **{inline(entry.title)}** "
            f"(`{one_line(entry.id)}`)")


def _findings(title: str, findings: tuple[Finding, ...]) -> list[str]:
    """Compiler lines in a text block: messages quote IDs in backticks of their own."""
    if not findings:
        return []
    fence = "````"  # longer than any run of backticks a message holds
    return [title, "", f"{fence}text", *(text_line(f) for f in findings), fence, ""]


def as_markdown(diff: StrategyDiff, base: str, head: str) -> str:
    lines = [f"## Strategy changes: `{base}` → `{head}`", ""]
    if diff.empty:
        return "\n".join([*lines, "No change to the strategy.", ""])
    sections: list[tuple[str, list[str]]] = [
        ("Added", [f"- {_name(e)}" for e in diff.added]),
        ("Removed", [f"- {_name(e)}" for e in diff.removed]),
        ("Renamed", [f"- {_name(e)}, was `{one_line(e.old_id or '')}`"
                     + "".join(f"\n    - {inline(c.text)}" for c in e.changes)
                     for e in diff.renamed]),
    ]
    for title, entries in sections:
        if entries:
            lines += [f"### {title}", "", *entries, ""]
    if diff.changed:
        lines += ["### Changed", ""]
        for entry in diff.changed:
            lines += [f"- {_name(entry)}", *(f"    - {inline(c.text)}" for c in entry.changes)]
        lines.append("")
    if diff.suspects:
        lines += ["### To review", "",
                  "These depend on something this change moved; their owners should check them.",
                  ""]
        for suspect in diff.suspects:
            lines.append(f"- {KIND_TITLES[suspect.kind]} **{inline(suspect.title)}** "
                         f"(`{one_line(suspect.id)}`), owner {inline(suspect.owner_name)}: "
                         + "; ".join(inline(r) for r in suspect.reasons))
        lines.append("")
    if diff.health:
        lines += ["### Health", ""]
        lines += [f"- {KIND_TITLES[h.kind]} **{inline(h.title)}**: {h.before.replace('-', ' ')} "
                  f"→ {h.after.replace('-', ' ')}" for h in diff.health]
        lines.append("")
    if diff.introduced or diff.resolved:
        lines += ["### Findings", ""]
        lines += _findings("Introduced by this change:", diff.introduced)
        lines += _findings("Resolved by this change:", diff.resolved)
    # a title in double quotes can hold `\e`: the report is read in terminals too
    return "\n".join(visible(line) for line in "\n".join(lines).split("\n"))


def _entity(entry: EntityDiff) -> dict[str, Any]:
    found: dict[str, Any] = {"kind": entry.kind, "id": entry.id, "title": entry.title}
    if entry.old_id is not None:
        found["old_id"] = entry.old_id
    if entry.changes:
        found["changes"] = [{"field": c.field, "before": c.before, "after": c.after,
                             "text": c.text} for c in entry.changes]
    return found


def _finding_json(found: Finding) -> dict[str, Any]:
    return {"code": found.code, "severity": found.severity,
            "file": found.place.file if found.place else None,
            "line": found.place.line if found.place else None, "message": found.message}


def as_json(diff: StrategyDiff, base: str, head: str) -> str:
    document = {
        "base": base, "head": head, "empty": diff.empty,
        "added": [_entity(e) for e in diff.added],
        "removed": [_entity(e) for e in diff.removed],
        "renamed": [_entity(e) for e in diff.renamed],
        "changed": [_entity(e) for e in diff.changed],
        "health": [{"kind": h.kind, "id": h.id, "title": h.title, "before": h.before,
                    "after": h.after} for h in diff.health],
        "findings": {"introduced": [_finding_json(f) for f in diff.introduced],
                     "resolved": [_finding_json(f) for f in diff.resolved]},
        "suspects": [{"kind": s.kind, "id": s.id, "title": s.title, "owner": s.owner,
                      "owner_name": s.owner_name, "reasons": list(s.reasons)}
                     for s in diff.suspects],
    }
    return as_json_text(document)
