"""The registration page (issue 14): only when REGISTRATION_ENABLED, with CSRF, French errors
per field, a link from the login page; and normal logins through the form never lock anyone
out."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from html import unescape

import httpx2
import pytest

pytestmark = pytest.mark.anyio

ClientFactory = Callable[..., AbstractAsyncContextManager[httpx2.AsyncClient]]
Factory = Callable[[str], tuple[str, str]]
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


async def _csrf(http: httpx2.AsyncClient, url: str) -> str:
    page = await http.get(url)
    assert page.status_code == 200, page.text
    found = CSRF_RE.search(page.text)
    assert found
    return found.group(1)


async def test_no_registration_page_while_registration_is_closed(
    client: httpx2.AsyncClient,
) -> None:
    login = await client.get("/login")
    assert 'href="/inscription"' not in login.text
    assert "Les comptes sont créés par un administrateur." in unescape(login.text)
    assert (await client.get("/inscription")).status_code == 404
    token = await _csrf(client, "/login")
    posted = await client.post(
        "/inscription",
        data={"csrf_token": token, "nom": "Léa", "email": "lea@exemple.fr",
              "password": "MotDePasse123", "confirmation": "MotDePasse123"},
    )  # fmt: skip
    assert posted.status_code == 404


async def test_a_visitor_creates_a_reader_account_and_is_signed_in(
    client_with: ClientFactory,
) -> None:
    async with client_with(registration_enabled=True) as http:
        login = await http.get("/login")
        assert 'href="/inscription"' in login.text
        token = await _csrf(http, "/inscription")

        no_csrf = await http.post(
            "/inscription",
            data={"nom": "Léa", "email": "lea@exemple.fr", "password": "MotDePasse123",
                  "confirmation": "MotDePasse123"},
        )  # fmt: skip
        assert no_csrf.status_code == 403
        assert "Jeton CSRF absent ou invalide" in unescape(no_csrf.text)

        bad = await http.post(
            "/inscription",
            data={"csrf_token": token, "nom": "L", "email": "lea@exemple.fr",
                  "password": "court", "confirmation": "court"},
        )  # fmt: skip
        assert bad.status_code == 422
        text = unescape(bad.text)
        assert "Le compte n'a pas été créé : corrigez les champs signalés." in text
        assert "Indiquez votre nom (2 caractères au moins)." in text
        assert "Le mot de passe doit contenir au moins 10 caractères." in text
        assert 'value="lea@exemple.fr"' in bad.text  # what was typed is kept (not the password)
        assert 'value="court"' not in bad.text

        mismatch = await http.post(
            "/inscription",
            data={"csrf_token": token, "nom": "Léa Martin", "email": "pas-une-adresse",
                  "password": "MotDePasse123", "confirmation": "MotDePasse124"},
        )  # fmt: skip
        assert "Les deux mots de passe ne sont pas identiques." in unescape(mismatch.text)
        invalid = await http.post(
            "/inscription",
            data={"csrf_token": token, "nom": "Léa Martin", "email": "pas-une-adresse",
                  "password": "MotDePasse123", "confirmation": "MotDePasse123"},
        )  # fmt: skip
        assert "Adresse e-mail invalide : « pas-une-adresse »." in unescape(invalid.text)

        created = await http.post(
            "/inscription",
            data={"csrf_token": token, "nom": "Léa Martin", "email": "Lea@Exemple.fr",
                  "password": "MotDePasse123", "confirmation": "MotDePasse123"},
        )  # fmt: skip
        assert created.status_code == 303, created.text
        me = (await http.get("/api/auth/me")).json()
        assert (me["email"], me["name"], me["role"]) == ("lea@exemple.fr", "Léa Martin", "lecteur")

    async with client_with(registration_enabled=True) as other:
        token = await _csrf(other, "/inscription")
        again = await other.post(
            "/inscription",
            data={"csrf_token": token, "nom": "Léa Bis", "email": "lea@exemple.fr",
                  "password": "MotDePasse123", "confirmation": "MotDePasse123"},
        )  # fmt: skip
        assert again.status_code == 422
        assert "Un compte existe déjà pour lea@exemple.fr." in unescape(again.text)


async def test_ten_normal_logins_in_a_row_through_the_form_all_succeed(
    client: httpx2.AsyncClient, user_factory: Factory
) -> None:
    email, password = user_factory("editeur")
    statuses = []
    for _ in range(10):
        token = await _csrf(client, "/login")
        response = await client.post(
            "/login", data={"csrf_token": token, "email": email, "password": password}
        )
        statuses.append(response.status_code)
        client.cookies.delete("access_token")
    assert statuses == [303] * 10


async def test_failures_count_and_a_success_resets_them_through_the_form(
    client_with: ClientFactory, user_factory: Factory
) -> None:
    email, password = user_factory("editeur")
    statuses = []
    async with client_with(rate_limit_login_ip="100/hour") as http:
        token = await _csrf(http, "/login")
        for _ in range(3):
            for attempt in [*["PasLeBon123"] * 4, password]:
                response = await http.post(
                    "/login", data={"csrf_token": token, "email": email, "password": attempt}
                )
                statuses.append(response.status_code)
        for _ in range(5):
            response = await http.post(
                "/login", data={"csrf_token": token, "email": email, "password": "PasLeBon123"}
            )
            statuses.append(response.status_code)
        locked = await http.post(
            "/login", data={"csrf_token": token, "email": email, "password": password}
        )
    assert statuses == [401, 401, 401, 401, 303] * 3 + [401] * 5
    assert locked.status_code == 429
    assert "Trop de tentatives de connexion." in unescape(locked.text)
