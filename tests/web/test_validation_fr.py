"""Every 422 is a French sentence naming the field, never pydantic's English (issue 15)."""

from __future__ import annotations

from collections.abc import Callable

import httpx2
import pytest

from agents_metiers.web.validation import message_validation

pytestmark = pytest.mark.anyio

Headers = Callable[[str], dict[str, str]]
ENGLISH = ("Input should", "Field required", "JSON decode", "String should", "List should")


def _english(detail: str) -> bool:
    return any(word in detail for word in ENGLISH)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('{"email": "a@b.fr", "password": ', "pas du JSON valide"),
        ('{"email": "a@b.fr"}', "Champ « password » manquant."),
        ('{"email": ["a@b.fr"], "password": "x"}', "Champ « email » invalide : un texte"),
        ('{"email": "a", "password": "x"}', "Champ « email » trop court : au moins 3 caractères."),
    ],
    ids=["json", "missing", "type", "short"],
)
async def test_login_body_errors_are_french_sentences(
    client: httpx2.AsyncClient, body: str, expected: str
) -> None:
    response = await client.post(
        "/api/auth/login", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert expected in detail
    assert not _english(detail)


async def test_a_list_field_given_a_text_names_the_field_in_french(
    client: httpx2.AsyncClient, auth_headers: Headers, imported: object
) -> None:
    response = await client.patch(
        "/api/fiches/A1101",
        json={"missions_principales": "une seule mission"},
        headers=auth_headers("editeur"),
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "missions_principales" in detail
    assert not _english(detail)


async def test_a_bad_query_parameter_type_is_a_french_sentence(client: httpx2.AsyncClient) -> None:
    response = await client.get("/api/fiches?limit=beaucoup")
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "Paramètre « limit » invalide : un nombre entier est attendu."
    )


def test_enum_choices_are_listed_in_french() -> None:
    error = {
        "type": "enum",
        "loc": ("body", "statut"),
        "ctx": {"expected": "'brouillon', 'enrichi' or 'valide'"},
    }
    assert message_validation(error) == (
        "Champ « statut » invalide : valeurs possibles 'brouillon', 'enrichi' ou 'valide'."
    )


def test_an_unknown_error_type_still_gets_a_french_sentence() -> None:
    error = {"type": "something_new", "loc": ("body", "x"), "msg": "Input should be odd"}
    assert message_validation(error) == "Champ « x » invalide : valeur refusée."
