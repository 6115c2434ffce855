"""Settings: the `sst` plugin's options, read from mkdocs.yml without running anything in it."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields, replace
from datetime import date
from pathlib import Path as FsPath
from types import MappingProxyType
from typing import Any

import yaml

from ..codes import SEVERITIES, Severity, closest_code, default_severity, rule_table
from ..findings import did_you_mean
from ..sanitize import SANITIZE_MODES, SanitizeMode
from .load import DEFAULT_MAX_FILE_SIZE

AS_OF_VARIABLE = "SST_AS_OF"


class ConfigError(Exception):
    """A usage or configuration error: the command exits with status 2."""


@dataclass(frozen=True)
class Settings:
    """What a check or a build runs with. Its defaults are the plugin's: the one place they are
    defined (mkdocs/config.py reads them through option_default)."""

    strategy_dir: str = "strategy"
    docs_dir: str = "docs"
    as_of: date = field(default_factory=date.today)
    audience: str | None = None
    nav_title: str = "Strategy"
    templates_dir: str | None = None  # templates that replace the package's own
    # which pages' HTML is sanitised: every page (docs/ comes from pull requests as strategy/
    # does), only the generated ones (docs/ is trusted), or none (every author is trusted)
    sanitize: SanitizeMode = "all"
    # per-code severity overrides: {"SST020": "off"}
    rules: Mapping[str, Severity] = field(default_factory=lambda: MappingProxyType({}))
    max_battles: int = 3
    max_selected_paths: int = 2
    on_track_margin: float = 0.10
    at_risk_margin: float = 0.25
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    # who reviews the files no owner field names (strategy.yaml, people.yaml...) in CODEOWNERS:
    # GitHub handles; none: the handles of the goals' owners
    codeowners_default: tuple[str, ...] = ()

    def severity(self, code: str) -> Severity:
        return self.rules.get(code) or default_severity(code)


# option → (accepted types, what to write): the plugin's config class (mkdocs/config.py) is made
# from this table and Settings' defaults; tests/test_codebase.py holds the three together
OPTIONS: dict[str, tuple[tuple[type, ...], str]] = {
    "enabled": ((bool,), "true or false"),
    "strategy_dir": ((str,), "a folder name"),
    "as_of": ((str, date), "a date YYYY-MM-DD"),
    "audience": ((str,), "an audience name"),
    "nav_title": ((str,), "a title"),
    "templates_dir": ((str,), "a folder of templates"),
    "sanitize": ((str,), "strategy, all or off"),
    "rules": ((dict,), "a mapping of rule codes to error, warning or off"),
    "max_battles": ((int,), "a whole number"),
    "max_selected_paths": ((int,), "a whole number"),
    "on_track_margin": ((int, float), "a number such as 0.10"),
    "at_risk_margin": ((int, float), "a number such as 0.25"),
    "max_file_size": ((int,), "a number of bytes"),
    "codeowners_default": ((str, list), "GitHub handles such as \"@our-org/leadership\", "
                                        "or a list of them"),
}


def option_default(name: str) -> Any:
    """An option's default, from Settings; None where it is worked out when the settings are
    made (`as_of` is the day of the run, `rules` none changed)."""
    if name == "enabled":
        return True  # the plugin runs unless told not to
    default = {f.name: f.default for f in fields(Settings)}[name]
    return None if default is MISSING or default == () else default  # (): none, optional


def settings_from_options(options: Mapping[str, Any], where: str = "mkdocs.yml",
                          base: Settings | None = None) -> Settings:
    """Settings from the plugin's options; a bad option is a ConfigError naming `where`."""
    values: dict[str, Any] = {}
    for name, value in options.items():
        if name not in OPTIONS:
            hint = did_you_mean(name, list(OPTIONS)) or "options: " + ", ".join(OPTIONS)
            raise ConfigError(f"{where}: unknown sst option `{name}`: {hint}")
        if value is None:
            continue
        types, wanted = OPTIONS[name]
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise ConfigError(f"{where}: sst option `{name}` must be {wanted}, not {value!r}")
        values[name] = value
    values.pop("enabled", None)
    if "as_of" in values:
        values["as_of"] = parse_date(values["as_of"], f"{where}: sst option `as_of`")
    if "rules" in values:
        values["rules"] = MappingProxyType(_severities(values["rules"], where))
    if values.get("sanitize", "all") not in SANITIZE_MODES:
        raise ConfigError(f"{where}: sst option `sanitize` must be strategy, all or off, "
                          f"not {values['sanitize']!r}")
    if "codeowners_default" in values:
        values["codeowners_default"] = _handles(values["codeowners_default"], where)
    for name in ("max_battles", "max_selected_paths", "max_file_size"):
        if name in values and values[name] < 1:
            raise ConfigError(f"{where}: sst option `{name}` must be at least 1")
    return replace(base or Settings(), **values)


# a GitHub user (@name) or team (@org/team), as CODEOWNERS takes them
_HANDLE = re.compile(r"@[A-Za-z0-9][A-Za-z0-9-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?")


def _handles(value: str | list[Any], where: str) -> tuple[str, ...]:
    """`codeowners_default` as handles: one text (several split by spaces) or a list."""
    handles = value.split() if isinstance(value, str) else value
    for handle in handles:
        if not isinstance(handle, str) or not _HANDLE.fullmatch(handle):
            raise ConfigError(f"{where}: sst option `codeowners_default` takes GitHub handles "
                              f"such as @claire-martin or @our-org/leadership, not {handle!r}")
    return tuple(handles)


