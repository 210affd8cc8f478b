"""Synchronisation with the detected referential (PRODUCT.md §5.4, issue 12) — admins.

For every pending change of the newest staged veille run (docs/veille.md, « Ce que la
synchronisation touche et ne touche jamais »):

- **new code**: a complete ``brouillon`` fiche built from the referential;
- **modified code**: the ROME fields whose value still comes from the referential take the
  detected value (``fusion.planifier``); a field a person or the AI wrote is never
  overwritten — when the referential changed it too, the change stays pending with its
  conflicts listed, for a reviewer; a published fiche gets a new draft revision and its
  published snapshot stays online;
- **meaning change** (the code now names another job): never applied here, it waits for an
  explicit ``apply`` by a relecteur or admin;
- **removed code**: the fiche is never deleted; it gets ``rome_retire`` (a banner) and stays
  online until a reviewer acknowledges, unpublishes or archives it.

Each fiche is one transaction (its revision, its change marked, its audit event): a sync that
stops half-way loses nothing and can be run again. At the end the detected referential
becomes the stored one (``staging.promouvoir_referentiel``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from agents_metiers.domain.permissions import Permission
from agents_metiers.errors import ConflictError
from agents_metiers.rendering.nombres import accord
from agents_metiers.rome.fiche_builder import ROME_FIELDS
from agents_metiers.rome.referentiel import Referentiel
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.audit import record_event
from agents_metiers.services.fiches.ecriture import ecrire_fiche
from agents_metiers.services.veille import staging
from agents_metiers.services.veille.application import (
    NOUVEAU,
    SUPPRIME,
    actualiser_attente,
    creer_fiche,
    ecrire_champs,
    fiche_de,
    marquer_revu,
    motif,
    referentiel_stocke,
)
from agents_metiers.services.veille.fusion import identite, planifier
from agents_metiers.storage import fiches as store
from agents_metiers.storage.tables import RomeChangeRow

Progress = Callable[[str, int, int], None]
AUCUNE_VEILLE = (
    "Aucun référentiel détecté n'attend d'être synchronisé : lancez d'abord la veille ROME "
    "(« agents-metiers veille-rome » ou l'onglet Veille du centre d'actions)."
)


class ConflitOut(BaseModel):
    change_id: int
    code_rome: str
    nom_metier: str
    champs: list[str]


class SyncResultat(BaseModel):
    """Counts of a sync (one change counts once), with the conflicts left to review."""

    version: int
    appliquees: int = 0
    conflits: int = 0
    en_attente_revue: int = 0
    nouvelles_fiches: int = 0
    retirees: int = 0
    sans_fiche: int = 0
    fiches_modifiees: int = 0
    liste_conflits: list[ConflitOut] = []


class _Sync:
    def __init__(self, session: Session, run_id: int, auteur: Auteur) -> None:
        self.session = session
        self.auteur = auteur
        self.ancien: Referentiel | None = referentiel_stocke(session)
        self.nouveau = staging.referentiel_detecte(session=session, run_id=run_id)
        self.resultat = SyncResultat(version=self.nouveau.version.numero)

    def traiter(self, change: RomeChangeRow) -> None:
        exists = store.get_fiche(session=self.session, code_rome=change.code_rome) is not None
        if change.change_type == SUPPRIME and exists:
            self._retirer(change)
        elif change.sens_modifie and exists:
            self.resultat.en_attente_revue += 1
        elif not exists and change.change_type == NOUVEAU:
            nouveau = fiche_de(self.nouveau, change.code_rome)
            assert nouveau is not None
            creer_fiche(self.session, change, nouveau, self.auteur, "sync")
            self.resultat.nouvelles_fiches += 1
        elif not exists:
            self.resultat.sans_fiche += 1
        else:
            self._fusionner(change)

    def _retirer(self, change: RomeChangeRow) -> None:
        with ecrire_fiche(self.session, change.code_rome) as ecriture:
            row = ecriture.row
            if not row.rome_retire:
                row.rome_retire = True
                record_event(
                    self.session,
                    type_evenement="veille.code_retire",
                    **self.auteur.signature(),
                    code_rome=row.code_rome,
                    description=(
                        f"Le code {row.code_rome} n'est plus dans le ROME v{change.version_to} : "
                        "la fiche reste en ligne, signalée comme retirée, jusqu'à la décision "
                        "d'un relecteur."
                    ),
                    donnees_apres={"change_id": change.id, "rome_retire": True},
                )
            actualiser_attente(self.session, row)
        self.resultat.retirees += 1

    def _fusionner(self, change: RomeChangeRow) -> None:
        nouveau = fiche_de(self.nouveau, change.code_rome)
        assert nouveau is not None
        ancien = fiche_de(self.ancien, change.code_rome)
        with ecrire_fiche(self.session, change.code_rome) as ecriture:
            row = ecriture.row
            actuel = {champ: getattr(row, champ) for champ in ROME_FIELDS}
            plan = planifier(actuel, row.provenance or {}, ancien, nouveau)
            modifies = ecrire_champs(
                ecriture,
                {**plan.appliques, **identite(nouveau)},
                version=change.version_to,
                auteur=self.auteur,
                motif=motif(change, "synchronisation"),
            )
            if plan.conflits:
                change.conflits = plan.conflits
            else:
                marquer_revu(change, "sync", self.auteur, datetime.now(UTC))
            actualiser_attente(self.session, row)
        self.resultat.fiches_modifiees += bool(modifies)
        if plan.conflits:
            self.resultat.conflits += 1
            self.resultat.liste_conflits.append(
                ConflitOut(
                    change_id=change.id,
                    code_rome=change.code_rome,
                    nom_metier=change.nom_metier,
                    champs=plan.conflits,
                )
            )
        else:
            self.resultat.appliquees += 1


def synchroniser(
    session: Session, auteur: Auteur, *, progress: Progress | None = None
) -> SyncResultat:
    """Apply every pending change of the newest staged run that needs no review, then make
    the detected referential the stored one (see the module doc)."""
    auteur.exiger(Permission.OPERER)
    run_id = staging.run_en_attente(session=session)
    if run_id is None:
        raise ConflictError(AUCUNE_VEILLE)
    sync = _Sync(session, run_id, auteur)
    ids = list(
        session.scalars(
            select(RomeChangeRow.id)
            .where(RomeChangeRow.run_id == run_id, RomeChangeRow.reviewed.is_(False))
            .order_by(RomeChangeRow.code_rome, RomeChangeRow.id)
        )
    )
    for index, change_id in enumerate(ids, start=1):
        change = session.get(RomeChangeRow, change_id)
        assert change is not None
        sync.traiter(change)
        if progress is not None:
            progress("synchronisation", index, len(ids))
    _promouvoir(session, run_id, auteur, sync.resultat)
    return sync.resultat


def _promouvoir(session: Session, run_id: int, auteur: Auteur, resultat: SyncResultat) -> None:
    counts: dict[str, Any] = resultat.model_dump(exclude={"liste_conflits"})
    try:
        staging.promouvoir_referentiel(session=session, run_id=run_id)
        record_event(
            session,
            type_evenement="veille.synchronisation",
            **auteur.signature(),
            description=(
                f"Synchronisation avec le ROME v{resultat.version} : "
                f"{accord(resultat.appliquees, 'changement appliqué', 'changements appliqués')}, "
                f"{accord(resultat.nouvelles_fiches, 'nouvelle fiche', 'nouvelles fiches')}, "
                f"{resultat.conflits} en conflit, "
                f"{accord(resultat.en_attente_revue, 'changement', 'changements')} de sens en "
                "attente de revue, "
                f"{accord(resultat.retirees, 'code retiré', 'codes retirés')}."
            ),
            donnees_apres={"run_id": run_id, **counts},
        )
        session.commit()
    except BaseException:
        session.rollback()
        raise
