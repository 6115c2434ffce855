"""Golden tests of `sst status`, `sst status --due` and `sst export --format json`, as plain
functions over the small strategy in tests/data/small/, for everyone and for leadership.

Each output is kept in tests/data/status/<command>-<audience>.<ext>;
`SST_UPDATE_GOLDEN=1 pytest tests/test_status_golden.py` writes them anew (read their diff
before committing it).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from golden import AS_OF, DATA, SMALL, compare, leaked

from sst_plugin.cli import main
from sst_plugin.core.model.model import Model
from sst_plugin.core.read.config import Settings
from sst_plugin.core.report import export
from sst_plugin.core.report.status import due_text, status_text
from sst_plugin.core.rules.check import check_tree

GOLDEN = DATA / "status"

OUTPUTS: dict[str, Callable[[Model, Settings], str]] = {
    "status.txt": status_text,
    "due.txt": due_text,
    "export.json": export.as_json,
}
AUDIENCES = {"everyone": None, "leadership": "leadership"}


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("output", OUTPUTS)
def test_status_golden(output: str, audience: str) -> None:
    settings = Settings(as_of=AS_OF, audience=AUDIENCES[audience])
    result = check_tree(SMALL, settings)
    assert result.findings == ()
    text = OUTPUTS[output](result.model, settings)
    stem, ext = output.split(".")
    compare(GOLDEN / f"{stem}-{audience}.{ext}", text)
    if settings.audience is None:  # everyone's output never names what leadership sees
        assert leaked(text) == []


# the command line that prints each output, with the options every run gives
COMMANDS = {"status.txt": ["status", "--color", "never"],
            "due.txt": ["status", "--due", "--color", "never"],
            "export.json": ["export", "--format", "json"]}


@pytest.mark.parametrize("output", OUTPUTS)
def test_the_command_prints_the_golden_output(output: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """The plain functions above are what the commands print, for leadership too."""
    stem, ext = output.split(".")
    assert main([*COMMANDS[output], "--root", str(SMALL), "--as-of", AS_OF.isoformat(),
                 "--audience", "leadership"]) == 0
    assert capsys.readouterr().out == (GOLDEN / f"{stem}-leadership.{ext}").read_text("utf-8")
