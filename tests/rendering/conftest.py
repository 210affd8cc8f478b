"""Fixtures of the rendering tests: the mini ROME export imported, fiches published."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from agents_metiers.domain.users import Role
from agents_metiers.domain.workflow import Action
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.workflow import transitionner
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import VarianteRow

ADMIN = Auteur(nom="test", role=Role.ADMIN)


@pytest.fixture
def imported(db: Runtime, rome_mini: Path) -> Runtime:
    """The database of ``db`` with the mini export imported (every fiche a draft)."""
    import_rome(
        db.sessions, ImportOptions(source=str(rome_mini), download_dir=db.settings.download_dir)
    )
    return db


@pytest.fixture
def publier(imported: Runtime) -> Callable[[str], None]:
    def publish(code: str) -> None:
        with imported.sessions() as session:
            transitionner(session, code, Action.PUBLIER, ADMIN, motif="test", force=True)

    return publish


@pytest.fixture
def ajouter_variante(imported: Runtime) -> Callable[..., int]:
    """Store a variant of a fiche directly (the generator is another feature's business)."""

    def add(code: str, **fields: Any) -> int:
        now = datetime.now(UTC)
        values: dict[str, Any] = {
            "langue": "en",
            "tranche_age": "18+",
            "format_contenu": "standard",
            "genre": "feminin",
            "nom": "Software developer",
            "contenu": {"description": "Designs and builds software."},
            "statut": "relue",
            "fiche_version": 1,
            "date_creation": now,
            "date_maj": now,
            **fields,
        }
        with imported.sessions.begin() as session:
            row = VarianteRow(code_rome=code, **values)
            session.add(row)
            session.flush()
            return row.id

    return add
