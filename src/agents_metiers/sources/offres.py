"""France Travail — Offres d'emploi v2: ``GET /offresdemploi/v2/offres/search``.

``range=p-d`` pages (at most 150 offers, ``d`` ≤ 3149); 200 = complete, 206 = more pages,
204 = none; the total is in ``Content-Range: offres 0-149/612``; ``filtresPossibles`` gives
exact counts per contract type and experience over all matching offers.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import httpx2

from agents_metiers.sources.cache import Resultat, cache_key, cached_fetch
from agents_metiers.sources.france_travail import FranceTravailApi
from agents_metiers.sources.http import Politique, Requete, SourceFormatError, json_body

SCOPE = "api_offresdemploiv2 o2dsoffre"
OFFRES = "offres_emploi"
PAGE_MAX = 150
RANGE_LAST = 3149
CONTENT_RANGE = re.compile(r"^\s*\w+\s+(?:\d+-\d+|\*)/(\d+)\s*$")
URL_PUBLIQUE = "https://candidat.francetravail.fr/offres/recherche/detail/{id}"


def total_from_content_range(source: str, value: str | None) -> int | None:
    """``offres 0-149/612`` → 612; None when the header is absent."""
    if value is None:
        return None
    match = CONTENT_RANGE.match(value)
    if match is None:
        raise SourceFormatError(source, f"en-tête Content-Range illisible (« {value[:40]} »).")
    return int(match.group(1))


def _filtres(body: dict[str, Any]) -> dict[str, dict[str, int]]:
    """``filtresPossibles`` → {filtre: {valeur: nombre}} (exact counts over all offers)."""
    filtres: dict[str, dict[str, int]] = {}
    for filtre in body.get("filtresPossibles") or []:
        if not isinstance(filtre, dict) or not isinstance(filtre.get("filtre"), str):
            continue
        valeurs = {
            str(a.get("valeurPossible")): int(a["nbResultats"])
            for a in filtre.get("agregation") or []
            if isinstance(a, dict) and isinstance(a.get("nbResultats"), int)
        }
        filtres[filtre["filtre"]] = valeurs
    return filtres


def parse_search(response: httpx2.Response) -> dict[str, Any]:
    """200 (complete), 206 (more pages) or 204 (none) → ``{total, resultats, filtres}``."""
    if response.status_code == 204:
        return {"total": 0, "resultats": [], "filtres": {}}
    body = json_body(OFFRES, response)
    if not isinstance(body, dict) or not isinstance(body.get("resultats", []), list):
        raise SourceFormatError(OFFRES, "réponse sans liste « resultats ».")
    resultats = [r for r in body.get("resultats", []) if isinstance(r, dict)]
    total = total_from_content_range(OFFRES, response.headers.get("content-range"))
    if total is None:
        if response.status_code == 206:
            raise SourceFormatError(OFFRES, "réponse partielle (206) sans Content-Range.")
        total = len(resultats)
    return {"total": total, "resultats": resultats, "filtres": _filtres(body)}


class OffresClient:
    """``GET /offresdemploi/v2/offres/search``."""

    def __init__(self, api: FranceTravailApi, *, ttl: timedelta) -> None:
        self.api = api
        self.ttl = ttl

    async def rechercher(
        self,
        client: httpx2.AsyncClient,
        *,
        code_rome: str,
        region: str | None,
        politique: Politique,
        debut: int = 0,
        nombre: int = PAGE_MAX,
        extra: dict[str, str] | None = None,
    ) -> Resultat:
        """One page of offers (``range=debut-fin``) with the total and the filter counts."""
        fin = min(debut + max(1, min(nombre, PAGE_MAX)) - 1, RANGE_LAST)
        params = {"codeROME": code_rome, "range": f"{debut}-{fin}", **(extra or {})}
        if region:
            params["region"] = region
        requete = Requete("GET", self.api.url("offresdemploi/v2/offres/search"), params=params)

        async def fetch() -> dict[str, Any]:
            return parse_search(await self.api.send(client, requete, politique))

        key = cache_key(OFFRES, "search", params)
        return await cached_fetch(self.api.cache, key=key, source=OFFRES, ttl=self.ttl, fetch=fetch)
