"""`sst digest`: what each owner owes the strategy this week, for a chat channel or an issue.

The items are the Updates due page's (health/due.py), grouped by owner and seen by one audience;
each format is one function here, named in FORMATS. The chat formats are the JSON bodies their
incoming webhooks take: Slack's blocks with a text fallback, Mattermost's Markdown text, and an
Adaptive Card in the `message` attachment a Microsoft Teams Workflows webhook expects.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..health.audience import RESTRICTED, Audience
from ..health.due import Due, Kind, updates_due
from ..language import ENGLISH, Language
from ..model.model import Entity, Model, Person, Team
from ..read.config import Settings, SiteSettings
from ..render.urls import OVERVIEWS, PREFIX, entity_uri, page_url

# a chat message is read at a glance, and each service caps a message's size: the rest of an
# owner's list is on the site's Updates due page
ITEMS_PER_OWNER = 10
MAX_OWNERS = 30
LONG_TEXT = 200  # characters of an action's text or a title
SLACK_SECTION = 3000  # Slack's most characters in a section's text
MATTERMOST_TEXT = 16000  # Mattermost's most characters in a post (16,383)
TEAMS_CARD = 24000  # bytes of a card's body: Teams takes about 28 KB a message
UPDATES_URI = f"{PREFIX}/updates.md"
assert UPDATES_URI in OVERVIEWS


@dataclass(frozen=True)
class Item:
    kind: Kind
    task: str  # what to do, in words
    title: str  # the goal, KPI, battle or tactic it belongs to
    url: str | None  # that entity's page, where the site's address is known
    due: date
    overdue: bool


@dataclass(frozen=True)
class Owner:
    name: str  # "restricted" for everyone this audience may not see
    handle: str | None  # their GitHub user or team, to mention them in an issue
    url: str | None
    items: tuple[Item, ...]

    @property
    def overdue(self) -> int:
        return sum(item.overdue for item in self.items)


@dataclass(frozen=True)
class Digest:
    company: str
    as_of: date
    owners: tuple[Owner, ...]  # the most overdue first
    updates_url: str | None  # the site's Updates due page
    language: Language = ENGLISH

    @property
    def count(self) -> int:
        return sum(len(owner.items) for owner in self.owners)

    @property
    def overdue(self) -> int:
        return sum(owner.overdue for owner in self.owners)


def digest_of(model: Model, settings: Settings, site: SiteSettings | None = None,
              language: Language = ENGLISH) -> Digest:
    """Every update due by as_of + a week that this audience may see, by owner."""
    audience = Audience(model, settings)
    link = _linker(site)
    grouped: dict[str, list[Due]] = {}
    owner_entity: dict[str, Entity | None] = {}
    for due in updates_due(model, settings.as_of, settings.audience):
        # owners this audience may not see are one "restricted" group: not one each, which
        # would tell how many there are
        shown = audience.entity(due.owner)
        key = due.owner if shown is not None or due.owner not in model.entities else RESTRICTED
        grouped.setdefault(key, []).append(due)
        owner_entity[key] = shown
    owners = []
    for key, items in grouped.items():
        entity = owner_entity[key]
        name = audience.name_of(key) if key != RESTRICTED else RESTRICTED
        name = language.gettext(RESTRICTED) if name == RESTRICTED else name
        handle = entity.github if isinstance(entity, (Person, Team)) and entity.github else None
        owners.append(Owner(name, handle, link(entity) if entity else None, tuple(
            Item(d.kind, _task(d, language), d.entity.title, link(d.entity), d.due, d.overdue)
            for d in items)))
    owners.sort(key=lambda o: (-o.overdue, o.items[0].due, o.url is None, o.name))
    company = model.strategy.company if model.strategy else "Strategy"
    updates_url = _url(site, UPDATES_URI) if site else None
    return Digest(company, settings.as_of, tuple(owners), updates_url, language)


def _task(due: Due, language: Language) -> str:
    return due.task if due.kind == "action" else language.gettext(due.task)


def _linker(site: SiteSettings | None) -> Callable[[Entity | None], str | None]:
    def link(entity: Entity | None) -> str | None:
        return _url(site, entity_uri(entity)) if site and entity is not None else None
    return link


def _url(site: SiteSettings, uri: str) -> str | None:
    if not site.site_url:
        return None
    return site.site_url.rstrip("/") + "/" + page_url(uri, site.directory_urls)


# -- words ------------------------------------------------------------------------------------

def headline(digest: Digest) -> str:
    _, when = digest.language.gettext, digest.language.day(digest.as_of)
    if not digest.count:
        return _("Nothing is due as of {date}").format(date=when)
    if not digest.overdue:
        return _("Updates due as of {date}: {count}").format(date=when, count=digest.count)
    return _("Updates due as of {date}: {count}, {overdue} overdue").format(
        date=when, count=digest.count, overdue=digest.overdue)


def _nothing_due(language: Language) -> str:
    return language.gettext("Every KPI is measured, every active battle reviewed, every goal "
                            "and active battle checked in on, and every action on time.")


def _intro(language: Language) -> str:
    return language.gettext("What each owner owes the strategy by the end of the week, "
                            "overdue first.")


def _all_updates(language: Language) -> str:
    return language.gettext("All updates due")


def _when(item: Item, language: Language) -> str:
    when = language.day(item.due)
    if item.overdue:
        return language.gettext("overdue since {date}").format(date=when)
    return language.gettext("due {date}").format(date=when)


def _owner_line(owner: Owner, language: Language) -> str:
    count = len(owner.items)
    if owner.overdue:
        return language.ngettext("{count} due, {overdue} overdue",
                                 "{count} due, {overdue} overdue", count).format(
            count=count, overdue=owner.overdue)
    return language.ngettext("{count} due", "{count} due", count).format(count=count)


def _more(owner: Owner, language: Language, shown: int = ITEMS_PER_OWNER) -> str:
    hidden = len(owner.items) - shown
    return language.gettext("and {count} more").format(count=hidden) if hidden > 0 else ""


def _more_owners(digest: Digest, shown: int = MAX_OWNERS) -> str:
    hidden = len(digest.owners) - shown
    return digest.language.ngettext("And {count} more owner.", "And {count} more owners.",
                                    hidden).format(count=hidden) if hidden > 0 else ""


def _short(text: str) -> str:
    """One line, at most LONG_TEXT characters: a chat line is no place for a paragraph."""
    text = " ".join(text.split())
    return text if len(text) <= LONG_TEXT else text[: LONG_TEXT - 1].rstrip() + "…"


# -- Markdown: a GitHub issue, a job summary, Mattermost -----------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _md(text: str) -> str:
    """Text as Markdown shows it: no formatting, no HTML, and no @mention of anyone."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", _short(text)).replace("&", "&amp;")
    return escaped.replace("@", "@\u2060")  # a word joiner: `@team` pings nobody


