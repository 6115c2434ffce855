"""Realistic synthetic strategies of N entities, for the benchmarks.

The mix follows the example strategy: for every 100 entities about 8 goals, 10 KPIs (with a
year of monthly measurements), 4 paths, 6 battles (with reviews and resources), 60 tactics
(with action plans, some with a review cadence) and 12 risks, owned by people and teams, every
reference pointing at something real. Half the goals and half the battles carry check-ins;
strategy.yaml has interviews, scenarios, a capacity, strengths and a SWOT, and one
retrospective closes the previous period, so that the site's pages for them are built too.
The strategy is split into business units so that the method's limits (battles, selected
paths, one breakthrough goal, capacity) hold and `sst check` finds nothing to say.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

MIX = {"goal": 8, "kpi": 10, "path": 4, "battle": 6, "tactic": 60, "risk": 12}
PERIOD = (date(2026, 1, 1), date(2026, 12, 31))
AS_OF = date(2026, 11, 16)


def _measurements(rng: random.Random, base: float) -> str:
    lines = ["measurements:"]
    value = base
    for month in range(1, 11):
        value *= 1 + rng.uniform(-0.02, 0.05)
        day = date(2026, month + 1, 1) - timedelta(days=1)
        lines += [f"  - date: {day.isoformat()}", f"    value: {round(value, 1)}"]
    return "\n".join(lines) + "\n"


def _checkins(rng: random.Random, people: list[str], first: date, last: date) -> str:
    """Check-ins by one owner every four weeks up to LAST, none before FIRST (at most three)."""
    by = rng.choice(people)
    days = [day for day in (last - timedelta(days=28 * n) for n in (2, 1, 0)) if day >= first]
    lines = ["checkins:"]
    for day in days:
        lines += [f"  - date: {day.isoformat()}", f"    confidence: {rng.randint(3, 9)}",
                  f"    note: As of {day.isoformat()} it reads as planned", f"    by: {by}"]
    return "\n".join(lines) + "\n"


def _strategy_yaml(units: int) -> str:
    """strategy.yaml with what the example has: interviews behind the pains, scenarios whose
    triggers stay quiet, a capacity the (finished) battles never exceed, strengths, a SWOT."""
    interviews = "".join(
        f"  - date: 2025-10-{10 + i}\n    who: Customer {i}\n    pain: slow tools\n"
        f"    quote: It took {i + 2} days to get an answer.\n" for i in range(10))
    # the KPIs only grow from at least 50: below 1 and above a billion never fire (SST032)
    scenarios = (
        "  - name: Demand drops\n    assumption: Customers keep buying.\n"
        "    trigger:\n      kpi: kpi-0-0\n      below: 1\n"
        "    response: Cut the slowest tactics and move their people to sales.\n"
        "  - name: Demand explodes\n    assumption: Growth stays within what we can serve.\n"
        "    trigger:\n      kpi: kpi-0-1\n      above: 1000000000\n"
        "    response: Hire ahead of plan.\n")
    return (
        "company: Benchmark Ltd\nperiod:\n  start: 2026-01-01\n  end: 2026-12-31\n"
        "domain: Synthetic value for synthetic customers.\n"
        "vision: The fastest generated company.\nmission: Be generated quickly.\n"
        "positioning:\n"
        "  who_we_are: A generated company\n  who_we_serve: Generated customers\n"
        "  pains: [slow tools]\n  differentiation: Speed\n"
        "  value_proposition: We are fast, for everyone, solving slowness.\n"
        f"interviews:\n{interviews}scenarios:\n{scenarios}"
        f"currency: EUR\ncapacity:\n  people: {units * 4}\n  budget: {units * 40000}\n"
        "strengths:\n  - name: Speed\n    score: 5\n    note: Generated in seconds.\n"
        "  - name: Depth\n    score: 2\n"
        "swot:\n  strengths: [Speed]\n  weaknesses: [Depth]\n  opportunities: [Scale]\n"
        "  threats: [Noise]\n"
        "focus: This year we grow through speed.\n"
        "not_do:\n  - item: Slow things\n    reason: They are slow\n")


_RETRO = """---
period: {start: 2025-01-01, end: 2025-12-31}
execution:
  battles_won: 0.5
  tactics_done: 0.75
  actions_on_time: 0.8
