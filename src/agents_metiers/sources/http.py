"""The request loop every source shares: deadline, retries with backoff, ``Retry-After``.

A call has a ``Politique``: a total time budget (short for a page, longer for a job) and a
number of retries. A 5xx, a timeout or a network error is retried with exponential backoff
while the budget allows it; a 429 waits ``Retry-After`` when it fits in the budget, else it
fails at once with the delay in the error. Every failure is a ``SourceError`` naming the
source, never a raw ``httpx2`` exception.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import anyio
import httpx2

from agents_metiers.errors import ServiceUnavailableError

Sleep = Callable[[float], Awaitable[None]]

LIBELLES = {
    "france_travail_auth": "France Travail (authentification)",
    "offres_emploi": "France Travail — Offres d'emploi v2",
    "marche_travail": "France Travail — Marché du travail",
    "api_alternance": "API Alternance",
}


class SourceError(ServiceUnavailableError):
    """An external source could not answer; ``source`` and ``raison`` say which and why."""

    raison = "erreur"

    def __init__(self, source: str, detail: str, *, retry_after: float | None = None) -> None:
        super().__init__(f"Source « {LIBELLES.get(source, source)} » indisponible : {detail}")
        self.source = source
        self.retry_after = retry_after


class SourceNotConfiguredError(SourceError):
    raison = "non_configuree"


class SourceTimeoutError(SourceError):
    raison = "delai_depasse"


class SourceRateLimitedError(SourceError):
    raison = "quota"


class SourceAuthError(SourceError):
    raison = "acces_refuse"


class SourceFormatError(SourceError):
    raison = "reponse_invalide"


class SourceServerError(SourceError):
    raison = "erreur_serveur"


class TokenExpiredError(Exception):
    """Internal: the API answered 401, the caller refreshes its token once."""


@dataclass(frozen=True)
class Politique:
    """How patient a call is: ``budget`` seconds in all, ``retries`` extra attempts."""

    budget: float
    retries: int
    backoff: float = 0.25


@dataclass(frozen=True)
class Requete:
    method: str
    url: str
    params: dict[str, str] = field(default_factory=dict)
    json: dict[str, Any] | None = None
    data: dict[str, str] | None = None
    headers: dict[str, str] = field(default_factory=dict)


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds (delta-seconds or HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class SourceHttp:
    """Sends ``Requete`` objects for one source under a ``Politique``."""

    def __init__(
        self,
        source: str,
        *,
        transport: httpx2.AsyncBaseTransport | None = None,
        sleep: Sleep = anyio.sleep,
    ) -> None:
        self.source = source
        self._transport = transport
        self._sleep = sleep

    def client(self) -> httpx2.AsyncClient:
        return httpx2.AsyncClient(transport=self._transport, follow_redirects=False)

    async def send(
        self, http: httpx2.AsyncClient, requete: Requete, politique: Politique
    ) -> httpx2.Response:
        """The first usable response (2xx); 401 raises ``TokenExpiredError``."""
        deadline = time.monotonic() + politique.budget
        attempt = 0
        while True:
            remaining = deadline - time.monotonic()
            try:
                response = await self._once(http, requete, remaining)
            except SourceError as exc:
                delay = politique.backoff * 2**attempt
                if not self._may_retry(attempt, politique, deadline, delay, exc):
                    raise
                await self._sleep(delay)
                attempt += 1
                continue
            if response.status_code == 429:
                await self._wait_rate_limit(response, attempt, politique, deadline)
                attempt += 1
                continue
            return response

    def _may_retry(
        self, attempt: int, politique: Politique, deadline: float, delay: float, exc: SourceError
    ) -> bool:
        retryable = isinstance(exc, SourceServerError | SourceTimeoutError)
        return retryable and attempt < politique.retries and time.monotonic() + delay < deadline

    async def _wait_rate_limit(
        self, response: httpx2.Response, attempt: int, politique: Politique, deadline: float
    ) -> None:
        wait = retry_after_seconds(response.headers.get("retry-after"))
        delay = wait if wait is not None else politique.backoff * 2**attempt
        if attempt >= politique.retries or time.monotonic() + delay >= deadline:
            raise SourceRateLimitedError(
                self.source,
                f"quota d'appels atteint, réessayez dans {round(delay)} s.",
                retry_after=delay,
            )
        await self._sleep(delay)

    async def _once(
        self, http: httpx2.AsyncClient, requete: Requete, remaining: float
    ) -> httpx2.Response:
        if remaining <= 0:
            raise SourceTimeoutError(self.source, "délai dépassé avant la réponse.")
        try:
            response = await http.request(
                requete.method,
                requete.url,
                params=requete.params or None,
                json=requete.json,
                data=requete.data,
                headers=requete.headers,
                timeout=httpx2.Timeout(remaining),
            )
        except httpx2.TimeoutException as exc:
            raise SourceTimeoutError(self.source, "délai de réponse dépassé.") from exc
        except httpx2.TransportError as exc:
            raise SourceServerError(self.source, "serveur injoignable.") from exc
        return self._check(response)

    def _check(self, response: httpx2.Response) -> httpx2.Response:
        status = response.status_code
        if status >= 500:
            raise SourceServerError(self.source, f"erreur du serveur (HTTP {status}).")
        if status == 401:
            raise TokenExpiredError
        if status == 403:
            raise SourceAuthError(self.source, "accès refusé (HTTP 403) : vérifiez les droits.")
        if status >= 400 and status != 429:
            raise SourceFormatError(
                self.source, f"requête refusée (HTTP {status}{_error_code(response)})."
            )
        return response


def _error_code(response: httpx2.Response) -> str:
    """`` error_code`` from an OAuth-style error body, else nothing."""
    try:
        body = response.json()
    except ValueError:
        return ""
    code = body.get("error") if isinstance(body, dict) else None
    return f" {code}" if isinstance(code, str) and code.isidentifier() else ""


def json_body(source: str, response: httpx2.Response) -> Any:
    """The decoded JSON body; an unreadable body is a ``SourceFormatError``."""
    try:
        return response.json()
    except ValueError as exc:
        raise SourceFormatError(source, "réponse illisible (JSON invalide).") from exc
