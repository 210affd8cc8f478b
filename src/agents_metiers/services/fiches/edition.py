"""Editing fiches: create, edit (PATCH), delete, roll back — each one transaction,
one revision and one audit event (PRODUCT.md §4), through the single write path
(``ecriture.ecrire_fiche``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import DateTime
from sqlalchemy.orm import Session

from agents_metiers.domain.diff import libelle
from agents_metiers.domain.fiche import Source, Statut
from agents_metiers.domain.permissions import Permission, can
from agents_metiers.domain.workflow import Action, action_vers
from agents_metiers.errors import ConflictError, InvalidInputError, PermissionDeniedError
from agents_metiers.rendering import libelles
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.audit import record_event
from agents_metiers.services.fiches.ecriture import (
    EcritureFiche,
    ecrire_fiche,
    inserer_fiche,
    nouvelle_revision,
)
from agents_metiers.services.fiches.inputs import FicheCreate, FicheUpdate, RollbackBody
from agents_metiers.services.fiches.lecture import check_code_rome
from agents_metiers.services.fiches.publication import rafraichir_lecture_publique
from agents_metiers.services.fiches.revisions import get_revision
from agents_metiers.services.fiches.workflow import appliquer_transition
from agents_metiers.storage import fiches as store
from agents_metiers.storage.fiches import SNAPSHOT_COLUMNS
from agents_metiers.storage.search import reindex_fiches
from agents_metiers.storage.tables import FicheRow, UtcDateTime

# Bookkeeping a rollback leaves as it is: the workflow state, the history, and whether the
# referential still has the code (a fact about ROME, not content; older revisions lack it).
_NON_RESTAURES = frozenset(
    {"code_rome", "statut", "version", "date_creation", "date_maj", "auteur", "rome_retire"}
)
_NOMS = ("nom_masculin", "nom_feminin", "nom_epicene")
_FUSIONNES = frozenset({"salaires", "perspectives"})


class EditionResult(BaseModel):
    code_rome: str
    version: int
    statut: str
    champs_modifies: list[str]


def _stamp(auteur: Auteur, now: datetime) -> dict[str, Any]:
    source = Source.HUMAIN if auteur.acteur == "humain" else Source.IA
    return {"source": source.value, "auteur": auteur.nom, "date": now.date().isoformat()}


def _fusion(existants: list[Any], libelles: list[str]) -> list[Any]:
    """Edited labels keep the structure (code OGR, group…) of the items they match."""
    par_libelle = {libelle(item): item for item in existants or []}
    return [par_libelle.get(label, {"libelle": label}) for label in libelles]


def _valeur(row: FicheRow, champ: str, valeur: Any) -> Any:
    existant = getattr(row, champ)
    labels = isinstance(valeur, list) and all(isinstance(v, str) for v in valeur)
    if labels and any(isinstance(item, dict) for item in existant or []):
        return _fusion(existant, valeur)
    if champ in _FUSIONNES and isinstance(valeur, dict):
        # keys the body cannot name (regional figures, market source, date) are kept
        return {**(existant or {}), **valeur}
    return valeur


def appliquer_champs(
    ecriture: EcritureFiche, champs: dict[str, Any], auteur: Auteur, motif: str
) -> list[str]:
    """Write ``champs`` into the locked fiche (only real changes), with revision and event."""
    session, row = ecriture.session, ecriture.row
    now = datetime.now(UTC)
    avant: dict[str, Any] = {}
    provenance = dict(row.provenance or {})
    for champ, valeur in champs.items():
        nouvelle = _valeur(row, champ, valeur)
        if getattr(row, champ) == nouvelle:
            continue
        avant[champ] = getattr(row, champ)
        setattr(row, champ, nouvelle)
        provenance[champ] = _stamp(auteur, now)
    if not avant:
        return []
    row.provenance = provenance
    nouvelle_revision(ecriture, auteur, motif=motif, now=now)
    modifies = list(avant)
    record_event(
        session,
        type_evenement="fiche.modifiee",
        **auteur.signature(),
        code_rome=row.code_rome,
        description=(
            f"Fiche {row.code_rome} modifiée — champs : "
            f"{', '.join(libelles.champ(c) for c in modifies)}."
        ),
        donnees_avant={"version": row.version - 1, "champs": modifies},
        donnees_apres={"version": row.version, "motif": motif or None},
    )
    if any(champ in _NOMS for champ in modifies) or "description_courte" in modifies:
        reindex_fiches(session, codes=[row.code_rome])
    return modifies


def modifier(session: Session, code: str, update: FicheUpdate, auteur: Auteur) -> EditionResult:
    """PATCH: change the given fields (new revision); change status only when asked, except
    that a content change sends a ``valide`` fiche back to review (four eyes)."""
    auteur.exiger(Permission.MODIFIER)
    with ecrire_fiche(session, code, version=update.version) as ecriture:
        row = ecriture.row
        modifies = appliquer_champs(ecriture, update.champs(), auteur, update.motif or "")
        if update.statut is not None and update.statut != row.statut:
            action = action_vers(update.statut, Statut(row.statut))
            appliquer_transition(ecriture, action, auteur, motif=update.motif or "")
    return EditionResult(
        code_rome=row.code_rome, version=row.version, statut=row.statut, champs_modifies=modifies
    )


def _epicene(masculin: str, feminin: str) -> str:
    if masculin == feminin:
        return masculin
    return f"{masculin} ou {feminin[:1].lower()}{feminin[1:]}"


def creer(session: Session, body: FicheCreate, auteur: Auteur) -> EditionResult:
    """A new fiche from scratch (status brouillon, revision 1)."""
    auteur.exiger(Permission.CREER)
    code = check_code_rome(body.code_rome)
    if store.get_fiche(session=session, code_rome=code) is not None:
        raise ConflictError(f"La fiche {code} existe déjà.")
    now = datetime.now(UTC)
    champs: dict[str, Any] = {
        "nom_masculin": body.nom_masculin,
        "nom_feminin": body.nom_feminin,
        "nom_epicene": body.nom_epicene or _epicene(body.nom_masculin, body.nom_feminin),
        "description": body.definition or body.description or "",
    }
    row = FicheRow(
        code_rome=code,
        **champs,
        statut=Statut.BROUILLON.value,
        version=1,
        date_creation=now,
        date_maj=now,
        auteur=auteur.nom,
        provenance={champ: _stamp(auteur, now) for champ, v in champs.items() if v},
    )
    with inserer_fiche(session, row, auteur, motif="Création"):
        record_event(
            session,
            type_evenement="fiche.creee",
            **auteur.signature(),
            code_rome=code,
            description=f"Fiche {code} créée : {row.nom_masculin}.",
            donnees_apres={"nom_masculin": row.nom_masculin, "statut": row.statut},
        )
        reindex_fiches(session, codes=[code])
    return EditionResult(code_rome=code, version=1, statut=row.statut, champs_modifies=list(champs))


def _depublier_avant_suppression(ecriture: EcritureFiche, auteur: Auteur, motif: str) -> None:
    """Four eyes: taking a published fiche off the site is a reviewer's decision, with a reason."""
    code = ecriture.row.code_rome
    if not can(auteur.role, Permission.PUBLIER) and auteur.acteur == "humain":
        raise PermissionDeniedError(
            f"La fiche {code} est publiée : seul un relecteur ou un administrateur peut la "
            "supprimer (elle est d'abord dépubliée)."
        )
    if not motif:
        raise InvalidInputError(
            f"La fiche {code} est publiée : indiquez le motif de sa suppression (« motif »), "
            "il est gardé dans le journal d'audit."
        )
    appliquer_transition(ecriture, Action.DEPUBLIER, auteur, motif=f"Suppression : {motif}")


