"""A check-in sent with the issue form: GitHub's `issues` event → the arguments of `sst checkin`,
and the comment the workflow posts back on the issue.

GitHub writes a form's answers into the issue's body as one `### Label` section per field, in
the form's order, with `_No response_` for a field left empty. The body is the author's text:
it is read here, never handed to a shell, and what it holds is quoted inert in the comment.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..findings import Finding
from ..model.model import Model
from ..read.config import ConfigError
from .checkin import CheckinDone, NewCheckin, parse_confidence
from .checkin_form import FIELDS, LABEL
from .measurements import number_text, parse_day, parse_value

NO_RESPONSE = "_No response_"
# an event file is small; a bigger one is not GitHub's
MAX_EVENT_SIZE = 1024 * 1024


@dataclass(frozen=True)
class IssueCheckin:
    """What the issue asks: the goal or battle as the form gave it, and the check-in."""

    number: int
    login: str
    wanted: str
    new: NewCheckin
    by_found: bool  # the author's GitHub handle is a person's in people.yaml


def read_event(path: Path) -> dict[str, Any]:
    """The event file as JSON: an error naming the file when it is not one."""
    try:
        size = path.stat().st_size
        if size > MAX_EVENT_SIZE:  # before reading it: a huge file is no event
            raise ConfigError(f"{path}: {size} bytes is too big for a GitHub event")
        raw = path.read_bytes()
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read: {error.strerror or error}") from None
    try:
        event = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ConfigError(f"{path}: is not a GitHub event (JSON): {error}") from None
    if not isinstance(event, dict):
        raise ConfigError(f"{path}: is not a GitHub event: a JSON object was expected")
    return event


def checkin_of_event(event: dict[str, Any], model: Model, where: str) -> IssueCheckin:
    """The check-in an `issues` event's form asks for; WHERE names the event file in errors."""
    issue = event.get("issue")
    if not isinstance(issue, dict):
        raise ConfigError(f"{where}: no `issue` in the event: run --from-issue on an `issues` "
                          "event (GITHUB_EVENT_PATH of a workflow `on: issues`)")
    number, user, body = issue.get("number"), issue.get("user"), issue.get("body")
    login = user.get("login") if isinstance(user, dict) else None
    if not isinstance(number, int) or not isinstance(login, str):
        raise ConfigError(f"{where}: the issue has no number or no author's login")
    labels = [label.get("name") for label in issue.get("labels") or ()
              if isinstance(label, dict)]
    if LABEL not in labels:
        raise ConfigError(f"issue #{number} has no `{LABEL}` label: it was not opened with the "
                          "Check-in form")
    if not isinstance(body, str) or not body.strip():
        raise ConfigError(f"issue #{number} has no text: open it with the Check-in form")
    answers = form_answers(body)
    wanted = answers.get("entity")
    confidence = answers.get("confidence")
    if not wanted:
        raise ConfigError(f"issue #{number}: no goal or battle chosen")
    if not confidence:
        raise ConfigError(f"issue #{number}: no confidence chosen: choose one from 1 to 10")
    value, day, note = answers.get("value"), answers.get("date"), answers.get("note")
    person = next((p for p in model.people
                   if p.github and p.github.casefold() == login.casefold()), None)
    new = NewCheckin(
        date=parse_day(day) if day else _opened_on(issue, number),
        confidence=parse_confidence(confidence),
        note=note or None,
        by=person.id if person else None,
        value=parse_value(value) if value else None)
    return IssueCheckin(number, login, wanted, new, person is not None)


def _opened_on(issue: dict[str, Any], number: int) -> date:
    """The day the issue was opened (UTC): a check-in without a date is for that day."""
    opened = issue.get("created_at")
    try:
        return date.fromisoformat(str(opened)[:10])
    except ValueError:
        raise ConfigError(f"issue #{number}: no date given and no `created_at` to take it "
                          "from: write the date as YYYY-MM-DD") from None


def form_answers(body: str) -> dict[str, str | None]:
    """Each field's answer (None when left empty), by the form's field IDs.

    The headings are looked for in the form's order, each after the one before: a note that
    holds `### Value` cannot change the value, which comes before it.
    """
    text = body.replace("\r\n", "\n")
    found: list[tuple[str, int, int]] = []  # field, where its heading starts, where it ends
    at = 0
    for key, label in FIELDS:
        heading = re.compile(rf"^###[ \t]+{re.escape(label)}[ \t]*$", re.MULTILINE)
        match = heading.search(text, at)
        if match is None:
            raise ConfigError(f"the issue's text has no `### {label}` section: open the issue "
                              "with the Check-in form, and leave its headings as they are")
        found.append((key, match.start(), match.end()))
        at = match.end()
    answers: dict[str, str | None] = {}
    for index, (key, _start, end) in enumerate(found):
        stop = found[index + 1][1] if index + 1 < len(found) else len(text)
        answer = text[end:stop].strip()
        answers[key] = None if answer in ("", NO_RESPONSE) else answer
    return answers


def comment_done(request: IssueCheckin, done: CheckinDone) -> str:
    """The comment on a check-in recorded: what changed, where."""
    entity, new = done.entity, request.new
    lines = [f"Check-in recorded on the {entity.kind} **{inert(entity.title)}** "
             f"(`{entity.id}`) for {new.date.isoformat()}:", "",
             f"- confidence: {new.confidence} of 10"]
    if new.value is not None and done.measurement is not None:
        lines.append(f"- {inert(str(entity.kpi))}: {number_text(new.value)}")
    if new.by:
        lines.append(f"- by: {new.by}")
    if new.note:
        lines += ["", *(f"> {inert(line)}" for line in new.note.splitlines())]
    changed = done.changed
    lines.append("")
    if changed:
        lines.append("Changed: " + ", ".join(f"`{edit.file}`" for edit in changed) +
                     ". The pull request below holds the change: it counts once merged.")
    else:
        lines.append("This check-in was recorded already: nothing changed.")
    if not request.by_found:
        lines += ["", f"Your GitHub account ({inert(request.login)}) is not a person's "
                      "`github` in people.yaml, so the check-in is not signed: add it to your "
                      "entry to sign the next ones."]
    return "\n".join(lines) + "\n"


def comment_refused(findings: list[Finding]) -> str:
    """The comment on a check-in that would break the strategy: each finding, and what to do."""
    lines = ["Check-in not recorded: it would bring "
             f"{len(findings)} error(s) into the strategy:", ""]
    for found in findings:
        where = f" `{found.place}`" if found.place else ""
        lines.append(f"- **{found.code}**{where}: {inert(found.message)}")
    lines += ["", "Nothing was changed. Correct the value (or ask the strategy's owner about "
                  "the rule), then open a new check-in."]
    return "\n".join(lines) + "\n"


def comment_error(message: str) -> str:
    """The comment on a check-in SST could not read: the error, and what to do."""
    return (f"Check-in not recorded: {inert(message)}\n\nNothing was changed. Open a new "
            "check-in with the Check-in form.\n")


_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|~!])")


def inert(text: str) -> str:
    """Text from an issue, shown as written: no Markdown, no HTML, no @mention (a zero-width
    space after `@`), on one line."""
    return _MARKDOWN.sub(r"\\\1", " ".join(text.split())).replace("@", "@\u200b")
