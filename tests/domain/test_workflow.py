"""The transition table of PRODUCT.md §4, allowed and refused moves."""

from __future__ import annotations

import pytest

from agents_metiers.domain.fiche import Statut
from agents_metiers.domain.workflow import (
    Action,
    EtatFiche,
    action_vers,
    cible,
    refus,
    statut_apres_modification,
    statut_apres_validation,
)

B, E, V, P = Statut.BROUILLON, Statut.ENRICHI, Statut.VALIDE, Statut.PUBLIEE

ALLOWED = {
    Action.ENRICHIR: {B, E, V, P},
    Action.SOUMETTRE: {B},
    Action.VALIDER_IA: {E, V},
    Action.VALIDER: {E},
    Action.APPROUVER: {V},
    Action.REJETER: {E, V, P},
    Action.DEMANDER_MODIFICATIONS: {E, V, P},
    Action.PUBLIER: {V},
}


def _etat(statut: Statut, *, publiee: bool = False, brouillon: bool = False) -> EtatFiche:
    return EtatFiche(statut=statut, publiee=publiee, brouillon_en_attente=brouillon)


@pytest.mark.parametrize("action", list(ALLOWED))
@pytest.mark.parametrize("statut", list(Statut))
def test_each_action_is_allowed_exactly_from_its_statuses(action: Action, statut: Statut) -> None:
    publiee = statut is P
    reason = refus(action, _etat(statut, publiee=publiee))
    assert (reason is None) == (statut in ALLOWED[action]), reason


def test_a_refusal_is_a_sentence_naming_the_current_status() -> None:
    reason = refus(Action.PUBLIER, _etat(B))
    assert reason is not None
    assert "brouillon" in reason
    assert "validée" in reason


def test_targets_follow_the_table() -> None:
    assert cible(Action.ENRICHIR, _etat(P, publiee=True)) is E
    assert cible(Action.SOUMETTRE, _etat(B)) is E
    assert cible(Action.VALIDER, _etat(E)) is V
    assert cible(Action.APPROUVER, _etat(V)) is P
    assert cible(Action.REJETER, _etat(V)) is B
    assert cible(Action.DEMANDER_MODIFICATIONS, _etat(P, publiee=True)) is E
    assert cible(Action.PUBLIER, _etat(V)) is P


def test_a_published_fiche_with_a_pending_draft_can_be_published_again() -> None:
    assert refus(Action.PUBLIER, _etat(P, publiee=True, brouillon=True)) is None
    assert refus(Action.APPROUVER, _etat(P, publiee=True, brouillon=True)) is None


def test_a_published_fiche_without_draft_cannot_be_published_again() -> None:
    reason = refus(Action.PUBLIER, _etat(P, publiee=True))
    assert reason is not None
    assert "déjà publiée" in reason


def test_force_lifts_the_status_condition_of_a_publication_only() -> None:
    assert refus(Action.PUBLIER, _etat(B), force=True) is None
    assert refus(Action.VALIDER, _etat(B), force=True) is not None


def test_unpublish_needs_a_live_snapshot_and_returns_to_valide() -> None:
    assert refus(Action.DEPUBLIER, _etat(V)) is not None
    assert refus(Action.DEPUBLIER, _etat(P, publiee=True)) is None
    assert cible(Action.DEPUBLIER, _etat(P, publiee=True)) is V
    # a re-enriched published fiche keeps its working status when taken offline
    assert cible(Action.DEPUBLIER, _etat(E, publiee=True, brouillon=True)) is E


@pytest.mark.parametrize(
    ("score", "avant", "apres"),
    [(70, E, V), (100, V, V), (69, E, E), (50, V, V), (49, E, B), (0, V, B)],
)
def test_ai_validation_score_decides_the_status(score: int, avant: Statut, apres: Statut) -> None:
    assert statut_apres_validation(score, avant) is apres
    assert cible(Action.VALIDER_IA, _etat(avant), score=score) is apres


def test_ai_validation_without_a_score_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="score"):
        cible(Action.VALIDER_IA, _etat(E))


@pytest.mark.parametrize(
    ("vers", "depuis", "action"),
    [
        (E, B, Action.SOUMETTRE),
        (E, V, Action.DEMANDER_MODIFICATIONS),
        (V, E, Action.VALIDER),
        (P, V, Action.PUBLIER),
        (B, E, Action.REJETER),
    ],
)
def test_an_explicit_status_change_maps_to_one_action(
    vers: Statut, depuis: Statut, action: Action
) -> None:
    assert action_vers(vers, depuis) is action


def test_a_content_change_sends_only_a_validated_fiche_back_to_review() -> None:
    assert statut_apres_modification(Statut.VALIDE) is Statut.ENRICHI
    for statut in (Statut.BROUILLON, Statut.ENRICHI, Statut.PUBLIEE):
        assert statut_apres_modification(statut) is statut
