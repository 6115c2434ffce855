"""The peers the benchmarks build the same strategy with: plain Material on the pages `sst render`
writes, Zensical on the same, and sphinx-needs on the same entities as needs directives."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

# the peer site's home page: the generated one's, with its [[id]] link written out
HOME = "# Benchmark\n\nSee [the first goal](strategy/goals/goal-0-0.md).\n"
NEEDS_VENV = Path(tempfile.gettempdir()) / "sst-bench-needs"


def rendered_copy(root: Path, target: Path) -> Path:
    """A copy of the strategy at ROOT with `sst render`'s pages in TARGET/docs/strategy."""
    target.mkdir(parents=True)
    shutil.copytree(root / "strategy", target / "strategy")
    shutil.copy(root / "mkdocs.yml", target / "mkdocs.yml")
    (target / "docs").mkdir()
    (target / "docs/index.md").write_text(HOME, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "sst_plugin.cli", "render", "--root", str(target),
                    "--out", "docs/strategy"], cwd=target, check=True, capture_output=True)
    return target


def nav_from(nav_file: Path, prefix: str) -> list[Any]:
    """The `.nav.yml` that `sst render` writes (awesome-nav's format), as a MkDocs nav."""
    data = yaml.safe_load(nav_file.read_text(encoding="utf-8"))

    def entries(items: list[Any]) -> list[Any]:
        mapped: list[Any] = []
        for item in items:
            if isinstance(item, str):
                mapped.append(f"{prefix}/{item}")
                continue
            for title, value in item.items():
                mapped.append({title: entries(value) if isinstance(value, list)
                               else f"{prefix}/{value}"})
        return mapped

    return [{data.get("title", "Strategy"): entries(data["nav"])}]


def plain_material(root: Path, target: Path) -> Path:
    """The peer: Material without our plugin, building the pages `sst render` wrote for ROOT,
    with the same navigation (the plugin's: the home page, then the strategy section whose
    entity pages stay out of the nav) and the same stylesheet."""
    rendered_copy(root, target)
    config = {
        "site_name": "Benchmark strategy",
        "theme": {"name": "material", "font": False},
        "extra_css": ["strategy/sst.css"],
        "plugins": ["search"],
        "nav": ["index.md", *nav_from(target / "docs/strategy/.nav.yml", "strategy")],
        # the entity pages, out of the nav as the plugin leaves them
        "not_in_nav": "/strategy/*/*.md\n!/strategy/*/index.md\n",
    }
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False),
                                       encoding="utf-8")
    return target


def zensical_site(root: Path, target: Path) -> Path:
    """The strategy at ROOT set up for Zensical as the manual's recipe says (pages written by
    `sst render` at build time, see zensical_build)."""
    target.mkdir(parents=True)
    shutil.copytree(root / "strategy", target / "strategy")
    shutil.copytree(root / "docs", target / "docs")
    options = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    options["extra_css"] = ["strategy/sst.css"]
    options["markdown_extensions"] = ["sst_plugin.wikilinks"]
    options["plugins"] = ["search", "awesome-nav", *options["plugins"][1:]]
    (target / "zensical.yml").write_text(yaml.safe_dump(options, sort_keys=False),
                                         encoding="utf-8")
    shutil.copy(target / "zensical.yml", target / "mkdocs.yml")  # sst render reads mkdocs.yml
    return target


