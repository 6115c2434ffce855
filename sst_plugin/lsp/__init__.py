"""`sst lsp`: a language server for strategy files (diagnostics, completion, hover and
go-to-definition), an adapter over core as the MkDocs plugin is."""
