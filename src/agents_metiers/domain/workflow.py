"""The editorial workflow (PRODUCT.md §4): one transition table, pure.

A fiche has a *working copy* (what editors change; its ``statut`` is the workflow status) and,
once published, a *published snapshot* that the public sees until the next publish. Editing or
re-enriching a published fiche therefore leaves the snapshot live: the working copy becomes a
pending draft (``brouillon_en_attente``) that a reviewer publishes, or not.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from agents_metiers.domain.fiche import Statut
from agents_metiers.domain.permissions import Permission

SEUIL_VALIDE = 70
SEUIL_BROUILLON = 50


class Action(StrEnum):
    ENRICHIR = "enrichir"  # AI or referential enrichment
    SOUMETTRE = "soumettre"  # an editor marks the fiche ready for review
    VALIDER_IA = "valider_ia"  # AI quality report; the score decides
    VALIDER = "valider"  # human review: the content is correct
    APPROUVER = "approuver"  # human review: approve and publish
    REJETER = "rejeter"  # human review: back to draft
    DEMANDER_MODIFICATIONS = "demander_modifications"
    PUBLIER = "publier"
    DEPUBLIER = "depublier"


@dataclass(frozen=True)
class Transition:
    origines: frozenset[Statut]
    cible: Statut | None  # None: decided by the action (AI score, unpublish)
    permission: Permission
    evenement: str  # dotted audit event name
    libelle: str  # what the action is, for sentences


_TOUS = frozenset(Statut)
_NON_BROUILLON = _TOUS - {Statut.BROUILLON}

TRANSITIONS: dict[Action, Transition] = {
    Action.ENRICHIR: Transition(
        _TOUS, Statut.ENRICHI, Permission.ENRICHIR, "fiche.enrichie", "l'enrichissement"
    ),
    Action.SOUMETTRE: Transition(
        frozenset({Statut.BROUILLON}),
        Statut.ENRICHI,
        Permission.MODIFIER,
        "fiche.soumise",
        "la soumission à la relecture",
    ),
    Action.VALIDER_IA: Transition(
        frozenset({Statut.ENRICHI, Statut.VALIDE}),
        None,
        Permission.VALIDER,
        "fiche.validation_ia",
        "la validation par IA",
    ),
    Action.VALIDER: Transition(
        frozenset({Statut.ENRICHI}),
        Statut.VALIDE,
        Permission.RELIRE,
        "fiche.validee",
        "la validation par relecture",
    ),
    Action.APPROUVER: Transition(
        frozenset({Statut.VALIDE}),
        Statut.PUBLIEE,
        Permission.PUBLIER,
        "fiche.publiee",
        "l'approbation",
    ),
    Action.REJETER: Transition(
        _NON_BROUILLON, Statut.BROUILLON, Permission.RELIRE, "fiche.rejetee", "le rejet"
    ),
    Action.DEMANDER_MODIFICATIONS: Transition(
        _NON_BROUILLON,
        Statut.ENRICHI,
        Permission.RELIRE,
        "fiche.modifications_demandees",
        "la demande de modifications",
    ),
    Action.PUBLIER: Transition(
        frozenset({Statut.VALIDE}),
        Statut.PUBLIEE,
        Permission.PUBLIER,
        "fiche.publiee",
        "la publication",
    ),
    Action.DEPUBLIER: Transition(
        frozenset({Statut.PUBLIEE}),
        None,
        Permission.PUBLIER,
        "fiche.depubliee",
        "la dépublication",
    ),
}

PUBLIANTES = frozenset({Action.PUBLIER, Action.APPROUVER})

# Four eyes: a content change (edit, rollback, AI output, market watch, ROME sync) of a fiche
# in one of these statuses sends it back to the named status, to be reviewed again.
APRES_MODIFICATION: dict[Statut, Statut] = {Statut.VALIDE: Statut.ENRICHI}


def statut_apres_modification(statut: Statut) -> Statut:
    """The status of a fiche in ``statut`` once its content has changed."""
    return APRES_MODIFICATION.get(statut, statut)


LIBELLES_STATUT = {
    Statut.BROUILLON: "brouillon",
    Statut.ENRICHI: "enrichie",
    Statut.VALIDE: "validée",
    Statut.PUBLIEE: "publiée",
}


@dataclass(frozen=True)
class EtatFiche:
    """What the table needs to know about a fiche."""

    statut: Statut
    publiee: bool  # a published snapshot is live
    brouillon_en_attente: bool  # the working copy differs from the live snapshot


def refus(action: Action, etat: EtatFiche, *, force: bool = False) -> str | None:
    """Why ``action`` is not allowed on a fiche in ``etat`` (a French sentence), or None.

    Publishing is also allowed from ``publiee`` when a draft of the published fiche is pending
    (the reviewer publishes the draft). Unpublishing needs a live snapshot. ``force`` (an
    admin publishing with a reason) lifts the status condition of a publication.
    """
    transition = TRANSITIONS[action]
    if action in PUBLIANTES:
        if force or etat.statut in transition.origines:
            return None
        if etat.statut is Statut.PUBLIEE and etat.brouillon_en_attente:
            return None
        if etat.statut is Statut.PUBLIEE:
            return "La fiche est déjà publiée et n'a pas de brouillon en attente."
    elif action is Action.DEPUBLIER:
        return None if etat.publiee else "La fiche n'est pas publiée : rien à dépublier."
    elif etat.statut in transition.origines:
        return None
    permis = ", ".join(LIBELLES_STATUT[s] for s in Statut if s in transition.origines)
    return (
        f"{transition.libelle.capitalize()} est impossible : la fiche est "
        f"{LIBELLES_STATUT[etat.statut]}, or cette action n'est permise que depuis : {permis}."
    )


def cible(action: Action, etat: EtatFiche, *, score: int | None = None) -> Statut:
    """The status after ``action`` (call ``refus`` first)."""
    if action is Action.VALIDER_IA:
        if score is None:
            raise ValueError("la validation par IA demande un score")
        return statut_apres_validation(score, etat.statut)
    if action is Action.DEPUBLIER:
        return Statut.VALIDE if etat.statut is Statut.PUBLIEE else etat.statut
    target = TRANSITIONS[action].cible
    assert target is not None
    return target


def statut_apres_validation(score: int, statut: Statut) -> Statut:
    """§4: score ≥ 70 → valide; < 50 → brouillon; otherwise unchanged."""
    if score >= SEUIL_VALIDE:
        return Statut.VALIDE
    if score < SEUIL_BROUILLON:
        return Statut.BROUILLON
    return statut


class Decision(StrEnum):
    """Decisions of the human review endpoint (reference values plus ``validate``)."""

    APPROVE = "approve"
    REJECT = "reject"
    REQUEST_CHANGES = "request_changes"
    VALIDATE = "validate"


ACTION_DE_DECISION: dict[Decision, Action] = {
    Decision.APPROVE: Action.APPROUVER,
    Decision.REJECT: Action.REJETER,
    Decision.REQUEST_CHANGES: Action.DEMANDER_MODIFICATIONS,
    Decision.VALIDATE: Action.VALIDER,
}


def action_vers(statut_cible: Statut, statut: Statut) -> Action:
    """The transition an explicit status change (PATCH ``statut``) stands for."""
    if statut_cible is Statut.ENRICHI:
        return Action.SOUMETTRE if statut is Statut.BROUILLON else Action.DEMANDER_MODIFICATIONS
    return {
        Statut.VALIDE: Action.VALIDER,
        Statut.PUBLIEE: Action.PUBLIER,
        Statut.BROUILLON: Action.REJETER,
    }[statut_cible]
