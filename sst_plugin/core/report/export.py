"""The resolved model for people who live in spreadsheets: JSON, or one CSV per kind."""

from __future__ import annotations

import csv
import dataclasses
import io
import zipfile
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from ..health.audience import Audience, may_see
from ..health.execution import execution_score
from ..health.health import Health
from ..health.history import StatusHistory, status_history
from ..language import Language
from ..model.model import Battle, Entity, Goal, Model, Retro
from ..read.config import Settings
from ..render import words
from ..text import utf8_text
from .formats import as_json_text

KIND_ORDER = ("goal", "kpi", "path", "battle", "tactic", "risk", "person", "team")
# lists of records that become their own table in CSV: (kind, field) → table name
CHILD_TABLES = {("kpi", "measurements"): "kpi_measurements", ("goal", "milestones"):
                "goal_milestones", ("tactic", "actions"): "tactic_actions",
                ("battle", "reviews"): "battle_reviews", ("tactic", "reviews"): "tactic_reviews",
                ("goal", "checkins"): "goal_checkins", ("battle", "checkins"): "battle_checkins",
                ("goal", "history"): "goal_history",
                ("retro", "results"): "retro_results"}


def _plain(value: Any) -> Any:
    """Dataclasses, tuples and dates as JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name not in ("source", "index")}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value


def _health(health: Health | None) -> dict[str, Any] | None:
    if health is None:
        return None
    return {"status": health.status, "progress": health.progress, "expected": health.expected,
            "baseline": health.baseline, "target": health.target, "current": health.current,
            "measured_on": health.measured_on.isoformat() if health.measured_on else None}


def exported(model: Model, settings: Settings, root: Path | None = None
             ) -> dict[str, list[dict[str, Any]]]:
    """Every entity this audience may see, with its file, health and resolved relations; what
    it borrows from a hidden entity (an ID, a KPI's values) reads "restricted", as on the site.
    A goal's `history` is read from ROOT's git record where there is one (spec §8)."""
    audience = Audience(model, settings)
    history: StatusHistory = status_history(model, settings, root)
    tables: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KIND_ORDER}

    def ids(entities: Iterable[Entity]) -> list[str]:
        return [e.id for e in audience.visible(entities)]

    for entity in audience.visible(model.entities.values()):
        row = {"id": entity.id, "kind": entity.kind, **audience.redact(_plain(entity)),
               "file": entity.source.file}
        row.pop("body", None)
        if entity.body.strip():
            row["narrative"] = audience.narrative(entity.body.strip())
        if isinstance(entity, Goal):
            row["health"] = _health(audience.health(entity))
            row["history"] = [point.as_dict() for point in history.of(entity.id)]
            row["battles"] = ids(model.battles_of(entity))
            row["children"] = ids(model.children_of(entity))
        elif isinstance(entity, Battle):
            row["health"] = _health(audience.health(entity))
            row["tactics"] = ids(model.tactics_of(entity))
        elif isinstance(entity, Retro):  # a result kept its goal's audience (spec §6)
            row["results"] = [r for r in row["results"]
                              if may_see(r["visibility"], audience.name)]
        # retrospectives only where some are written: an export without any keeps its tables
        tables.setdefault(entity.kind, []).append(row)
    return tables


def labels(language: Language) -> dict[str, dict[str, str]]:
    """The words for the values the export writes as slugs (`on-track`, `customer-ops`), in
    LANGUAGE: what `--lang` adds, so that a spreadsheet can show words while the data keeps
    the stable slugs."""
    tables = {"status": words.STATES, "category": words.CATEGORIES, "approach": words.APPROACHES,
              "kind": words.KINDS, "direction": words.DIRECTIONS, "type": words.KPI_TYPES,
              "frequency": words.FREQUENCIES}
    show = {"status": words.state, "category": words.category, "approach": words.approach,
            "kind": words.kind, "direction": words.direction, "type": words.kpi_type,
            "frequency": words.frequency}
    return {name: {slug: show[name](slug, language) for slug in table}
            for name, table in tables.items()}


def as_json(model: Model, settings: Settings, language: Language | None = None,
            root: Path | None = None) -> str:
    document = {"as_of": settings.as_of.isoformat(), "audience": settings.audience,
                # a scenario's trigger KPI may be hidden from this audience: "restricted"
                "strategy": Audience(model, settings).redact(_plain(model.strategy))
                if model.strategy else None,
                "execution": execution_score(model, settings.as_of, settings.audience).as_dict(),
                **{f"{kind}s" if kind != "person" else "people": rows
                   for kind, rows in exported(model, settings, root).items()}}
    if language is not None:  # asked for with --lang: the slugs' words, the data unchanged
        document["language"] = language.requested
        document["labels"] = labels(language)
    return as_json_text(document)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    text = str(value)
    # a cell that a spreadsheet would run as a formula is kept as text
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _number(text) \
        else text


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def csv_tables(model: Model, settings: Settings, language: Language | None = None,
               root: Path | None = None) -> dict[str, str]:
    """File name → CSV text: one table per kind, and one per list of records; with a
    LANGUAGE, labels.csv too: the word for each slug the tables hold."""
    tables: dict[str, list[dict[str, Any]]] = {}
    if language is not None:
        tables["labels"] = [{"field": field, "value": slug, "label": word}
                            for field, table in labels(language).items()
                            for slug, word in table.items()]
    score = execution_score(model, settings.as_of, settings.audience)
    tables["execution"] = [{"measure": name, **counts} for name, counts in score.as_dict().items()]
    for kind, rows in exported(model, settings, root).items():
        main = []
        for row in rows:
            row = dict(row)
            for (owner_kind, field), table in CHILD_TABLES.items():
                if owner_kind == kind and field in row:
                    for item in row.pop(field) or ():
                        tables.setdefault(table, []).append({kind: row["id"], **_flatten(item)})
            main.append(_flatten(row))
        tables[f"{kind}s" if kind != "person" else "people"] = main
    files = {}
    for name, rows in tables.items():
        columns: dict[str, None] = {}
        for row in rows:
            columns.update(dict.fromkeys(row))
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(v) for k, v in row.items()})
        files[f"{name}.csv"] = utf8_text(buffer.getvalue())
    return files


def csv_zip(model: Model, settings: Settings, language: Language | None = None,
            root: Path | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in sorted(csv_tables(model, settings, language, root).items()):
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))  # reproducible bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
    return buffer.getvalue()
