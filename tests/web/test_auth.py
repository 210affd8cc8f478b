"""Authentication routes: login, me, refresh rotation and reuse, logout, registration."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime, timedelta

import httpx2
import pytest
from sqlalchemy import select, update

from agents_metiers.config import Settings
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import AuditEventRow, RefreshTokenRow, UserRow

pytestmark = pytest.mark.anyio

Factory = Callable[[str], tuple[str, str]]
ClientFactory = Callable[..., AbstractAsyncContextManager[httpx2.AsyncClient]]


async def _login(client: httpx2.AsyncClient, email: str, password: str) -> httpx2.Response:
    return await client.post("/api/auth/login", json={"email": email, "password": password})


# A browser sends the page's origin with every POST: here, the app itself (CSRF by origin).
SAME_ORIGIN = {"Origin": "http://test"}


async def _refresh_with(client: httpx2.AsyncClient, token: str) -> httpx2.Response:
    """Present ``token`` as the refresh cookie, whatever the client's jar holds."""
    client.cookies.clear()
    headers = {"Cookie": f"refresh_token={token}", **SAME_ORIGIN}
    return await client.post("/api/auth/refresh", headers=headers)


def _set_cookies(response: httpx2.Response) -> dict[str, str]:
    """Each ``Set-Cookie`` header of the response by cookie name (the whole header line)."""
    lines = response.headers.get_list("set-cookie")
    return {line.split("=", 1)[0]: line for line in lines}


def _events(db: Runtime, kind: str) -> list[AuditEventRow]:
    with db.sessions() as session:
        query = select(AuditEventRow).where(AuditEventRow.type_evenement == kind)
        return list(session.scalars(query))


async def test_login_returns_the_token_the_user_and_its_permissions(
    client: httpx2.AsyncClient, user_factory: Factory
) -> None:
    email, password = user_factory("editeur")
    response = await _login(client, email.upper(), password)
    body = response.json()
    assert response.status_code == 200
    assert body["token"].count(".") == 2
    assert {k: body["user"][k] for k in ("email", "role")} == {"email": email, "role": "editeur"}
    assert set(body["user"]) == {"id", "email", "name", "role"}
    assert "modifier" in body["permissions"]
    assert "publier" not in body["permissions"]


async def test_login_sets_the_three_cookies_with_their_flags(
    client: httpx2.AsyncClient, user_factory: Factory
) -> None:
    cookies = _set_cookies(await _login(client, *user_factory("lecteur")))
    access, refresh, csrf = (
        cookies["access_token"].lower(),
        cookies["refresh_token"].lower(),
        cookies["csrf_token"].lower(),
    )
    assert "httponly" in access and "samesite=lax" in access and "path=/;" in access
    assert "httponly" in refresh and "samesite=strict" in refresh
    assert "path=/api/auth" in refresh
    assert "httponly" not in csrf and "samesite=lax" in csrf
    assert all("secure" not in line for line in (access, refresh, csrf))


async def test_cookies_are_secure_when_the_setting_asks_for_it(
    client_with: ClientFactory, user_factory: Factory
) -> None:
    async with client_with(cookie_secure=True) as secure_client:
        cookies = _set_cookies(await _login(secure_client, *user_factory("lecteur")))
    assert all("; secure" in line.lower() for line in cookies.values())


async def test_a_wrong_password_is_refused_with_the_same_sentence_as_an_unknown_email(
    client: httpx2.AsyncClient, user_factory: Factory, db: Runtime
) -> None:
    email, _password = user_factory("lecteur")
    wrong = await _login(client, email, "PasLeBon123")
    unknown = await _login(client, "personne@exemple.fr", "PasLeBon123")
    assert (wrong.status_code, unknown.status_code) == (401, 401)
    assert wrong.json() == unknown.json() == {"detail": "Email ou mot de passe incorrect."}
    assert "set-cookie" not in wrong.headers
    assert len(_events(db, "auth.echec_connexion")) == 2


async def test_an_inactive_account_cannot_log_in(
    client: httpx2.AsyncClient, user_factory: Factory, db: Runtime
) -> None:
    email, password = user_factory("editeur")
    with db.sessions.begin() as session:
        session.execute(update(UserRow).where(UserRow.email == email).values(is_active=False))
    response = await _login(client, email, password)
    assert response.status_code == 401
    assert "désactivé" in response.json()["detail"]


