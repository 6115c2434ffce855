"""Places in files and the findings that point at them."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from .codes import Severity, default_severity


@dataclass(frozen=True, order=True)
class Place:
    """Where a value came from: a path relative to the root, with `/`, and 1-based line/column."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.file
        if self.column is None:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    place: Place | None
    message: str

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        place = self.place or Place("")
        return (place.file, place.line or 0, place.column or 0, self.code, self.message)


def finding(code: str, place: Place | None, message: str) -> Finding:
    """A finding at its code's default severity; the configuration may change it later."""
    return Finding(code, default_severity(code), place, message)


def shorten(value: object, limit: int = 60) -> str:
    """A value as it may appear in a message: never megabytes of an aliased structure."""
    text = value if isinstance(value, str) else repr(value)
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def did_you_mean(word: str, options: list[str] | tuple[str, ...] | set[str]) -> str | None:
    """`did you mean X?` for the closest option, or None when nothing is close."""
    close = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else None
