"""The MkDocs adapter: a thin layer over the core."""
