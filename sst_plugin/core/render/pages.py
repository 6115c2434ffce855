"""Every generated page as a Markdown string, from Jinja2 templates a user may override."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    pass_context,
)
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

from ..days import add_days
from ..health.due import HORIZON_DAYS, is_overdue
from ..health.health import STATUSES, baseline_defaulted
from ..language import speaking
from ..model import interviews
from ..model.model import (
    Action,
    Battle,
    Entity,
    Goal,
    GrowthPath,
    Kpi,
    Person,
    Retro,
    Risk,
    Tactic,
    Team,
)
from ..read.config import ConfigError
from ..read.schema import schema_for
from ..text import block, cell, inline
from . import checkins, history_charts, past_periods, scenarios, strategy_map, svg, words
from .resources_view import resources_view
from .tables import label_cells
from .traceability import Part, Traceability, trace
from .urls import OVERVIEWS, PREFIX, entity_uri
from .view import SiteView, badge, progress
from .work import work_of


def _tactic_enum(field: str) -> tuple[str, ...]:
    """A tactic field's values in the schema's order: the schema is their one definition."""
    return tuple(schema_for("tactic")["properties"][field]["enum"])


TACTIC_STATUSES = _tactic_enum("status")  # the board's columns, left to right
TACTIC_CATEGORIES = _tactic_enum("category")  # the board's rows, top to bottom
URIS = {
    "home": f"{PREFIX}/index.md", "map": f"{PREFIX}/map.md",
    "positioning": f"{PREFIX}/positioning.md", "goals": f"{PREFIX}/goals/index.md",
    "kpis": f"{PREFIX}/kpis/index.md", "paths": f"{PREFIX}/paths/index.md",
    "battles": f"{PREFIX}/battles/index.md", "tactics": f"{PREFIX}/tactics/index.md",
    "people": f"{PREFIX}/people/index.md", "updates": f"{PREFIX}/updates.md",
    "traceability": f"{PREFIX}/traceability.md",
    "risks": f"{PREFIX}/risks/index.md",
    "retros": f"{PREFIX}/retros/index.md",
}


class CompiledTemplates(BytecodeCache):
    """Templates compiled once per process, whatever renderer asks: `mkdocs serve` and `sst
    render --watch` make a renderer per build, and compiling the templates again took a
    second or two of each rebuild. Jinja2 checks each template's source against its checksum:
    an edited template (templates_dir) is compiled again."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self.compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED = CompiledTemplates()


class TemplateProblem(ConfigError):
    """A template that fails to render, named by its file and line (a usage error: exit 2)."""


@dataclass(frozen=True)
class RenderedPage:
    uri: str  # the Markdown source path the generator publishes it at
    title: str
    markdown: str
    source: str | None = None  # the strategy file it shows, relative to the repository
    in_nav: bool = False


