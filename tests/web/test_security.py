"""Principal resolution, CSRF, rate limits and security headers on the real app."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime, timedelta

import httpx2
import pytest
from fastapi import FastAPI
from sqlalchemy import update

from agents_metiers.config import Settings
from agents_metiers.errors import ConfigurationError
from agents_metiers.services.comptes.auth import issue_access_token
from agents_metiers.services.comptes.users import create_user
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import UserRow
from agents_metiers.web.app import create_app
from agents_metiers.web.security import OptionalPrincipal

pytestmark = pytest.mark.anyio

Factory = Callable[[str], tuple[str, str]]
Headers = Callable[[str], dict[str, str]]
ClientFactory = Callable[..., AbstractAsyncContextManager[httpx2.AsyncClient]]
NEW_USER = {"email": "cree@exemple.fr", "password": "MotDePasse123", "role": "editeur"}


async def _login(client: httpx2.AsyncClient, email: str, password: str) -> httpx2.Response:
    return await client.post("/api/auth/login", json={"email": email, "password": password})


@asynccontextmanager
async def _client_with_whoami(db: Runtime) -> AsyncIterator[httpx2.AsyncClient]:
    """The app plus one route open to visitors that says who is calling."""
    app: FastAPI = create_app(db.settings, runtime=db)

    @app.get("/test/qui")
    def whoami(principal: OptionalPrincipal) -> dict[str, str | None]:
        return {"email": principal.email if principal else None}

    transport = httpx2.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx2.AsyncClient(transport=transport, base_url="http://test") as http,
    ):
        yield http


def _expired_token(db: Runtime, role: str) -> str:
    user = create_user(
        db.sessions,
        email=f"expire-{role}@exemple.fr",
        password="MotDePasse123",
        role=role,
        name=None,
    )
    return issue_access_token(user, db.settings, now=datetime.now(UTC) - timedelta(minutes=20))


# --- Principal ------------------------------------------------------------------------------


async def test_an_expired_token_is_refused_on_a_protected_route(
    client: httpx2.AsyncClient, db: Runtime
) -> None:
    token = _expired_token(db, "admin")
    response = await client.get("/api/users", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json() == {"detail": "Session expirée : reconnectez-vous."}


async def test_an_expired_token_makes_a_visitor_on_an_open_route(db: Runtime) -> None:
    token = _expired_token(db, "editeur")
    async with _client_with_whoami(db) as http:
        response = await http.get("/test/qui", headers={"Authorization": f"Bearer {token}"})
    assert (response.status_code, response.json()) == (200, {"email": None})


async def test_a_forged_token_makes_a_visitor_on_an_open_route(db: Runtime) -> None:
    async with _client_with_whoami(db) as http:
        response = await http.get("/test/qui", headers={"Authorization": "Bearer a.b.c"})
    assert response.json() == {"email": None}


async def test_a_token_signed_with_another_key_is_refused(
    client: httpx2.AsyncClient, db: Runtime
) -> None:
    user = create_user(
        db.sessions, email="autre@exemple.fr", password="MotDePasse123", role="admin", name=None
    )
    other = Settings(secret_key="une-autre-cle-bien-assez-longue-pour-hs256", _env_file=None)  # type: ignore[call-arg]
    headers = {"Authorization": f"Bearer {issue_access_token(user, other)}"}
    assert (await client.get("/api/auth/me", headers=headers)).status_code == 401


async def test_the_bearer_header_wins_over_the_cookie(
    client: httpx2.AsyncClient, user_factory: Factory, auth_headers: Headers
) -> None:
    await _login(client, *user_factory("lecteur"))
    response = await client.get("/api/auth/me", headers=auth_headers("admin"))
    assert response.json()["role"] == "admin"


async def test_a_role_change_applies_to_tokens_already_issued(
    client: httpx2.AsyncClient, auth_headers: Headers, db: Runtime
) -> None:
    headers = auth_headers("admin")
    assert (await client.get("/api/users", headers=headers)).status_code == 200
    with db.sessions.begin() as session:
        session.execute(update(UserRow).values(role="lecteur"))
    assert (await client.get("/api/users", headers=headers)).status_code == 403


async def test_a_deactivated_account_loses_its_tokens_at_once(
    client: httpx2.AsyncClient, auth_headers: Headers, db: Runtime
) -> None:
    headers = auth_headers("editeur")
    with db.sessions.begin() as session:
        session.execute(update(UserRow).values(is_active=False))
    response = await client.get("/api/auth/me", headers=headers)
    assert response.status_code == 401


async def test_a_reader_is_told_which_role_is_needed(
    client: httpx2.AsyncClient, auth_headers: Headers
) -> None:
    response = await client.get("/api/users", headers=auth_headers("lecteur"))
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Action réservée au rôle administrateur ou supérieur : "
        "votre compte (lecteur) ne le permet pas."
    }


# --- CSRF -----------------------------------------------------------------------------------


async def test_a_cookie_authenticated_write_without_the_csrf_header_is_refused(
    client: httpx2.AsyncClient, user_factory: Factory
) -> None:
    await _login(client, *user_factory("admin"))
    response = await client.post("/api/users", json=NEW_USER)
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


async def test_a_cookie_authenticated_write_with_a_wrong_csrf_header_is_refused(
    client: httpx2.AsyncClient, user_factory: Factory
) -> None:
    await _login(client, *user_factory("admin"))
    response = await client.post("/api/users", json=NEW_USER, headers={"X-CSRF-Token": "faux"})
    assert response.status_code == 403


async def test_a_cookie_authenticated_write_with_the_csrf_header_passes(
    client: httpx2.AsyncClient, user_factory: Factory
) -> None:
    login = await _login(client, *user_factory("admin"))
    headers = {"X-CSRF-Token": login.cookies["csrf_token"]}
    response = await client.post("/api/users", json=NEW_USER, headers=headers)
    assert response.status_code == 201


async def test_a_cookie_authenticated_read_needs_no_csrf_header(
    client: httpx2.AsyncClient, user_factory: Factory
) -> None:
    await _login(client, *user_factory("admin"))
    assert (await client.get("/api/users")).status_code == 200


async def test_bearer_authenticated_writes_need_no_csrf_header(
    client: httpx2.AsyncClient, auth_headers: Headers
) -> None:
    response = await client.post("/api/users", json=NEW_USER, headers=auth_headers("admin"))
    assert response.status_code == 201


# --- Rate limits ----------------------------------------------------------------------------


async def test_login_attempts_are_limited_per_address(
    client_with: ClientFactory, user_factory: Factory
) -> None:
    emails = [user_factory("lecteur")[0] for _ in range(3)]
    async with client_with(rate_limit_login_ip="2/minute") as http:
        statuses = [(await _login(http, email, "PasLeBon123")).status_code for email in emails]
        refused = await _login(http, emails[0], "MotDePasse123")
    assert statuses == [401, 401, 429]
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert refused.json()["detail"] == ("Trop de tentatives de connexion. Réessayez dans 1 minute.")


async def test_failed_logins_lock_the_account_whatever_the_address(
    client_with: ClientFactory, user_factory: Factory
) -> None:
    target, password = user_factory("admin")
    other, _ = user_factory("lecteur")
    async with client_with(login_failures_before_lock=2, login_lock_seconds=3600) as http:
        statuses = [(await _login(http, target, "PasLeBon123")).status_code for _ in range(2)]
        blocked = await _login(http, target.upper(), password)
        elsewhere = await _login(http, other, password)
    assert statuses == [401, 401]
    assert blocked.status_code == 429
    assert 3540 < int(blocked.headers["Retry-After"]) <= 3600
    assert elsewhere.status_code == 200


async def test_registrations_are_limited_per_address(client_with: ClientFactory) -> None:
    async with client_with(registration_enabled=True, rate_limit_register="1/hour") as http:
        first = await http.post(
            "/api/auth/register",
            json={"email": "un@exemple.fr", "password": "MotDePasse123", "name": "Un"},
        )
        second = await http.post(
            "/api/auth/register",
            json={"email": "deux@exemple.fr", "password": "MotDePasse123", "name": "Deux"},
        )
    assert (first.status_code, second.status_code) == (200, 429)
    assert "Retry-After" in second.headers


async def test_writes_are_limited_per_user(
    client_with: ClientFactory, auth_headers: Headers
) -> None:
    first_admin, second_admin = auth_headers("admin"), auth_headers("admin")
    async with client_with(rate_limit_write="1/minute") as http:
        first = await http.post("/api/users", json=NEW_USER, headers=first_admin)
        again = await http.post(
            "/api/users", json={**NEW_USER, "email": "b@exemple.fr"}, headers=first_admin
        )
        other = await http.post(
            "/api/users", json={**NEW_USER, "email": "c@exemple.fr"}, headers=second_admin
        )
    assert [r.status_code for r in (first, again, other)] == [201, 429, 201]
    assert again.json()["detail"].startswith("Trop de modifications")


async def test_each_app_counts_on_its_own(
    client_with: ClientFactory, user_factory: Factory
) -> None:
    email, _ = user_factory("lecteur")
    for _ in range(2):
        async with client_with(rate_limit_login_ip="1/hour") as http:
            assert (await _login(http, email, "PasLeBon123")).status_code == 401


def test_an_unreadable_rate_limit_is_a_configuration_error(db: Runtime) -> None:
    settings = db.settings.model_copy(update={"rate_limit_write": "beaucoup"})
    with pytest.raises(ConfigurationError, match="RATE_LIMIT_WRITE"):
        create_app(settings, runtime=db)


# --- Headers and documentation pages --------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/health", "/api/auth/me", "/absent"])
async def test_every_response_carries_the_security_headers(
    client: httpx2.AsyncClient, path: str
) -> None:
    headers = (await client.get(path)).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "http" not in policy
    assert "Strict-Transport-Security" not in headers


async def test_production_adds_strict_transport_security(client_with: ClientFactory) -> None:
    async with client_with(environment="production", secret_key="s" * 40) as http:
        headers = (await http.get("/health")).headers
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")


async def test_the_cdn_redoc_page_is_not_served(client: httpx2.AsyncClient) -> None:
    assert (await client.get("/redoc")).status_code == 404


async def test_the_openapi_schema_stays_available_and_the_root_points_to_it(
    client: httpx2.AsyncClient,
) -> None:
    schema = await client.get("/openapi.json")
    root = (await client.get("/api")).json()  # "/" is the HTML home page
    assert schema.status_code == 200
    assert "/api/auth/login" in schema.json()["paths"]
    assert root["endpoints"]["openapi"] == "/openapi.json"
    assert root["endpoints"]["docs"] == "/docs"
