"""Account administration: list, create, change, and the last-administrator guard."""

from __future__ import annotations

from collections.abc import Callable

import httpx2
import pytest
from sqlalchemy import select

from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import AuditEventRow

pytestmark = pytest.mark.anyio

Factory = Callable[[str], tuple[str, str]]
Headers = Callable[[str], dict[str, str]]
NEW_USER = {"email": "Cree@Exemple.fr", "password": "MotDePasse123", "role": "relecteur"}


async def _me(client: httpx2.AsyncClient, headers: dict[str, str]) -> dict[str, object]:
    body: dict[str, object] = (await client.get("/api/auth/me", headers=headers)).json()
    return body


async def _user_id(client: httpx2.AsyncClient, email: str, headers: dict[str, str]) -> int:
    users = (await client.get("/api/users", headers=headers)).json()["users"]
    return int(next(u["id"] for u in users if u["email"] == email))


def _audit(db: Runtime, kind: str) -> list[AuditEventRow]:
    with db.sessions() as session:
        query = select(AuditEventRow).where(AuditEventRow.type_evenement == kind)
        return list(session.scalars(query))


async def test_visitors_must_log_in_to_manage_accounts(client: httpx2.AsyncClient) -> None:
    assert (await client.get("/api/users")).status_code == 401


@pytest.mark.parametrize("role", ["lecteur", "editeur", "relecteur"])
async def test_only_administrators_manage_accounts(
    client: httpx2.AsyncClient, auth_headers: Headers, role: str
) -> None:
    headers = auth_headers(role)
    listing = await client.get("/api/users", headers=headers)
    creation = await client.post("/api/users", json=NEW_USER, headers=headers)
    change = await client.patch("/api/users/1", json={"role": "admin"}, headers=headers)
    assert [r.status_code for r in (listing, creation, change)] == [403, 403, 403]


async def test_an_administrator_lists_every_account(
    client: httpx2.AsyncClient, auth_headers: Headers, user_factory: Factory
) -> None:
    headers = auth_headers("admin")
    reader, _ = user_factory("lecteur")
    body = (await client.get("/api/users", headers=headers)).json()
    assert body["total"] == 2
    assert [u["role"] for u in body["users"]] == ["admin", "lecteur"]
    assert body["users"][1]["email"] == reader
    assert set(body["users"][0]) == {"id", "email", "name", "role", "is_active", "created_at"}


async def test_an_administrator_creates_an_account_that_can_log_in(
    client: httpx2.AsyncClient, auth_headers: Headers, db: Runtime
) -> None:
    headers = auth_headers("admin")
    admin = await _me(client, headers)
    response = await client.post("/api/users", json=NEW_USER, headers=headers)
    login = await client.post(
        "/api/auth/login", json={"email": "cree@exemple.fr", "password": "MotDePasse123"}
    )
    assert response.status_code == 201
    assert {k: response.json()[k] for k in ("email", "role", "is_active")} == {
        "email": "cree@exemple.fr",
        "role": "relecteur",
        "is_active": True,
    }
    assert login.json()["user"]["role"] == "relecteur"
    event = _audit(db, "user.cree")[-1]
    assert (event.user_id, event.agent, event.acteur) == (admin["id"], admin["name"], "humain")


@pytest.mark.parametrize(
    "change", [{"role": "superadmin"}, {"password": "court"}, {"email": "pas-une-adresse"}]
)
async def test_account_creation_refuses_bad_input(
    client: httpx2.AsyncClient, auth_headers: Headers, change: dict[str, str]
) -> None:
    response = await client.post(
        "/api/users", json={**NEW_USER, **change}, headers=auth_headers("admin")
    )
    assert response.status_code == 422
    assert response.json()["detail"].endswith(".")


async def test_account_creation_refuses_a_taken_email(
    client: httpx2.AsyncClient, auth_headers: Headers, user_factory: Factory
) -> None:
    taken, _ = user_factory("lecteur")
    response = await client.post(
        "/api/users", json={**NEW_USER, "email": taken.upper()}, headers=auth_headers("admin")
    )
    assert (response.status_code, response.json()) == (
        409,
        {"detail": f"Un compte existe déjà pour {taken}."},
    )