async def test_a_successful_login_is_audited(
    client: httpx2.AsyncClient, user_factory: Factory, db: Runtime
) -> None:
    email, password = user_factory("lecteur")
    await _login(client, email, password)
    assert [e.description for e in _events(db, "auth.connexion")] == [f"Connexion de {email}."]


async def test_me_describes_the_bearer_of_the_token(
    client: httpx2.AsyncClient, user_factory: Factory
) -> None:
    email, password = user_factory("relecteur")
    token = (await _login(client, email, password)).json()["token"]
    client.cookies.clear()
    response = await client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    body = response.json()
    assert response.status_code == 200
    assert (body["email"], body["role"], body["name"]) == (email, "relecteur", email.split("@")[0])
    assert "publier" in body["permissions"] and "operer" not in body["permissions"]


async def test_me_accepts_the_access_cookie(
    client: httpx2.AsyncClient, user_factory: Factory
) -> None:
    email, password = user_factory("lecteur")
    await _login(client, email, password)
    response = await client.get("/api/auth/me")
    assert (response.status_code, response.json()["email"]) == (200, email)


async def test_me_without_credentials_asks_to_log_in(client: httpx2.AsyncClient) -> None:
    response = await client.get("/api/auth/me")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Connexion requise")


async def test_refresh_rotates_the_refresh_token(
    client: httpx2.AsyncClient, user_factory: Factory
) -> None:
    login = await _login(client, *user_factory("lecteur"))
    first = login.cookies["refresh_token"]
    rotated = await _refresh_with(client, first)
    second = rotated.cookies["refresh_token"]
    assert rotated.status_code == 200
    assert second != first
    assert rotated.json()["token"] and rotated.json()["user"]["role"] == "lecteur"
    assert (await _refresh_with(client, second)).status_code == 200


async def test_reusing_a_rotated_refresh_token_closes_the_whole_session(
    client: httpx2.AsyncClient, user_factory: Factory, db: Runtime
) -> None:
    login = await _login(client, *user_factory("lecteur"))
    stolen = login.cookies["refresh_token"]
    newer = (await _refresh_with(client, stolen)).cookies["refresh_token"]
    with db.sessions.begin() as session:  # past the grace window
        past = datetime.now(UTC) - timedelta(minutes=1)
        session.execute(update(RefreshTokenRow).values(revoked_at=past))
    reuse = await _refresh_with(client, stolen)
    assert reuse.status_code == 401
    assert len(_events(db, "auth.reutilisation_jeton")) == 1
    assert (await _refresh_with(client, newer)).status_code == 401


async def test_parallel_refreshes_from_several_tabs_keep_the_session(
    client: httpx2.AsyncClient, user_factory: Factory
) -> None:
    token = (await _login(client, *user_factory("lecteur"))).cookies["refresh_token"]
    client.cookies.clear()
    tabs = await asyncio.gather(
        *(
            client.post(
                "/api/auth/refresh", headers={"Cookie": f"refresh_token={token}", **SAME_ORIGIN}
            )
            for _ in range(4)
        )
    )
    assert [tab.status_code for tab in tabs] == [200] * 4
    assert len({tab.cookies["refresh_token"] for tab in tabs}) == 1
    assert len({tab.json()["token"] for tab in tabs}) == 1
    assert (await _refresh_with(client, tabs[0].cookies["refresh_token"])).status_code == 200


async def test_a_refused_refresh_clears_the_cookies(client: httpx2.AsyncClient) -> None:
    response = await _refresh_with(client, "inconnu")
    assert response.status_code == 401
    assert response.json()["detail"] == "Session expirée ou invalide : reconnectez-vous."
    assert set(_set_cookies(response)) == {"access_token", "refresh_token", "csrf_token"}


async def test_an_expired_refresh_token_is_refused(
    client: httpx2.AsyncClient, user_factory: Factory, db: Runtime
) -> None:
    token = (await _login(client, *user_factory("lecteur"))).cookies["refresh_token"]
    with db.sessions.begin() as session:
        past = datetime.now(UTC) - timedelta(minutes=1)
        session.execute(update(RefreshTokenRow).values(expires_at=past))
    assert (await _refresh_with(client, token)).status_code == 401


