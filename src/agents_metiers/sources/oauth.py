"""France Travail OAuth2 client credentials, one cached token per scope set.

``POST <auth_url>`` with ``grant_type=client_credentials, client_id, client_secret, scope`` →
``{access_token, expires_in}``. A token is reused until shortly before it expires; a 401 from
an API drops it so that the next call fetches a new one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import anyio
import httpx2

from agents_metiers.sources.http import (
    Politique,
    Requete,
    SourceAuthError,
    SourceFormatError,
    SourceHttp,
    SourceNotConfiguredError,
    TokenExpiredError,
    json_body,
)

SOURCE = "france_travail_auth"
MARGIN_SECONDS = 60.0


@dataclass(frozen=True)
class Credentials:
    client_id: str
    client_secret: str
    auth_url: str


@dataclass
class _Token:
    value: str
    expires_at: float


class TokenCache:
    """Tokens by scope set; ``None`` credentials make every call fail as not configured."""

    def __init__(self, credentials: Credentials | None, http: SourceHttp) -> None:
        self._credentials = credentials
        self._http = http
        self._tokens: dict[str, _Token] = {}
        self._locks: dict[str, anyio.Lock] = {}

    @property
    def configured(self) -> bool:
        return self._credentials is not None

    def forget(self, scope: str) -> None:
        self._tokens.pop(scope, None)

    async def token(self, http: httpx2.AsyncClient, scope: str, politique: Politique) -> str:
        lock = self._locks.setdefault(scope, anyio.Lock())
        async with lock:
            cached = self._tokens.get(scope)
            if cached and cached.expires_at > time.monotonic():
                return cached.value
            token = await self._fetch(http, scope, politique)
            self._tokens[scope] = token
            return token.value

    async def _fetch(self, http: httpx2.AsyncClient, scope: str, politique: Politique) -> _Token:
        if self._credentials is None:
            raise SourceNotConfiguredError(
                SOURCE,
                "FRANCE_TRAVAIL_CLIENT_ID et FRANCE_TRAVAIL_CLIENT_SECRET ne sont pas définis.",
            )
        creds = self._credentials
        requete = Requete(
            "POST",
            creds.auth_url,
            data={
                "grant_type": "client_credentials",
                "client_id": creds.client_id,
                "client_secret": creds.client_secret,
                "scope": scope,
            },
        )
        try:
            response = await self._http.send(http, requete, politique)
        except TokenExpiredError as exc:
            raise SourceAuthError(SOURCE, "identifiants refusés (HTTP 401).") from exc
        except SourceFormatError as exc:
            raise SourceAuthError(SOURCE, _refus(exc)) from exc
        body = json_body(SOURCE, response)
        if not isinstance(body, dict) or not isinstance(body.get("access_token"), str):
            raise SourceFormatError(SOURCE, "réponse sans jeton d'accès.")
        expires_in = body.get("expires_in")
        lifetime = float(expires_in) if isinstance(expires_in, int | float) else 0.0
        return _Token(body["access_token"], time.monotonic() + lifetime - MARGIN_SECONDS)


def _refus(exc: SourceFormatError) -> str:
    """The 400 names the cause: invalid_client (credentials) or invalid_scope (API not
    attached to the application)."""
    if "invalid_scope" in exc.message:
        return "périmètre refusé (invalid_scope) : l'API n'est pas rattachée à l'application."
    return (
        "identifiants refusés : vérifiez FRANCE_TRAVAIL_CLIENT_ID et FRANCE_TRAVAIL_CLIENT_SECRET."
    )
