"""Property-based: generated and mutated files give findings, never an exception."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from conftest import REPO, check
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sst_plugin.core.codes import rule_table
from sst_plugin.core.findings import Finding
from sst_plugin.core.read.load import load_file
from sst_plugin.core.read.schema import validate
from sst_plugin.core.read.yaml_values import read_yaml

EXAMPLE_FILES = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "strategy").rglob("*")
                       if p.is_file())
YAML_ALPHABET = st.sampled_from(list(":-[]{}&*!|>'\"#%@`, \n\t?~0123456789abcyYnN.\ufeff\x00é"))


def assert_well_formed(findings: list[Finding] | tuple[Finding, ...]) -> None:
    for found in findings:
        assert found.code in rule_table()
        assert found.severity in ("error", "warning")
        assert found.message and "\n" not in found.message[:1]
        if found.place is not None and found.place.line is not None:
            assert found.place.line >= 1
            assert found.place.column is None or found.place.column >= 1


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(max_size=20), st.dates().map(str))
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.one_of(st.text(max_size=12), st.integers(), st.booleans()), children, max_size=4),
    max_leaves=25)
kinds = st.sampled_from(["goal", "kpi", "path", "battle", "tactic", "risk", "strategy", "people"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=values, kind=kinds)
def test_generated_yaml_documents(value: Any, kind: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.yaml"
        path.write_text(yaml.safe_dump(value, allow_unicode=True), encoding="utf-8")
        document, findings = load_file(path, "x.yaml", kind, Path(folder))
        if document.data is not None:
            findings += validate(document)
        assert_well_formed(findings)


@settings(max_examples=300, deadline=None)
@given(raw=st.binary(max_size=300), suffix=st.sampled_from([".yaml", ".md"]))
def test_arbitrary_bytes(raw: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"x{suffix}"
        path.write_bytes(raw)
        _, findings = load_file(path, path.name, "goal", Path(folder))
        assert_well_formed(findings)


@st.composite
def mutated_example(draw: st.DrawFn) -> tuple[str, str]:
    rel = draw(st.sampled_from(EXAMPLE_FILES))
    text = (REPO / rel).read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 3))):
        lines = text.splitlines(keepends=True)
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "repeat", "insert", "truncate", "indent"]))
        if action == "drop":
            del lines[index]
        elif action == "repeat":
            lines.insert(index, lines[index])
        elif action == "indent":
            lines[index] = "  " + lines[index]
        elif action == "truncate":
            lines = lines[:index]
        else:
            line = lines[index]
            at = draw(st.integers(0, len(line)))
            noise = "".join(draw(st.lists(YAML_ALPHABET, min_size=1, max_size=4)))
            lines[index] = line[:at] + noise + line[at:]
        text = "".join(lines)
    return rel, text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutation=mutated_example())
def test_mutated_example_strategy(mutation: tuple[str, str]) -> None:
    rel, text = mutation
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(REPO / "strategy", root / "strategy")
        (root / rel).write_text(text, encoding="utf-8")
        result = check(root)
        assert_well_formed(result.findings)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=values, kind=kinds)
def test_fast_and_full_validators_agree(value: Any, kind: str) -> None:
    """fastjsonschema confirms valid files; jsonschema explains invalid ones: same verdict."""
    import fastjsonschema

    from sst_plugin.core.read.schema import fast_check_for, validator_for

    try:
        fast_check_for(kind)(value)
        fast_valid = True
    except fastjsonschema.JsonSchemaException:
        fast_valid = False
    assert fast_valid == validator_for(kind).is_valid(value)


@st.composite
def nearly_valid_goals(draw: st.DrawFn) -> dict[str, Any]:
    """A valid goal with one field changed: where the two validators could disagree."""
    goal: dict[str, Any] = {"title": "Grow", "category": "revenue", "kpi": "sales",
                            "baseline": 1, "target": 2, "deadline": "2026-12-31",
                            "owner": "ann", "milestones": [{"date": "2026-06-30", "target": 1.5}]}
    field = draw(st.sampled_from([*goal, "breakthrough", "parent", "start", "tags", "extra"]))
    goal[field] = draw(st.one_of(scalars, st.lists(scalars, max_size=2),
                                 st.sampled_from(["2026-02-30", "2026-1-1", "2026-12-31\n",
                                                  "Sales", "a--b", "", "٢٠٢٦-01-01"])))
    return goal


@settings(max_examples=300, deadline=None)
@given(goal=nearly_valid_goals())
def test_validators_agree_near_the_boundary(goal: dict[str, Any]) -> None:
    import fastjsonschema

    from sst_plugin.core.read.schema import fast_check_for, validator_for

    try:
        fast_check_for("goal")(goal)
        fast_valid = True
    except fastjsonschema.JsonSchemaException:
        fast_valid = False
    assert fast_valid == validator_for("goal").is_valid(goal)


yaml_texts = st.one_of(
    values.map(lambda v: yaml.safe_dump(v, allow_unicode=True)),
    st.text(YAML_ALPHABET, max_size=120),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=yaml_texts)
def test_reading_without_places_gives_the_same_values_and_findings(text: str) -> None:
    """The quick read (values only) and the located one agree on every text, hostile or not;
    whatever the quick read finds, it hands over to the located read for its places."""
    quick = read_yaml(text, "x.yaml", located=False)
    full = read_yaml(text, "x.yaml")
    assert quick.data == full.data
    assert quick.findings == full.findings
    assert quick.readable == full.readable

