"""Health: how each goal and battle stands on a date (spec §5), what is due, and who may see it.

`health` computes progress, expected progress and status from the model and the settings; `due`
lists the measurements, reviews and actions someone owes as of a date; `audience` is the one rule
of who may see what (spec §6), and the health an audience may read. Everything that shows a
status (the site, `sst status`, `sst export`, `sst diff`) asks here, so it is computed once.
"""
