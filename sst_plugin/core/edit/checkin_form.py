"""The "Check-in" issue form and the workflow that records what it sends (`sst init` writes
both; `sst checkin --write-form` refreshes the form's list of goals and battles)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

import yaml

from ..model.model import Model
from .workflow_steps import setup_steps

FORM_FILE = ".github/ISSUE_TEMPLATE/checkin.yml"
WORKFLOW_FILE = ".github/workflows/sst-checkin.yml"
LABEL = "check-in"
# the form's fields, in order: GitHub writes the body as one `### LABEL` section each
FIELDS = (("entity", "Goal or battle"), ("value", "Value"), ("date", "Date"),
          ("confidence", "Confidence"), ("note", "Note"))
LABELS = dict(FIELDS)
# a battle that is over takes no more check-ins
FINISHED = frozenset({"won", "lost", "abandoned"})


def option_text(kind: str, entity_id: str, title: str) -> str:
    """A dropdown option: `Goal: Grow revenue (revenue-2026)`; `sst checkin` reads the ID back
    from the parentheses."""
    return f"{kind.capitalize()}: {' '.join(title.split())} ({entity_id})"


def choices_of_model(model: Model) -> list[str]:
    goals = sorted(model.goals, key=lambda g: g.id)
    battles = sorted((b for b in model.battles if b.status not in FINISHED), key=lambda b: b.id)
    return [option_text(e.kind, e.id, e.title) for e in (*goals, *battles)]


def quoted(text: str) -> str:
    """TEXT on one line as a double-quoted scalar: a JSON string is one, for YAML 1.1 too."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def form_text(choices: Iterable[str]) -> str:
    """The issue form, with CHOICES as the goal-or-battle dropdown."""
    options = "\n".join(f"        - {quoted(choice)}" for choice in choices)
    labels = {key: quoted(label) for key, label in FIELDS}
    confidences = ", ".join(f'"{n}"' for n in range(1, 11))
    return f"""\
# Written by `sst checkin --write-form` from the strategy's goals and battles; the sst-checkin
# workflow refreshes the list when they change on main. Each check-in opens an issue that the
# workflow turns into a pull request (or answers with why it was refused), then closes.
name: Check-in
description: Record this week's number and how confident you are on a goal or a battle.
title: "Check-in"
labels: [{quoted(LABEL)}]
body:
  - type: dropdown
    id: entity
    attributes:
      label: {labels["entity"]}
      description: The goal or battle you are checking in on.
      options:
{options}
    validations:
      required: true
  - type: input
    id: value
    attributes:
      label: {labels["value"]}
      description: "The latest value of its KPI, a number such as 71000 or 12.5 (leave empty
        to record your confidence only)."
  - type: input
    id: date
    attributes:
      label: {labels["date"]}
      description: The day the value was measured; empty for the day you open this issue.
      placeholder: YYYY-MM-DD
  - type: dropdown
    id: confidence
    attributes:
      label: {labels["confidence"]}
      description: How confident are you that it will be reached? 1 hopeless, 10 certain.
      options: [{confidences}]
    validations:
      required: true
  - type: textarea
    id: note
    attributes:
      label: {labels["note"]}
      description: Why, in a sentence or two; what changed since the last check-in.
"""


def starter_choices(files: Mapping[str, str]) -> list[str]:
    """The dropdown's options for a starter repository, read from its own goal and battle
    files (whatever their language)."""
    found = []
    for folder, kind in (("strategy/goals/", "goal"), ("strategy/battles/", "battle")):
        for name in sorted(n for n in files if n.startswith(folder)):
            text = files[name]
            if name.endswith(".md"):  # the front matter: up to the line that is only `---`
                lines = text.splitlines()[1:]
                text = "\n".join(lines[:lines.index("---")])
            fields = yaml.safe_load(text) or {}
            entity_id = name.rsplit("/", 1)[1].rsplit(".", 1)[0]
            found.append(option_text(kind, entity_id, str(fields.get("title", entity_id))))
    return found


def starter_checkin_files(files: Mapping[str, str], install: str) -> dict[str, str]:
    """What `sst init` adds for check-ins: the form and its workflow."""
    return {FORM_FILE: form_text(starter_choices(files)),
            WORKFLOW_FILE: workflow_text(install)}


BOT = ('git config user.name "github-actions[bot]"\n'
       '          git config user.email '
       '"41898282+github-actions[bot]@users.noreply.github.com"')


