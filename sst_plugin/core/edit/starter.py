"""The starter strategy `sst init` writes: one template per file, its words in a table per language.

The templates hold the structure (fields, IDs, dates, numbers); `starters/<lang>.yaml` holds every
word a reader sees (values, comments, Markdown), so a language is added by translating one file.
A template names a text as `{key}` (written as it is: comments, Markdown) or `{key!y}` (a YAML
value: written plain where YAML reads it back unchanged, else double-quoted).
"""

from __future__ import annotations

import json
import string
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

STARTER_TEXTS = Path(__file__).parent / "starters"
# the languages a starter is written in, one file each; each is also Material's `theme.language`
STARTER_LANGUAGES = tuple(sorted(path.stem for path in STARTER_TEXTS.glob("*.yaml")))
DEFAULT_LANGUAGE = "en"

# every file of the starter strategy, by its path in the new repository
STARTER_TEMPLATES = {
    "mkdocs.yml": """\
site_name: {site_name!y}
theme:
  name: material
  language: {language}  # {c_theme_language}
  font: false  # {c_font}
plugins:
  - search
  - sst:
      # as_of: {today}  # {c_as_of}
""",
    "requirements.txt": "sst-strategy\n",
    "docs/index.md": """\
# {site_name}

{index_body}""",
    "README.md": """\
# {site_name}

{readme_body}""",
    ".pre-commit-config.yaml": """\
# {c_pre_commit}
repos:
  - repo: local
    hooks:
      - id: sst-check
        name: sst check
        entry: sst check
        language: system
        pass_filenames: false
        files: ^(strategy/|docs/|mkdocs\\.yml$)
""",
    "strategy/strategy.yaml": """\
# yaml-language-server: $schema=../.sst/schemas/strategy.schema.json
# {c_strategy_head}
company: {company!y}  # {c_company}
period:  # {c_period}
  start: {year_start}
  end: {year_end}
currency: {currency}  # {c_currency}
# {c_domain}
domain: {domain!y}
# {c_vision}
vision: {vision!y}
# {c_mission}
mission: {mission!y}
positioning:  # {c_positioning}
  # {c_who_we_are}
  who_we_are: {who_we_are!y}
  # {c_who_we_serve}
  who_we_serve: {who_we_serve!y}
  pains:  # {c_pains}
    - {pain!y}
  # {c_differentiation}
  differentiation: {differentiation!y}
  # {c_value_proposition}
  value_proposition: {value_proposition!y}
not_do:  # {c_not_do}
  - item: {not_do_item!y}
    reason: {not_do_reason!y}
strengths:  # {c_strengths}
  - name: {strength_1!y}
    score: 4
    note: {strength_1_note!y}
  - name: {strength_2!y}
    score: 3
    note: {strength_2_note!y}
swot:  # {c_swot}
  strengths:
    - {swot_strength!y}
  weaknesses:
    - {swot_weakness!y}
  opportunities:
    - {swot_opportunity!y}
  threats:
    - {swot_threat!y}
# {c_focus}
focus: {focus!y}
audiences: [leadership]  # {c_audiences}
""",
    "strategy/people.yaml": """\
# yaml-language-server: $schema=../.sst/schemas/people.schema.json
# {c_people_head}
teams:
  - id: leadership-team  # {c_id}
    name: {team_name!y}
people:
  - id: owner
    name: {owner_name!y}
    team: leadership-team  # {c_person_team}
    role: {owner_role!y}
""",
    "strategy/kpis/first-kpi.yaml": """\
# yaml-language-server: $schema=../../.sst/schemas/kpi.schema.json
# {c_kpi_head}
title: {kpi_title!y}
unit: {unit!y}  # {c_unit}
direction: increase  # {c_direction}
type: lagging  # {c_type}
frequency: monthly  # {c_frequency}
owner: owner  # {c_kpi_owner}
source: {kpi_source!y}  # {c_source}
measurements:  # {c_measurements}
  - date: {today}
    value: {revenue_now}
""",
    "strategy/goals/first-goal.md": """\
---
# {c_goal_head}
title: {goal_title!y}
category: revenue  # {c_category}
kpi: first-kpi  # {c_goal_kpi}
baseline: {revenue_now}  # {c_baseline}
target: {revenue_goal}  # {c_target}
start: {today}  # {c_goal_start}
deadline: {year_end}  # {c_deadline}
owner: owner  # {c_goal_owner}
breakthrough: true  # {c_breakthrough}
# {c_milestones}
---
{goal_body}""",
    "strategy/paths/first-path.yaml": """\
# yaml-language-server: $schema=../../.sst/schemas/path.schema.json
# {c_path_head}
title: {path_title!y}
status: selected  # {c_path_status}
approach: retention-referral  # {c_approach}
goals: [first-goal]  # {c_path_goals}
resources:  # {c_resources}
  people: 2
  budget: {path_budget}
  months: 6
# {c_expected_return}
expected_return: {expected_return!y}
""",
    "strategy/battles/first-battle.yaml": """\
# yaml-language-server: $schema=../../.sst/schemas/battle.schema.json
# {c_battle_head}
title: {battle_title!y}
# {c_objective}
objective: {objective!y}
kpi: first-kpi  # {c_battle_kpi}
target: {revenue_battle}  # {c_battle_target}
start: {today}  # {c_start}
end: {battle_end}  # {c_end}
goals: [first-goal]  # {c_battle_goals}
path: first-path  # {c_battle_path}
# {c_significance}
significance: {significance!y}
owner: owner  # {c_battle_owner}
status: planned  # {c_battle_status}
review_cadence: biweekly  # {c_review_cadence}
reviews: []  # {c_reviews}
""",
    "strategy/tactics/first-tactic.yaml": """\
# yaml-language-server: $schema=../../.sst/schemas/tactic.schema.json
# {c_tactic_head}
title: {tactic_title!y}
battle: first-battle  # {c_tactic_battle}
category: acquisition  # {c_tactic_category}
owner: leadership-team  # {c_tactic_owner}
# {c_win_criteria}
win_criteria: {win_criteria!y}
status: todo  # {c_tactic_status}
actions:  # {c_actions}
  - action: {action_1!y}
    owner: owner
    due: {in_two_weeks}
    measure: {measure_1!y}
  - action: {action_2!y}
    owner: owner
    due: {battle_end}
    measure: {measure_2!y}
""",
    "strategy/risks/first-risk.yaml": """\
# yaml-language-server: $schema=../../.sst/schemas/risk.schema.json
# {c_risk_head}
title: {risk_title!y}
likelihood: 3  # {c_likelihood}
impact: 4  # {c_impact}
owner: owner  # {c_risk_owner}
# {c_mitigation}
mitigation: {mitigation!y}
threatens: [first-goal]  # {c_threatens}
""",
}


