"""Review and sync on the real v460 against a modified copy (v461) built by the test, on SQLite
and PostgreSQL: an edited field is kept and listed as a conflict, the meaning change waits for
a reviewer, new codes become complete brouillons, the removed code is flagged and stays
published; applying the meaning change returns the fiche to brouillon with its texts flagged
and its publication kept, and rolls back like any revision. Skipped where v460 is absent."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from agents_metiers.config import Settings
from agents_metiers.domain.users import Role
from agents_metiers.domain.workflow import Action
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.edition import modifier, restaurer
from agents_metiers.services.fiches.inputs import FicheUpdate, RollbackBody
from agents_metiers.services.fiches.workflow import transitionner
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime
from agents_metiers.services.veille.detection import VeilleOptions, executer_veille
from agents_metiers.services.veille.fusion import ANCIEN_METIER
from agents_metiers.services.veille.revue import reviser
from agents_metiers.services.veille.sync import SyncResultat, synchroniser
from agents_metiers.storage.db import make_sessionmaker
from agents_metiers.storage.referentiel import current_version
from agents_metiers.storage.tables import FicheRow, RevisionRow, RomeChangeRow

SHARED = Path(__file__).resolve().parents[3] / "shared" / "rome"
V460 = SHARED / "v460"
MEANING = "Technicien / Technicienne en cybersécurité"
DEFINITION = "Conçoit des logiciels sûrs et sobres."
NEW_CODES = {
    "M1899": ("M1805", "Ingénieur / Ingénieure en intelligence artificielle"),
    "K2299": ("K2204", "Agent / Agente de dépollution des sols"),
}
ADMIN = Auteur(nom="admin@exemple.fr", role=Role.ADMIN)
RELECTEUR = Auteur(nom="relecteur@exemple.fr", role=Role.RELECTEUR)
EDITEUR = Auteur(nom="editeur@exemple.fr", role=Role.EDITEUR)
EDITED = "Description écrite par l'équipe éditoriale."

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not V460.is_dir(), reason=f"export ROME réel absent : {V460}"),
]


def _exports():  # type: ignore[no-untyped-def]
    path = Path(__file__).parents[1] / "veille" / "exports.py"
    spec = importlib.util.spec_from_file_location("veille_exports_revue_v460", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def v461(tmp_path_factory: pytest.TempPathFactory) -> Path:
    export = _exports().copier_export(V460, tmp_path_factory.mktemp("exports") / "v461", 61)
    export.ajouter_codes(NEW_CODES)
    export.supprimer_code("K2204")
    export.relibeller("M1802", MEANING)
    export.reformuler_definition("M1805", 1, DEFINITION)
    export.retirer_lien("M1805", "109846")
    export.retirer_mobilite("M1805", "M1803")
    export.deplacer_appellation("10944", "M1802")
    path: Path = export.path
    return path


@dataclass
class Base:
    runtime: Runtime
    sync: SyncResultat
    m1802_publie: dict[str, object]


def _publier(runtime: Runtime, code: str) -> None:
    with runtime.sessions() as session:
        transitionner(session, code, Action.PUBLIER, ADMIN, motif="Test", force=True)


def _fiche(runtime: Runtime, code: str) -> FicheRow:
    with runtime.sessions() as session:
        row = session.scalar(select(FicheRow).where(FicheRow.code_rome == code))
        assert row is not None
        session.expunge(row)
        return row


def _change(runtime: Runtime, code: str) -> RomeChangeRow:
    with runtime.sessions() as session:
        row = session.scalar(select(RomeChangeRow).where(RomeChangeRow.code_rome == code))
        assert row is not None
        session.expunge(row)
        return row


@pytest.fixture(scope="module")
def base(
    database: Engine,
    tmp_path_factory: pytest.TempPathFactory,
    truncate_tables: Callable[[Engine], None],
    v461: Path,
) -> Iterator[Base]:
    """v460 imported; M1805's description edited by a person; M1802 (with formations written
    by a person) and K2204 published; veille on v461, then sync."""
    truncate_tables(database)
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("data"), environment="test", _env_file=None
    )  # type: ignore[call-arg]
    runtime = Runtime(settings=settings, engine=database, sessions=make_sessionmaker(database))
    import_rome(runtime.sessions, ImportOptions(str(V460), settings.download_dir))
    with runtime.sessions() as session:
        modifier(session, "M1805", FicheUpdate(description=EDITED), EDITEUR)
        modifier(session, "M1802", FicheUpdate(formations=["BTS SIO"]), EDITEUR)
    _publier(runtime, "M1802")
    _publier(runtime, "K2204")
    publie = _fiche(runtime, "M1802").contenu_publie
    assert publie is not None
    executer_veille(runtime.sessions, VeilleOptions(str(v461), settings.download_dir))
    with runtime.sessions() as session:
        resultat = synchroniser(session, ADMIN)
    yield Base(runtime, resultat, publie)
    truncate_tables(database)


def test_sync_keeps_the_edited_description_and_lists_it_as_a_conflict(base: Base) -> None:
    fiche = _fiche(base.runtime, "M1805")
    assert fiche.description == EDITED
    assert fiche.provenance["description"]["source"] == "humain"
    assert "109846" not in {c.get("code_ogr") for c in fiche.competences}
    assert fiche.provenance["competences"]["version"] == 61
    change = _change(base.runtime, "M1805")
    assert not change.reviewed
    assert change.conflits is not None and "description" in change.conflits
    assert any(
        c.code_rome == "M1805" and "description" in c.champs for c in base.sync.liste_conflits
    )
    assert fiche.rome_update_pending


def test_the_meaning_change_waits_for_a_reviewer(base: Base) -> None:
    fiche = _fiche(base.runtime, "M1802")
    assert fiche.nom_masculin == "Expert systèmes et réseaux informatiques"
    assert fiche.rome_update_pending
    assert not _change(base.runtime, "M1802").reviewed
    assert base.sync.en_attente_revue == 1


def test_new_codes_become_complete_brouillon_fiches(base: Base) -> None:
    for code in NEW_CODES:
        fiche = _fiche(base.runtime, code)
        assert fiche.statut == "brouillon"
        assert fiche.rome_version == 61
        assert fiche.description and fiche.missions_principales and fiche.competences
        assert fiche.provenance["competences"] == {
            "source": "rome",
            "version": 61,
            "date": fiche.provenance["competences"]["date"],
        }
    assert base.sync.nouvelles_fiches == len(NEW_CODES)


def test_the_removed_code_is_flagged_and_stays_published(base: Base) -> None:
    fiche = _fiche(base.runtime, "K2204")
    assert fiche.rome_retire
    assert fiche.version_publiee is not None and fiche.contenu_publie is not None
    assert not _change(base.runtime, "K2204").reviewed
    assert base.sync.retirees == 1


def test_the_detected_referential_is_now_the_stored_one(base: Base) -> None:
    with base.runtime.sessions() as session:
        version = current_version(session=session)
        assert version is not None and version.numero == 61


def test_apply_of_the_meaning_change_then_rollback(base: Base) -> None:
    avant = _fiche(base.runtime, "M1802")
    change = _change(base.runtime, "M1802")
    with base.runtime.sessions() as session:
        reviser(base.runtime, session, change.id, "apply", RELECTEUR)
    fiche = _fiche(base.runtime, "M1802")
    assert fiche.statut == "brouillon"
    assert fiche.nom_masculin == "Technicien en cybersécurité"
    assert fiche.provenance["formations"][ANCIEN_METIER]["change_id"] == change.id
    assert fiche.contenu_publie == base.m1802_publie
    with base.runtime.sessions() as session:
        motif = session.scalar(
            select(RevisionRow.motif).where(
                RevisionRow.code_rome == "M1802", RevisionRow.numero == fiche.version
            )
        )
        assert motif is not None and f"changement n° {change.id}" in motif
        restaurer(session, "M1802", avant.version, RollbackBody(), EDITEUR)
    restauree = _fiche(base.runtime, "M1802")
    assert restauree.nom_masculin == avant.nom_masculin
    assert restauree.provenance == avant.provenance
    assert restauree.contenu_publie == base.m1802_publie
