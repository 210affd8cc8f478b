"""The sync's per-field rule: referential fields follow the referential, edited ones never."""

from __future__ import annotations

from datetime import date

from agents_metiers.services.veille.fusion import (
    ANCIEN_METIER,
    champs_ancien_metier,
    identite,
    marquer_ancien_metier,
    planifier,
    stamp_rome,
)

ROME = {"source": "rome", "version": 460, "date": "2026-01-01"}
HUMAIN = {"source": "humain", "auteur": "Alice", "date": "2026-02-01"}
IA = {"source": "ia", "modele": "test", "date": "2026-02-02"}


def test_a_referential_field_takes_the_detected_value() -> None:
    plan = planifier(
        {"acces_metier": "Bac"},
        {"acces_metier": ROME},
        {"acces_metier": "Bac"},
        {"acces_metier": "BTS"},
    )
    assert plan.appliques == {"acces_metier": "BTS"}
    assert plan.conflits == []


def test_a_field_without_provenance_counts_as_the_referential() -> None:
    plan = planifier({"acces_metier": "Bac"}, {}, None, {"acces_metier": "BTS"})
    assert plan.appliques == {"acces_metier": "BTS"}


def test_an_edited_field_the_referential_changed_is_a_conflict_never_written() -> None:
    plan = planifier(
        {"description": "Texte de l'éditrice"},
        {"description": HUMAIN},
        {"description": "Ancienne définition"},
        {"description": "Nouvelle définition"},
    )
    assert plan.appliques == {}
    assert plan.conflits == ["description"]


def test_an_ai_field_the_referential_changed_is_a_conflict() -> None:
    plan = planifier(
        {"missions_principales": ["a"]},
        {"missions_principales": IA},
        None,
        {"missions_principales": ["b"]},
    )
    assert plan.conflits == ["missions_principales"]


def test_an_edited_field_the_referential_left_alone_stands_without_conflict() -> None:
    plan = planifier(
        {"description": "Texte de l'éditrice"},
        {"description": HUMAIN},
        {"description": "Même définition"},
        {"description": "Même définition"},
    )
    assert plan.appliques == {}
    assert plan.conflits == []


def test_fields_outside_the_referential_are_never_planned() -> None:
    plan = planifier({"formations": ["BTS"]}, {}, None, {"formations": ["CAP"]})
    assert plan.appliques == {}
    assert plan.conflits == []


def test_identity_and_stamp_follow_the_detected_version() -> None:
    assert identite({"code_ogr": "1", "rome_version": 461, "code_rome_parent": None}) == {
        "code_ogr": "1",
        "rome_version": 461,
        "code_rome_parent": None,
    }
    assert stamp_rome(461, date(2026, 12, 3)) == {
        "source": "rome",
        "version": 461,
        "date": "2026-12-03",
    }


def test_meaning_change_flags_only_texts_a_person_or_the_ai_wrote() -> None:
    provenance = {"description": ROME, "formations": IA, "missions_principales": HUMAIN}
    nouvelle, marques = marquer_ancien_metier(provenance, {"change_id": 7})
    assert marques == ["formations", "missions_principales"]
    assert nouvelle["formations"][ANCIEN_METIER] == {"change_id": 7}
    assert ANCIEN_METIER not in nouvelle["description"]
    assert champs_ancien_metier(nouvelle) == marques
    assert champs_ancien_metier(provenance) == []
