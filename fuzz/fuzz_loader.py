"""Fuzz target: any bytes as a strategy file give findings, never an exception.

    python fuzz/fuzz_loader.py -max_total_time=60      # run by tests/test_fuzz.py in CI
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from sst_plugin.core.codes import CODES
    from sst_plugin.core.load import load_file
    from sst_plugin.core.schema import validate

FOLDER = Path(tempfile.mkdtemp(prefix="sst-fuzz-"))
KINDS = ("goal", "kpi", "path", "battle", "tactic", "risk", "strategy", "people")


def test_one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    kind = KINDS[provider.ConsumeIntInRange(0, len(KINDS) - 1)]
    suffix = ".md" if provider.ConsumeBool() else ".yaml"
    path = FOLDER / f"input{suffix}"
    path.write_bytes(provider.ConsumeBytes(provider.remaining_bytes()))
    document, findings = load_file(path, path.name, kind, FOLDER)
    if document.data is not None:
        findings += validate(document)
    for found in findings:
        assert found.code in CODES and found.message


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
