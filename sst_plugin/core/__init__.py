"""The core: loading, model, rules, health. Never imports mkdocs."""
