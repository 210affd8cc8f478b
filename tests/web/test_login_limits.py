"""Login limits: failures per account and per address, growing locks, successes never count."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

import httpx2
import pytest
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from agents_metiers.errors import RateLimitedError
from agents_metiers.web.login_limits import LoginLimits

pytestmark = pytest.mark.anyio

Factory = Callable[[str], tuple[str, str]]
ClientFactory = Callable[..., AbstractAsyncContextManager[httpx2.AsyncClient]]


async def _login(client: httpx2.AsyncClient, email: str, password: str) -> httpx2.Response:
    return await client.post("/api/auth/login", json={"email": email, "password": password})


async def test_twenty_successful_logins_in_a_row_all_succeed(
    client: httpx2.AsyncClient, user_factory: Factory
) -> None:
    email, password = user_factory("editeur")
    statuses = [(await _login(client, email, password)).status_code for _ in range(20)]
    assert statuses == [200] * 20


async def test_the_fifth_failure_locks_the_account_for_a_minute(
    client: httpx2.AsyncClient, user_factory: Factory
) -> None:
    email, password = user_factory("editeur")
    failures = [(await _login(client, email, "PasLeBon123")).status_code for _ in range(5)]
    locked = await _login(client, email, password)
    assert failures == [401] * 5
    assert locked.status_code == 429
    assert 55 <= int(locked.headers["Retry-After"]) <= 60
    assert locked.json()["detail"] == "Trop de tentatives de connexion. Réessayez dans 1 minute."


async def test_a_success_resets_the_account_count(
    client_with: ClientFactory, user_factory: Factory
) -> None:
    email, password = user_factory("editeur")
    statuses = []
    async with client_with(rate_limit_login_ip="100/hour") as http:  # the account's limit only
        for _ in range(3):
            statuses += [(await _login(http, email, "PasLeBon123")).status_code for _ in range(4)]
            statuses.append((await _login(http, email, password)).status_code)
    assert statuses == [401, 401, 401, 401, 200] * 3


async def test_the_login_form_shares_the_limits(
    client_with: ClientFactory, user_factory: Factory
) -> None:
    email, password = user_factory("editeur")
    async with client_with(login_failures_before_lock=1) as http:
        assert (await _login(http, email, "PasLeBon123")).status_code == 401
        page = await http.get("/login")
        form = {"email": email, "password": password, "suite": "/"}
        csrf = page.cookies.get("csrf_token") or http.cookies.get("csrf_token") or ""
        form["csrf_token"] = csrf
        locked = await http.post("/login", data=form, headers={"X-CSRF-Token": csrf})
    assert locked.status_code == 429
    assert "Trop de tentatives de connexion." in locked.text


def _limits(**overrides: int) -> LoginLimits:
    storage = MemoryStorage()
    settings = {"failures_before_lock": 5, "lock_seconds": 60, "lock_max_seconds": 600}
    return LoginLimits(
        storage=storage,
        limiter=MovingWindowRateLimiter(storage),
        per_ip=parse("1000/hour"),
        **{**settings, **overrides},
    )


def _wait(limits: LoginLimits, email: str) -> int:
    with pytest.raises(RateLimitedError) as refused:
        limits.check("10.0.0.1", email)
    return refused.value.retry_after


def test_each_further_failure_doubles_the_lock_up_to_the_maximum() -> None:
    limits = _limits()
    for _ in range(4):
        limits.failed("10.0.0.1", "a@exemple.fr")
    limits.check("10.0.0.1", "a@exemple.fr")  # four failures: not locked yet
    waits = []
    for _ in range(6):
        limits.failed("10.0.0.1", "a@exemple.fr")
        waits.append(_wait(limits, "a@exemple.fr"))
    assert [round(wait, -1) for wait in waits] == [60, 120, 240, 480, 600, 600]
    limits.check("10.0.0.1", "b@exemple.fr")  # other accounts are not concerned


def test_failures_per_address_are_limited_across_accounts() -> None:
    limits = _limits()
    limits.per_ip = parse("3/minute")
    for n in range(3):
        limits.failed("10.0.0.2", f"compte{n}@exemple.fr")
    started = time.time()
    with pytest.raises(RateLimitedError) as refused:
        limits.check("10.0.0.2", "nouveau@exemple.fr")
    assert 0 < refused.value.retry_after <= 60 + (time.time() - started)
    limits.check("10.0.0.3", "nouveau@exemple.fr")
