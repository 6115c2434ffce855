"""`sst digest`: what each owner owes, as Markdown or posted to a chat's incoming webhook.

The webhook is a real HTTP server on 127.0.0.1 that answers as the test scripts it; what it
received is parsed as the chat would parse it. Its URL holds a secret that must never be printed.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, edit, write
from golden import AS_OF, DATA, SMALL, compare, leaked
from sitebuild import copy_repository

from sst_plugin import cli
from sst_plugin.cli import main
from sst_plugin.core.edit.digest_workflow import DIGEST_WORKFLOW, digest_workflow_text
from sst_plugin.core.edit.scaffold import starter_files
from sst_plugin.core.health.due import CADENCE_DAYS, DUE_WORDS, FREQUENCY_DAYS, Due
from sst_plugin.core.report import digest, webhook

SECRET = "T0KEN-s3cr3t-8f2a9c"  # the part of a webhook URL that lets anyone post


class Hook:
    """A webhook server: answers each POST with the next scripted (status, headers, body)."""

    def __init__(self) -> None:
        self.script: list[tuple[int, dict[str, str], str]] = []
        self.received: list[dict[str, Any]] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                hook.received.append({"path": self.path,
                                      "type": self.headers["Content-Type"],
                                      "json": json.loads(self.rfile.read(length))})
                status, headers, body = hook.script.pop(0) if hook.script else (200, {}, "ok")
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body.encode())))
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/{SECRET}"

    @property
    def bodies(self) -> list[dict[str, Any]]:
        return [r["json"] for r in self.received]


@pytest.fixture
def hook() -> Iterator[Hook]:
    server = Hook()
    thread = threading.Thread(target=server.server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """Backoff in hundredths of a second: the retries are real, the waiting short."""
    monkeypatch.setattr(webhook, "BASE_DELAY", 0.01)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The example strategy (as_of 2026-11-16), published at a site_url."""
    root = copy_repository(tmp_path / "repo")
    edit(root, "mkdocs.yml", "site_name:", "site_url: https://strategy.example.com/levain/\n"
                                           "site_name:")
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["digest", *args])
    out, err = capsys.readouterr()
    return code, out, err


def secret_free(*texts: str) -> None:
    for text in texts:
        assert SECRET not in text and "/hooks/" not in text and "127.0.0.1:" not in text, text


# -- what is due, by owner --------------------------------------------------------------------

