"""Editing: the commands that write strategy files, never disturbing a byte the team wrote.

`measurements` adds KPI measurements (`sst kpi`), `scaffold` writes new entity files and starter
repositories (`sst new`, `sst init`), `codeowners` writes SST's block into CODEOWNERS (`sst
codeowners`). They check what they write with the rules and write through `read/atomic`, so a
refused edit leaves every file as it was.
"""