def workflow_text(install: str) -> str:
    """The workflow that records check-ins from the issue form and keeps the form's list fresh.

    The issue's text reaches no shell: `sst` reads it from the event file, and the steps see
    only the issue's number, through an environment variable.
    """
    setup = setup_steps(install, credentials_note="  # the token is gh's, in the steps that "
                                                   "push, not the install's")
    return f"""\
# Check-ins from the "Check-in" issue form: `sst checkin --from-issue` records each one, a pull
# request carries the change (or the issue is told why it was refused), and the issue is closed.
# On main, a change to the goals or battles refreshes the form's list by pull request.
# Settings > Actions > General must allow GitHub Actions to create pull requests, and the
# repository needs a `{LABEL}` label for the form to put on its issues.
name: sst-checkin

on:
  issues:
    types: [opened]
  push:
    branches: [main]
    paths: ["strategy/goals/**", "strategy/battles/**"]

permissions: {{}}

jobs:
  checkin:
    # each check-in on a branch of its own, so none waits (a concurrency group keeps only one
    # run pending and cancels the others). On a public repository, where anyone may open an
    # issue, only members and collaborators are answered.
    if: >-
      github.event_name == 'issues' &&
      contains(github.event.issue.labels.*.name, '{LABEL}') &&
      (github.event.repository.private ||
       contains(fromJSON('["OWNER", "MEMBER", "COLLABORATOR"]'),
                github.event.issue.author_association))
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions:
      contents: write  # pushes the check-in's branch
      pull-requests: write  # opens its pull request
      issues: write  # answers the issue and closes it
    env:
      NUMBER: ${{{{ github.event.issue.number }}}}
    steps:
{setup}
      - name: Record the check-in
        id: checkin
        run: |
          status=0
          sst checkin --from-issue "$GITHUB_EVENT_PATH" \\
            --comment-file "$RUNNER_TEMP/comment.md" || status=$?
          echo "status=$status" >> "$GITHUB_OUTPUT"
      - name: Open a pull request
        id: pull-request
        if: steps.checkin.outputs.status == '0'
        env:
          GH_TOKEN: ${{{{ github.token }}}}
        run: |
          if [ -z "$(git status --porcelain -- strategy)" ]; then
            exit 0  # recorded already: nothing to propose
          fi
          branch="check-in/issue-$NUMBER"
          {BOT}
          git switch --create "$branch"
          git add -- strategy
          git commit --quiet --message "Check-in from issue #$NUMBER"
          gh auth setup-git  # git pushes with gh's token, which only this step holds
          git push --force origin "$branch"
          url="$(gh pr create --head "$branch" --title "Check-in from issue #$NUMBER" \\
            --body-file "$RUNNER_TEMP/comment.md")"
          printf '\\nThe pull request: %s\\n' "$url" >> "$RUNNER_TEMP/comment.md"
      - name: Answer and close the issue
        if: always()
        env:
          GH_TOKEN: ${{{{ github.token }}}}
          STATUS: ${{{{ steps.checkin.outputs.status }}}}
          PULL_REQUEST: ${{{{ steps.pull-request.outcome }}}}
        run: |
          log="$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID"
          if [ ! -s "$RUNNER_TEMP/comment.md" ]; then
            echo "SST could not record this check-in: see the log of $log" \\
              > "$RUNNER_TEMP/comment.md"
          fi
          if [ "$PULL_REQUEST" = "failure" ]; then
            printf '\\nBut the pull request could not be opened: see the log of %s\\n' "$log" \\
              >> "$RUNNER_TEMP/comment.md"
          fi
          gh issue comment "$NUMBER" --body-file "$RUNNER_TEMP/comment.md"
          if [ "$PULL_REQUEST" = "failure" ]; then
            exit 1  # left open: the check-in is not recorded yet
          elif [ "$STATUS" = "0" ]; then
            gh issue close "$NUMBER" --reason completed
          else
            gh issue close "$NUMBER" --reason "not planned"
          fi

  form:
    if: github.event_name == 'push'
    concurrency:
      group: sst-checkin-form  # the newest push's list wins
      cancel-in-progress: true
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions:
      contents: write  # pushes the refreshed form's branch
      pull-requests: write  # opens its pull request
    steps:
{setup}
      - name: Refresh the check-in form
        env:
          GH_TOKEN: ${{{{ github.token }}}}
        run: |
          sst checkin --write-form
          if [ -z "$(git status --porcelain -- {FORM_FILE})" ]; then
            exit 0  # the form lists the goals and battles as they are
          fi
          branch="sst/check-in-form"
          {BOT}
          git switch --create "$branch"
          git add -- {FORM_FILE}
          git commit --quiet --message "Check-in form: the goals and battles as they are on main"
          gh auth setup-git
          git push --force origin "$branch"
          gh pr create --head "$branch" --title "Check-in form: the goals and battles of main" \\
            --body "Written by sst checkin --write-form after a change to the goals or battles." \\
            || echo "the pull request is open already: its branch now holds the newest form"
"""
