"""Golden tests of `sst diff`: what a change means, as plain functions over two folders.

Each folder under tests/data/diff/ is one case:

- `case.yml` says what the files were before and after, as changes to the small strategy in
  tests/data/small/ (see `apply`), and optionally which `audience` reads the diff;
- `expected.md` is the Markdown `sst diff` prints (a pull request's job summary);
- `expected.json` is what `sst diff --format json` prints.

No git is involved: both sides are written into temporary folders, checked with `check_tree`, and
compared with `diff_results`, the same calls `sst diff` makes after reading two revisions.
`SST_UPDATE_GOLDEN=1 pytest tests/test_diff_golden.py` writes the expected files anew
(tests/golden.py); read their diff before committing it. To add a case, make a folder with its
case.yml, run that command, and read what it wrote.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from golden import AS_OF, DATA, SMALL, compare, leaked

from sst_plugin.core.change.diff import diff_results
from sst_plugin.core.change.diff_report import as_json, as_markdown
from sst_plugin.core.read.config import Settings
from sst_plugin.core.rules.check import check_tree

CASES = DATA / "diff"
SIDES = ("before", "after")


def apply(root: Path, changes: dict[str, Any] | None, case: str) -> None:
    """Change the copy of the small strategy at ROOT. Each key is a path relative to the
    repository; its value is the file's whole text (a string), `null` (the file is absent), or
    a list of `[old, new]` pairs, each replacing one exact piece of the small strategy's text."""
    for rel, change in (changes or {}).items():
        path = root / rel
        if change is None:
            assert path.is_file(), f"{case}: {rel} is not in the small strategy: nothing to remove"
            path.unlink()
        elif isinstance(change, str):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(change, encoding="utf-8")
        else:
            text = path.read_text(encoding="utf-8")
            for old, new in change:
                assert old in text, f"{case}: {old!r} is not in {rel}"
                text = text.replace(old, new, 1)
            path.write_text(text, encoding="utf-8")


def read_case(case: Path) -> dict[str, Any]:
    spec = yaml.safe_load((case / "case.yml").read_text(encoding="utf-8")) or {}
    unknown = set(spec) - {*SIDES, "audience"}
    assert not unknown, f"{case.name}/case.yml: unknown keys {sorted(unknown)}"
    return spec


def outputs(case: Path, spec: dict[str, Any], tmp_path: Path) -> dict[str, str]:
    """The Markdown and JSON of the case's diff, by the name of the file that holds each."""
    settings = Settings(as_of=AS_OF, audience=spec.get("audience"))
    results = []
    for side in SIDES:
        root = tmp_path / side
        shutil.copytree(SMALL, root)
        apply(root, spec.get(side), case.name)
        results.append(check_tree(root, settings))
    diff = diff_results(*results, settings)
    return {"expected.md": as_markdown(diff, *SIDES), "expected.json": as_json(diff, *SIDES)}


def case_folders() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if (p / "case.yml").is_file())


@pytest.mark.parametrize("case", case_folders(), ids=lambda p: p.name)
def test_diff_golden(case: Path, tmp_path: Path) -> None:
    spec = read_case(case)
    for name, text in outputs(case, spec, tmp_path).items():
        compare(case / name, text)
        if spec.get("audience") is None:  # everyone's diff never names what leadership sees
            assert leaked(text) == [], f"{case.name}/{name}"


def test_the_small_strategy_is_clean_for_every_audience() -> None:
    """The cases' findings are then all of their own making."""
    for audience in (None, "leadership"):
        result = check_tree(SMALL, Settings(as_of=AS_OF, audience=audience))
        assert result.findings == ()


def test_every_case_folder_is_a_case() -> None:
    """A folder without case.yml (a typo, a half-made case) would be skipped without a word."""
    assert [p.name for p in CASES.iterdir() if p.is_dir() and p not in case_folders()] == []
