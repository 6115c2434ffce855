"""Reading: a strategy folder's files → documents, every value with its file, line and column.

YAML text becomes plain values (`yaml_values`), files become documents (`load`), documents are
validated against the JSON Schemas (`schema`), in worker processes when there are many (`read`).
The settings come from mkdocs.yml here too (`config`), as does what a site generator would
publish from docs/ (`docs_tree`, `snippet_reach`), and the one safe way to write a file back
(`atomic`). Nothing here knows what a goal or a battle is: that is the model's.
"""
