"""What the golden tests share: the small strategy they read, its date, and the comparison with
a stored output that `SST_UPDATE_GOLDEN=1` writes anew."""

from __future__ import annotations

import os
import re
from datetime import date
from functools import cache
from pathlib import Path

from sst_plugin.core.health.audience import ALL_AUDIENCES
from sst_plugin.core.read.config import Settings
from sst_plugin.core.rules.check import check_tree

DATA = Path(__file__).parent / "data"
SMALL = DATA / "small"  # a bakery's strategy, clean, with a few entities only leadership sees
AS_OF = date(2026, 6, 15)  # a Monday: one action overdue, one due this week


def compare(golden: Path, text: str) -> None:
    """TEXT is what GOLDEN holds; with SST_UPDATE_GOLDEN=1 in the environment, GOLDEN is
    written first (read the diff of the stored files before committing it)."""
    if os.environ.get("SST_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    shown = golden.relative_to(DATA).as_posix()
    assert golden.is_file(), f"{shown} is missing: run the test with SST_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8"), shown


@cache
def restricted_names() -> tuple[str, ...]:
    """The IDs and titles of the small strategy's restricted entities."""
    model = check_tree(SMALL, Settings(as_of=AS_OF, audience=ALL_AUDIENCES)).model
    return tuple(name for e in model.entities.values() if e.visibility
                 for name in (e.id, e.title))


def leaked(text: str) -> list[str]:
    """The restricted IDs and titles TEXT names (an ID as a whole word only)."""
    return [name for name in restricted_names()
            if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)]
