"""Rate limits shared between processes through the real Redis on 127.0.0.1:6379.

Each test uses its own key prefix on database 15, and deletes its keys afterwards. Redis down:
skipped, except under CI (``CI`` set), where it is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractAsyncContextManager

import httpx2
import pytest
import redis
from limits import parse
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from agents_metiers.errors import ConfigurationError, ServiceUnavailableError
from agents_metiers.services.runtime import Runtime
from agents_metiers.web.app import create_app
from agents_metiers.web.login_limits import LoginLimits

pytestmark = pytest.mark.anyio

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
Factory = Callable[[str], tuple[str, str]]
ClientFactory = Callable[..., AbstractAsyncContextManager[httpx2.AsyncClient]]


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A fresh key prefix on the test Redis (its keys are deleted afterwards)."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as exc:
        client.close()
        if os.environ.get("CI"):
            pytest.fail(f"Redis requis mais injoignable ({REDIS_URL}) : {exc}")
        pytest.skip(f"Redis injoignable ({REDIS_URL}) : tests Redis ignorés")
    prefix = f"test-{uuid.uuid4().hex}"
    yield prefix
    keys = list(client.scan_iter(f"{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


async def _login(client: httpx2.AsyncClient, email: str, password: str) -> httpx2.Response:
    return await client.post("/api/auth/login", json={"email": email, "password": password})


async def test_two_apps_share_their_counts_through_redis(
    client_with: ClientFactory, user_factory: Factory, redis_prefix: str
) -> None:
    email, password = user_factory("editeur")
    shared = {
        "rate_limit_storage_uri": REDIS_URL,
        "rate_limit_key_prefix": redis_prefix,
        "login_failures_before_lock": 2,
    }
    async with client_with(**shared) as first, client_with(**shared) as second:
        assert (await _login(first, email, "PasLeBon123")).status_code == 401
        assert (await _login(second, email, "PasLeBon123")).status_code == 401
        locked = await _login(first, email, password)
    assert locked.status_code == 429
    assert 55 <= int(locked.headers["Retry-After"]) <= 60


async def test_writes_are_counted_once_for_all_apps(
    client_with: ClientFactory, auth_headers: Callable[[str], dict[str, str]], redis_prefix: str
) -> None:
    admin = auth_headers("admin")
    shared = {
        "rate_limit_storage_uri": REDIS_URL,
        "rate_limit_key_prefix": redis_prefix,
        "rate_limit_write": "1/minute",
    }
    user = {"email": "cree@exemple.fr", "password": "MotDePasse123", "role": "editeur"}
    async with client_with(**shared) as first, client_with(**shared) as second:
        created = await first.post("/api/users", json=user, headers=admin)
        again = await second.post(
            "/api/users", json={**user, "email": "autre@exemple.fr"}, headers=admin
        )
    assert (created.status_code, again.status_code) == (201, 429)


def test_an_unreachable_redis_stops_the_start_with_a_sentence(db: Runtime) -> None:
    settings = db.settings.model_copy(
        update={"rate_limit_storage_uri": "redis://127.0.0.1:8139/0"}  # nothing listens there
    )
    with pytest.raises(ConfigurationError, match="RATE_LIMIT_STORAGE_URI injoignable"):
        create_app(settings, runtime=db)


def test_redis_going_down_refuses_logins_with_a_503_sentence() -> None:
    storage = storage_from_string("redis://127.0.0.1:8139/0", wrap_exceptions=True)
    assert isinstance(storage, Storage)
    limits = LoginLimits(
        storage=storage,
        limiter=MovingWindowRateLimiter(storage),
        per_ip=parse("10/minute"),
        failures_before_lock=5,
        lock_seconds=60,
        lock_max_seconds=3600,
    )
    with pytest.raises(ServiceUnavailableError, match="ne répond pas"):
        limits.check("10.0.0.1", "a@exemple.fr")
    with pytest.raises(ServiceUnavailableError):
        limits.failed("10.0.0.1", "a@exemple.fr")
