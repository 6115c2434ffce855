"""Posting a JSON body to a chat's incoming webhook, with the standard library only.

A webhook's URL is its secret: whoever holds it posts to the channel. So no message, error or
traceback from here ever holds it, or any part of it: every failure is a WebhookError whose text
SST writes itself, with the HTTP status, and what the server said with the URL's pieces taken
out. A busy server (429, honouring Retry-After) or a failing one (5xx), and a connection that
fails, are tried again a few times with exponential backoff; any other answer is final.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import Message
from http.client import HTTPException
from typing import Any
from urllib.parse import urlsplit

# tries after the first; waits BASE_DELAY, then twice as long each time, never over MAX_DELAY
RETRIES = 4
BASE_DELAY = 1.0
MAX_DELAY = 30.0
TIMEOUT = 30.0  # seconds to connect, and between bytes of the answer
# plain http only to this machine (a test server): elsewhere the secret would cross the network
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
ANSWER_CHARS = 200  # of the server's answer, quoted in an error


class WebhookError(Exception):
    """The webhook did not take the message; the text never holds the URL."""


@dataclass(frozen=True)
class Posted:
    status: int
    attempts: int


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # a redirected POST becomes a GET elsewhere: a webhook answers at its own address or fails
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def post_json(url: str, payload: Mapping[str, Any],
              sleep: Callable[[float], None] = time.sleep) -> Posted:
    """POST PAYLOAD as JSON to URL; the status and how many tries it took, or WebhookError."""
    secrets = _secret_parts(url)
    url = url.strip()  # a secret pasted with its line's end
    _check_url(url)
    body = json.dumps(payload, ensure_ascii=False, allow_nan=False).encode("utf-8")
    opener = urllib.request.build_opener(_NoRedirect)
    last = ""
    for attempt in range(RETRIES + 1):
        request = urllib.request.Request(url, data=body, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8", "User-Agent": "sst-digest"})
        retry_after: float | None = None
        try:
            with opener.open(request, timeout=TIMEOUT) as response:
                return Posted(response.status, attempt + 1)
        except urllib.error.HTTPError as error:
            status, answer = error.code, _answer(error, secrets)
            error.close()
            if status != 429 and not 500 <= status < 600:
                raise WebhookError(f"the webhook refused the message: HTTP {status} "
                                   f"{_reason(status)}{answer}{_hint(status)}") from None
            last = f"HTTP {status} {_reason(status)}{answer}"
            retry_after = _retry_after(error.headers) if status == 429 else None
        except (urllib.error.URLError, OSError) as error:
            last = f"no answer: {_scrub(_cause(error), secrets)}"
        except (ValueError, HTTPException):  # InvalidURL and its kind quote the URL: not shown
            raise WebhookError("the webhook URL is not a valid URL: copy it again from the "
                               "chat's webhook settings") from None
        if attempt < RETRIES:
            sleep(min(MAX_DELAY, retry_after if retry_after is not None
                      else BASE_DELAY * 2 ** attempt))
    raise WebhookError(f"the webhook did not take the message after {RETRIES + 1} tries: "
                       f"{last}")


def _check_url(url: str) -> None:
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise WebhookError("the webhook URL is not a valid URL: copy it again from the chat's "
                           "webhook settings") from None
    if any(c.isspace() or not c.isprintable() for c in url):
        raise WebhookError("the webhook URL holds a space or a control character: copy it "
                           "again from the chat's webhook settings")
    if not host or parts.scheme not in ("https", "http") or (
            parts.scheme == "http" and host not in LOOPBACK):
        raise WebhookError("the webhook URL must be an https:// address (the one the chat's "
                           "webhook settings give)")


def _secret_parts(url: str) -> list[str]:
    """The URL, and each piece of it long enough to be (part of) the secret."""
    pieces = {url, url.strip()}
    try:
        parts = urlsplit(url)
        pieces |= {parts.netloc, parts.path, parts.query, parts.fragment}
        pieces |= set(parts.path.split("/")) | set(parts.query.split("&"))
    except ValueError:
        pass
    return sorted((p for p in pieces if len(p) >= 6), key=len, reverse=True)


def _scrub(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "…")
    return text


def _cause(error: BaseException) -> str:
    """Why a connection failed, in words: `connection refused`, `timed out`."""
    reason: object = getattr(error, "reason", error)
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "timed out"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, socket.gaierror):
        return "the host name is not known"
    return str(reason.strerror if isinstance(reason, OSError) and reason.strerror
               else type(reason).__name__)


def _answer(error: urllib.error.HTTPError, secrets: list[str]) -> str:
    """What the server said, on one short line: Slack and Teams say what was wrong there."""
    try:
        text = error.read(ANSWER_CHARS * 4).decode("utf-8", "replace")
    except (OSError, HTTPException):
        return ""
    text = " ".join(_scrub(text, secrets).split())
    text = "".join(c for c in text if c.isprintable())[:ANSWER_CHARS]
    return f" ({text})" if text else ""


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _hint(status: int) -> str:
    if status in (401, 403, 404, 410):
        return ": the webhook may have been removed or its URL changed; make a new one"
    if status in (400, 413, 422):
        return ": the chat did not accept the message; check that --format matches the chat"
    return ""


def _retry_after(headers: Message | None) -> float | None:
    """Retry-After in seconds (an HTTP date is read as no advice)."""
    value = headers.get("Retry-After") if headers is not None else None
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None
