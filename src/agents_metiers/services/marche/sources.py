"""The labour-market sources of an installation (``Marche``, on ``Runtime.marche``) and the
helpers that turn their answers into blocks: a figure with its provenance, or an explicit
« indisponible » naming the source and the reason (``services/marche/blocs.py`` builds the
endpoints from them)."""

from __future__ import annotations

import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import anyio
import httpx2
from sqlalchemy.orm import Session, sessionmaker

from agents_metiers.config import Settings
from agents_metiers.domain.regions import REGIONS
from agents_metiers.services.fiches.lecture import check_code_rome, get_detail
from agents_metiers.services.indisponible import check_region
from agents_metiers.sources.alternance import AlternanceClient
from agents_metiers.sources.cache import Resultat, SourceCache
from agents_metiers.sources.france_travail import FranceTravailApi
from agents_metiers.sources.http import (
    LIBELLES,
    Politique,
    Sleep,
    SourceError,
    SourceHttp,
    SourceNotConfiguredError,
    SourceTimeoutError,
)
from agents_metiers.sources.marche_travail import MARCHE, MarcheTravailClient
from agents_metiers.sources.marche_travail import SCOPE as SCOPE_MARCHE
from agents_metiers.sources.oauth import Credentials, TokenCache
from agents_metiers.sources.offres import OFFRES, OffresClient
from agents_metiers.sources.offres import SCOPE as SCOPE_OFFRES

if TYPE_CHECKING:
    from agents_metiers.services.runtime import Runtime

ALTERNANCE = "api_alternance"
FRANCE = "France entière"
PROVENANCE = {OFFRES: "france_travail", MARCHE: "france_travail", ALTERNANCE: "la_bonne_alternance"}
NON_CONFIGURE = {
    OFFRES: "FRANCE_TRAVAIL_CLIENT_ID et FRANCE_TRAVAIL_CLIENT_SECRET ne sont pas définis.",
    MARCHE: "FRANCE_TRAVAIL_CLIENT_ID et FRANCE_TRAVAIL_CLIENT_SECRET ne sont pas définis.",
    ALTERNANCE: "API_ALTERNANCE_TOKEN n'est pas défini.",
}


class Marche:
    """The labour-market sources of one installation, built from the settings.

    ``transport`` (an ``httpx2`` transport) and ``sleep`` are injectable for tests; the
    response cache lives in the database of ``sessions``.
    """

    def __init__(
        self,
        settings: Settings,
        sessions: sessionmaker[Session],
        *,
        transport: httpx2.AsyncBaseTransport | None = None,
        sleep: Sleep = anyio.sleep,
    ) -> None:
        self.settings = settings
        self.cache = SourceCache(sessions)
        self._transport = transport
        self._ssl: ssl.SSLContext | None = None
        ttl = timedelta(hours=settings.marche_cache_heures)
        http = {s: SourceHttp(s, transport=transport, sleep=sleep) for s in LIBELLES}
        secret = settings.france_travail_client_secret
        credentials = (
            Credentials(
                settings.france_travail_client_id,
                secret.get_secret_value(),
                settings.france_travail_auth_url,
            )
            if settings.france_travail_client_id and secret and secret.get_secret_value()
            else None
        )
        self.tokens = TokenCache(credentials, http["france_travail_auth"])
        base = settings.france_travail_api_url.rstrip("/")
        self.offres = OffresClient(
            FranceTravailApi(
                source=OFFRES,
                base_url=base,
                scope=SCOPE_OFFRES,
                tokens=self.tokens,
                http=http[OFFRES],
                cache=self.cache,
            ),
            ttl=ttl,
        )
        self.marche_travail = MarcheTravailClient(
            FranceTravailApi(
                source=MARCHE,
                base_url=f"{base}/stats-offres-demandes-emploi/v1",
                scope=SCOPE_MARCHE,
                tokens=self.tokens,
                http=http[MARCHE],
                cache=self.cache,
            ),
            ttl=ttl,
            ttl_referentiel=timedelta(days=settings.marche_cache_referentiel_jours),
        )
        token = settings.api_alternance_token
        self.alternance = (
            AlternanceClient(
                base_url=settings.api_alternance_url,
                token=token.get_secret_value(),
                http=http[ALTERNANCE],
                cache=self.cache,
                ttl=ttl,
            )
            if token and token.get_secret_value()
            else None
        )

    def configure(self, source: str) -> bool:
        return self.alternance is not None if source == ALTERNANCE else self.tokens.configured

    def politique(self, *, tache: bool) -> Politique:
        """Pages: one short budget, one retry at most; jobs: patient, with retries."""
        if tache:
            return Politique(self.settings.marche_delai_tache, self.settings.marche_tentatives)
        return Politique(self.settings.marche_delai_page, min(1, self.settings.marche_tentatives))

    def delai(self, *, tache: bool) -> float:
        s = self.settings
        return s.marche_delai_tache if tache else s.marche_delai_page

    def client(self) -> httpx2.AsyncClient:
        """A client for one group of calls; the TLS context is built once (it is the slow
        part of creating a client)."""
        if self._ssl is None:
            self._ssl = ssl.create_default_context()
        return httpx2.AsyncClient(
            transport=self._transport, follow_redirects=False, verify=self._ssl
        )