def _severities(rules: Mapping[Any, Any], where: str) -> dict[str, Severity]:
    severities: dict[str, Severity] = {}
    for code, severity in rules.items():
        code_text = str(code).upper()
        if code_text not in rule_table():
            raise ConfigError(f"{where}: unknown rule code `{code}` in sst `rules`: "
                              + _code_hint(code_text))
        if severity is False:  # YAML 1.1 reads an unquoted `off` as false
            severity = "off"
        if severity not in SEVERITIES:
            raise ConfigError(f"{where}: rule {code_text} must be error, warning or off, "
                              f"not {severity!r} (`sst rule {code_text}` says what it finds)")
        severities[code_text] = severity
    return severities


def _code_hint(code: str) -> str:
    """The closest code, and the command that explains it."""
    close = closest_code(code)
    if close:
        return f"did you mean `{close}`? (`sst rule {close}` says what it finds)"
    return "`sst rule --all` lists every rule code"


def parse_date(value: object, what: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"{what} must be a date YYYY-MM-DD, not {value!r}") from None


class _MkdocsYamlLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as data: `!ENV`, `!!python/name:` and other tags become None."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_MkdocsYamlLoader.add_multi_constructor("!", _ignore_tag)
_MkdocsYamlLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


# the site's configuration, as MkDocs, ProperDocs and Zensical look for it (first found wins)
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml")


def config_file(root: FsPath) -> FsPath | None:
    return next((root / name for name in CONFIG_NAMES if (root / name).is_file()), None)


def _read_mkdocs_yml(root: FsPath) -> tuple[dict[str, Any], str] | None:
    """The site's configuration as data, and its file name; None without one."""
    path = config_file(root)
    if path is None:
        return None
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_MkdocsYamlLoader)
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as error:
        raise ConfigError(f"{path.name}: cannot be read: {error}") from None
    if not isinstance(config, dict):
        raise ConfigError(f"{path.name}: expected a mapping of settings")
    return config, path.name


@dataclass(frozen=True)
class SiteSettings:
    """What mkdocs.yml says of the site beyond our options: where pages are edited."""

    repo_url: str | None = None
    edit_uri: str | None = None  # None: the generator's default for the host; "": no links
    site_url: str | None = None  # where the site is published: `sst digest` links to it
    directory_urls: bool = True  # MkDocs' use_directory_urls: page/ rather than page.html


def read_site_settings(root: FsPath) -> SiteSettings:
    config = (_read_mkdocs_yml(root) or ({}, ""))[0]
    repo_url, edit_uri = config.get("repo_url"), config.get("edit_uri")
    site_url, directory_urls = config.get("site_url"), config.get("use_directory_urls")
    return SiteSettings(repo_url if isinstance(repo_url, str) else None,
                        edit_uri if isinstance(edit_uri, str) else None,
                        site_url if isinstance(site_url, str) and site_url else None,
                        directory_urls if isinstance(directory_urls, bool) else True)


# Zensical's configuration beside MkDocs' (SST's own repository keeps one of each)
ZENSICAL_NAMES = ("zensical.yml", "zensical.yaml")


def read_theme_language(root: FsPath, zensical_first: bool = False) -> str | None:
    """`theme.language` of the site's configuration (Material's and Zensical's setting), None
    where none is set: mkdocs.yml's first, or zensical.yml's for `sst render`, which Zensical
    builds from."""
    site = [name for name in CONFIG_NAMES if (root / name).is_file()][:1]
    zensical = [name for name in ZENSICAL_NAMES if (root / name).is_file()][:1]
    for name in (zensical + site) if zensical_first else (site + zensical):
        try:
            config = yaml.load((root / name).read_text(encoding="utf-8"),
                               Loader=_MkdocsYamlLoader)
        except (yaml.YAMLError, UnicodeDecodeError, ValueError) as error:
            raise ConfigError(f"{name}: cannot be read: {error}") from None
        theme = config.get("theme") if isinstance(config, dict) else None
        language = theme.get("language") if isinstance(theme, dict) else None
        if isinstance(language, str) and language.strip():
            return language.strip()
    return None


def read_mkdocs_options(root: FsPath) -> tuple[dict[str, Any], str, str] | None:
    """The `sst` plugin's options, docs_dir and the file's name, from ROOT's mkdocs.yml (or
    properdocs.yml); None without such a file."""
    read = _read_mkdocs_yml(root)
    if read is None:
        return None
    config, name = read
    docs_dir = str(config.get("docs_dir") or "docs")
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{plugin: value} for plugin, value in plugins.items()]
    for plugin in plugins:
        if isinstance(plugin, dict) and "sst" in plugin:
            options = plugin["sst"] or {}
            if not isinstance(options, dict):
                raise ConfigError(f"{name}: the sst plugin's options must be a mapping")
            return options, docs_dir, name
    return {}, docs_dir, name


def apply_environment(settings: Settings, environ: Mapping[str, str]) -> Settings:
    """SST_AS_OF, when set, wins over the configuration: reproducible builds from CI."""
    if environ.get(AS_OF_VARIABLE):
        return replace(settings, as_of=parse_date(environ[AS_OF_VARIABLE], AS_OF_VARIABLE))
    return settings


def load_settings(root: FsPath, overrides: Mapping[str, Any] | None = None,
                  environ: Mapping[str, str] | None = None) -> Settings:
    """Settings for ROOT: mkdocs.yml, then SST_AS_OF, then the command line's overrides."""
    environ = os.environ if environ is None else environ
    read = read_mkdocs_options(root)
    settings = Settings()
    if read is not None:
        options, docs_dir, name = read
        settings = replace(settings_from_options(options, name), docs_dir=docs_dir)
    settings = apply_environment(settings, environ)
    if overrides:
        settings = settings_from_options(
            {k: v for k, v in overrides.items() if v is not None}, "the command line", settings)
    return settings

