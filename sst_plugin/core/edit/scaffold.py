"""New entity files with every required field explained, and starter strategy repositories."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ..model.ids import MAX_ID_LENGTH, is_valid_id
from ..read.atomic import WouldOverwrite, write_new
from ..read.config import ConfigError
from ..read.load import KIND_FOLDERS
from .checkin_form import starter_checkin_files
from .digest_workflow import DIGEST_WORKFLOW, digest_workflow_text
from .editor_schemas import SCHEMA_FOLDER, vscode_files
from .starter import DEFAULT_LANGUAGE, starter_strategy, starter_texts
from .workflow_steps import WORKFLOW_ACTIONS, setup_steps

KIND_OF_FOLDER = {kind: folder for folder, kind in KIND_FOLDERS.items()}
PLACEHOLDER = "TODO"
STRATEGY_DIR = "strategy"  # where sst init writes the starter

# each kind's file: required fields first, each with a comment that says what to write; the
# comments are the starter's words (starters/<lang>.yaml), in the repository's language
TEMPLATES = {
    "goal": """\
title: {title}  # {n_goal_title}
category: {TODO}  # {c_category}
kpi: {TODO}  # {c_goal_kpi}
baseline: {TODO}  # {c_baseline}
target: {TODO}  # {c_target}
deadline: {period_end}  # {c_deadline}
owner: {TODO}  # {c_goal_owner}
breakthrough: false  # {c_breakthrough}
# parent: another-goal  # {c_parent}
# {c_milestones}
# milestones:
#   - date: {period_end}
#     target: 0
""",
    "kpi": """\
title: {title}  # {n_kpi_title}
unit: {TODO}  # {c_unit}
direction: increase  # {c_direction}
type: lagging  # {c_type}
frequency: monthly  # {c_frequency}
owner: {TODO}  # {c_kpi_owner}
# source: {c_source}
measurements: []  # {c_measurements}
""",
    "path": """\
title: {title}  # {n_path_title}
status: candidate  # {c_path_status}
approach: other  # {c_approach}
goals: []  # {c_path_goals}
resources:  # {c_resources}
  people: 0
  budget: 0
  months: 0
# expected_return: {c_expected_return}
# rejection_reason: {c_rejection_reason}
""",
    "battle": """\
title: {title}  # {n_battle_title}
# {c_objective}
objective: {TODO}
kpi: {TODO}  # {c_battle_kpi}
target: {TODO}  # {c_battle_target}
start: {today}  # {c_start}
end: {in_90_days}  # {c_end}
goals: [{TODO}]  # {c_battle_goals}
path: {TODO}  # {c_battle_path}
# {c_significance}
significance: {TODO}
owner: {TODO}  # {c_battle_owner}
status: planned  # {c_battle_status}
review_cadence: biweekly  # {c_review_cadence}
reviews: []  # {c_reviews}
""",
    "tactic": """\
title: {title}  # {n_tactic_title}
battle: {TODO}  # {c_tactic_battle}
category: {TODO}  # {c_tactic_category}
owner: {TODO}  # {c_tactic_owner}
# {c_win_criteria}
win_criteria: {TODO}
status: todo  # {c_tactic_status}
actions:  # {c_actions}
  - action: {TODO}
    owner: {TODO}
    due: {in_30_days}
    measure: {TODO}
""",
    "risk": """\
title: {title}  # {n_risk_title}
likelihood: 3  # {c_likelihood}
impact: 3  # {c_impact}
owner: {TODO}  # {c_risk_owner}
# {c_mitigation}
mitigation: {TODO}
threatens: []  # {c_threatens}
""",
}


@dataclass(frozen=True)
class NewFile:
    path: Path
    placeholders: tuple[str, ...]  # the fields still reading TODO


def new_entity(root: Path, strategy_dir: str, kind: str, entity_id: str, title: str | None,
               markdown: bool = False, today: date | None = None,
               period_end: date | None = None, lang: str = DEFAULT_LANGUAGE) -> NewFile:
    """Write a new entity file, its comments in LANG; refuses an invalid ID and an existing
    file."""
    if kind not in TEMPLATES:
        raise ConfigError(f"unknown kind `{kind}`: use one of {', '.join(TEMPLATES)}")
    if not is_valid_id(entity_id):
        raise ConfigError(f"`{entity_id}` is not a valid ID: lower-case words joined by "
                          f"hyphens, at most {MAX_ID_LENGTH} characters")
    folder = root / strategy_dir / KIND_OF_FOLDER[kind]
    existing = [p for p in folder.rglob(f"{entity_id}.*") if p.suffix in (".yaml", ".yml", ".md")]
    if existing:
        raise ConfigError(f"{existing[0].relative_to(root).as_posix()} exists already: "
                          "SST never overwrites a file")
    today = today or date.today()
    fields = TEMPLATES[kind].format(
        **starter_texts(lang), title=_yaml_text(title) if title else PLACEHOLDER, TODO=PLACEHOLDER,
        today=today.isoformat(), in_30_days=(today + timedelta(days=30)).isoformat(),
        in_90_days=(today + timedelta(days=90)).isoformat(),
        period_end=(period_end or date(today.year, 12, 31)).isoformat())
    path = folder / f"{entity_id}.{'md' if markdown else 'yaml'}"
    schema_line = _schema_line(root, path, kind)
    if markdown:
        text = f"---\n{fields}---\n{starter_texts(lang)['new_body']}"
    else:
        text = f"{schema_line}{fields}" if schema_line else fields
    placeholders = tuple(dict.fromkeys(
        line.split(":")[0].strip(" -") for line in fields.splitlines()
        if re.search(rf"(:|\[) ?{PLACEHOLDER}\b", line) and not line.lstrip().startswith("#")))
    try:
        write_new(path, text)
    except WouldOverwrite:
        raise ConfigError(f"{path}: exists already: SST never overwrites a file") from None
    return NewFile(path, placeholders)


def _yaml_text(text: str) -> str:
    """A title as a YAML double-quoted scalar: safe whatever it holds."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _schema_line(root: Path, path: Path, kind: str) -> str:
    """The editor's schema line, pointing at the repository's own schemas (.sst/schemas, else
    a copy of the package's in schemas/) when it has them."""
    for folder in (root / SCHEMA_FOLDER, root / "schemas"):
        if (folder / f"{kind}.schema.json").is_file():
            relative = os.path.relpath(folder / f"{kind}.schema.json", path.parent)
            return f"# yaml-language-server: $schema={Path(relative).as_posix()}\n"
    return ""