def marche_de(runtime: Runtime) -> Marche:
    """The runtime's market sources (built from its settings on first use when absent)."""
    if runtime.marche is None:
        runtime.marche = Marche(runtime.settings, runtime.sessions)
    return runtime.marche


# --- blocks: a figure with its provenance, or an explicit « indisponible » ----------------


@dataclass(frozen=True)
class Tache:
    source: str
    run: Callable[[], Awaitable[Any]]


async def ensemble(taches: dict[str, Tache], *, delai: float) -> dict[str, Any]:
    """Run ``taches`` concurrently within ``delai`` seconds: each key gets its value or the
    ``SourceError`` that stopped it (a timeout for those still running at the deadline)."""
    resultats: dict[str, Any] = {}

    async def un(cle: str, tache: Tache) -> None:
        try:
            resultats[cle] = await tache.run()
        except SourceError as exc:
            resultats[cle] = exc

    with anyio.move_on_after(delai):
        async with anyio.create_task_group() as group:
            for cle, tache in taches.items():
                group.start_soon(un, cle, tache)
    for cle, tache in taches.items():
        resultats.setdefault(
            cle, SourceTimeoutError(tache.source, f"pas de réponse en {delai:g} s.")
        )
    return resultats


def non_configure(source: str) -> SourceNotConfiguredError:
    return SourceNotConfiguredError(source, NON_CONFIGURE[source])


def indisponible(exc: SourceError) -> dict[str, Any]:
    return {
        "disponible": False,
        "source": PROVENANCE.get(exc.source, exc.source),
        "source_libelle": LIBELLES.get(exc.source, exc.source),
        "raison": exc.raison,
        "message": exc.message,
    }


def provenance(source: str, resultat: Resultat, periode: str | None) -> dict[str, Any]:
    """Where a block comes from: source, period, fetch date (``perime``: source down, the last
    copy is shown)."""
    return {
        "disponible": True,
        "source": PROVENANCE[source],
        "source_libelle": LIBELLES[source],
        "periode": periode or resultat.fetched_at.date().isoformat(),
        "date": resultat.fetched_at.isoformat(),
        "perime": resultat.perime,
    }


def aujourdhui() -> date:
    return datetime.now(UTC).date()


def cadre(
    runtime: Runtime, code: str, region: str | None, *, voir_brouillons: bool
) -> dict[str, Any]:
    """422 for a bad code or region, 404 for a fiche the reader may not see; the common keys."""
    code = check_code_rome(code)
    region = check_region(region)
    with runtime.sessions() as session:
        get_detail(session, code, voir_brouillons=voir_brouillons)
    return {
        "code_rome": code,
        "region": region,
        "region_name": REGIONS[region] if region else FRANCE,
    }
