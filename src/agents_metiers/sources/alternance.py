"""API Alternance (La Bonne Alternance, ``api.apprentissage.beta.gouv.fr/api``).

``GET /job/v1/search?romes=&latitude=&longitude=&radius=`` → ``{jobs, recruiters, warnings}``
and ``GET /formation/v1/search?romes=&latitude=&longitude=&radius=&page_size=`` →
``{data, pagination}``, with ``Authorization: Bearer <key>``. Terms of use: no resale and no
passing of the data to third parties.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx2

from agents_metiers.sources.cache import Resultat, SourceCache, cache_key, cached_fetch
from agents_metiers.sources.http import (
    Politique,
    Requete,
    SourceAuthError,
    SourceFormatError,
    SourceHttp,
    TokenExpiredError,
    json_body,
)

SOURCE = "api_alternance"
FORMATIONS_PAGE = 100


@dataclass(frozen=True)
class Lieu:
    latitude: float
    longitude: float
    rayon_km: int


def _liste(body: Any, key: str) -> list[dict[str, Any]]:
    if not isinstance(body, dict) or not isinstance(body.get(key, []), list):
        raise SourceFormatError(SOURCE, f"réponse sans liste « {key} ».")
    return [item for item in body.get(key, []) if isinstance(item, dict)]


class AlternanceClient:
    def __init__(
        self, *, base_url: str, token: str, http: SourceHttp, cache: SourceCache, ttl: timedelta
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.http = http
        self.cache = cache
        self.ttl = ttl

    async def _get(
        self, client: httpx2.AsyncClient, path: str, params: dict[str, str], politique: Politique
    ) -> Any:
        requete = Requete(
            "GET",
            f"{self.base_url}/{path}",
            params=params,
            headers={"Authorization": f"Bearer {self.token}"},
        )
        try:
            response = await self.http.send(client, requete, politique)
        except TokenExpiredError as exc:
            raise SourceAuthError(
                SOURCE, "clé refusée (HTTP 401) : vérifiez API_ALTERNANCE_TOKEN."
            ) from exc
        return json_body(SOURCE, response)

    def _params(self, code_rome: str, lieu: Lieu) -> dict[str, str]:
        return {
            "romes": code_rome,
            "latitude": f"{lieu.latitude:.4f}",
            "longitude": f"{lieu.longitude:.4f}",
            "radius": str(lieu.rayon_km),
        }

    async def emplois(
        self, client: httpx2.AsyncClient, *, code_rome: str, lieu: Lieu, politique: Politique
    ) -> Resultat:
        """Apprenticeship offers and recruiters around ``lieu`` → ``{jobs, recruiters}``."""
        params = self._params(code_rome, lieu)

        async def fetch() -> dict[str, Any]:
            body = await self._get(client, "job/v1/search", params, politique)
            return {"jobs": _liste(body, "jobs"), "recruiters": _liste(body, "recruiters")}

        key = cache_key(SOURCE, "jobs", params)
        return await cached_fetch(self.cache, key=key, source=SOURCE, ttl=self.ttl, fetch=fetch)

    async def formations(
        self, client: httpx2.AsyncClient, *, code_rome: str, lieu: Lieu, politique: Politique
    ) -> Resultat:
        """Apprenticeship formations around ``lieu`` (first page) → ``{formations, total}``."""
        params = {
            **self._params(code_rome, lieu),
            "page_index": "0",
            "page_size": str(FORMATIONS_PAGE),
        }

        async def fetch() -> dict[str, Any]:
            body = await self._get(client, "formation/v1/search", params, politique)
            data = _liste(body, "data")
            pagination = body.get("pagination") if isinstance(body, dict) else None
            pages = pagination.get("page_count") if isinstance(pagination, dict) else None
            return {"formations": data, "pages": pages if isinstance(pages, int) else None}

        key = cache_key(SOURCE, "formations", params)
        return await cached_fetch(self.cache, key=key, source=SOURCE, ttl=self.ttl, fetch=fetch)
