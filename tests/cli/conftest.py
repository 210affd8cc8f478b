"""Run the real command line in a subprocess, as a user would: no TTY, ``CI=true``.

``cli("show", "M1805")`` runs ``python -m agents_metiers.cli show M1805`` against the test
database of ``db`` with ``DATA_DIR`` in ``tmp_path`` and the working directory in ``tmp_path``
(so that no ``.env`` of the developer is read). Settings and colour variables of the calling
environment are dropped: the run depends only on what the test gives it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime

SETTINGS_VARIABLES = {
    "ENVIRONMENT",
    "DATA_DIR",
    "DATABASE_URL",
    "ROME_SOURCE",
    "ROME_ARBORESCENCES",
    "SECRET_KEY",
    "LOG_LEVEL",
    "HOST",
    "PORT",
}
TERMINAL_VARIABLES = {"CI", "FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"}
TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Cli:
    env: dict[str, str]
    cwd: Path

    def __call__(
        self, *args: str, env: Mapping[str, str | None] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run one command; ``env`` overrides variables (``None`` removes one)."""
        environment = dict(self.env)
        for name, value in (env or {}).items():
            if value is None:
                environment.pop(name, None)
            else:
                environment[name] = value
        return subprocess.run(
            [sys.executable, "-m", "agents_metiers.cli", *args],
            env=environment,
            cwd=self.cwd,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=TIMEOUT_SECONDS,
            check=False,
        )


@pytest.fixture
def cli(db: Runtime, tmp_path: Path) -> Cli:
    inherited = {
        name: value
        for name, value in os.environ.items()
        if name.upper() not in SETTINGS_VARIABLES | TERMINAL_VARIABLES
    }
    env = {
        **inherited,
        "DATABASE_URL": db.engine.url.render_as_string(hide_password=False),
        "DATA_DIR": str(tmp_path / "data"),
        "CI": "true",
        "PYTHONIOENCODING": "utf-8",
    }
    return Cli(env=env, cwd=tmp_path)


@pytest.fixture
def imported(db: Runtime, rome_mini: Path) -> Runtime:
    """The database of ``db`` with the mini export imported (in process: quick)."""
    options = ImportOptions(source=str(rome_mini), download_dir=db.settings.download_dir)
    import_rome(db.sessions, options)
    return db