def zensical_build(site: Path) -> subprocess.CompletedProcess[str]:
    """`sst render` then `zensical build`, as one command line would run them."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    rendered = subprocess.run([sys.executable, "-m", "sst_plugin.cli", "render", "--root",
                               str(site), "--out", "docs/strategy"], cwd=site, env=env,
                              capture_output=True, text=True, check=False)
    if rendered.returncode != 0:
        return rendered
    return subprocess.run([str(Path(sys.executable).parent / "zensical"), "build", "--clean",
                           "-f", "zensical.yml"], cwd=site, env=env, capture_output=True,
                          text=True, check=False)


def needs_python(venv: Path, install: bool) -> tuple[Path | None, str]:
    """The Python of a separate venv that has sphinx-needs (made with pip if INSTALL and
    absent), or None and why not."""
    python = venv / "bin/python"
    probe = [str(python), "-c", "import sphinx_needs, sphinx; print(sphinx_needs.__version__)"]
    if python.exists():
        done = subprocess.run(probe, capture_output=True, text=True, check=False)
        if done.returncode == 0:
            return python, f"sphinx-needs {done.stdout.strip()}"
    if not install:
        return None, f"sphinx-needs not installed in {venv.name} (a run without --quick tries)"
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True,
                       capture_output=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "sphinx", "sphinx-needs"],
                       check=True, capture_output=True, timeout=900)
    except (subprocess.SubprocessError, OSError) as problem:
        return None, f"sphinx-needs did not install ({type(problem).__name__})"
    done = subprocess.run(probe, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return None, "sphinx-needs did not install (import fails)"
    return python, f"sphinx-needs {done.stdout.strip()}"


# each kind: its folder, the fields that are links to other needs, and what a page lists
_KINDS = {"goal": "goals", "kpi": "kpis", "path": "paths", "battle": "battles",
          "tactic": "tactics", "risk": "risks"}
_LINKS = {"kpi": "kpi", "parent": "goal", "goals": "goal", "path": "path", "battle": "battle",
          "threatens": "goal"}
# fields that sphinx-needs reserves, under another name
_RENAMED = {"type": "kpi_type"}
_CONF = """\
project = "Benchmark strategy"
extensions = ["sphinx_needs"]
needs_id_regex = r"^[a-z0-9-]+$"
needs_types = [{types}]
needs_fields = {{{fields}}}
needs_links = {{{links}}}
suppress_warnings = ["needs"]
"""


def _text(value: Any) -> str:
    return " ".join(str(value).split())


def _list_table(headers: list[str], rows: list[list[Any]]) -> str:
    lines = [".. list-table::", "   :header-rows: 1", ""]
    for row in [headers, *rows]:
        lines.append(f"   * - {_text(row[0]) or '-'}")
        lines += [f"     - {_text(cell) or '-'}" for cell in row[1:]]
    return "\n".join(lines) + "\n"


def _need_page(kind: str, entity_id: str, data: dict[str, Any], body: str) -> str:
    """One entity as a page holding one need, its fields as options, its lists as tables."""
    title = _text(data.get("title", entity_id))
    # out of every toctree, as the plugin keeps entity pages out of the nav: the needtable of
    # the kind's page links them (a sidebar of every page would be quadratic, as in MkDocs)
    lines = [":orphan:", "", title, "=" * len(title), "", f".. {kind}:: {title}",
             f"   :id: {entity_id}"]
    tables = []
    for name, value in data.items():
        field = _RENAMED.get(name, name)
        if field == "title":
            continue
        if field in _LINKS:
            ids = value if isinstance(value, list) else [value]
            lines.append(f"   :{field}: {', '.join(str(i) for i in ids)}")
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            headers = list(value[0])
            tables.append(f"{field.capitalize()}\n{'-' * len(field)}\n\n"
                          + _list_table(headers, [[item.get(h, "") for h in headers]
                                                  for item in value]))
        elif isinstance(value, dict):
            lines.append(f"   :{field}: " + ", ".join(f"{k} {v}" for k, v in value.items()))
        elif isinstance(value, list):
            lines.append(f"   :{field}: " + ", ".join(_text(v) for v in value))
        else:
            lines.append(f"   :{field}: {_text(value)}")
    lines.append("")
    if body.strip():
        lines += ["   " + line if line else "" for line in body.strip().splitlines()]
        lines.append("")
    return "\n".join(lines) + "\n" + "\n".join(tables)


def needs_project(root: Path, target: Path) -> Path:
    """The entities of the strategy at ROOT as a sphinx-needs project: one page per entity,
    and per kind an index page with a needtable of them all (the overview pages' job)."""
    fields: set[str] = set()
    for kind, folder in _KINDS.items():
        for source in sorted((root / "strategy" / folder).rglob("*.*")):
            text = source.read_text(encoding="utf-8")
            body = ""
            if source.suffix == ".md":
                _, front, body = text.split("---\n", 2)
                text = front
            data = yaml.safe_load(text)
            fields.update(_RENAMED.get(f, f) for f in data if f not in _LINKS and f != "title")
            body = body.replace("[[", ":need:`").replace("]]", "`")
            (target / folder).mkdir(parents=True, exist_ok=True)
            (target / folder / f"{source.stem}.rst").write_text(
                _need_page(kind, source.stem, data, body), encoding="utf-8")
        heading = folder.capitalize()
        (target / folder / "index.rst").write_text(
            f"{heading}\n{'=' * len(heading)}\n\n.. needtable::\n   :types: {kind}\n"
            "   :columns: id, title, owner, status\n   :style: table\n", encoding="utf-8")
    (target / "index.rst").write_text(
        "Benchmark strategy\n==================\n\n.. toctree::\n\n"
        + "".join(f"   {folder}/index\n" for folder in _KINDS.values()), encoding="utf-8")
    types = ", ".join(f'{{"directive": "{kind}", "title": "{kind}", "prefix": "{kind}-"}}'
                      for kind in _KINDS)
    fields -= {"id", "status", "tags"}  # sphinx-needs' own
    (target / "conf.py").write_text(_CONF.format(
        types=types, fields=", ".join(f'"{f}": {{}}' for f in sorted(fields)),
        links=", ".join(f'"{link}": {{}}' for link in _LINKS)), encoding="utf-8")
    return target


def sphinx_build(python: Path, project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(python), "-m", "sphinx", "-b", "html", "-q", "-E",
                           str(project), str(project / "_build")],
                          capture_output=True, text=True, check=False)
