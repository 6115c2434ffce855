"""Reports for terminals, CI and spreadsheets: what the site shows, as text and data.

`formats` writes findings as text, JSON, GitHub workflow commands and SARIF (one formatter
table); `status` prints goals and battles with their health for `sst status`; `export` gives the
resolved model as JSON or CSV for `sst export`. They read the model, the rules' table and health,
and are read by `change/` (a diff's report) and the command line.
"""
