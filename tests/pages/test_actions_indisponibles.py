"""Actions that cannot work say so: disabled with the reason, the selection kept."""

from __future__ import annotations

import re
from html import unescape

import httpx2
import pytest

from agents_metiers.services.runtime import Runtime

from .conftest import Login

pytestmark = pytest.mark.anyio


def _bouton(html: str, texte: str) -> str:
    found = re.search(r"<button[^>]*>" + re.escape(texte), html)
    assert found, texte
    return found.group(0)


async def test_enrich_without_ai_is_disabled_with_the_reason(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    await login("editeur")
    html = unescape((await client.get("/actions", params={"onglet": "enrichir"})).text)
    bouton = _bouton(html, "Enrichir les fiches sélectionnées")
    assert "disabled" in bouton and 'aria-describedby="lot-indisponible"' in bouton
    assert "Action indisponible sur cette installation." in html
    assert "Aucun fournisseur d'IA n'est configuré" in html
    # Publishing needs no AI: its button stays enabled.
    publier = (await client.get("/actions", params={"onglet": "publier"})).text
    assert "lot-indisponible" not in publier


async def test_a_batch_that_cannot_start_keeps_the_selection_and_says_why(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    token = await login("editeur")
    response = await client.post(
        "/actions/lots",
        data={"csrf_token": token, "type": "enrich", "statut": "brouillon",
              "codes": ["M1805", "J1506"]},
    )  # fmt: skip
    assert response.status_code == 503
    html = unescape(response.text)
    assert 'role="alert"' in html and "Aucun fournisseur d'IA n'est configuré" in html
    checked = set(re.findall(r'value="(\w\d{4})" id="c-\w+" checked', html))
    assert checked == {"M1805", "J1506"}
    assert "Déconnexion" in html  # still signed in, on the control centre
