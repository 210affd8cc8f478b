"""Facets on ``GET /api/fiches`` and ``GET /api/referentiel/facettes`` (issue 13), on the
mini export, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx2
import pytest

from agents_metiers.domain.users import Role
from agents_metiers.domain.workflow import Action
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.workflow import transitionner
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import FichePubliqueRow

pytestmark = pytest.mark.anyio
Headers = Callable[[str], dict[str, str]]


async def _get(
    client: httpx2.AsyncClient, path: str, headers: dict[str, str], **params: Any
) -> Any:
    response = await client.get(path, headers=headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def test_every_facet_is_listed_with_counts(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    body = await _get(client, "/api/referentiel/facettes", auth_headers("editeur"))
    assert set(body) == {
        "grand_domaine",
        "domaine",
        "secteur",
        "centre_interet",
        "riasec",
        "transition",
        "emploi_cadre",
        "emploi_reglemente",
    }
    grands = {v["code"]: v for v in body["grand_domaine"]}
    assert grands["J"]["total"] == 3 and grands["M"]["total"] == 3  # J1104, J1124, J1506…
    assert grands["J"]["libelle"] and grands["J"]["libelle"] != "J"
    assert {v["code"] for v in body["riasec"]} <= set("RIASEC")
    # J1104: emploi_reglemente "O"; J1124 too.
    reglemente = {v["code"]: v["total"] for v in body["emploi_reglemente"]}
    assert reglemente["oui"] >= 2


async def test_each_count_is_what_the_list_shows_with_that_value(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    body = await _get(client, "/api/referentiel/facettes", editor)
    checked = 0
    for facette, values in body.items():
        for value in values:
            listed = await _get(client, "/api/fiches", editor, **{facette: value["code"]})
            assert listed["total"] == value["total"] == len(listed["results"]), (facette, value)
            checked += 1
    assert checked >= 10


async def test_facets_combine_with_search(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    all_m = await _get(client, "/api/fiches", editor, grand_domaine="M")
    assert {f["code_rome"][0] for f in all_m["results"]} == {"M"}
    searched = await _get(client, "/api/fiches", editor, grand_domaine="M", search="informatique")
    assert 0 < searched["total"] <= all_m["total"]
    assert {f["code_rome"][0] for f in searched["results"]} == {"M"}
    nurses = await _get(client, "/api/fiches", editor, grand_domaine="M", search="infirmier")
    assert nurses["total"] == 0  # the nurse is in J
    counts = await _get(
        client, "/api/referentiel/facettes", editor, search="informatique", grand_domaine="M"
    )
    assert [v["total"] for v in counts["grand_domaine"]] == [searched["total"]]


ADMIN = Auteur(nom="admin-tests", user_id=None, role=Role.ADMIN)


def _publier(runtime: Runtime, code: str) -> None:
    with runtime.sessions() as session:
        transitionner(session, code, Action.PUBLIER, ADMIN, motif="test", force=True)


async def test_the_public_counts_published_fiches_only(
    client: httpx2.AsyncClient, imported: Runtime
) -> None:
    body = await _get(client, "/api/referentiel/facettes", {})
    assert all(values == [] for values in body.values())  # nothing published yet
    _publier(imported, "M1805")
    _publier(imported, "J1506")
    body = await _get(client, "/api/referentiel/facettes", {})
    assert {v["code"]: v["total"] for v in body["grand_domaine"]} == {"M": 1, "J": 1}
    for facette, values in body.items():
        for value in values:
            listed = await _get(client, "/api/fiches", {}, **{facette: value["code"]})
            assert listed["total"] == value["total"] == len(listed["results"]), (facette, value)


async def test_the_public_facets_read_the_published_read_model(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    _publier(imported, "M1805")
    with imported.sessions.begin() as session:  # what was published, not the referential
        session.get_one(FichePubliqueRow, "M1805").code_grand_domaine = "J"
    public = await _get(client, "/api/referentiel/facettes", {})
    team = await _get(client, "/api/referentiel/facettes", auth_headers("editeur"))
    assert [(v["code"], v["total"]) for v in public["grand_domaine"]] == [("J", 1)]
    assert {v["code"]: v["total"] for v in team["grand_domaine"]}["M"] == 3
    listed = await _get(client, "/api/fiches", {}, grand_domaine="J")
    assert [f["code_rome"] for f in listed["results"]] == ["M1805"]


@pytest.mark.parametrize(
    ("params", "sentence"),
    [
        ({"grand_domaine": "Z"}, "Valeur inconnue pour la facette « grand_domaine » : « Z »."),
        ({"riasec": "X"}, "Valeur inconnue pour la facette « riasec » : « X »."),
        ({"transition": "verte"}, "Valeur inconnue pour la facette « transition »"),
    ],
)
@pytest.mark.parametrize("path", ["/api/fiches", "/api/referentiel/facettes"])
async def test_an_unknown_value_is_refused_with_a_sentence(
    client: httpx2.AsyncClient, imported: Runtime, path: str, params: dict[str, str], sentence: str
) -> None:
    response = await client.get(path, params=params)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(sentence)


async def test_search_results_carry_suggestion_and_also_known_as(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    body = await _get(client, "/api/fiches", editor, search="maieuticien")
    assert body["results"][0]["appellation_trouvee"].startswith("Maïeuticien")
    # two edits from "infirmier": too many for a word of 7 letters to be corrected
    nothing = await _get(client, "/api/fiches", editor, search="infrmir")
    assert (nothing["total"], nothing["results"], nothing["suggestion"]) == (0, [], "infirmier")
