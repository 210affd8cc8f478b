"""Review and sync of detected changes on a mini export (both databases): edited fields are
conflicts, meaning changes wait for a reviewer, new codes become brouillons, removed codes
are flagged and stay online, an apply is a revision that rolls back."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import select

from agents_metiers.domain.users import Role
from agents_metiers.domain.workflow import Action
from agents_metiers.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    ServiceUnavailableError,
)
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.edition import modifier, restaurer
from agents_metiers.services.fiches.inputs import FicheUpdate, RollbackBody
from agents_metiers.services.fiches.workflow import transitionner
from agents_metiers.services.runtime import Runtime
from agents_metiers.services.veille.detection import VeilleOptions, executer_veille
from agents_metiers.services.veille.fusion import ANCIEN_METIER
from agents_metiers.services.veille.revue import reviser
from agents_metiers.services.veille.sync import synchroniser
from agents_metiers.storage.referentiel import current_version
from agents_metiers.storage.tables import FicheRow, JobRow, RevisionRow, RomeChangeRow

ADMIN = Auteur(nom="admin@exemple.fr", role=Role.ADMIN)
RELECTEUR = Auteur(nom="relecteur@exemple.fr", role=Role.RELECTEUR)
EDITEUR = Auteur(nom="editeur@exemple.fr", role=Role.EDITEUR)
MEANING = "Technicien / Technicienne en cybersécurité"
MISSION = "Conçoit et programme des logiciels sûrs."


@pytest.fixture
def veille(base_mini: Runtime, rome_mini: Path, tmp_path: Path, exports: ModuleType) -> Runtime:
    """The mini base (v60) with a veille run against a v61 that relabels M1802 (meaning
    change), rewords M1805's definition, removes J1104 and adds M1899."""
    export = exports.copier_export(rome_mini, tmp_path / "v61", 61)
    export.relibeller("M1802", MEANING)
    export.reformuler_definition("M1805", 2, MISSION)
    export.supprimer_code("J1104")
    export.ajouter_codes({"M1899": ("M1805", "Ingénieur / Ingénieure en IA")})
    options = VeilleOptions(source=str(export.path), download_dir=base_mini.settings.download_dir)
    executer_veille(base_mini.sessions, options)
    return base_mini


def _change(runtime: Runtime, code: str) -> RomeChangeRow:
    with runtime.sessions() as session:
        change = session.scalar(select(RomeChangeRow).where(RomeChangeRow.code_rome == code))
        assert change is not None
        session.expunge(change)
        return change


def _fiche(runtime: Runtime, code: str) -> FicheRow:
    with runtime.sessions() as session:
        row = session.scalar(select(FicheRow).where(FicheRow.code_rome == code))
        assert row is not None
        session.expunge(row)
        return row


def _publier(runtime: Runtime, code: str) -> None:
    with runtime.sessions() as session:
        transitionner(session, code, Action.PUBLIER, ADMIN, motif="Test", force=True)


def _sync(runtime: Runtime):  # type: ignore[no-untyped-def]
    with runtime.sessions() as session:
        return synchroniser(session, ADMIN)


def _reviser(runtime: Runtime, code: str, action: str, auteur: Auteur = RELECTEUR):  # type: ignore[no-untyped-def]
    with runtime.sessions() as session:
        return reviser(runtime, session, _change(runtime, code).id, action, auteur)


def test_sync_applies_referential_fields_with_the_change_id_in_the_revision(
    veille: Runtime,
) -> None:
    resultat = _sync(veille)
    fiche = _fiche(veille, "M1805")
    assert MISSION in fiche.missions_principales
    assert fiche.rome_version == 61
    assert fiche.provenance["missions_principales"]["version"] == 61
    assert not fiche.rome_update_pending
    change = _change(veille, "M1805")
    assert (change.reviewed, change.review_action) == (True, "sync")
    with veille.sessions() as session:
        revision = session.scalar(
            select(RevisionRow).where(
                RevisionRow.code_rome == "M1805", RevisionRow.numero == fiche.version
            )
        )
        assert revision is not None
        assert f"changement n° {change.id}" in revision.motif
        assert current_version(session=session).numero == 61  # type: ignore[union-attr]
    assert resultat.appliquees == 1
    assert resultat.version == 61


def test_sync_keeps_an_edited_field_and_lists_it_as_a_conflict(veille: Runtime) -> None:
    missions = ["Rédige les missions à la main."]
    with veille.sessions() as session:
        modifier(session, "M1805", FicheUpdate(missions_principales=missions), EDITEUR)
    resultat = _sync(veille)
    fiche = _fiche(veille, "M1805")
    assert fiche.missions_principales == missions
    assert fiche.provenance["missions_principales"]["source"] == "humain"
    assert fiche.rome_update_pending
    change = _change(veille, "M1805")
    assert not change.reviewed
    assert change.conflits == ["missions_principales"]
    assert resultat.conflits == 1
    assert [(c.code_rome, c.champs) for c in resultat.liste_conflits] == [
        ("M1805", ["missions_principales"])
    ]


