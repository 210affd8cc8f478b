"""France Travail — Marché du travail (``stats-offres-demandes-emploi/v1``).

Indicators are POSTed with ``{codeTypeTerritoire, codeTerritoire, codeTypeActivite: "ROME",
codeActivite, codeTypePeriode, codeTypeNomenclature, dernierePeriode?}`` and answer
``{listeValeursParPeriode: [...]}``; salaries come from ``GET /indicateur/salaire-rome-fap/
{REG|NAT}/{code}?codeRome=`` (``valeursParPeriode[].salaireValeurMontant[]``) and the meaning of
each nomenclature code is read from ``/referentiel/nomenclatures/{type}``, never assumed.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx2

from agents_metiers.sources.cache import Resultat, cache_key, cached_fetch
from agents_metiers.sources.france_travail import FranceTravailApi
from agents_metiers.sources.http import Politique, Requete, SourceFormatError, json_body

SCOPE = "api_stats-offres-demandes-emploiv1 offresetdemandesemploi"
MARCHE = "marche_travail"


def territoire(region: str | None) -> tuple[str, str]:
    """``(codeTypeTerritoire, codeTerritoire)``: a region, or the whole country."""
    return ("REG", region) if region else ("NAT", "FR")


def _liste(body: Any, key: str) -> list[dict[str, Any]]:
    if not isinstance(body, dict) or not isinstance(body.get(key, []), list):
        raise SourceFormatError(MARCHE, f"réponse sans liste « {key} ».")
    return [item for item in body.get(key, []) if isinstance(item, dict)]


def _nomenclature(body: Any) -> dict[str, str]:
    """``[{codeNomenclature, libNomenclature}]`` (or a dict holding such a list) → code → label."""
    items = body if isinstance(body, list) else None
    if isinstance(body, dict):
        items = next((v for v in body.values() if isinstance(v, list)), None)
    if items is None:
        raise SourceFormatError(MARCHE, "référentiel de nomenclature illisible.")
    return {
        str(i["codeNomenclature"]): str(i["libNomenclature"])
        for i in items
        if isinstance(i, dict) and i.get("codeNomenclature") and i.get("libNomenclature")
    }


class MarcheTravailClient:
    """Indicators, salaries and referentials of the Marché du travail API."""

    def __init__(self, api: FranceTravailApi, *, ttl: timedelta, ttl_referentiel: timedelta):
        self.api = api
        self.ttl = ttl
        self.ttl_referentiel = ttl_referentiel

    async def _cached(
        self,
        client: httpx2.AsyncClient,
        requete: Requete,
        politique: Politique,
        *,
        parse: Any,
        ttl: timedelta,
    ) -> Resultat:
        async def fetch() -> dict[str, Any]:
            response = await self.api.send(client, requete, politique)
            body = None if response.status_code == 204 else json_body(MARCHE, response)
            parsed: dict[str, Any] = parse(body)
            return parsed

        key = cache_key(MARCHE, requete.method, requete.url, requete.params, requete.json)
        return await cached_fetch(self.api.cache, key=key, source=MARCHE, ttl=ttl, fetch=fetch)

    async def indicateur(
        self,
        client: httpx2.AsyncClient,
        nom: str,
        *,
        code_rome: str,
        region: str | None,
        periode: str,
        nomenclature: str,
        derniere: bool,
        politique: Politique,
    ) -> Resultat:
        """``POST /indicateur/{nom}`` → ``{periodes: [listeValeursParPeriode items]}``."""
        type_territoire, code_territoire = territoire(region)
        body: dict[str, Any] = {
            "codeTypeTerritoire": type_territoire,
            "codeTerritoire": code_territoire,
            "codeTypeActivite": "ROME",
            "codeActivite": code_rome,
            "codeTypePeriode": periode,
            "codeTypeNomenclature": nomenclature,
        }
        if derniere:
            body["dernierePeriode"] = True
        requete = Requete("POST", self.api.url(f"indicateur/{nom}"), json=body)
        return await self._cached(
            client,
            requete,
            politique,
            parse=lambda b: {"periodes": [] if b is None else _liste(b, "listeValeursParPeriode")},
            ttl=self.ttl,
        )

    async def salaires(
        self,
        client: httpx2.AsyncClient,
        *,
        code_rome: str,
        region: str | None,
        politique: Politique,
    ) -> Resultat:
        """``GET /indicateur/salaire-rome-fap/{REG|NAT}/{code}?codeRome=`` → ``{periodes}``."""
        type_territoire, code_territoire = territoire(region)
        requete = Requete(
            "GET",
            self.api.url(f"indicateur/salaire-rome-fap/{type_territoire}/{code_territoire}"),
            params={"codeRome": code_rome},
        )
        return await self._cached(
            client,
            requete,
            politique,
            parse=lambda b: {"periodes": [] if b is None else _liste(b, "valeursParPeriode")},
            ttl=self.ttl,
        )

    async def nomenclature(
        self, client: httpx2.AsyncClient, code: str, *, politique: Politique
    ) -> Resultat:
        """``GET /referentiel/nomenclatures/{code}`` → ``{libelles: {code: label}}``."""
        requete = Requete("GET", self.api.url(f"referentiel/nomenclatures/{code}"))
        return await self._cached(
            client,
            requete,
            politique,
            parse=lambda b: {"libelles": {} if b is None else _nomenclature(b)},
            ttl=self.ttl_referentiel,
        )
