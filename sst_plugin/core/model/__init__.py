"""The model: documents resolved into typed, immutable entities with every relation both ways.

`model` builds the goals, KPIs, paths, battles, tactics, people and teams; `ids` says what an ID
is and `links` finds `[[id]]` links in Markdown; `reviewers` derives who owns each strategy file.
The model reads the documents of `read/` and knows nothing of rules, health or pages.
"""