def test_apply_after_sync_takes_the_referential_value_of_a_conflict(veille: Runtime) -> None:
    with veille.sessions() as session:
        modifier(session, "M1805", FicheUpdate(missions_principales=["À la main."]), EDITEUR)
    _sync(veille)
    resultat = _reviser(veille, "M1805", "apply")
    assert resultat.changement.review_action == "apply"
    fiche = _fiche(veille, "M1805")
    assert MISSION in fiche.missions_principales
    assert fiche.provenance["missions_principales"]["source"] == "rome"
    assert not fiche.rome_update_pending


def test_a_meaning_change_waits_for_review_during_sync(veille: Runtime) -> None:
    avant = _fiche(veille, "M1802")
    resultat = _sync(veille)
    apres = _fiche(veille, "M1802")
    assert (apres.nom_masculin, apres.version) == (avant.nom_masculin, avant.version)
    assert apres.rome_update_pending
    assert not _change(veille, "M1802").reviewed
    assert resultat.en_attente_revue == 1


def test_apply_of_a_meaning_change_returns_to_brouillon_flags_texts_keeps_publication(
    veille: Runtime,
) -> None:
    with veille.sessions() as session:
        modifier(session, "M1802", FicheUpdate(formations=["BTS SIO"]), EDITEUR)
    _publier(veille, "M1802")
    publie = _fiche(veille, "M1802").contenu_publie
    _sync(veille)
    _reviser(veille, "M1802", "apply")
    fiche = _fiche(veille, "M1802")
    assert fiche.statut == "brouillon"
    assert fiche.nom_masculin == "Technicien en cybersécurité"
    assert fiche.provenance["formations"][ANCIEN_METIER]["change_id"] == _change(veille, "M1802").id
    assert ANCIEN_METIER not in fiche.provenance["nom_masculin"]
    assert fiche.contenu_publie == publie
    assert fiche.version_publiee is not None
    assert not fiche.rome_update_pending


def test_apply_of_a_meaning_change_needs_a_relecteur(veille: Runtime) -> None:
    with pytest.raises(PermissionDeniedError):
        _reviser(veille, "M1802", "apply", EDITEUR)
    assert not _change(veille, "M1802").reviewed


def test_an_applied_change_rolls_back_like_any_revision(veille: Runtime) -> None:
    avant = _fiche(veille, "M1802")
    _reviser(veille, "M1802", "apply")
    with veille.sessions() as session:
        restaurer(session, "M1802", avant.version, RollbackBody(), EDITEUR)
    fiche = _fiche(veille, "M1802")
    assert fiche.nom_masculin == avant.nom_masculin
    assert fiche.description == avant.description
    assert fiche.version == avant.version + 2


def test_sync_makes_new_codes_complete_brouillon_fiches(veille: Runtime) -> None:
    resultat = _sync(veille)
    fiche = _fiche(veille, "M1899")
    assert fiche.statut == "brouillon"
    assert fiche.nom_masculin == "Ingénieur en IA"
    assert fiche.description and fiche.competences and fiche.missions_principales
    assert fiche.rome_version == 61
    assert fiche.provenance["competences"]["source"] == "rome"
    assert _change(veille, "M1899").review_action == "sync"
    assert resultat.nouvelles_fiches == 1


def test_a_removed_code_is_flagged_and_stays_published(veille: Runtime) -> None:
    _publier(veille, "J1104")
    resultat = _sync(veille)
    fiche = _fiche(veille, "J1104")
    assert fiche.rome_retire
    assert fiche.version_publiee is not None
    assert not _change(veille, "J1104").reviewed
    assert resultat.retirees == 1
    with pytest.raises(ConflictError):
        _reviser(veille, "J1104", "apply")
    _reviser(veille, "J1104", "acknowledge")
    fiche = _fiche(veille, "J1104")
    assert fiche.rome_retire and not fiche.rome_update_pending
    assert fiche.version_publiee is not None


def test_a_second_sync_has_nothing_to_do(veille: Runtime) -> None:
    _sync(veille)
    with pytest.raises(ConflictError, match="lancez d'abord la veille"):
        _sync(veille)


def test_sync_is_for_admins(veille: Runtime) -> None:
    with veille.sessions() as session, pytest.raises(PermissionDeniedError):
        synchroniser(session, RELECTEUR)


def test_review_errors_say_why(veille: Runtime) -> None:
    with veille.sessions() as session, pytest.raises(NotFoundError, match="inconnu"):
        reviser(veille, session, 999_999, "acknowledge", RELECTEUR)
    with pytest.raises(InvalidInputError, match="Action inconnue"):
        _reviser(veille, "M1805", "supprimer")
    _reviser(veille, "M1805", "acknowledge")
    with pytest.raises(ConflictError, match="déjà été traité"):
        _reviser(veille, "M1805", "apply")


def test_re_enrich_without_ai_provider_changes_nothing(veille: Runtime) -> None:
    with pytest.raises(ServiceUnavailableError, match="Aucun fournisseur d'IA"):
        _reviser(veille, "M1805", "re_enrich")
    assert not _change(veille, "M1805").reviewed
    with veille.sessions() as session:
        assert session.scalar(select(JobRow)) is None