def test_markdown_of_the_example(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--root", str(example))
    assert (code, err) == (0, "")
    compare(DATA / "digest" / "example.md", out)
    assert "](https://strategy.example.com/levain/strategy/updates/)" in out


def test_each_owner_gets_their_items_overdue_first(example: Path) -> None:
    from sst_plugin.core.read.config import Settings, read_site_settings
    from sst_plugin.core.rules.check import check_tree

    settings = Settings(as_of=date(2026, 11, 16))
    model = check_tree(example, settings).model
    found = digest.digest_of(model, settings, read_site_settings(example))
    by_name = {owner.name: owner for owner in found.owners}
    sophie = by_name["Sophie Bernard"]
    assert sophie.handle and sophie.url == ("https://strategy.example.com/levain/strategy/"
                                            "people/sophie-bernard/")
    assert (sophie.items[0].kind, sophie.items[0].overdue) == ("action", True)
    assert [i.due for i in sophie.items] == sorted(i.due for i in sophie.items if i.overdue) + \
        sorted(i.due for i in sophie.items if not i.overdue)
    assert found.count == sum(len(o.items) for o in found.owners)
    # the most overdue owner first
    assert [o.overdue for o in found.owners] == sorted((o.overdue for o in found.owners),
                                                       reverse=True)


def test_nothing_due_is_said_and_not_posted(repo: Path, hook: Hook,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    # before the period starts, nothing is owed yet
    code, out, _ = run(capsys, "--root", str(repo), "--as-of", "2025-12-01")
    assert code == 0 and out.startswith("## Nothing is due as of 1 Dec 2025\n")
    code, out, _ = run(capsys, "--root", str(repo), "--as-of", "2025-12-01", "--format",
                       "slack", "--webhook", hook.url)
    assert code == 0 and "nothing posted" in out and hook.received == []
    code, out, _ = run(capsys, "--root", str(repo), "--as-of", "2025-12-01", "--format",
                       "slack", "--webhook", hook.url, "--always")
    assert code == 0 and len(hook.received) == 1
    assert hook.bodies[0]["text"] == "Test Bakery: Nothing is due as of 1 Dec 2025"


def test_an_audience_sees_only_its_share(capsys: pytest.CaptureFixture[str]) -> None:
    everyone = run(capsys, "--root", str(SMALL), "--as-of", AS_OF.isoformat())[1]
    assert leaked(everyone) == []
    leadership = run(capsys, "--root", str(SMALL), "--as-of", AS_OF.isoformat(),
                     "--audience", "leadership")[1]
    assert leaked(leadership) != []


def test_no_text_of_the_strategy_formats_or_pings(repo: Path, hook: Hook,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "strategy/tactics/tasting.yaml", "action: Set up the board",
         "action: \"<!channel> @everyone *now* [x](https://evil.example)\"")
    code, out, _ = run(capsys, "--root", str(repo), "--as-of", "2026-06-15")
    assert code == 0
    assert "\\<\\!channel\\> @\u2060everyone \\*now\\* \\[x\\]\\(https://evil.example\\)" in out
    run(capsys, "--root", str(repo), "--as-of", "2026-06-15", "--format", "slack",
        "--webhook", hook.url)
    sections = " ".join(b["text"]["text"] for b in hook.bodies[0]["blocks"]
                        if b["type"] == "section")
    assert "&lt;!channel&gt; @everyone *now* [x](https://evil.example)" in sections


def test_every_task_of_due_py_is_in_the_catalogue() -> None:
    for kind, cadences in (("measurement", FREQUENCY_DAYS), ("review", CADENCE_DAYS),
                           ("checkin", {**FREQUENCY_DAYS, **CADENCE_DAYS})):
        for cadence in cadences:
            label = "check-in" if kind == "checkin" else kind
            due = Due(kind, None, f"{cadence} {label}", "ann",  # type: ignore[arg-type]
                      date(2026, 1, 1), False)
            assert due.what in DUE_WORDS and due.task in DUE_WORDS, due.task


def test_the_command_line_offers_every_format() -> None:
    assert cli.DIGEST_FORMATS == digest.FORMATS


def test_in_another_language(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--root", str(example), "--lang", "fr")
    assert code == 0 and "16 nov. 2026" in out


# -- each chat's payload, as its webhook receives it --------------------------------------------

def test_slack_blocks_with_a_text_fallback(example: Path, hook: Hook,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--root", str(example), "--format", "slack",
                         "--webhook", hook.url)
    assert code == 0, err
    assert out.startswith("Updates due as of 16 Nov 2026:") and "HTTP 200" in out
    secret_free(out, err)
    [body] = hook.bodies
    assert hook.received[0]["type"] == "application/json; charset=utf-8"
    assert body["text"].startswith("Levain & Co.: Updates due as of 16 Nov 2026: ")
    assert body["blocks"][0]["type"] == "header"
    owners = [b["text"]["text"] for b in body["blocks"] if b["type"] == "section"]
    sophie = next(t for t in owners if "|Sophie Bernard>*" in t)
    assert sophie.startswith("*<https://strategy.example.com/levain/strategy/people/"
                             "sophie-bernard/|Sophie Bernard>*: ")
    assert ("• *overdue since 12 Nov 2026*: Train the shop team on a 20-second subscription "
            "pitch (<https://strategy.example.com/levain/strategy/tactics/till-offer/|Offer "
            "the subscription at the till>)") in sophie.splitlines()
    assert ("• due 20 Nov 2026: Hold the biweekly review (<https://strategy.example.com/levain/"
            "strategy/battles/winter-subscriptions/|Winter bread subscriptions>)"
            ) in sophie.splitlines()
    assert any("|Hugo Petit>*: 2 due" in t for t in owners)
    assert all(len(t) <= digest.SLACK_SECTION for t in owners)


def test_teams_adaptive_card_in_a_message(example: Path, hook: Hook,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--root", str(example), "--format", "teams",
                       "--webhook", hook.url)
    assert code == 0, err
    [body] = hook.bodies
    assert body["type"] == "message"
    [attachment] = body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    texts = [block["text"] for block in card["body"]]
    assert texts[0].startswith("Updates due as of 16 Nov 2026: ")
    assert ("**[Sophie Bernard](https://strategy.example.com/levain/strategy/people/"
            "sophie-bernard/)**: 4 due, 1 overdue") in texts
    assert ("- due 20 Nov 2026: Hold the biweekly review ([Winter bread subscriptions]"
            "(https://strategy.example.com/levain/strategy/battles/winter-subscriptions/))"
            ) in texts
    assert card["actions"] == [{"type": "Action.OpenUrl", "title": "All updates due",
                                "url": "https://strategy.example.com/levain/strategy/updates/"}]


def test_mattermost_markdown_text(example: Path, hook: Hook,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--root", str(example), "--format", "mattermost",
                       "--webhook", hook.url)
    assert code == 0, err
    [body] = hook.bodies
    assert list(body) == ["text"]
    text = body["text"]
    assert text.startswith("## Updates due as of 16 Nov 2026: ")
    assert ("### [Hugo Petit](https://strategy.example.com/levain/strategy/people/hugo-petit/)"
            ": 2 due") in text.splitlines()  # no GitHub handle: Mattermost's are others
    assert "- due 20 Nov 2026: Hold the biweekly review ([Winter bread subscriptions](" in text


def test_the_webhook_from_the_environment(example: Path, hook: Hook,
                                          monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SST_DIGEST_WEBHOOK", hook.url + "\n")  # pasted with its line's end
    code, out, err = run(capsys, "--root", str(example), "--format", "mattermost")
    assert code == 0 and len(hook.received) == 1
    secret_free(out, err)
    # Markdown is for a summary or an issue: printed, even where the variable is set
    code, out, _ = run(capsys, "--root", str(example))
    assert code == 0 and out.startswith("## ") and len(hook.received) == 1
    code, _, err = run(capsys, "--root", str(example), "--webhook", hook.url)
    assert code == 2 and "give --format slack, teams or mattermost" in err


def test_without_a_webhook_the_payload_is_printed(example: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--root", str(example), "--format", "teams")
    assert code == 0 and json.loads(out)["type"] == "message"


# -- retries, failures, and the secret ----------------------------------------------------------

def test_429_then_200_is_retried_after_retry_after(example: Path, hook: Hook, quick: None,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    hook.script = [(429, {"Retry-After": "0"}, "rate_limited"), (200, {}, "ok")]
    code, out, err = run(capsys, "--root", str(example), "--format", "slack",
                         "--webhook", hook.url)
    assert code == 0, err
    assert len(hook.received) == 2 and hook.bodies[0] == hook.bodies[1]
    assert "(HTTP 200 after 2 tries)" in out
    secret_free(out, err)


def test_retry_after_is_honoured_and_capped_and_5xx_backs_off(hook: Hook) -> None:
    waits: list[float] = []
    hook.script = [(429, {"Retry-After": "7"}, ""), (429, {"Retry-After": "3600"}, ""),
                   (503, {}, ""), (502, {}, ""), (200, {}, "")]
    posted = webhook.post_json(hook.url, {"text": "x"}, sleep=waits.append)
    assert (posted.status, posted.attempts) == (200, 5)
    assert waits == [7.0, webhook.MAX_DELAY, 4 * webhook.BASE_DELAY, 8 * webhook.BASE_DELAY]


def test_5xx_every_time_fails_naming_the_status(example: Path, hook: Hook, quick: None,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    hook.script = [(500, {}, f"boom at /hooks/{SECRET}")] * (webhook.RETRIES + 1)
    code, out, err = run(capsys, "--root", str(example), "--format", "teams",
                         "--webhook", hook.url)
    assert code == 2
    assert len(hook.received) == webhook.RETRIES + 1
    assert err == (f"sst: the webhook did not take the message after {webhook.RETRIES + 1} "
                   "tries: HTTP 500 Internal Server Error (boom at …)\n")
    secret_free(out, err)


def test_a_refusal_is_final_and_says_what_to_do(example: Path, hook: Hook,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    hook.script = [(404, {}, "no_service")]
    code, out, err = run(capsys, "--root", str(example), "--format", "slack",
                         "--webhook", hook.url)
    assert code == 2 and len(hook.received) == 1
    assert err.startswith("sst: the webhook refused the message: HTTP 404 Not Found "
                          "(no_service): the webhook may have been removed")
    secret_free(out, err)


def test_a_redirect_is_not_followed(hook: Hook) -> None:
    hook.script = [(302, {"Location": "http://127.0.0.1:9/elsewhere"}, "")]
    with pytest.raises(webhook.WebhookError, match="HTTP 302 Found"):
        webhook.post_json(hook.url, {"text": "x"}, sleep=lambda _: None)
    assert len(hook.received) == 1


def test_a_refused_connection_fails_without_the_url(example: Path, quick: None,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as unused:  # a port that was free a moment ago: nobody listens
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    code, out, err = run(capsys, "--root", str(example), "--format", "slack",
                         "--webhook", f"http://127.0.0.1:{port}/hooks/{SECRET}")
    assert code == 2
    assert err == (f"sst: the webhook did not take the message after {webhook.RETRIES + 1} "
                   "tries: no answer: connection refused\n")
    secret_free(out, err)


@pytest.mark.parametrize(("url", "message"), [
    (f"http://chat.example.com/hooks/{SECRET}", "must be an https:// address"),
    (f"ftp://chat.example.com/hooks/{SECRET}", "must be an https:// address"),
    (f"https://chat.example.com:{SECRET}/hooks/x", "is not a valid URL"),
    (f"hooks/{SECRET}", "must be an https:// address"),
    (f"https://chat.example.com/hooks/{SECRET}\r\nX-Injected: 1", "a control character"),
    (f"https://chat.example.com/hooks/ {SECRET}", "a space or a control character"),
])
def test_a_bad_url_is_refused_without_being_shown(example: Path, url: str, message: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--root", str(example), "--format", "slack", "--webhook", url)
    assert code == 2 and message in err
    assert SECRET not in out + err and "chat.example.com" not in out + err


def test_a_real_process_prints_no_url(example: Path, hook: Hook) -> None:
    hook.script = [(403, {}, "invalid_token")]
    done = subprocess.run([sys.executable, "-m", "sst_plugin.cli", "digest", "--root",
                           str(example), "--format", "slack"], capture_output=True, text=True,
                          check=False, env={**os.environ, "SST_DIGEST_WEBHOOK": hook.url})
    assert done.returncode == 2, done.stderr
    assert "HTTP 403 Forbidden (invalid_token)" in done.stderr
    assert "Traceback" not in done.stderr
    secret_free(done.stdout, done.stderr)


# -- the weekly workflow ----------------------------------------------------------------------

def test_sst_init_writes_the_weekly_workflow() -> None:
    files = starter_files(date(2026, 6, 1))
    assert files[DIGEST_WORKFLOW] == digest_workflow_text(
        install="pip install -r requirements.txt")


def test_the_repository_runs_the_digest_workflow_it_ships() -> None:
    committed = (REPO / DIGEST_WORKFLOW).read_text(encoding="utf-8")
    assert committed == digest_workflow_text(install="pip install .")


def test_the_workflow_is_weekly_least_privilege_pinned_and_keeps_the_secret() -> None:
    text = digest_workflow_text(install="pip install .")
    workflow = yaml.safe_load(text)
    assert workflow["permissions"] == {"contents": "read"}
    triggers = workflow[True]  # YAML 1.1 reads `on:` as true
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    assert triggers["schedule"] == [{"cron": "0 7 * * 1"}]
    steps = workflow["jobs"]["digest"]["steps"]
    for step in steps:
        if "uses" in step:
            reference = step["uses"].split("@", 1)[1]
            assert len(reference) == 40 and int(reference, 16) >= 0, step["uses"]
    post = steps[-1]
    assert post["env"]["SST_DIGEST_WEBHOOK"] == "${{ secrets.SST_DIGEST_WEBHOOK }}"
    assert "secrets." not in post["run"] and "--webhook" not in text
    assert any("GITHUB_STEP_SUMMARY" in s.get("run", "") for s in steps)


def test_the_workflow_without_a_secret_writes_the_summary(tmp_path: Path, example: Path) -> None:
    # the two steps' commands, as the runner's bash runs them, without the secret
    steps = yaml.safe_load(digest_workflow_text(install="true"))["jobs"]["digest"]["steps"]
    summary = tmp_path / "summary.md"
    bin_dir = tmp_path / "bin"
    write(bin_dir, "sst", f"#!/bin/sh\nexec {sys.executable} -m sst_plugin.cli \"$@\"\n")
    (bin_dir / "sst").chmod(0o755)
    environment = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary),
                   "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
                   "SST_DIGEST_WEBHOOK": "", "SST_DIGEST_FORMAT": "slack",
                   "SST_AS_OF": ""}
    for step in steps[-2:]:
        done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=example, env=environment,
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
    assert summary.read_text(encoding="utf-8").startswith("## ")
    assert "summary only" in done.stdout


def test_a_long_digest_fits_every_chat() -> None:
    """Each chat caps a message: the digest says how many more there are, on the site."""
    long_title = "A goal with a long title " * 12
    owners = tuple(digest.Owner(f"Person {n}", None, f"https://s.example/people/p{n}/", tuple(
        digest.Item("action", f"Action {i} " + "x" * 300, long_title, "https://s.example/t/",
                    date(2026, 11, 1), True) for i in range(25))) for n in range(60))
    big = digest.Digest("Big Co", date(2026, 11, 16), owners, "https://s.example/updates/")
    slack = digest.slack_payload(big)
    assert len(slack["blocks"]) <= 50
    sections = [b["text"]["text"] for b in slack["blocks"] if b["type"] == "section"]
    assert all(len(text) <= digest.SLACK_SECTION for text in sections)
    assert sections[-1] == "And 30 more owners."
    assert sections[0].endswith("• and 19 more")  # six fit in a section
    teams = json.dumps(digest.teams_payload(big)).encode()
    assert len(teams) < 28_000
    assert digest.teams_payload(big)["attachments"][0]["content"]["body"][-1]["text"].endswith(
        "more owners.")
    assert len(digest.mattermost_payload(big)["text"]) <= digest.MATTERMOST_TEXT
    assert "x" * digest.LONG_TEXT not in digest.as_markdown(big)  # a paragraph is cut short
