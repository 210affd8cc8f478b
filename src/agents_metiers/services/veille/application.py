"""Writing the referential's version of a fiche — shared by the review (``apply``) and the
sync. Every write goes through the fiche's single write path (``ecriture.ecrire_fiche``):
the change row is updated in the same transaction as the fiche, so a failure loses nothing
and a sync can simply be run again.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from agents_metiers.domain.fiche import Statut
from agents_metiers.errors import ConflictError, NotFoundError
from agents_metiers.rendering import libelles
from agents_metiers.rome.fiche_builder import IDENTITY_FIELDS, ROME_FIELDS, build_fiche
from agents_metiers.rome.referentiel import Referentiel
from agents_metiers.rome.referentiel_rows import referentiel_from_rows, version_from_dict
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.audit import record_event
from agents_metiers.services.fiches.ecriture import EcritureFiche, inserer_fiche, nouvelle_revision
from agents_metiers.services.veille import staging
from agents_metiers.services.veille.fusion import stamp_rome
from agents_metiers.storage.referentiel import current_version, stored_rows
from agents_metiers.storage.search import reindex_fiches
from agents_metiers.storage.tables import FicheRow, RomeChangeRow

NOUVEAU, MODIFIE, SUPPRIME = "new", "modified", "deleted"
_NOMS = frozenset({"nom_masculin", "nom_feminin", "nom_epicene", "appellations"})
# Editorial fields a new fiche starts with empty (the import does the same).
_VIDES = ("formations", "certifications", "traits_personnalite", "aptitudes", "sites_utiles")


def referentiel_stocke(session: Session) -> Referentiel | None:
    """The referential stored in the ``rome_*`` tables (None before any import)."""
    version = current_version(session=session)
    if version is None:
        return None
    info = version_from_dict({"numero": version.numero, "description": version.description})
    return referentiel_from_rows(info, stored_rows(session=session))


def referentiel_cible(session: Session, change: RomeChangeRow) -> Referentiel:
    """The referential ``change`` leads to: its run's staged one, or the stored one once the
    sync promoted it."""
    if change.run_id is not None:
        try:
            return staging.referentiel_detecte(session=session, run_id=change.run_id)
        except NotFoundError:
            pass
    version = current_version(session=session)
    if version is not None and version.numero == change.version_to:
        stocke = referentiel_stocke(session)
        assert stocke is not None
        return stocke
    raise ConflictError(
        f"Le changement n° {change.id} vient de la version {change.version_to} du ROME, qui "
        "n'est ni la version détectée en attente ni la version en base : il ne peut plus être "
        "appliqué. Accusez-en réception, ou relancez la veille."
    )


def fiche_de(ref: Referentiel | None, code: str) -> dict[str, Any] | None:
    """``build_fiche`` of ``code`` in ``ref`` (None when the code is not there)."""
    if ref is None or code not in ref.fiches:
        return None
    return build_fiche(ref, code)


def motif(change: RomeChangeRow, action: str) -> str:
    return f"Veille ROME v{change.version_to} — changement n° {change.id} ({action})"


def marquer_revu(change: RomeChangeRow, action: str, auteur: Auteur, now: datetime) -> None:
    change.reviewed = True
    change.reviewed_at = now
    change.reviewed_by = auteur.nom
    change.review_action = action


def actualiser_attente(session: Session, row: FicheRow) -> None:
    """``rome_update_pending``: true while a change of the fiche waits for a decision."""
    session.flush()
    attente = exists().where(
        RomeChangeRow.code_rome == row.code_rome, RomeChangeRow.reviewed.is_(False)
    )
    row.rome_update_pending = bool(session.scalar(select(attente)))


def ecrire_champs(
    ecriture: EcritureFiche,
    champs: dict[str, Any],
    *,
    version: int,
    auteur: Auteur,
    motif: str,
) -> list[str]:
    """Write referential values into the locked fiche, stamped ``rome`` (identity fields
    unstamped); one revision and one event when something changed. Returns the fields."""
    row, now = ecriture.row, datetime.now(UTC)
    provenance = dict(row.provenance or {})
    modifies = []
    for champ, valeur in champs.items():
        if champ in ROME_FIELDS:
            provenance[champ] = stamp_rome(version, now.date())
        if getattr(row, champ) != valeur:
            setattr(row, champ, valeur)
            modifies.append(champ)
    contenu = [champ for champ in modifies if champ not in IDENTITY_FIELDS]
    if not contenu:
        return []
    row.provenance = provenance
    nouvelle_revision(ecriture, auteur, motif=motif, now=now, veille=True)
    record_event(
        ecriture.session,
        type_evenement="veille.fiche_mise_a_jour",
        **auteur.signature(),
        code_rome=row.code_rome,
        description=(
            f"Fiche {row.code_rome} mise à jour depuis le ROME v{version} — champs : "
            f"{', '.join(libelles.champ(c) for c in contenu)}."
        ),
        donnees_avant={"version": row.version - 1},
        donnees_apres={"version": row.version, "champs": contenu, "motif": motif},
    )
    if _NOMS.intersection(contenu):
        reindex_fiches(ecriture.session, codes=[row.code_rome])
    return contenu


def creer_fiche(
    session: Session, change: RomeChangeRow, fiche: dict[str, Any], auteur: Auteur, action: str
) -> None:
    """A complete ``brouillon`` fiche for a new code, from the referential; the change is
    marked reviewed in the same transaction."""
    now = datetime.now(UTC)
    version = int(fiche["rome_version"])
    row = FicheRow(
        code_rome=change.code_rome,
        **fiche,
        **{champ: [] for champ in _VIDES},
        statut=Statut.BROUILLON.value,
        version=1,
        date_creation=now,
        date_maj=now,
        auteur=auteur.nom,
        rome_update_pending=False,
        rome_retire=False,
        provenance=dict.fromkeys(ROME_FIELDS, stamp_rome(version, now.date())),
    )
    with inserer_fiche(session, row, auteur, motif=motif(change, action)) as ecriture:
        marquer_revu(change, action, auteur, now)
        record_event(
            ecriture.session,
            type_evenement="veille.fiche_creee",
            **auteur.signature(),
            code_rome=row.code_rome,
            description=(
                f"Fiche {row.code_rome} créée en brouillon depuis le ROME v{version} : "
                f"{row.nom_masculin}."
            ),
            donnees_apres={"change_id": change.id, "version": 1, "statut": row.statut},
        )
        reindex_fiches(ecriture.session, codes=[row.code_rome])