def _md_link(text: str, url: str | None) -> str:
    return f"[{_md(text)}]({url})" if url else _md(text)


def as_markdown(digest: Digest, mentions: bool = True, limit: int | None = None) -> str:
    """The digest as Markdown; MENTIONS: each owner's GitHub handle, so an issue notifies them."""
    language = digest.language
    lines = [f"## {headline(digest)}", ""]
    if not digest.count:
        lines.append(f"{_md(digest.company)}: {_nothing_due(language)}")
        return "\n".join(lines) + "\n"
    intro = f"{_md(digest.company)}: {_intro(language)}"
    if digest.updates_url:
        intro += f" [{_all_updates(language)}]({digest.updates_url})"
    lines += [intro, ""]
    shown = 0
    for owner in digest.owners[:MAX_OWNERS]:
        handle = f" (@{owner.handle})" if mentions and owner.handle else ""
        chunk = [f"### {_md_link(owner.name, owner.url)}{handle}: "
                 f"{_owner_line(owner, language)}", ""]
        for item in owner.items[:ITEMS_PER_OWNER]:
            when = _when(item, language)
            when = f"**{when}**" if item.overdue else when
            chunk.append(f"- {when}: {_md(item.task)} ({_md_link(item.title, item.url)})")
        if _more(owner, language):
            chunk.append(f"- {_more(owner, language)}")
        chunk.append("")
        # the chat's limit, less room for the line that says how many owners are left out
        if limit is not None and len("\n".join(lines + chunk)) > limit - 100:
            break
        lines += chunk
        shown += 1
    if _more_owners(digest, shown):
        lines += [_more_owners(digest, shown), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def mattermost_payload(digest: Digest) -> dict[str, Any]:
    """Mattermost's incoming webhook: Markdown in `text` (its handles are not GitHub's)."""
    return {"text": as_markdown(digest, mentions=False, limit=MATTERMOST_TEXT)}


# -- Slack: blocks, with the headline as the notification's text -------------------------------

def _slack(text: str) -> str:
    """Text in Slack's mrkdwn: `&`, `<` and `>` escaped, so `<!channel>` pings nobody."""
    return _short(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _slack_link(text: str, url: str | None) -> str:
    return f"<{url}|{_slack(text).replace('|', '¦')}>" if url else _slack(text)


def slack_payload(digest: Digest) -> dict[str, Any]:
    language = digest.language
    title = f"{digest.company}: {headline(digest)}"
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _short(title)[:150]}}]
    if not digest.count:
        blocks.append(_section(_slack(_nothing_due(language))))
        return {"text": title, "blocks": blocks}
    intro = _slack(_intro(language))
    if digest.updates_url:
        intro += f" {_slack_link(_all_updates(language), digest.updates_url)}"
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": intro}]})
    for owner in digest.owners[:MAX_OWNERS]:
        text = f"*{_slack_link(owner.name, owner.url)}*: {_owner_line(owner, language)}"
        listed = 0
        for item in owner.items[:ITEMS_PER_OWNER]:
            when = _when(item, language)
            when = f"*{when}*" if item.overdue else when
            line = f"\n• {when}: {_slack(item.task)} ({_slack_link(item.title, item.url)})"
            if len(text) + len(line) > SLACK_SECTION - 40:  # room for "and N more"
                break
            text += line
            listed += 1
        if _more(owner, language, listed):
            text += f"\n• {_more(owner, language, listed)}"
        blocks.append(_section(text))
    if _more_owners(digest):
        blocks.append(_section(_more_owners(digest)))
    return {"text": title, "blocks": blocks}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