def starter_files(today: date, lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """A small strategy repository, in LANG, that passes `sst check` and `mkdocs build --strict`."""
    files = starter_strategy(today, lang)
    files[".github/workflows/strategy.yml"] = workflow_text(
        install="pip install -r requirements.txt")
    files.update(starter_checkin_files(files, install="pip install -r requirements.txt"))
    files[DIGEST_WORKFLOW] = digest_workflow_text(install="pip install -r requirements.txt")
    files[".gitignore"] = GITIGNORE
    # VS Code's YAML extension, each file kind mapped to its schema in .sst/schemas (which
    # editor_schemas.add_schemas writes once the starter's IDs are there)
    files.update(vscode_files())
    return files


# what a build and a local install write: never committed
GITIGNORE = """\
site/
.cache/
__pycache__/
.venv/
"""


@dataclass(frozen=True)
class Initialised:
    added: tuple[str, ...]  # the files written, relative to the repository
    left: tuple[str, ...]  # the starter's files that existed already, left as they were


def init_repository(target: Path, today: date | None = None,
                    lang: str = DEFAULT_LANGUAGE) -> Initialised:
    """Write the starter files, in LANG, into TARGET; a file that exists is left as it is.
    Refuses, before writing, a strategy/ that holds files. (The editor schemas, which need the
    check, come after: editor_schemas.add_schemas.)"""
    today = today or date.today()
    strategy = target / STRATEGY_DIR
    held = sorted(p for p in strategy.rglob("*") if p.is_file()) if strategy.is_dir() else []
    if held:
        raise ConfigError(f"{held[0]}: {STRATEGY_DIR}/ holds a strategy already: sst init "
                          "starts a new one; add to this one with `sst new KIND ID`")
    files = starter_files(today, lang)
    for name in [*files, f"{SCHEMA_FOLDER}/"]:  # a file where a folder must go: refused first
        for parent in Path(name).parents:
            if str(parent) != "." and (target / parent).exists() and \
                    not (target / parent).is_dir():
                raise ConfigError(f"{target / parent}: a file where sst init writes the folder "
                                  f"of {name.rstrip('/')}: rename it, then run sst init again")
    added, left = [], []
    for name, content in files.items():
        try:
            write_new(target / name, content)
            added.append(name)
        except WouldOverwrite:
            left.append(name)
    return Initialised(tuple(added), tuple(left))


def workflow_text(install: str) -> str:
    """The workflow a strategy repository runs: check pull requests, publish main."""
    a = WORKFLOW_ACTIONS
    return f"""\
# Checks every pull request and publishes the strategy site from main.
# Pull requests run with read-only permissions and no secrets: never pull_request_target.
name: strategy

on:
  pull_request:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: strategy-${{{{ github.ref }}}}
  cancel-in-progress: ${{{{ github.event_name == 'pull_request' }}}}

jobs:
  check:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
{setup_steps(install, full_history=True)}
      - name: Check the strategy
        env:
          BASE_REF: ${{{{ github.base_ref }}}}
        # --base: a finding about several files lands on one this pull request changed
        run: sst check --format github --base "origin/$BASE_REF"
      - name: Editor schemas up to date
        if: hashFiles('.sst/schemas/*.schema.json') != ''
        run: |
          sst check --write-schemas > /dev/null
          git diff --quiet -- .sst/schemas ||
            echo "::warning::IDs changed: run sst check --write-schemas, commit .sst/schemas"
      - name: Build the site
        run: mkdocs build --strict
      - name: What this change means
        if: always()
        env:
          BASE_REF: ${{{{ github.base_ref }}}}
        run: sst diff "origin/$BASE_REF" --format markdown >> "$GITHUB_STEP_SUMMARY"

  build:
    if: github.event_name != 'pull_request'
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
{setup_steps(install)}
      - name: Build the site
        run: mkdocs build --strict
      - uses: {a["configure-pages"]}
      - uses: {a["upload-pages-artifact"]}
        with:
          path: site

  deploy:
    needs: build
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: {a["deploy-pages"]}
"""
