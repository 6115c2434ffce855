"""Change: what a change to the strategy means, between two git revisions.

`revisions` reads a strategy as it stood at a revision without touching the checkout; `diff`
checks both sides and names entities added, removed and renamed, fields changed and health that
moved; `diff_report` writes it as Markdown for a pull request and as JSON. `sst diff` is this
folder; it reads everything before it in the flow and writes nothing.
"""
