"""What the France Travail APIs (francetravail.io) share: ``FranceTravailApi`` sends a request
with the bearer token of the API's scope set (refreshed once on a 401) through the shared
request loop; each API module parses its bodies into small JSON dicts before they are cached,
so a malformed body is never stored."""

from __future__ import annotations

import httpx2

from agents_metiers.sources.cache import SourceCache
from agents_metiers.sources.http import (
    Politique,
    Requete,
    SourceAuthError,
    SourceHttp,
    TokenExpiredError,
)
from agents_metiers.sources.oauth import TokenCache


class FranceTravailApi:
    """One France Travail API: its source name, base path and scope set."""

    def __init__(
        self,
        *,
        source: str,
        base_url: str,
        scope: str,
        tokens: TokenCache,
        http: SourceHttp,
        cache: SourceCache,
    ) -> None:
        self.source = source
        self.base_url = base_url.rstrip("/")
        self.scope = scope
        self.tokens = tokens
        self.http = http
        self.cache = cache

    async def send(
        self, client: httpx2.AsyncClient, requete: Requete, politique: Politique
    ) -> httpx2.Response:
        """``requete`` with the bearer token; a 401 (token expired) refreshes it once."""
        for attempt in range(2):
            token = await self.tokens.token(client, self.scope, politique)
            authorised = Requete(
                requete.method,
                requete.url,
                params=requete.params,
                json=requete.json,
                headers={**requete.headers, "Authorization": f"Bearer {token}"},
            )
            try:
                return await self.http.send(client, authorised, politique)
            except TokenExpiredError:
                self.tokens.forget(self.scope)
                if attempt:
                    break
        raise SourceAuthError(self.source, "jeton refusé deux fois de suite (HTTP 401).")

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}"
