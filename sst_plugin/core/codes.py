"""The one table of rule codes: default severity and what each finding means."""

from __future__ import annotations

from typing import Final, Literal

Severity = Literal["error", "warning", "off"]
SEVERITIES: Final = ("error", "warning", "off")

# code -> (default severity, one-line summary); the spec's §4 table, in order
CODES: Final[dict[str, tuple[Severity, str]]] = {
    "SST001": ("error", "file cannot be read"),
    "SST002": ("error", "schema violation"),
    "SST003": ("error", "duplicate ID"),
    "SST004": ("error", "invalid ID"),
    "SST005": ("error", "reference to an unknown ID"),
    "SST006": ("error", "reference to an entity of the wrong kind"),
    "SST007": ("error", "[[id]] in Markdown names an unknown ID"),
    "SST008": ("error", "a YAML mapping repeats a key"),
    "SST010": ("error", "more than one breakthrough goal"),
    "SST011": ("error", "too many selected paths"),
    "SST012": ("error", "too many battles overlap the strategy period"),
    "SST013": ("error", "dates out of order"),
    "SST014": ("error", "a battle follows a path that is not selected"),
    "SST015": ("error", "the goal cascade forms a cycle"),
    "SST016": ("error", "a goal milestone lies outside the goal's start and deadline"),
    "SST020": ("warning", "a goal no battle serves"),
    "SST021": ("warning", "a battle with no tactics"),
    "SST022": ("warning", "a KPI with no measurements"),
    "SST023": ("warning", "a KPI whose latest measurement is stale"),
    "SST024": ("warning", "no breakthrough goal"),
    "SST025": ("warning", "a battle or goal deadline outside the strategy period"),
    "SST026": ("warning", "a tactic dated outside its battle"),
    "SST027": ("warning", "an active battle with no recent review"),
    "SST028": ("warning", "a visible entity requires a restricted one"),
    "SST029": ("warning", "a KPI measured in the future"),
    "SST030": ("warning", "the committed CODEOWNERS is out of date"),
}


def default_severity(code: str) -> Severity:
    return CODES[code][0]