class Renderer:
    """Renders pages for one view; `source_url` gives the edit link of a strategy file."""

    def __init__(self, view: SiteView, template_dirs: Sequence[Path] = (),
                 source_url: Callable[[str], str | None] | None = None) -> None:
        self.view = view
        self.source_url = source_url or (lambda _file: None)
        self._trace: Traceability | None = None
        self.template_dirs = [Path(d) for d in template_dirs]
        loaders: list[Any] = [FileSystemLoader([str(d) for d in template_dirs])]
        loaders.append(PackageLoader("sst_plugin.core.render", "templates"))
        # templates_dir comes from pull requests like the strategy: templates run sandboxed (no
        # attribute that leads to Python's internals, no change to the values they are given).
        # Autoescape on: any value a template prints without a filter of ours is escaped.
        self.env = ImmutableSandboxedEnvironment(
            loader=ChoiceLoader(loaders), autoescape=True, undefined=StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
            extensions=["jinja2.ext.i18n"], bytecode_cache=COMPILED)
        # the page's words in the reader's language: `_("Owner")`, `{% trans %}`; newstyle
        # escapes the values a message is given, as autoescape does everywhere else
        self.language = view.language
        self.env.policies["ext.i18n.trimmed"] = True
        self.env.install_gettext_translations(self.language, newstyle=True)  # type: ignore[attr-defined]
        language = self.language
        formats: dict[str, Callable[..., str]] = {
            "day": language.day, "number": language.number, "percent": language.percent,
            "inline": inline, "cell": cell, "block": block, "money": self._money}
        ours: dict[str, Callable[..., Any]] = {
            name: _markup(function) for name, function in formats.items()}
        # plain words for slugs (`customer-ops`, `todo`), escaped like any other value
        for name, word in {"state": words.state, "category": words.category,
                           "approach": words.approach, "kind": words.kind,
                           "kinds": words.kinds, "direction": words.direction,
                           "kpi_type": words.kpi_type, "frequency": words.frequency,
                           "due_words": words.due_words, "task_kind": words.task_kind}.items():
            ours[name] = partial(word, language=language)
        # the count a plural is chosen by: `1.5 people` is plural in English, as 2 is
        ours["countable"] = _countable
        # a sentence's first letter up, the rest as the language writes it (`capitalize`
        # would lower the rest: `KPIs`, a name)
        ours["sentence"] = lambda text: text[:1].upper() + text[1:]
        # a narrative is Markdown, kept as written; its HTML output is sanitised (sanitize.py)
        ours["markdown"] = lambda text: Markup(text or "")
        # Jinja2 computes a filter of a constant (`"todo" | state`) while compiling: in the code
        # COMPILED shares with every later renderer, that would print the first one's language
        self.env.filters.update({name: _at_render(f) for name, f in ours.items()})

    # --- the pages -------------------------------------------------------------------------

    def render_all(self) -> list[RenderedPage]:
        return list(self.render_each())

    def render_each(self, only: Collection[str] | None = None) -> Iterator[RenderedPage]:
        """Every page, one at a time (a caller that keeps less than the page need not hold the
        whole site's Markdown at once); with ONLY, the pages of those URIs alone (what an edit
        changed: dependencies.py)."""
        with speaking(self.language):  # the charts' words too
            for uri, build in self.builders():
                if only is None or uri in only:
                    yield build()

    def builders(self) -> list[tuple[str, Callable[[], RenderedPage]]]:
        """Every page's URI, in the site's order, with what renders it when called."""
        view = self.view
        model = view.model
        if model.strategy is None:
            return []
        overviews: list[tuple[str, Callable[[], RenderedPage]]] = [
            (URIS[name], build) for name, build in (
                ("home", self.home), ("map", self.strategy_map),
                ("positioning", self.positioning), ("goals", self.goals), ("kpis", self.kpis),
                ("paths", self.paths), ("battles", self.battles), ("tactics", self.tactics),
                ("people", self.people), ("updates", self.updates),
                ("traceability", self.traceability), ("risks", self.risks))]
        found = list(overviews)
        # a large strategy's traceability list, in parts (traceability.py)
        found.extend((part.uri, partial(self.traceability_part, part))
                     for part in self._traceability().parts)
        builders: list[tuple[Sequence[Entity], Callable[[Any], RenderedPage]]] = [
            (model.goals, self.goal), (model.kpis, self.kpi), (model.paths, self.path),
            (model.battles, self.battle), (model.tactics, self.tactic), (model.risks, self.risk),
            (model.people, self.owner), (model.teams, self.owner),
        ]
        for entities, build in builders:
            found.extend((entity_uri(entity), partial(build, entity))
                         for entity in view.visible(entities))
        retros = view.visible(model.retros)
        if retros:  # no "Past periods" before a first period is closed
            found.append((URIS["retros"], partial(self.retros, retros)))
            found.extend((entity_uri(retro), partial(self.retro, retro)) for retro in retros)
        return found

    def _page(self, uri: str, template: str, title: str, entity: Entity | None = None,
              **context: Any) -> RenderedPage:
        view = self.view
        ln = view.links_from(uri)
        try:
            markdown = self.env.get_template(template).render(
                ln=ln, as_of=view.as_of, badge=self._badge, status=self._status,
                progress=lambda e: progress(view, e), unit=self._unit,
                quantity=self._quantity, current=self._current, related=self._related,
                referrers=self._related,  # its older name, for templates copied before
                latest_checkin=lambda e: checkins.latest(view, e),
                checkin_rows=lambda e: checkins.rows(view, e, self._quantity),
                confidence_trend=lambda e: checkins.trend(view, e),
                source_url=lambda e: self.source_url(e.source.file),
                uris={k: v for k, v in URIS.items()}, **context)
        except Exception as error:
            if not self.template_dirs:
                raise  # SST's own templates alone: a bug of ours, not the user's
            # whatever a user's template does wrong is a message with its place, not a trace
            raise self._problem(error, template) from None
        # column names in every cell: a phone shows each row as a card of labelled values
        return RenderedPage(uri, title, label_cells(markdown),
                            entity.source.file if entity else None, in_nav=uri in OVERVIEWS)

    def _overview(self, name: str) -> str:
        """An overview page's title (and its name in the navigation), in the reader's language."""
        return self.language.gettext(OVERVIEWS[URIS[name]])

    def home(self) -> RenderedPage:
        view = self.view
        strategy = view.model.strategy
        assert strategy is not None
        goals = view.visible(view.model.goals)
        by_status = [(s, [g for g in goals if view.status(g) == s]) for s in STATUSES]
        return self._page(
            URIS["home"], "home.md.j2", self._overview("home"), strategy=strategy,
            breakthrough=next((g for g in goals if g.breakthrough), None),
            goals_by_status=[(s, gs) for s, gs in by_status if gs],
            selected_paths=[p for p in view.visible(view.model.paths) if p.status == "selected"],
            battles=self._period_battles(), timeline=self._timeline(URIS["home"]),
            history_chart=Markup(self._distribution_chart()),
            scenarios=scenarios.rows(view, view.links_from(URIS["home"]), self._quantity),
            execution=self._execution_items())

    def strategy_map(self) -> RenderedPage:
        view = self.view
        ln = view.links_from(URIS["map"])
        goals = self._goal_order()
        # each column sorted by the place of what it serves in the column before: by ID
        goal_place = {g.id: i for i, g in enumerate(goals)}
        paths = sorted(view.visible(view.model.paths), key=lambda p: (
            min((goal_place[g] for g in p.goals if g in goal_place), default=len(goals)),
            p.status != "selected", p.id))
        path_place = {p.id: i for i, p in enumerate(paths)}
        battles = sorted(view.visible(view.model.battles), key=lambda b: (
            path_place.get(b.path, len(paths)), b.start, b.id))
        battle_place = {b.id: i for i, b in enumerate(battles)}
        tactics = sorted(view.visible(view.model.tactics), key=lambda t: (
            battle_place.get(t.battle, len(battles)), TACTIC_CATEGORIES.index(t.category), t.id))

        language = self.language
        _ = language.gettext

        def column(title: str, entities: Sequence[Entity],
                   state: Callable[[Any], str]) -> strategy_map.Column:
            return strategy_map.Column(title, [strategy_map.Node(
                e.id, e.title, ln.url(e), state(e), words.state(state(e), language),
                _("{kind}, {state}").format(kind=words.kind(e.kind, language),
                                            state=words.state(state(e), language)))
                for e in entities])

        edges = [(g, p.id) for p in paths for g in p.goals]
        edges += [(b.path, b.id) for b in battles]
        edges += [(t.battle, t.id) for t in tactics]
        # a battle serving a goal its path does not list still shows where it belongs
        path_goals = {p.id: p.goals for p in paths}
        edges += [(g, b.id) for b in battles for g in b.goals
                  if g not in path_goals.get(b.path, ())]
        diagram = strategy_map.layered_map(
            [column(_("Goals"), goals, self._status),
             column(_("Paths"), paths, _plain_status),
             column(_("Battles"), battles, self._status),
             column(_("Tactics"), tactics, _plain_status)],
            edges, _("Strategy map: goals, paths, battles and tactics"))
        return self._page(URIS["map"], "map.md.j2", self._overview("map"),
                          diagram=Markup(diagram))

    def positioning(self) -> RenderedPage:
        strategy = self.view.model.strategy
        assert strategy is not None
        _ = self.language.gettext
        quadrants = [(_("Strengths"), "strengths"), (_("Weaknesses"), "weaknesses"),
                     (_("Opportunities"), "opportunities"), (_("Threats"), "threats")]
        swot = ""
        if any(strategy.swot.get(key) for _, key in quadrants):
            boxes = "".join(
                f'<div class="sst-swot__{key}"><p><strong>{title}</strong></p><ul>'
                + "".join(f"<li>{svg.attr(item)}</li>" for item in strategy.swot.get(key, ()))
                + "</ul></div>" for title, key in quadrants)
            swot = f'<div class="sst-swot">{boxes}</div>'
        found = interviews.evidence(strategy)
        return self._page(URIS["positioning"], "positioning.md.j2",
                          self._overview("positioning"), strategy=strategy, swot=Markup(swot),
                          pains=found.pains, interviews=found.matched)

    def goals(self) -> RenderedPage:
        return self._page(URIS["goals"], "goals.md.j2", self._overview("goals"),
                          goals=self._goal_order())

    def goal(self, goal: Goal) -> RenderedPage:
        view = self.view
        model = view.model
        uri = entity_uri(goal)
        return self._page(
            uri, "goal.md.j2", goal.title, goal, goal=goal, health=view.health.get(goal.id),
            start=model.goal_start(goal), chart=Markup(self._goal_chart(goal)),
            history_chart=Markup(self._history_chart(goal)),
            battles=view.visible(model.battles_of(goal)),
            children=view.visible(model.children_of(goal)),
            parent=view.entity(goal.parent),
            paths=view.visible(model.referrers(goal.id, GrowthPath)),
            risks=view.visible(model.referrers(goal.id, Risk)))

    def kpis(self) -> RenderedPage:
        return self._page(URIS["kpis"], "kpis.md.j2", self._overview("kpis"),
                          kpis=self.view.visible(self.view.model.kpis), users=self._kpi_users)

    def kpi(self, kpi: Kpi) -> RenderedPage:
        _ = self.language.gettext
        chart = svg.line_chart(
            [svg.Series([(m.date, m.value) for m in kpi.measurements], "sst-actual",
                         _("Measured"), dots=True)],
            _("{kpi} over time").format(kpi=kpi.title), kpi.unit, self.view.as_of)
        return self._page(entity_uri(kpi), "kpi.md.j2", kpi.title, kpi, kpi=kpi,
                          chart=Markup(chart), users=self._kpi_users)

    def paths(self) -> RenderedPage:
        """One row per path, so that every number says whose it is; then a section per path,
        selected first, each in the table of contents."""
        view = self.view
        order = ("selected", "candidate", "rejected")
        paths = sorted(view.visible(view.model.paths),
                       key=lambda p: (order.index(p.status), p.title, p.id))
        _ = self.language.gettext
        headings = {"selected": _("Selected"), "candidate": _("Candidates"),
                    "rejected": _("Rejected")}
        groups = [(s, headings[s], [p for p in paths if p.status == s]) for s in order]
        return self._page(URIS["paths"], "paths.md.j2", self._overview("paths"), paths=paths,
                          groups=[g for g in groups if g[2]])

    def path(self, path: GrowthPath) -> RenderedPage:
        battles = self.view.visible(self.view.model.referrers(path.id, Battle, "path"))
        return self._page(entity_uri(path), "path.md.j2", path.title, path, path=path,
                          battles=battles)

    def battles(self) -> RenderedPage:
        strategy = self.view.model.strategy
        assert strategy is not None
        return self._page(
            URIS["battles"], "battles.md.j2", self._overview("battles"),
            battles=self._period_battles(all_battles=True),
            timeline=self._timeline(URIS["battles"]),
            strategy_period=f"{self.language.day(strategy.period_start)} – "
                            f"{self.language.day(strategy.period_end)}",
            resources=resources_view(self.view.visible(self.view.model.battles),
                                     strategy.capacity, strategy.currency,
                                     strategy.period_start, strategy.period_end,
                                     self.view.as_of, self.language))

    def battle(self, battle: Battle) -> RenderedPage:
        view = self.view
        health = view.health.get(battle.id)
        tactics = view.visible(view.model.tactics_of(battle))
        by_category = [(c, [t for t in tactics if t.category == c]) for c in TACTIC_CATEGORIES]
        series = []
        kpi = view.model.get(battle.kpi, Kpi)
        _ = self.language.gettext
        if kpi is not None and health is not None:
            series = [
                svg.Series([(m.date, m.value) for m in kpi.measurements
                            if battle.start - (battle.end - battle.start) <= m.date], "sst-actual",
                           _("Measured"), dots=True),
                svg.Series([(battle.start, health.baseline), (battle.end, battle.target)],
                           "sst-expected", _("Expected")),
                svg.Series([(battle.start, battle.target), (battle.end, battle.target)],
                           "sst-target", _("Target"),
                           caption=_("target {value}").format(
                               value=svg.value_text(battle.target))),
            ]
        chart = svg.line_chart(series, _("{battle}: progress").format(battle=battle.title),
                               kpi.unit if kpi else "", view.as_of) if series else ""
        return self._page(entity_uri(battle), "battle.md.j2", battle.title, battle,
                          battle=battle, health=health, chart=Markup(chart),
                          baseline_defaulted=baseline_defaulted(battle, kpi),
                          tactics_by_category=[(c, ts) for c, ts in by_category if ts])

    def tactics(self) -> RenderedPage:
        view = self.view
        ln = view.links_from(URIS["tactics"])
        tactics = sorted(view.visible(view.model.tactics),
                         key=lambda t: (TACTIC_STATUSES.index(t.status), t.category, t.id))
        board = []
        for category in TACTIC_CATEGORIES:
            cells = [Markup("<br>").join(ln(t) for t in tactics
                                         if t.category == category and t.status == status)
                     for status in TACTIC_STATUSES]
            if any(cells):
                board.append((category, [c or Markup("–") for c in cells]))
        return self._page(URIS["tactics"], "tactics.md.j2", self._overview("tactics"),
                          tactics=tactics, board=board)

    def tactic(self, tactic: Tactic) -> RenderedPage:
        overdue = sum(self._overdue(tactic, a) for a in tactic.actions)
        return self._page(entity_uri(tactic), "tactic.md.j2", tactic.title, tactic,
                          tactic=tactic, overdue=self._overdue, overdue_actions=overdue,
                          done_count=self._done_count)

    def people(self) -> RenderedPage:
        view = self.view
        model = view.model
        teams = [(team, view.visible(model.members_of(team))) for team in view.visible(model.teams)]
        people = view.visible(model.people)
        rows = [(person, len(view.visible(model.owned_by(person.id))), work_of(view, [person.id]))
                for person in people]
        return self._page(URIS["people"], "people.md.j2", self._overview("people"),
                          teams=teams, people=rows, week_end=add_days(view.as_of, HORIZON_DAYS),
                          loners=[p for p in people if view.entity(p.team) is None])

    def owner(self, owner: Person | Team) -> RenderedPage:
        """A person's page: their week, then all they own; a team's rolls up its members."""
        view = self.view
        members = view.visible(view.model.members_of(owner)) if isinstance(owner, Team) else []
        owners: list[Entity] = [owner, *members]
        owned = sorted((e for o in owners for e in view.visible(view.model.owned_by(o.id))),
                       key=lambda e: (_KIND_ORDER.get(e.kind, len(_KIND_ORDER)), e.title))
        by_kind = [(kind, [e for e in owned if e.kind == kind]) for kind in _KIND_ORDER]
        team = view.entity(owner.team) if isinstance(owner, Person) else None
        return self._page(
            entity_uri(owner), "owner.md.j2", owner.title, owner, owner=owner, members=[
                (m, len(view.visible(view.model.owned_by(m.id))), work_of(view, [m.id]))
                for m in members],
            work=work_of(view, [o.id for o in owners]), owned=[kv for kv in by_kind if kv[1]],
            team=team, team_owns=len(view.visible(view.model.owned_by(team.id))) if team else 0,
            rollup=isinstance(owner, Team), state=self._state, done_count=self._done_count)

    def traceability(self) -> RenderedPage:
        """Each goal with the battles that serve it, gaps first; at scale, the parts' index."""
        trace = self._traceability()
        return self._page(
            URIS["traceability"], "traceability.md.j2", self._overview("traceability"),
            rows=[] if trace.parts else trace.rows, parts=trace.parts,
            unserved_goals=trace.unserved, unfought=trace.unfought)

    def traceability_part(self, part: Part) -> RenderedPage:
        """One part of a large strategy's traceability list: a sub-page, not in the nav."""
        trace = self._traceability()
        title = self.language.gettext("Traceability, part {number} of {count}").format(
            number=part.number, count=len(trace.parts))
        return self._page(part.uri, "traceability_part.md.j2", title, heading=title, part=part,
                          count=len(trace.parts), rows=part.rows, parts=trace.parts)

    def _traceability(self) -> Traceability:
        """Computed once for the page and its parts."""
        if self._trace is None:
            self._trace = trace(self.view, self._goal_order(), URIS["traceability"])
        return self._trace

    def updates(self) -> RenderedPage:
        # view.due: computed once a view, owner pages read their share of it too
        return self._page(URIS["updates"], "updates.md.j2", self._overview("updates"),
                          due=self.view.due)

    def risks(self) -> RenderedPage:
        view = self.view
        ln = view.links_from(URIS["risks"])
        risks = sorted(view.visible(view.model.risks),
                       key=lambda r: (-r.likelihood * r.impact, r.id))
        cells: dict[tuple[int, int], list[tuple[int, str, str]]] = {}
        for number_, risk in enumerate(risks, start=1):
            cells.setdefault((risk.likelihood, risk.impact), []).append(
                (number_, risk.title, ln.url(risk)))
        heat = svg.heat_map(cells, self.language.gettext("Risks by likelihood and impact")) \
            if risks else ""
        return self._page(URIS["risks"], "risks.md.j2", self._overview("risks"), risks=risks,
                          heat_map=Markup(heat))

    def risk(self, risk: Risk) -> RenderedPage:
        return self._page(entity_uri(risk), "risk.md.j2", risk.title, risk, risk=risk)

    def retros(self, retros: Sequence[Retro]) -> RenderedPage:
        ln = self.view.links_from(URIS["retros"])
        return self._page(URIS["retros"], "retros.md.j2", self._overview("retros"), periods=[
            (retro, past_periods.execution_shares(retro),
             past_periods.result_rows(self.view, ln, retro),
             past_periods.nested_body(retro.body)) for retro in retros])

    def retro(self, retro: Retro) -> RenderedPage:
        uri = entity_uri(retro)
        return self._page(uri, "retro.md.j2", retro.title, retro, retro=retro,
                          execution=past_periods.execution_shares(retro),
                          results=past_periods.result_rows(self.view, self.view.links_from(uri),
                                                           retro))

    # --- helpers ---------------------------------------------------------------------------

    def _problem(self, error: Exception, template: str) -> TemplateProblem:
        file, line = _template_place(error)
        shown = self._shown(file) if file else template
        where = f"{shown}: line {line}" if line else shown
        if isinstance(error, SecurityError):
            return TemplateProblem(
                f"{where}: {str(error).rstrip('.')}: templates run in Jinja's sandbox, so use "
                f"the values each template is given, not Python's internals")
        if isinstance(error, TemplateSyntaxError):
            return TemplateProblem(f"{where}: {error.message}")
        if isinstance(error, TemplateNotFound):
            return TemplateProblem(f"{where}: there is no template {error.name!r}, neither in "
                                   f"{self._shown(None)} nor among SST's own")
        return TemplateProblem(f"{where}: {type(error).__name__}: {error}")

    def _shown(self, file: str | None) -> str:
        """A template's file as the reader knows it: under templates_dir, or SST's own."""
        if file is None:
            return self.view.settings.templates_dir or "templates_dir"
        path = Path(file)
        for folder in self.template_dirs:
            if path.is_relative_to(folder):
                label = self.view.settings.templates_dir or folder.as_posix()
                return f"{label}/{path.relative_to(folder).as_posix()}"
        return f"{path.name} (a template of SST)"

    def _status(self, entity: Entity) -> str:
        return self.view.status(entity)

    def _badge(self, status: str | None) -> Markup:
        return badge(status, self.language)

    def _state(self, entity: Entity) -> str:
        """The status a person's list shows: health for goals and battles, else as written."""
        if isinstance(entity, Goal | Battle):
            return self.view.status(entity)
        return _plain_status(entity)

    def _unit(self, kpi_id: str) -> Markup:
        kpi = self.view.model.get(kpi_id, Kpi)
        return Markup(cell(kpi.unit)) if kpi is not None and self.view.can_see(kpi) else Markup("")

    def _related(self, entity: Entity, shown: Sequence[str] = ()) -> list[tuple[Entity, str]]:
        """What refers to ENTITY and how, in words ("serves this goal"); SHOWN names the
        relations (`battle.goals`) the page already lists in a section of their own."""
        found: dict[tuple[str, str], tuple[Entity, str]] = {}
        for other, ref in self.view.model.referenced_by.get(entity.id, ()):
            field = ".".join(str(p) for p in ref.path if not isinstance(p, int))
            if self.view.can_see(other) and f"{other.kind}.{field}" not in shown:
                found.setdefault((other.id, field),
                                 (other, words.relation(field, entity.kind, self.language)))
        return sorted(found.values(), key=lambda pair: (
            _KIND_ORDER.get(pair[0].kind, len(_KIND_ORDER)), pair[1], pair[0].title))

    def _money(self, value: float | None) -> str:
        """A budget with the strategy's currency (spec §8): `24,000 EUR`."""
        strategy = self.view.model.strategy
        currency = strategy.currency if strategy else None
        # the amount and its currency never part at a line break
        return self.language.money(value, currency).replace(" ", "&nbsp;")

    def _quantity(self, value: float | None, kpi_id: str) -> Markup:
        """A number in its KPI's unit: `8.4 %`, `75,000 EUR`."""
        unit = self._unit(kpi_id)
        return Markup(self.language.number(value)
                      + (f" {unit}" if unit and value is not None else ""))

    def _current(self, entity: Goal | Battle) -> Markup:
        """The value progress is read from, with its unit and date: `70,200 EUR on 31 Oct 2026`;
        after the deadline or end, said to be the value then (spec §5)."""
        health = self.view.health.get(entity.id)
        _ = self.language.gettext
        if health is None:
            return Markup("–")
        if health.current is None or health.measured_on is None:
            return Markup.escape(_("no data"))
        deadline = entity.deadline if isinstance(entity, Goal) else entity.end
        if self.view.as_of <= deadline:
            message = _("{value} on {date}")
        else:  # the value then, not now
            message = _("{value} on {date}, at its deadline") if isinstance(entity, Goal) \
                else _("{value} on {date}, at its end")
        return Markup(Markup.escape(message).format(
            value=self._quantity(health.current, entity.kpi),
            date=self.language.day(health.measured_on)))

    def _kpi_users(self, kpi: Kpi) -> list[Entity]:
        users = [e for e, ref in self.view.model.referenced_by.get(kpi.id, ())
                 if ref.path[0] in ("kpi", "metric") and self.view.can_see(e)]
        return list({e.id: e for e in users}.values())

    def _goal_order(self) -> list[Goal]:
        """The breakthrough goal first, then each goal followed by its cascade."""
        view = self.view
        goals = view.visible(view.model.goals)
        roots = sorted((g for g in goals if view.entity(g.parent) is None),
                       key=lambda g: (not g.breakthrough, g.deadline, g.id))
        ordered: list[Goal] = []
        seen: set[str] = set()  # IDs: `in` on a list of goals compares every field, each time
        for root in roots:
            pending = [root]  # depth first, children by ID: a stack, however deep the cascade
            while pending:
                goal = pending.pop()
                if goal.id in seen:
                    continue
                seen.add(goal.id)
                ordered.append(goal)
                pending.extend(sorted(view.visible(view.model.children_of(goal)),
                                      key=lambda g: g.id, reverse=True))
        ordered.extend(g for g in goals if g.id not in seen)  # a cycle, reported by SST015
        return ordered

    def _period_battles(self, all_battles: bool = False) -> list[Battle]:
        view = self.view
        strategy = view.model.strategy
        assert strategy is not None
        battles = view.visible(view.model.battles)
        if not all_battles:
            battles = [b for b in battles if b.end >= strategy.period_start
                       and b.start <= strategy.period_end and b.status != "abandoned"]
        return sorted(battles, key=lambda b: (b.start, b.id))

    def _timeline(self, uri: str) -> Markup:
        view = self.view
        strategy = view.model.strategy
        assert strategy is not None
        ln = view.links_from(uri)
        battles = self._period_battles(all_battles=True)
        if not battles:
            return Markup("")
        language = self.language
        bars = [svg.Bar(b.title, b.start, b.end, ln.url(b), f"sst-{self._status(b)}",
                        f"{language.day(b.start)} – {language.day(b.end)}, "
                        f"{words.state(b.status, language)}, "
                        f"{words.state(self._status(b), language)}",
                        words.state(self._status(b), language))
                for b in battles]
        first = min(strategy.period_start, *(b.start for b in battles))
        last = max(strategy.period_end, *(b.end for b in battles))
        return Markup(svg.timeline(bars, first, last, view.as_of,
                                   language.gettext("Battles on the calendar")))

    def _goal_chart(self, goal: Goal) -> str:
        view = self.view
        kpi = view.model.get(goal.kpi, Kpi)
        start = view.model.goal_start(goal)
        if kpi is None or start is None or not view.can_see(kpi):
            return ""
        expected = [(start, goal.baseline), *((m.date, m.target) for m in goal.milestones),
                    (goal.deadline, goal.target)]
        actual = [(m.date, m.value) for m in kpi.measurements
                  if m.date >= start - (goal.deadline - start) / 4]
        _ = self.language.gettext
        return svg.line_chart(
            [svg.Series(actual, "sst-actual", _("Measured"), dots=True),
             svg.Series(expected, "sst-expected", _("Expected (baseline, milestones, target)"),
                        dots=bool(goal.milestones)),
             svg.Series([(start, goal.target), (goal.deadline, goal.target)], "sst-target",
                        _("Target"), caption=_("target {value}").format(
                            value=svg.value_text(goal.target)))],
            f"{goal.title}: {kpi.title}", kpi.unit, view.as_of)

    def _history_chart(self, goal: Goal) -> str:
        """The goal's progress at each month end, as the strategy stood then (spec §8)."""
        history = self.view.history
        points = history.of(goal.id) if history is not None else ()
        return history_charts.progress_by_month(
            points, self.language.gettext("{goal}: progress and status by month").format(
                goal=goal.title))

    def _distribution_chart(self) -> str:
        history = self.view.history
        if history is None:
            return ""
        return history_charts.status_distribution(
            history.distribution(), self.language.gettext("Goals by status, month by month"))

    def _execution_items(self) -> list[Markup]:
        """The execution score (spec §8) in one line of the overview, so that the page still
        prints on one sheet: each share as a bar and a figure, with its counts."""
        _ = self.language.gettext
        score = self.view.execution
        items = []
        for what, share in ((_("battles won"), score.battles_won),
                            (_("tactics done"), score.tactics_done),
                            (_("due actions done"), score.actions_on_time)):
            if share.share is None:
                figure, count = Markup("–"), _("none yet")
            else:
                shown = self.language.percent(share.share)
                bar = svg.progress_bar(share.share, "sst-achieved", shown)
                figure = Markup(f'<span class="sst-progress-figure">{bar} {cell(shown)}</span>')
                count = _("{done} of {total}").format(done=share.done, total=share.total)
            # the bar and its figure keep together (sst-progress-figure); the words may wrap,
            # as a German phone needs
            items.append(Markup(Markup.escape(_("{share} {what} ({count})"))).format(
                share=figure, what=what, count=count))
        return items

    def _overdue(self, tactic: Tactic, action: Action) -> bool:
        return is_overdue(tactic, action, self.view.as_of)

    def _done_count(self, tactic: Tactic) -> str:
        """`2 of 3 done`: a tactic's action plan at a glance."""
        if not tactic.actions:
            return self.language.gettext("no action planned")
        return self.language.ngettext("{done} of {count} done", "{done} of {count} done",
                                      len(tactic.actions)).format(
            done=sum(a.done for a in tactic.actions), count=len(tactic.actions))


