"""CORS for the origins of ``CORS_ORIGINS`` and CSRF by origin for cookie clients (issue 15)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

import httpx2
import pytest

from agents_metiers.config import Settings
from agents_metiers.errors import ConfigurationError

pytestmark = pytest.mark.anyio

ClientFactory = Callable[..., AbstractAsyncContextManager[httpx2.AsyncClient]]
Factory = Callable[[str], tuple[str, str]]
FRONT = "http://127.0.0.1:3000"
NEW_USER = {"email": "cors@exemple.fr", "password": "MotDePasse123", "role": "lecteur"}


def _preflight(origin: str, method: str = "PATCH") -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": "content-type",
    }


async def _cookie_login(http: httpx2.AsyncClient, user: tuple[str, str]) -> None:
    response = await http.post("/api/auth/login", json={"email": user[0], "password": user[1]})
    assert response.status_code == 200


async def test_a_preflight_from_an_allowed_origin_is_answered_with_credentials(
    client_with: ClientFactory,
) -> None:
    async with client_with(cors_origins=f"{FRONT}, https://autre.example.org") as http:
        response = await http.options("/api/fiches/A1101", headers=_preflight(FRONT))
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == FRONT
    assert response.headers["access-control-allow-credentials"] == "true"
    assert "PATCH" in response.headers["access-control-allow-methods"]


async def test_a_preflight_from_another_origin_gets_no_cors_headers(
    client_with: ClientFactory,
) -> None:
    async with client_with(cors_origins=FRONT) as http:
        response = await http.options("/api/fiches", headers=_preflight("https://evil.example"))
    assert "access-control-allow-origin" not in response.headers
    assert response.status_code == 400


async def test_without_cors_origins_no_origin_gets_cors_headers(
    client_with: ClientFactory,
) -> None:
    async with client_with(cors_origins="") as http:
        response = await http.get("/api/stats", headers={"Origin": FRONT})
    assert "access-control-allow-origin" not in response.headers


async def test_error_answers_carry_the_cors_headers(client_with: ClientFactory) -> None:
    async with client_with(cors_origins=FRONT) as http:
        unauthorised = await http.get("/api/users", headers={"Origin": FRONT})
        invalid = await http.get("/api/fiches?limit=0", headers={"Origin": FRONT})
    for response, status in ((unauthorised, 401), (invalid, 422)):
        assert response.status_code == status
        assert response.headers["access-control-allow-origin"] == FRONT
        assert response.json()["detail"]


async def test_a_cookie_write_from_an_allowed_origin_needs_no_csrf_header(
    client_with: ClientFactory, user_factory: Factory
) -> None:
    async with client_with(cors_origins=FRONT) as http:
        await _cookie_login(http, user_factory("admin"))
        response = await http.post("/api/users", json=NEW_USER, headers={"Origin": FRONT})
    assert response.status_code == 201


async def test_a_cookie_write_from_the_app_itself_needs_no_csrf_header(
    client_with: ClientFactory, user_factory: Factory
) -> None:
    async with client_with(cors_origins="") as http:
        await _cookie_login(http, user_factory("admin"))
        by_origin = await http.post("/api/users", json=NEW_USER, headers={"Origin": "http://test"})
        other = {**NEW_USER, "email": "cors2@exemple.fr"}
        by_referer = await http.post(
            "/api/users", json=other, headers={"Referer": "http://test/fiches?page=2"}
        )
    assert (by_origin.status_code, by_referer.status_code) == (201, 201)


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://127.0.0.1:3000.evil.example"},
        {"Origin": "ht!tp://[::1"},
        {"Referer": "https://evil.example/page"},
        {},
    ],
    ids=["foreign", "null", "suffix", "malformed", "foreign-referer", "none"],
)
async def test_a_cookie_write_from_elsewhere_without_the_token_is_refused(
    client_with: ClientFactory, user_factory: Factory, headers: dict[str, str]
) -> None:
    async with client_with(cors_origins=FRONT) as http:
        await _cookie_login(http, user_factory("admin"))
        response = await http.post("/api/users", json=NEW_USER, headers=headers)
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


async def test_logout_from_a_foreign_origin_is_refused_and_keeps_the_session(
    client_with: ClientFactory, user_factory: Factory
) -> None:
    async with client_with(cors_origins=FRONT) as http:
        await _cookie_login(http, user_factory("editeur"))
        refused = await http.post("/api/auth/logout", headers={"Origin": "https://evil.example"})
        still = await http.get("/api/auth/me")
        accepted = await http.post("/api/auth/logout", headers={"Origin": FRONT})
    assert (refused.status_code, still.status_code, accepted.status_code) == (403, 200, 200)


async def test_refresh_from_a_foreign_origin_is_refused(
    client_with: ClientFactory, user_factory: Factory
) -> None:
    async with client_with(cors_origins=FRONT) as http:
        await _cookie_login(http, user_factory("editeur"))
        refused = await http.post("/api/auth/refresh", headers={"Origin": "https://evil.example"})
        accepted = await http.post("/api/auth/refresh", headers={"Origin": FRONT})
    assert (refused.status_code, accepted.status_code) == (403, 200)


async def test_cookies_follow_cookie_samesite(
    client_with: ClientFactory, user_factory: Factory
) -> None:
    async with client_with(cookie_samesite="none", cookie_secure=True) as http:
        email, password = user_factory("lecteur")
        response = await http.post("/api/auth/login", json={"email": email, "password": password})
    cookies = response.headers.get_list("set-cookie")
    assert len(cookies) == 3
    assert all("samesite=none" in c.lower() and "secure" in c.lower() for c in cookies)


@pytest.mark.parametrize(
    "value",
    ["*", "https://front.example.org/app", "front.example.org", "ftp://front.example.org"],
)
def test_cors_origins_must_be_exact_origins(value: str) -> None:
    with pytest.raises(ConfigurationError, match="CORS_ORIGINS"):
        Settings(cors_origins=value, _env_file=None)  # type: ignore[call-arg]


def test_samesite_none_needs_secure_cookies() -> None:
    with pytest.raises(ConfigurationError, match="COOKIE_SECURE"):
        Settings(cookie_samesite="none", _env_file=None)  # type: ignore[call-arg]


def test_origins_are_normalised() -> None:
    settings = Settings(  # type: ignore[call-arg]
        cors_origins="HTTPS://Front.Example.org:443, http://127.0.0.1:3000/", _env_file=None
    )
    assert settings.origines_cors == {"https://front.example.org", "http://127.0.0.1:3000"}


async def test_the_interactive_api_page_uses_only_local_assets(
    client: httpx2.AsyncClient,
) -> None:
    page = await client.get("/docs")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    for asset in ("/static/vendor/swagger-ui-bundle.js", "/static/vendor/swagger-ui.css"):
        assert f'"{asset}"' in page.text
        assert (await client.get(asset)).status_code == 200
    assert "http" not in page.text.split("<body>")[1].replace('href="/openapi.json"', "")
