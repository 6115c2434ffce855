"""The schemas: valid draft 2020-12, helpful in editors, and shipped as the very same files."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, check, edit, findings
from conftest import where as places
from jsonschema import Draft202012Validator

from sst_plugin.core.read.schema import KINDS, schema_dir

SCHEMAS = sorted((REPO / "schemas").glob("*.schema.json"))


def test_one_schema_per_kind() -> None:
    assert sorted(p.name for p in SCHEMAS) == sorted(f"{kind}.schema.json" for kind in KINDS)


def _objects(schema: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(schema, dict):
        if schema.get("type") == "object":
            yield path, schema
        for key, value in schema.items():
            yield from _objects(value, f"{path}/{key}")
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            yield from _objects(value, f"{path}/{index}")


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_strict_and_documented(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for where, obj in _objects(schema):
        if "properties" not in obj:
            continue
        assert obj.get("additionalProperties") is False, f"{path.name}{where}"
        for name, prop in obj["properties"].items():
            documented = "description" in prop or (
                "$ref" in prop and "description" in schema["$defs"][prop["$ref"].split("/")[-1]])
            assert documented, f"{path.name}{where}/{name} has no description"
    assert "\\d" not in path.read_text(encoding="utf-8")  # \d matches non-ASCII digits


def test_the_loader_reads_the_repository_schemas() -> None:
    assert schema_dir() == REPO / "schemas"


def test_the_wheel_carries_the_same_schema_files(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(REPO)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    wheel = next(tmp_path.glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        for schema in SCHEMAS:
            assert archive.read(f"sst_plugin/schemas/{schema.name}") == schema.read_bytes()


def test_every_yaml_file_of_the_example_names_its_schema() -> None:
    for path in (REPO / "strategy").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target.is_file(), path
        kind = target.name.split(".")[0]
        assert kind in KINDS


@pytest.mark.parametrize("code", ["EUR", "CNY", "USD"])
def test_a_currency_is_an_iso_4217_code(repo: Path, code: str) -> None:
    edit(repo, "strategy/strategy.yaml", "audiences:", f"currency: {code}\naudiences:")
    result = check(repo)
    assert list(result.findings) == []
    assert result.model.strategy is not None and result.model.strategy.currency == code


@pytest.mark.parametrize("written", ["eur", "EURO", "€", "'12'", '"EUR\\n"'])
def test_a_currency_that_is_no_code_says_what_to_write(repo: Path, written: str) -> None:
    edit(repo, "strategy/strategy.yaml", "audiences:", f"currency: {written}\naudiences:")
    found = findings(repo)
    assert places(found) == [("SST002", "strategy/strategy.yaml", 15, 11)]
    assert "`currency` must be the ISO 4217 code" in found[0].message
    assert "such as EUR or CNY" in found[0].message


def test_the_currency_is_documented_for_editors() -> None:
    schema = json.loads((REPO / "schemas/strategy.schema.json").read_text(encoding="utf-8"))
    currency = schema["properties"]["currency"]
    assert "ISO 4217" in currency["description"] and "budget" in currency["description"]
    assert "currency" not in schema["required"]
