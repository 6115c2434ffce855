"""What every workflow `sst init` writes begins with: the actions pinned by commit SHA, and the
steps that check the repository out, set up Python and install SST.

One definition, so that a new pin or Python version reaches the strategy, check-in and digest
workflows together.
"""

from __future__ import annotations

WORKFLOW_ACTIONS = {
    "checkout": "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683  # v4.2.2",
    "setup-python": "actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065  # v5.6.0",
    "configure-pages": "actions/configure-pages@983d7736d9b0ae728b81ab479565c72886d7745b  # v5.0.0",
    "upload-pages-artifact":
        "actions/upload-pages-artifact@56afc609e74202658d3ffba0e8f6dda462b719fa  # v3.0.1",
    "deploy-pages": "actions/deploy-pages@d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e  # v4.0.5",
}


def setup_steps(install: str, *, full_history: bool = False, credentials_note: str = "") -> str:
    """A job's first steps (at a job's `steps:` indentation, no final newline): checkout without
    keeping the token (FULL_HISTORY for a job that reads other branches), Python 3.12, INSTALL."""
    a = WORKFLOW_ACTIONS
    history = "          fetch-depth: 0  # sst diff reads the base branch\n" if full_history else ""
    return f"""\
      - uses: {a["checkout"]}
        with:
{history}          persist-credentials: false{credentials_note}
      - uses: {a["setup-python"]}
        with:
          python-version: "3.12"
      - name: Install
        run: {install}"""
