"""Batch human review (issue 14): a relecteur validates, and publishes, many fiches at once.

A job of type ``review`` (``services.jobs.lifecycle``) runs ``relire_fiche`` for each fiche:
one transaction through the single write path (``ecriture.ecrire_fiche``), where each
workflow step is a guarded transition (``workflow.appliquer_transition``) with its revision
and its audit event naming the reviewer — a ``brouillon`` is submitted, then validated, then
published into the public read model when the batch publishes.

Selection: fiches named by code are reviewed whatever their content. A batch selected by
status or domaine takes by default only the fiches whose content is still entirely the
referential's (no field written by the AI or by a person, per ``fiches.provenance``), never a
fiche a reviewer sent back (a ``fiche.rejetee`` or ``fiche.modifications_demandees`` event in
its history), nor one with a ROME change awaiting review or a code withdrawn from the ROME.
The others are skipped, each with its reason in the job's item result; they need their codes
named to be reviewed in a batch.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agents_metiers.domain.fiche import Source, Statut
from agents_metiers.domain.permissions import Permission
from agents_metiers.domain.workflow import LIBELLES_STATUT, Action
from agents_metiers.errors import InvalidInputError
from agents_metiers.rendering.nombres import accord, pluriel
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.ecriture import ecrire_fiche
from agents_metiers.services.fiches.lecture import check_statut
from agents_metiers.services.fiches.workflow import appliquer_transition
from agents_metiers.storage.tables import AuditEventRow, FicheRow

DECISIONS = ("validate",)
# The events by which a reviewer sends a fiche back (services.fiches.workflow).
RENVOIS = ("fiche.rejetee", "fiche.modifications_demandees")
_EDITORIALES = {Source.IA.value: "l'IA", Source.HUMAIN.value: "une personne"}
_PARAMS = frozenset({"decision", "publier", "motif"})


def preparer_params(
    params: Mapping[str, Any], *, par_codes: bool, auteur: Auteur
) -> dict[str, Any]:
    """Check the params of a ``review`` job and record how its fiches were selected.

    ``decision`` must be ``validate``; ``publier`` (bool) also publishes each validated fiche
    (the publish permission is checked too); ``motif`` is recorded on each revision.
    """
    inconnus = sorted(set(params) - _PARAMS)
    if inconnus:
        raise InvalidInputError(
            pluriel(len(inconnus), "Paramètre inconnu", "Paramètres inconnus")
            + f" pour une relecture en lot : {', '.join(inconnus)} "
            "(possibles : decision, publier, motif)."
        )
    decision = params.get("decision", "validate")
    if decision not in DECISIONS:
        raise InvalidInputError(
            f"Décision « {decision} » impossible en lot : seule « validate » l'est (rejeter ou "
            "demander des modifications se fait fiche par fiche, avec un commentaire)."
        )
    publier = params.get("publier", False)
    if not isinstance(publier, bool):
        raise InvalidInputError("Le paramètre « publier » doit valoir true ou false.")
    motif = params.get("motif") or ""
    if not isinstance(motif, str) or len(motif) > 500:
        raise InvalidInputError("Le motif doit être un texte de 500 caractères au plus.")
    auteur.exiger(Permission.RELIRE)
    if publier:
        auteur.exiger(Permission.PUBLIER)
    return {
        "decision": decision,
        "publier": publier,
        **({"motif": motif} if motif else {}),
        "selection": "codes" if par_codes else "criteres",
    }


def _domaine_de(row_domaine: Mapping[str, Any] | None) -> tuple[str | None, str | None]:
    domaine = row_domaine if isinstance(row_domaine, Mapping) else {}
    return domaine.get("code_grand_domaine"), domaine.get("code_domaine")


def check_domaine(domaine: str) -> str:
    """A grand domaine (one letter, ``M``) or a domaine (``M18``), upper-cased."""
    code = domaine.strip().upper()
    if not (
        (len(code) == 1 and code.isalpha())
        or (len(code) == 3 and code[0].isalpha() and code[1:].isdigit())
    ):
        raise InvalidInputError(
            f"Domaine invalide : « {domaine[:20]} ». Indiquez un grand domaine (une lettre, "
            "ex. M) ou un domaine professionnel (une lettre et deux chiffres, ex. M18)."
        )
    return code


def selectionner(session: Session, *, statut: str | None, domaine: str | None) -> list[str]:
    """The codes of the fiches of ``statut`` and/or ``domaine``, in code order."""
    query = select(FicheRow.code_rome, FicheRow.domaine_professionnel).order_by(FicheRow.code_rome)
    if statut is not None:
        query = query.where(FicheRow.statut == check_statut(statut))
    if domaine is None:
        return [code for code, _ in session.execute(query)]
    code_domaine = check_domaine(domaine)
    index = 0 if len(code_domaine) == 1 else 1
    return [
        code
        for code, valeur in session.execute(query)
        if _domaine_de(valeur)[index] == code_domaine
    ]


def _champs_editoriaux(provenance: Mapping[str, Any] | None) -> dict[str, list[str]]:
    """Per editorial source (ia, humain), the fields it wrote."""
    champs: dict[str, list[str]] = {}
    for champ, stamp in (provenance or {}).items():
        source = stamp.get("source") if isinstance(stamp, Mapping) else None
        if source in _EDITORIALES:
            champs.setdefault(source, []).append(champ)
    return {source: sorted(noms) for source, noms in champs.items()}


def raison_d_exclusion(session: Session, row: FicheRow) -> str | None:
    """Why a fiche selected by status or domaine is left out of a batch review, or None."""
    editoriaux = _champs_editoriaux(row.provenance)
    if editoriaux:
        qui = " et ".join(_EDITORIALES[source] for source in sorted(editoriaux))
        nombre = sum(len(noms) for noms in editoriaux.values())
        return (
            f"Contenu rédigé ou modifié par {qui} ({accord(nombre, 'champ', 'champs')}) : "
            "relisez cette fiche "
            "individuellement, ou nommez-la par son code dans le lot."
        )
    renvoi = session.scalar(
        select(AuditEventRow)
        .where(
            AuditEventRow.code_rome == row.code_rome,
            AuditEventRow.type_evenement.in_(RENVOIS),
        )
        .order_by(AuditEventRow.timestamp.desc())
        .limit(1)
    )
    if renvoi is not None:
        quand = renvoi.timestamp.strftime("%d/%m/%Y")
        return (
            f"Renvoyée par un relecteur ({renvoi.agent}, le {quand}) : elle doit être relue "
            "individuellement, ou nommée par son code dans le lot."
        )
    if row.rome_retire:
        return "Ce code a été retiré du ROME : la fiche attend la décision d'un relecteur."
    if row.rome_update_pending:
        return "Un changement du ROME attend une revue sur cette fiche."
    return None


def _etapes(row: FicheRow, *, publier: bool) -> list[Action]:
    """The transitions that bring the fiche to ``valide`` (then ``publiee`` with ``publier``)."""
    statut = Statut(row.statut)
    etapes = {
        Statut.BROUILLON: [Action.SOUMETTRE, Action.VALIDER],
        Statut.ENRICHI: [Action.VALIDER],
        Statut.VALIDE: [],
        Statut.PUBLIEE: [],
    }[statut]
    en_attente = row.version_publiee is not None and row.version != row.version_publiee
    if publier and (statut is not Statut.PUBLIEE or en_attente):
        etapes.append(Action.PUBLIER)
    return etapes


def relire_fiche(
    session: Session, code: str, auteur: Auteur, params: Mapping[str, Any]
) -> dict[str, Any]:
    """Review one fiche of a batch in one transaction; the item's result (a skip included).

    Raises the workflow's error (a French sentence) when a transition is refused.
    """
    publier = bool(params.get("publier"))
    motif = str(params.get("motif") or "Relecture en lot")
    with ecrire_fiche(session, code) as ecriture:
        row = ecriture.row
        if params.get("selection") != "codes" and (raison := raison_d_exclusion(session, row)):
            return {"action": "ignoree", "statut": row.statut, "message": raison}
        etapes = _etapes(row, publier=publier)
        if not etapes:
            statut = LIBELLES_STATUT[Statut(row.statut)]
            return {
                "action": "ignoree",
                "statut": row.statut,
                "message": f"Rien à faire : la fiche est déjà {statut}"
                + ("" if publier or row.statut != Statut.VALIDE else " (publication non demandée)")
                + ".",
            }
        for action in etapes:
            appliquer_transition(ecriture, action, auteur, motif=motif)
        publiee = Action.PUBLIER in etapes
        return {
            "action": "publiee" if publiee else "validee",
            "statut": row.statut,
            "version": row.version,
            "message": (
                f"Validée et publiée (version {row.version})."
                if publiee
                else f"Validée (version {row.version})."
            ),
        }