def starter_strategy(today: date, lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """The starter's files in LANG, dated from TODAY: they pass `sst check` as written."""
    year_end = date(today.year, 12, 31)
    battle_end = min(today + timedelta(days=60), year_end)
    fields = {**starter_texts(lang), "language": lang, "today": today.isoformat(),
              "year_start": f"{today.year}-01-01", "year_end": year_end.isoformat(),
              "battle_end": battle_end.isoformat(),
              "in_two_weeks": min(today + timedelta(days=14), battle_end).isoformat()}
    formatter = _StarterFormatter()
    return {path: formatter.format(template, **fields)
            for path, template in STARTER_TEMPLATES.items()}


def starter_language(code: str) -> str:
    """The starter for a language as people type it: `FR`, `fr-CA` and `zh-Hans` (or `zh-CN`)
    are `fr` and `zh`; anything else, Traditional Chinese included, is returned as typed."""
    wanted = code.strip().replace("_", "-").lower()
    base = wanted.split("-")[0]
    if base == "zh" and wanted not in ("zh", "zh-hans", "zh-cn", "zh-sg"):
        return code
    return base if base in STARTER_LANGUAGES else code


@cache
def starter_texts(lang: str) -> dict[str, Any]:
    """The words of the starter in LANG, from `starters/<lang>.yaml`."""
    if lang not in STARTER_LANGUAGES:
        raise ValueError(f"no starter in `{lang}`: choose one of {', '.join(STARTER_LANGUAGES)}")
    texts = yaml.safe_load((STARTER_TEXTS / f"{lang}.yaml").read_text(encoding="utf-8"))
    assert isinstance(texts, dict)
    return texts


class _StarterFormatter(string.Formatter):
    """`{key!y}` writes a YAML value; anything else is written as it is."""

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion == "y":
            return yaml_scalar(value)
        return super().convert_field(value, conversion)


def yaml_scalar(value: Any) -> str:
    """VALUE as a YAML scalar: plain where YAML reads it back unchanged (easier to edit)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    try:
        plain = "\n" not in text and yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)