_KIND_ORDER = {"goal": 0, "kpi": 1, "path": 2, "battle": 3, "tactic": 4, "risk": 5, "person": 6,
               "team": 7, "retro": 8}


def _template_place(error: Exception) -> tuple[str | None, int | None]:
    """The template file and line an error comes from: Jinja gives a syntax error both, and
    rewrites the traceback of any other so that its innermost template frame points there."""
    if isinstance(error, TemplateSyntaxError):
        return error.filename, error.lineno
    place: tuple[str | None, int | None] = (None, None)
    frame = error.__traceback__
    while frame is not None:
        if "__jinja_exception__" in frame.tb_frame.f_globals:
            place = (frame.tb_frame.f_code.co_filename, frame.tb_lineno)
        frame = frame.tb_next
    return place


def _plain_status(entity: Entity) -> str:
    """The status as written (paths, battles, tactics); KPIs, risks and people have none."""
    return str(getattr(entity, "status", ""))


def _countable(value: float) -> int:
    return int(value) if float(value).is_integer() else 2


def _at_render(function: Callable[..., Any]) -> Callable[..., Any]:
    """FUNCTION as a filter Jinja2 calls only while rendering, never while compiling."""
    @pass_context  # the one kind of filter Jinja2 never calls while compiling
    def at_render(context: Context, *args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)
    return at_render


def _markup(function: Callable[..., str]) -> Callable[..., Markup]:
    def filtered(value: Any) -> Markup:
        return Markup(function(value))

    return filtered


def render_site(view: SiteView, template_dirs: Sequence[Path] = (),
                source_url: Callable[[str], str | None] | None = None) -> list[RenderedPage]:
    """All the pages of the strategy site for one view."""
    return Renderer(view, template_dirs, source_url).render_all()


def render_pages(view: SiteView, template_dirs: Sequence[Path] = (),
                 source_url: Callable[[str], str | None] | None = None,
                 only: Collection[str] | None = None) -> Iterator[RenderedPage]:
    """The pages of the site one at a time, or those of the URIs in ONLY alone."""
    return Renderer(view, template_dirs, source_url).render_each(only)