async def test_a_role_change_is_applied_and_audited(
    client: httpx2.AsyncClient, auth_headers: Headers, user_factory: Factory, db: Runtime
) -> None:
    headers = auth_headers("admin")
    email, _password = user_factory("lecteur")
    user_id = await _user_id(client, email, headers)
    response = await client.patch(
        f"/api/users/{user_id}", json={"role": "editeur", "name": "Camille"}, headers=headers
    )
    assert (response.json()["role"], response.json()["name"]) == ("editeur", "Camille")
    event = _audit(db, "user.modifie")[-1]
    assert event.donnees_avant is not None and event.donnees_apres is not None
    assert (event.donnees_avant["role"], event.donnees_apres["role"]) == ("lecteur", "editeur")
    # The description names the fields by their label (the data keeps the codes).
    assert "rôle" in event.description and "nom" in event.description


async def test_a_password_reset_replaces_the_password_and_ends_sessions(
    client: httpx2.AsyncClient, auth_headers: Headers, user_factory: Factory, db: Runtime
) -> None:
    headers = auth_headers("admin")
    email, password = user_factory("editeur")
    login = await client.post("/api/auth/login", json={"email": email, "password": password})
    refresh_token = login.cookies["refresh_token"]
    user_id = await _user_id(client, email, headers)
    client.cookies.clear()
    await client.patch(
        f"/api/users/{user_id}", json={"password": "NouveauSecret456"}, headers=headers
    )
    old = await client.post("/api/auth/login", json={"email": email, "password": password})
    new = await client.post(
        "/api/auth/login", json={"email": email, "password": "NouveauSecret456"}
    )
    client.cookies.clear()
    refresh = await client.post(
        "/api/auth/refresh",
        headers={"Cookie": f"refresh_token={refresh_token}", "Origin": "http://test"},
    )
    assert (old.status_code, new.status_code, refresh.status_code) == (401, 200, 401)
    assert _audit(db, "user.modifie")[-1].donnees_apres["mot_de_passe"] == "réinitialisé"  # type: ignore[index]


async def test_a_deactivated_account_can_no_longer_log_in(
    client: httpx2.AsyncClient, auth_headers: Headers, user_factory: Factory
) -> None:
    headers = auth_headers("admin")
    email, password = user_factory("editeur")
    user_id = await _user_id(client, email, headers)
    response = await client.patch(
        f"/api/users/{user_id}", json={"is_active": False}, headers=headers
    )
    login = await client.post("/api/auth/login", json={"email": email, "password": password})
    assert response.json()["is_active"] is False
    assert login.status_code == 401


@pytest.mark.parametrize("change", [{"role": "editeur"}, {"is_active": False}])
async def test_the_last_active_administrator_keeps_the_role(
    client: httpx2.AsyncClient, auth_headers: Headers, change: dict[str, object]
) -> None:
    headers = auth_headers("admin")
    me = await _me(client, headers)
    response = await client.patch(f"/api/users/{me['id']}", json=change, headers=headers)
    assert response.status_code == 409
    assert "dernier administrateur actif" in response.json()["detail"]
    assert (await _me(client, headers))["role"] == "admin"


async def test_an_administrator_may_step_down_when_another_remains(
    client: httpx2.AsyncClient, auth_headers: Headers
) -> None:
    headers = auth_headers("admin")
    auth_headers("admin")
    me = await _me(client, headers)
    response = await client.patch(
        f"/api/users/{me['id']}", json={"role": "relecteur"}, headers=headers
    )
    assert response.status_code == 200
    assert (await client.get("/api/users", headers=headers)).status_code == 403


async def test_an_inactive_administrator_does_not_count_as_the_remaining_one(
    client: httpx2.AsyncClient, auth_headers: Headers, user_factory: Factory
) -> None:
    headers = auth_headers("admin")
    other, _ = user_factory("admin")
    other_id = await _user_id(client, other, headers)
    await client.patch(f"/api/users/{other_id}", json={"is_active": False}, headers=headers)
    me = await _me(client, headers)
    response = await client.patch(
        f"/api/users/{me['id']}", json={"role": "lecteur"}, headers=headers
    )
    assert response.status_code == 409


async def test_changing_an_unknown_account_is_a_404(
    client: httpx2.AsyncClient, auth_headers: Headers
) -> None:
    response = await client.patch(
        "/api/users/999999", json={"name": "Personne"}, headers=auth_headers("admin")
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "Utilisateur 999999 introuvable."}


@pytest.mark.parametrize("user_id", ["0", "abc", str(2**40)])
async def test_an_invalid_account_id_is_a_422(
    client: httpx2.AsyncClient, auth_headers: Headers, user_id: str
) -> None:
    response = await client.patch(
        f"/api/users/{user_id}", json={"name": "Personne"}, headers=auth_headers("admin")
    )
    assert response.status_code == 422
