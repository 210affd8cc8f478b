"""Login limits: failed attempts count per client address and per account; successes never.

- Per address: at most ``RATE_LIMIT_LOGIN_IP`` failures in the window (many accounts tried
  from one place).
- Per account: from the ``LOGIN_FAILURES_BEFORE_LOCK``-th failure on, the account is locked
  for ``LOGIN_LOCK_SECONDS``, a delay that doubles with every further failure up to
  ``LOGIN_LOCK_MAX_SECONDS``. A successful login resets the account's count; the count is
  otherwise forgotten a day after the first failure.

Counters live in the rate-limit storage (``RATE_LIMIT_STORAGE_URI``), shared between workers
when it is Redis. Over a limit: ``RateLimitedError`` (429, ``Retry-After``).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from limits import RateLimitItem
from limits.errors import StorageError
from limits.storage import Storage
from limits.strategies import RateLimiter

from agents_metiers.config import Settings
from agents_metiers.errors import RateLimitedError, ServiceUnavailableError

MESSAGE = "Trop de tentatives de connexion."
FAILURES_KEPT_SECONDS = 86_400


@contextmanager
def storage_errors() -> Iterator[None]:
    """A rate-limit storage that stops answering (Redis down) refuses the request: 503."""
    try:
        yield
    except StorageError:
        raise ServiceUnavailableError(
            "Le stockage des limites de requêtes ne répond pas : réessayez dans un instant."
        ) from None


def refused(wait_seconds: float) -> RateLimitedError:
    """The 429 sentence, with the wait rounded up to whole minutes."""
    wait = max(1, math.ceil(wait_seconds))
    minutes = math.ceil(wait / 60)
    return RateLimitedError(
        f"{MESSAGE} Réessayez dans {minutes} minute{'s' if minutes > 1 else ''}.", wait
    )


def _account(email: str) -> str:
    return email.strip().lower()


@dataclass
class LoginLimits:
    """Check before a login, record its outcome after."""

    storage: Storage
    limiter: RateLimiter
    per_ip: RateLimitItem
    failures_before_lock: int
    lock_seconds: int
    lock_max_seconds: int

    @classmethod
    def from_settings(
        cls, settings: Settings, storage: Storage, limiter: RateLimiter, per_ip: RateLimitItem
    ) -> LoginLimits:
        return cls(
            storage=storage,
            limiter=limiter,
            per_ip=per_ip,
            failures_before_lock=settings.login_failures_before_lock,
            lock_seconds=settings.login_lock_seconds,
            lock_max_seconds=settings.login_lock_max_seconds,
        )

    def check(self, ip: str, email: str) -> None:
        """Refuse the attempt (429) while the address or the account is over its limit."""
        with storage_errors():
            self._check(ip, email)

    def _check(self, ip: str, email: str) -> None:
        ip_key = f"login:echecs:ip:{ip}"
        if not self.limiter.test(self.per_ip, ip_key):
            reset_time, _remaining = self.limiter.get_window_stats(self.per_ip, ip_key)
            raise refused(reset_time - time.time())
        lock_key = f"login:verrou:{_account(email)}"
        if self.storage.get(lock_key) > 0:
            raise refused(self.storage.get_expiry(lock_key) - time.time())

    def failed(self, ip: str, email: str) -> None:
        """Count a failure; lock the account from the threshold on, for a growing delay."""
        with storage_errors():
            self._failed(ip, email)

    def _failed(self, ip: str, email: str) -> None:
        self.limiter.hit(self.per_ip, f"login:echecs:ip:{ip}")
        account = _account(email)
        failures = self.storage.incr(f"login:echecs:compte:{account}", FAILURES_KEPT_SECONDS)
        if failures < self.failures_before_lock:
            return
        doublings = min(failures - self.failures_before_lock, 30)
        delay = min(self.lock_seconds * 2**doublings, self.lock_max_seconds)
        lock_key = f"login:verrou:{account}"
        self.storage.clear(lock_key)
        self.storage.incr(lock_key, delay)

    def succeeded(self, email: str) -> None:
        """A successful login forgets the account's failures."""
        account = _account(email)
        with storage_errors():
            self.storage.clear(f"login:echecs:compte:{account}")
            self.storage.clear(f"login:verrou:{account}")
