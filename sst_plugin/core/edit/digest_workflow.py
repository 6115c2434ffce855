"""The weekly reminder workflow `sst init` writes: `sst digest` every Monday, to the team's chat.

It runs with read-only permissions, its actions pinned by commit SHA (workflow_steps.py's, as
the strategy workflow's are). The webhook's URL comes from a repository secret through the
environment, so that it never sits on a command line or in a log; without the secret, the
digest is written to the run's summary only.
"""

from __future__ import annotations

from .workflow_steps import setup_steps

DIGEST_WORKFLOW = ".github/workflows/sst-digest.yml"


def digest_workflow_text(install: str) -> str:
    return f"""\
# Every Monday morning, what each owner owes the strategy this week: measurements, reviews,
# actions and check-ins, overdue first. Written to the run's summary, and posted to the team's
# chat when the repository has the secret SST_DIGEST_WEBHOOK (a Slack, Microsoft Teams
# Workflows or Mattermost incoming webhook URL) and, for Teams or Mattermost, the variable
# SST_DIGEST_FORMAT (slack, teams or mattermost; slack without it).
name: strategy digest

on:
  schedule:
    - cron: "0 7 * * 1"  # Mondays, 07:00 UTC
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: strategy-digest
  cancel-in-progress: false

jobs:
  digest:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
{setup_steps(install)}
      - name: What is due this week
        # today, not the as_of that mkdocs.yml may pin for reproducible builds
        run: sst digest --as-of "$(date -u +%F)" --format markdown >> "$GITHUB_STEP_SUMMARY"
      - name: Post it to the chat
        env:
          # a secret: read from the environment by sst digest, never on its command line
          SST_DIGEST_WEBHOOK: ${{{{ secrets.SST_DIGEST_WEBHOOK }}}}
          SST_DIGEST_FORMAT: ${{{{ vars.SST_DIGEST_FORMAT || 'slack' }}}}
        run: |
          if [ -z "$SST_DIGEST_WEBHOOK" ]; then
            echo "No SST_DIGEST_WEBHOOK secret: the digest is in this run's summary only."
            exit 0
          fi
          sst digest --as-of "$(date -u +%F)" --format "$SST_DIGEST_FORMAT"
"""
