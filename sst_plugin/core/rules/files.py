"""Files: what the loader refuses as it reads (SST001, SST002, SST008).

The loader (`load.py`, `yaml_values.py`, `schema.py`, `docs_tree.py`) reports these while it
reads, before there is a model to check; this module holds their definitions, so that every
code is documented in `rules/` like the others. SST002 has checks here too
(`includes.py`, `audiences.py`).
"""

from __future__ import annotations

from .registry import found_while_reading


@found_while_reading("SST001", "unreadable-file", "error", "file cannot be read")
def unreadable_file() -> None:
    """## What it finds

    A file that SST cannot read as a strategy file: not UTF-8, a YAML syntax error, front
    matter missing or unterminated in a `.md` file, YAML anchors, aliases or tags, nesting
    deeper than 40 levels, a file larger than `max_file_size`, a file with no fields, a symbolic
    link that leaves the repository, an unknown file or folder under the strategy folder, and a
    missing `strategy.yaml` or `people.yaml`. Under `docs/`: a name with `<`, `>`, `&`, `"` or a
    control character, a link into the strategy folder or `.git`, a link loop, a FIFO.

    ## Why it matters

    Nothing else can be checked in a file that cannot be read. The refusals guard the build:
    aliases can expand exponentially, a link out of the repository would publish what it
    points at, and a hostile file name would be printed raw by the theme on every page.

    ## Example

    Fails:

    ```yaml
    # strategy/goals/grow.yaml
    title: Grow sales
    kpi: [sales
    ```

    Fixed:

    ```yaml
    # strategy/goals/grow.yaml
    title: Grow sales
    kpi: sales
    ```

    ## How to fix

    Do what the message says: it names the file, the line and the column of the mistake, and
    says it in plain words with the fix. Most YAML mistakes are a value that needs quotes (a
    colon followed by a space inside it, a value starting with `%`, `@`, `` ` ``, `|`, `>`, `*`,
    `&` or `!`, a comma inside `{ }`), a tab or a key out of line with the fields around it, or
    a quote or bracket left open (reported where it opens). Save the file as UTF-8, write
    values out instead of aliases, and move an unknown file into the folder of its kind (the
    message suggests the closest folder) or out of the strategy folder.
    """


@found_while_reading("SST002", "schema-violation", "error", "schema violation")
def schema_violation() -> None:
    """## What it finds

    A value that breaks its kind's JSON Schema (`schemas/<kind>.schema.json`): a missing
    required field, an unknown field, a value of the wrong type or outside the allowed values,
    an impossible date, `.nan` or `.inf`, a number beyond ±10^15, a key that is not text, and an
    unquoted word such as `NO` or `on` that YAML reads as a boolean in a text field. Also a
    snippet include line (`--8<--`) in a strategy file, and an audience named `all`.

    ## Why it matters

    The site, the health of goals and battles and every other rule read these fields. A
    misspelt field would be ignored without a word, and a wrong type would break a chart or a
    sum far from the line that caused it.

    ## Example

    Fails:

    ```yaml
    # strategy/goals/grow.yaml
    title: Grow sales
    category: revnue
    ```

    Fixed:

    ```yaml
    # strategy/goals/grow.yaml
    title: Grow sales
    category: revenue
    ```

    ## How to fix

    The message names the field path (`measurements[3].value`), what it must be and, for a
    misspelt value or field, the closest allowed one. Editors that read the
    `# yaml-language-server: $schema=...` line show each field's help as you type.
    """


@found_while_reading("SST008", "duplicate-key", "error", "a YAML mapping repeats a key")
def duplicate_key() -> None:
    """## What it finds

    A YAML mapping in which the same key appears twice, at any depth.

    ## Why it matters

    A YAML parser keeps the last value without a word: the value a reader sees first, and
    believes in force, is silently dropped.

    ## Example

    Fails:

    ```yaml
    # strategy/goals/grow.yaml
    target: 200
    owner: ann
    target: 250
    ```

    Fixed:

    ```yaml
    # strategy/goals/grow.yaml
    target: 250
    owner: ann
    ```

    ## How to fix

    Keep one of the two: the message names the key and the line of the second one.
    """