results:
  - {id: goal-2025-a, kind: goal, title: "Grow 2025", status: achieved, score: 1.0}
  - {id: battle-2025-a, kind: battle, title: "Battle of 2025", status: missed, score: 0.4}
---

## What worked

Speed. [[goal-0-0]] builds on it.

## What did not work

Depth.
"""


def generate(target: Path, entities: int, seed: int = 7, as_yaml_only: bool = False) -> int:
    """Write a strategy of about ENTITIES entities under TARGET; returns the number written."""
    rng = random.Random(seed)
    strategy = target / "strategy"
    for folder in ("goals", "kpis", "paths", "battles", "tactics", "risks", "retros"):
        (strategy / folder).mkdir(parents=True, exist_ok=True)
    units = max(1, entities // 100)
    people = [f"person-{i}" for i in range(max(5, units * 4))]
    teams = [f"team-{i}" for i in range(max(2, units))]
    (target / "mkdocs.yml").write_text(
        "site_name: Benchmark strategy\ntheme:\n  name: material\n  font: false\n"
        f"plugins:\n  - search\n  - sst:\n      as_of: {AS_OF.isoformat()}\n"
        f"      max_battles: {units * 3}\n      max_selected_paths: {units * 2}\n",
        encoding="utf-8")
    (target / "docs").mkdir(exist_ok=True)
    (target / "docs/index.md").write_text("# Benchmark\n\nSee [[goal-0-0]].\n", encoding="utf-8")
    (strategy / "strategy.yaml").write_text(_strategy_yaml(units), encoding="utf-8")
    (strategy / "retros/2025.md").write_text(_RETRO, encoding="utf-8")
    team_lines = [f"  - id: {t}\n    name: Team {t}\n    github: bench/{t}" for t in teams]
    person_lines = [f"  - id: {p}\n    name: Person {p}\n    team: {rng.choice(teams)}\n"
                    f"    role: Role\n    github: {p}" for p in people]
    (strategy / "people.yaml").write_text(
        "teams:\n" + "\n".join(team_lines) + "\npeople:\n" + "\n".join(person_lines) + "\n",
        encoding="utf-8")
    written = 3  # strategy.yaml, people.yaml and the retrospective
    for unit in range(units):
        kpis = [f"kpi-{unit}-{i}" for i in range(MIX["kpi"])]
        goals = [f"goal-{unit}-{i}" for i in range(MIX["goal"])]
        paths = [f"path-{unit}-{i}" for i in range(MIX["path"])]
        battles = [f"battle-{unit}-{i}" for i in range(MIX["battle"])]
        kpi_bases = []
        for kpi in kpis:
            base = rng.uniform(50, 5000)
            kpi_bases.append(base)
            (strategy / "kpis" / f"{kpi}.yaml").write_text(
                f"title: Indicator {kpi}\nunit: EUR\ndirection: increase\ntype: lagging\n"
                f"frequency: monthly\nowner: {rng.choice(people)}\nsource: Accounts\n"
                + _measurements(rng, base), encoding="utf-8")
        for index, goal in enumerate(goals):
            body = f"Why {goal} matters: it moves [[{kpis[index % len(kpis)]}]].\n"
            fields = (f"title: Grow {goal}\ncategory: revenue\nkpi: {kpis[index]}\n"
                      f"baseline: 100\ntarget: 200\ndeadline: 2026-12-31\n"
                      f"owner: {rng.choice(people)}\n"
                      f"breakthrough: {'true' if unit == 0 and index == 0 else 'false'}\n"
                      "milestones:\n  - date: 2026-06-30\n    target: 150\n")
            if index % 2 == 0:
                fields += _checkins(rng, people, date(2026, 1, 1), date(2026, 10, 31))
            if index > 3:
                fields += f"parent: {goals[index - 4]}\n"
            if as_yaml_only:
                (strategy / "goals" / f"{goal}.yaml").write_text(fields, encoding="utf-8")
            else:
                (strategy / "goals" / f"{goal}.md").write_text(f"---\n{fields}---\n{body}",
                                                               encoding="utf-8")
        for index, path in enumerate(paths):
            status = "selected" if index < 2 else "rejected"
            reason = "rejection_reason: Too slow\n" if status == "rejected" else ""
            (strategy / "paths" / f"{path}.yaml").write_text(
                f"title: Path {path}\nstatus: {status}\napproach: channel\n"
                f"goals: [{', '.join(goals[:4])}]\nresources:\n  people: 2\n  budget: 10000\n"
                f"  months: 6\nexpected_return: More\n{reason}", encoding="utf-8")
        for index, battle in enumerate(battles):
            start = date(2026, 1 + index * 2, 1)
            end = start + timedelta(days=55)
            status = "abandoned" if index >= 3 else "won"
            reviews = "".join(f"  - date: {(start + timedelta(days=d)).isoformat()}\n"
                              f"    summary: Review {d}\n" for d in range(7, 55, 14))
            (strategy / "battles" / f"{battle}.yaml").write_text(
                f"title: Battle {battle}\nobjective: Win {battle}\nkpi: {kpis[index]}\n"
                f"target: {rng.randint(200, 9000)}\nstart: {start}\nend: {end}\n"
                # the first battle starts before its KPI's first reading: its baseline is written
                + (f"baseline: {round(kpi_bases[index])}\n" if index == 0 else "") +
                f"goals: [{', '.join(goals[index % 4::4][:2])}]\npath: {paths[index % 2]}\n"
                f"significance: It proves the path\nowner: {rng.choice(people)}\n"
                f"status: {status}\nresources:\n  people: 2\n  budget: 5000\n"
                f"review_cadence: monthly\nreviews:\n{reviews}"
                + (_checkins(rng, people, start, min(end, AS_OF)) if index % 2 == 0 else ""),
                encoding="utf-8")
        for index in range(MIX["tactic"]):
            battle_index = index % MIX["battle"]
            start = date(2026, 1 + battle_index * 2, 1)
            actions = "".join(
                f"  - action: Action {a} of tactic {index}\n    owner: {rng.choice(people)}\n"
                f"    due: {(start + timedelta(days=10 * a + 5)).isoformat()}\n"
                f"    measure: Done when measured\n    done: true\n" for a in range(3))
            (strategy / "tactics" / f"tactic-{unit}-{index}.yaml").write_text(
                f"title: Tactic {unit}-{index}\nbattle: {battles[battle_index]}\n"
                f"category: acquisition\nowner: {rng.choice(teams)}\n"
                f"win_criteria: It works\nstart: {start}\n"
                f"end: {start + timedelta(days=50)}\nstatus: done\n"
                + ("review_cadence: biweekly\n" if index % 5 == 0 else "")
                + f"actions:\n{actions}",
                encoding="utf-8")
        for index in range(MIX["risk"]):
            (strategy / "risks" / f"risk-{unit}-{index}.yaml").write_text(
                f"title: Risk {unit}-{index}\nlikelihood: {rng.randint(1, 5)}\n"
                f"impact: {rng.randint(1, 5)}\nowner: {rng.choice(people)}\n"
                f"mitigation: Watch it\nthreatens: [{goals[index % len(goals)]}]\n",
                encoding="utf-8")
        written += sum(MIX.values())
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("entities", type=int)
    arguments = parser.parse_args()
    print(generate(arguments.target, arguments.entities))


if __name__ == "__main__":
    main()