def supprimer(session: Session, code: str, auteur: Auteur, *, motif: str = "") -> str:
    """Delete a fiche with its revisions and variants; the audit trail keeps the events.

    A published fiche is unpublished first, by a reviewer and with a ``motif``.
    """
    auteur.exiger(Permission.SUPPRIMER)
    motif = motif.strip()
    with ecrire_fiche(session, code) as ecriture:
        row = ecriture.row
        if row.version_publiee is not None:
            _depublier_avant_suppression(ecriture, auteur, motif)
        code = row.code_rome
        record_event(
            session,
            type_evenement="fiche.supprimee",
            **auteur.signature(),
            code_rome=code,
            description=f"Fiche {code} supprimée : {row.nom_masculin}"
            + (f" — {motif[:200]}." if motif else "."),
            donnees_avant={
                "nom_masculin": row.nom_masculin,
                "statut": row.statut,
                "version": row.version,
            },
            donnees_apres={"motif": motif or None},
        )
        store.delete_fiche(session=session, code_rome=code)
        rafraichir_lecture_publique(session, row, supprimee=True)
        reindex_fiches(session, codes=[code])
    return code


def restaurer(
    session: Session, code: str, numero: int, body: RollbackBody, auteur: Auteur
) -> EditionResult:
    """Roll the content back to revision ``numero``; the rollback is itself a new revision."""
    auteur.exiger(Permission.MODIFIER)
    with ecrire_fiche(session, code, version=body.version) as ecriture:
        row = ecriture.row
        contenu = get_revision(session, row.code_rome, numero).contenu
        actuel = store.snapshot(row)
        changes = [
            name
            for name in SNAPSHOT_COLUMNS
            if name not in _NON_RESTAURES and contenu.get(name) != actuel.get(name)
        ]
        if not changes:
            raise ConflictError(f"La fiche a déjà le contenu de la révision n° {numero}.")
        for name in changes:
            setattr(row, name, _restored(name, contenu.get(name)))
        nouvelle_revision(ecriture, auteur, motif=body.motif or f"Retour à la révision n° {numero}")
        record_event(
            session,
            type_evenement="fiche.restauree",
            **auteur.signature(),
            code_rome=row.code_rome,
            description=f"Fiche {row.code_rome} ramenée à la révision n° {numero}.",
            donnees_avant={"version": row.version - 1},
            donnees_apres={
                "version": row.version,
                "revision_restauree": numero,
                "champs": changes,
            },
        )
        reindex_fiches(session, codes=[row.code_rome])
    return EditionResult(
        code_rome=row.code_rome, version=row.version, statut=row.statut, champs_modifies=changes
    )


def _restored(name: str, value: Any) -> Any:
    column = FicheRow.__table__.columns[name]
    if value is not None and isinstance(column.type, DateTime | UtcDateTime):
        return datetime.fromisoformat(value)
    return value
