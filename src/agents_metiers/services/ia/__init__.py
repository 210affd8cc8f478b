"""AI use cases: enrich, validate, auto-correct, language check."""
