"""What running the web app in several processes requires (docs/deploy.md).

Several uvicorn workers share the database, but each holds its own memory: rate-limit
counters in ``memory://`` are per process (a limit of 5 becomes 5 × N), so Redis is needed
to share them. On SQLite, several workers are allowed — the engine always runs in WAL mode,
readers never wait — but writes are serialised: a clear warning recommends PostgreSQL.
An in-memory SQLite database is private to each process: refused.
The job worker and the scheduler run in one process only, elected by the database lease.
"""

from __future__ import annotations

import logging
import os

from sqlalchemy.engine import make_url

from agents_metiers.config import Settings
from agents_metiers.errors import ConfigurationError

log = logging.getLogger(__name__)


def avertissements_processus(settings: Settings, workers: int) -> list[str]:
    """Warnings for serving with ``workers`` processes; refuses what cannot work."""
    if workers <= 1:
        return []
    url = make_url(settings.sqlalchemy_url)
    warnings: list[str] = []
    if url.get_backend_name() == "sqlite":
        if url.database in (None, "", ":memory:"):
            raise ConfigurationError(
                f"Une base SQLite en mémoire ne peut pas servir {workers} workers : chacun aurait "
                "sa propre base. Indiquez un fichier ou PostgreSQL dans DATABASE_URL."
            )
        warnings.append(
            f"SQLite avec {workers} workers : possible (mode WAL), mais les écritures passent une "
            "à une ; pour plusieurs workers, préférez PostgreSQL (DATABASE_URL=postgresql://…)."
        )
    if settings.rate_limit_storage_uri.startswith("memory://"):
        warnings.append(
            f"RATE_LIMIT_STORAGE_URI=memory:// avec {workers} workers : chaque worker compte de "
            f"son côté, les limites de requêtes (connexion comprise) sont multipliées par "
            f"{workers}. Partagez-les avec Redis : RATE_LIMIT_STORAGE_URI=redis://127.0.0.1:6379/0."
        )
    return warnings


def workers_from_environment() -> int:
    """``WEB_CONCURRENCY`` (read by uvicorn and gunicorn as their default worker count)."""
    try:
        return max(1, int(os.environ.get("WEB_CONCURRENCY", "1")))
    except ValueError:
        return 1


def avertir(settings: Settings, workers: int) -> None:
    """Log the warnings of ``avertissements_processus``."""
    for warning in avertissements_processus(settings, workers):
        log.warning(warning)
