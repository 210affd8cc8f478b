"""The database handle every entry point (CLI, web app, jobs) opens from the settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from agents_metiers.config import Settings
from agents_metiers.errors import ConfigurationError
from agents_metiers.storage.db import make_engine, make_sessionmaker, migrate, schema_is_current

if TYPE_CHECKING:
    from agents_metiers.agents.llm import Llm
    from agents_metiers.services.marche.sources import Marche


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    llm: Llm | None = field(default=None)  # None: no AI provider configured (AI → 503)
    # Labour-market sources; built from ``settings`` on first use when not given.
    marche: Marche | None = field(default=None)

    def close(self) -> None:
        self.engine.dispose()


def open_runtime(settings: Settings, *, migrate_schema: bool, ai: bool = True) -> Runtime:
    """Connect; migrate when asked, else insist that the schema is up to date.

    ``ai=False`` (CLI commands that never call a model) leaves ``llm`` unset and spares the
    loading of the AI libraries.
    """
    engine = make_engine(settings.sqlalchemy_url)
    try:
        if migrate_schema:
            migrate(engine)
        elif not schema_is_current(engine):
            raise ConfigurationError(
                "La base de données n'est pas initialisée ou pas à jour : "
                "lancez « agents-metiers init »."
            )
    except OperationalError as exc:
        engine.dispose()
        raise ConfigurationError(
            f"Base de données inaccessible ({engine.url.render_as_string(hide_password=True)}) : "
            f"{str(exc.orig).strip().splitlines()[0]}"
        ) from exc
    return Runtime(
        settings=settings,
        engine=engine,
        sessions=make_sessionmaker(engine),
        llm=_llm(settings) if ai else None,
        marche=None,  # built on first use (``services.marche.sources.marche_de``)
    )


def _llm(settings: Settings) -> Llm | None:
    """The AI client (pydantic-ai, anthropic and openai are loaded here, not at import)."""
    from agents_metiers.agents.llm import llm_from_settings  # noqa: PLC0415 (heavy, see cli)

    return llm_from_settings(settings)
