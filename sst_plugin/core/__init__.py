"""The core, one folder per step of the flow: read → model → rules → health → render (and
report); change and edit work on whole strategies. Never imports mkdocs.

`read/` turns a folder and its settings into documents with a place for every value; `model/`
resolves them into typed objects; `rules/` checks them (`rules/check.py` runs the whole pipeline);
`health/` says how goals and battles stand on a date and who may see what; `render/` makes the
site's pages and `report/` the findings, status and exports for terminals, CI and spreadsheets;
`change/` compares two revisions; `edit/` writes strategy files (KPI measurements, new entities,
CODEOWNERS). The modules left here (findings, codes, text, days, sanitize) are used by every step
and import none of them, except `codes`, which loads `rules/` the first time the rule table is
asked for. A folder imports only from the folders before it: tests/test_codebase.py holds the
order.
"""