# -- Microsoft Teams: an Adaptive Card for a Workflows ("Send webhook alerts") webhook ---------

ADAPTIVE_CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"


def _card_text(text: str) -> str:
    """Plain text in an Adaptive Card's Markdown subset: no emphasis, no link of its own."""
    return re.sub(r"([\\*_\[\]])", r"\\\1", _short(text))


def _card_link(text: str, url: str | None) -> str:
    return f"[{_card_text(text)}]({url})" if url else _card_text(text)


def _text_block(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def teams_payload(digest: Digest) -> dict[str, Any]:
    language = digest.language
    body: list[dict[str, Any]] = [
        _text_block(_card_text(headline(digest)), size="Large", weight="Bolder"),
        _text_block(_card_text(digest.company), isSubtle=True, spacing="None"),
        _text_block(_card_text(_intro(language) if digest.count else _nothing_due(language)))]
    size, shown = len(json.dumps(body)), 0
    for owner in digest.owners[:MAX_OWNERS]:
        blocks = [_text_block(f"**{_card_link(owner.name, owner.url)}**: "
                              f"{_owner_line(owner, language)}", separator=True,
                              spacing="Medium")]
        for item in owner.items[:ITEMS_PER_OWNER]:
            when = _when(item, language)
            when = f"**{when}**" if item.overdue else when
            blocks.append(_text_block(f"- {when}: {_card_text(item.task)} "
                                      f"({_card_link(item.title, item.url)})", spacing="Small"))
        if _more(owner, language):
            blocks.append(_text_block(f"- {_more(owner, language)}", spacing="Small"))
        size += len(json.dumps(blocks))
        if size > TEAMS_CARD:  # Teams refuses a bigger card: the rest is on the site
            break
        body += blocks
        shown += 1
    if _more_owners(digest, shown):
        body.append(_text_block(_more_owners(digest, shown)))
    card: dict[str, Any] = {"$schema": ADAPTIVE_CARD_SCHEMA, "type": "AdaptiveCard",
                            "version": "1.4", "body": body, "msteams": {"width": "Full"}}
    if digest.updates_url:
        card["actions"] = [{"type": "Action.OpenUrl", "title": _all_updates(language),
                            "url": digest.updates_url}]
    return {"type": "message", "attachments": [{
        "contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None,
        "content": card}]}


# the chat formats, each the JSON body its webhook takes: the choices of --format beside markdown
PAYLOADS: dict[str, Callable[[Digest], dict[str, Any]]] = {
    "slack": slack_payload, "teams": teams_payload, "mattermost": mattermost_payload}
FORMATS = ("markdown", *PAYLOADS)
