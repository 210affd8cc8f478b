"""Migration 0008 builds the public read model of the fiches published before it; 0015
rebuilds their JSON in the current shape."""

from __future__ import annotations

import json
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, update

from agents_metiers.domain.users import Role
from agents_metiers.domain.workflow import Action
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.lecture import get_detail
from agents_metiers.services.fiches.search import search_codes
from agents_metiers.services.fiches.workflow import transitionner
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage import publique
from agents_metiers.storage.db import MIGRATIONS_DIR
from agents_metiers.storage.tables import FichePubliqueRow


def test_migration_0008_backfills_the_fiches_already_published(
    db: Runtime, rome_mini: Path
) -> None:
    import_rome(
        db.sessions, ImportOptions(source=str(rome_mini), download_dir=db.settings.download_dir)
    )
    with db.sessions() as session:
        transitionner(
            session,
            "J1506",
            Action.PUBLIER,
            Auteur(nom="t", role=Role.ADMIN),
            force=True,
            motif="t",
        )
        published = get_detail(session, "J1506", voir_brouillons=False)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = db.engine
    command.downgrade(config, "0014")
    try:
        tables = set(inspect(db.engine).get_table_names())
        assert not {"fiches_publiques", "search_publique_forms"} & tables
    finally:
        command.upgrade(config, "head")
    with db.sessions() as session:
        assert search_codes(session, "infirmier", published_only=True, limit=5, offset=0).codes == [
            "J1506"
        ]
        assert publique.count_fiches(session=session) == 1
        assert get_detail(session, "J1506", voir_brouillons=False) == published


def test_migration_0015_rebuilds_public_documents_stored_in_an_older_shape(
    db: Runtime, rome_mini: Path
) -> None:
    import_rome(
        db.sessions, ImportOptions(source=str(rome_mini), download_dir=db.settings.download_dir)
    )
    with db.sessions() as session:
        transitionner(
            session,
            "J1506",
            Action.PUBLIER,
            Auteur(nom="t", role=Role.ADMIN),
            force=True,
            motif="t",
        )
        document = publique.get_document(session=session, code_rome="J1506")
        assert document is not None
        actuel = json.loads(document.document)
        # The shape sent before issue 15: ROME codes inside profil_riasec, no riasec_rome,
        # an unknown trend as null.
        ancien = dict(actuel)
        ancien["profil_riasec"] = {**actuel["profil_riasec"], **actuel["riasec_rome"]}
        del ancien["riasec_rome"]
        ancien["perspectives"] = {**(actuel["perspectives"] or {}), "tendance": None}
        session.execute(
            update(FichePubliqueRow)
            .where(FichePubliqueRow.code_rome == "J1506")
            .values(document=json.dumps(ancien, ensure_ascii=False))
        )
        session.commit()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = db.engine
    command.downgrade(config, "0008")
    command.upgrade(config, "head")
    with db.sessions() as session:
        document = publique.get_document(session=session, code_rome="J1506")
        assert document is not None
        assert json.loads(document.document) == actuel
        assert isinstance(actuel["perspectives"]["tendance"], str)
        assert all(isinstance(v, float | int) for v in actuel["profil_riasec"].values())
