"""``python -m agents_metiers.cli``: the same command line as ``agents-metiers``."""

from agents_metiers.cli.main import app

app()