async def test_refresh_keeps_the_csrf_token_of_the_session(
    client: httpx2.AsyncClient, user_factory: Factory
) -> None:
    login = await _login(client, *user_factory("lecteur"))
    csrf = login.cookies["csrf_token"]
    refreshed = await client.post("/api/auth/refresh", headers=SAME_ORIGIN)
    assert refreshed.status_code == 200
    assert refreshed.cookies["csrf_token"] == csrf


async def test_logout_revokes_the_session_and_clears_the_cookies(
    client: httpx2.AsyncClient, user_factory: Factory, db: Runtime
) -> None:
    token = (await _login(client, *user_factory("lecteur"))).cookies["refresh_token"]
    response = await client.post("/api/auth/logout", headers=SAME_ORIGIN)
    assert (response.status_code, response.json()) == (200, {"message": "Déconnecté"})
    assert all("max-age=0" in line.lower() for line in _set_cookies(response).values())
    assert (await _refresh_with(client, token)).status_code == 401
    assert len(_events(db, "auth.deconnexion")) == 1


async def test_logout_without_a_session_still_answers(client: httpx2.AsyncClient) -> None:
    response = await client.post("/api/auth/logout", headers=SAME_ORIGIN)
    assert (response.status_code, response.json()) == (200, {"message": "Déconnecté"})


REGISTRATION = {"email": "nouveau@exemple.fr", "password": "MotDePasse123", "name": "Nouveau"}


async def test_registration_is_closed_by_default(client: httpx2.AsyncClient) -> None:
    response = await client.post("/api/auth/register", json=REGISTRATION)
    assert response.status_code == 403
    assert "administrateur" in response.json()["detail"]


async def test_open_registration_creates_a_signed_in_reader(
    client_with: ClientFactory, db: Runtime
) -> None:
    async with client_with(registration_enabled=True) as open_client:
        response = await open_client.post("/api/auth/register", json=REGISTRATION)
        me = await open_client.get("/api/auth/me")
    assert response.status_code == 200
    assert response.json()["user"]["role"] == "lecteur"
    assert response.json()["permissions"] == ["lire_publie"]
    assert (me.status_code, me.json()["name"]) == (200, "Nouveau")
    assert [e.type_evenement for e in _events(db, "user.cree")] == ["user.cree"]


async def test_registration_refuses_a_taken_email_and_a_weak_password(
    client_with: ClientFactory, user_factory: Factory
) -> None:
    email, _password = user_factory("editeur")
    async with client_with(registration_enabled=True) as open_client:
        taken = await open_client.post("/api/auth/register", json={**REGISTRATION, "email": email})
        weak = await open_client.post(
            "/api/auth/register", json={**REGISTRATION, "password": "court"}
        )
    assert taken.status_code == 409
    assert weak.status_code == 422
    assert "10 caractères" in weak.json()["detail"]


@pytest.mark.parametrize(
    "field, value",
    [("email", "x" * 251 + "@a.fr"), ("password", "a1" * 65), ("name", "N")],
)
async def test_registration_enforces_field_lengths(
    client_with: ClientFactory, field: str, value: str
) -> None:
    async with client_with(registration_enabled=True) as open_client:
        response = await open_client.post("/api/auth/register", json={**REGISTRATION, field: value})
    assert response.status_code == 422
    assert field in response.json()["detail"]


def test_registration_is_off_in_default_settings() -> None:
    assert Settings(_env_file=None).registration_enabled is False  # type: ignore[call-arg]


async def test_detailed_health_reports_the_schema_and_the_referential(
    client: httpx2.AsyncClient, auth_headers: Callable[[str], dict[str, str]], imported: Runtime
) -> None:
    response = await client.get("/health/detailed", headers=auth_headers("admin"))
    assert (response.status_code, response.json()) == (
        200,
        {"status": "ok", "db": "connected", "schema_current": True, "rome_version": 60},
    )


@pytest.mark.parametrize(("role", "status"), [(None, 401), ("editeur", 403)])
async def test_detailed_health_is_for_administrators(
    client: httpx2.AsyncClient,
    auth_headers: Callable[[str], dict[str, str]],
    role: str | None,
    status: int,
) -> None:
    headers = auth_headers(role) if role else {}
    assert (await client.get("/health/detailed", headers=headers)).status_code == status
