"""What an ID is: lower-case letters and digits in words joined by single hyphens, at most 64
characters. The rules report an ID that is not one (SST004); `sst new` refuses to write it."""

from __future__ import annotations

import re
import unicodedata

ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
MAX_ID_LENGTH = 64


def is_valid_id(entity_id: str) -> bool:
    return len(entity_id) <= MAX_ID_LENGTH and ID_PATTERN.fullmatch(entity_id) is not None


def slug(text: str) -> str:
    """The closest valid ID to a text: `Café Openings!` → `cafe-openings` ("" if none is)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))[:MAX_ID_LENGTH].strip("-")
