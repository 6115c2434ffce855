"""Editing: the commands that write strategy files, never disturbing a byte the team wrote.

`measurements` adds KPI measurements (`sst kpi`), `scaffold` writes new entity files and starter
repositories (`sst new`, `sst init`), `editor_schemas` the per-repository schemas that list the
strategy's IDs for editors (`sst check --write-schemas`), `codeowners` writes SST's block into
CODEOWNERS (`sst codeowners`). They check what they write with the rules and write through
`read/atomic`, so a refused edit leaves every file as it was.
"""
