"""The France Travail clients against recorded responses (mocked transport): paging, empty
answers, token refresh, 429 + Retry-After, 5xx retries, timeouts, malformed bodies, cache."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2
import pytest

from agents_metiers.config import Settings
from agents_metiers.services.marche.sources import Marche
from agents_metiers.services.runtime import Runtime
from agents_metiers.sources.http import (
    Politique,
    SourceAuthError,
    SourceFormatError,
    SourceRateLimitedError,
    SourceServerError,
    SourceTimeoutError,
    retry_after_seconds,
)

pytestmark = pytest.mark.anyio
FIXTURES = Path(__file__).parents[1] / "fixtures" / "marche"
OFFRES = json.loads((FIXTURES / "offres_search_M1805_11.json").read_text(encoding="utf-8"))
SEARCH = "/partenaire/offresdemploi/v2/offres/search"
PATIENT = Politique(budget=30, retries=3)
Handler = Callable[[httpx2.Request], httpx2.Response]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Recorder:
    """Answers token requests and hands search requests to ``handler``; records sleeps."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.tokens = 0
        self.requests: list[httpx2.Request] = []
        self.sleeps: list[float] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        if request.url.path.endswith("access_token"):
            self.tokens += 1
            return httpx2.Response(
                200, json={"access_token": f"t{self.tokens}", "expires_in": 1499}
            )
        self.requests.append(request)
        return self.handler(request)

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)


def make_marche(db: Runtime, recorder: Recorder) -> Marche:
    settings = Settings(
        **{
            **db.settings.model_dump(),
            "france_travail_client_id": "id",
            "france_travail_client_secret": "secret",
            "france_travail_auth_url": "https://auth.test/access_token?realm=%2Fpartenaire",
            "france_travail_api_url": "https://api.test/partenaire",
            "_env_file": None,
        }
    )
    transport = httpx2.MockTransport(recorder)
    return Marche(settings, db.sessions, transport=transport, sleep=recorder.sleep)


async def search(marche: Marche, *, debut: int = 0, politique: Politique = PATIENT) -> Any:
    async with marche.client() as http:
        return await marche.offres.rechercher(
            http, code_rome="M1805", region="11", politique=politique, debut=debut
        )


def page(
    status: int, resultats: list[dict[str, Any]], content_range: str | None
) -> httpx2.Response:
    headers = {"Content-Range": content_range} if content_range else {}
    return httpx2.Response(status, json={"resultats": resultats}, headers=headers)


async def test_a_complete_answer_gives_the_offers_and_their_total(db: Runtime) -> None:
    recorder = Recorder(lambda r: page(200, OFFRES["resultats"], "offres 0-11/12"))
    result = await search(make_marche(db, recorder))
    assert result.payload["total"] == 12
    assert len(result.payload["resultats"]) == 12
    sent = recorder.requests[0]
    assert sent.url.params["range"] == "0-149"
    assert sent.url.params["region"] == "11" and sent.url.params["codeROME"] == "M1805"
    assert sent.headers["authorization"] == "Bearer t1"


async def test_a_partial_answer_reads_the_total_from_content_range(db: Runtime) -> None:
    recorder = Recorder(lambda r: page(206, OFFRES["resultats"][:2], "offres 150-299/612"))
    result = await search(make_marche(db, recorder), debut=150)
    assert result.payload["total"] == 612
    assert recorder.requests[0].url.params["range"] == "150-299"


async def test_no_content_means_zero_offers(db: Runtime) -> None:
    result = await search(make_marche(db, Recorder(lambda r: httpx2.Response(204))))
    assert result.payload == {"total": 0, "resultats": [], "filtres": {}}


async def test_an_expired_token_is_refreshed_once(db: Runtime) -> None:
    answers = iter([httpx2.Response(401), page(200, [], "offres 0-0/0")])
    recorder = Recorder(lambda r: next(answers))
    await search(make_marche(db, recorder))
    assert recorder.tokens == 2
    assert [r.headers["authorization"] for r in recorder.requests] == ["Bearer t1", "Bearer t2"]


async def test_a_token_refused_twice_is_an_access_error(db: Runtime) -> None:
    recorder = Recorder(lambda r: httpx2.Response(401))
    with pytest.raises(SourceAuthError, match="Offres d'emploi"):
        await search(make_marche(db, recorder))


async def test_too_many_requests_waits_retry_after_then_succeeds(db: Runtime) -> None:
    answers = iter([httpx2.Response(429, headers={"Retry-After": "2"}), page(200, [], None)])
    recorder = Recorder(lambda r: next(answers))
    result = await search(make_marche(db, recorder))
    assert recorder.sleeps == [2.0]
    assert result.payload["total"] == 0


async def test_a_retry_after_beyond_the_budget_fails_at_once(db: Runtime) -> None:
    recorder = Recorder(lambda r: httpx2.Response(429, headers={"Retry-After": "120"}))
    with pytest.raises(SourceRateLimitedError) as caught:
        await search(make_marche(db, recorder), politique=Politique(budget=1, retries=3))
    assert caught.value.retry_after == 120
    assert recorder.sleeps == []


async def test_a_server_error_is_retried_with_backoff(db: Runtime) -> None:
    answers = iter([httpx2.Response(500), httpx2.Response(503), page(200, [], None)])
    recorder = Recorder(lambda r: next(answers))
    await search(make_marche(db, recorder))
    assert recorder.sleeps == [0.25, 0.5]


async def test_server_errors_beyond_the_retries_name_the_source(db: Runtime) -> None:
    recorder = Recorder(lambda r: httpx2.Response(502))
    with pytest.raises(SourceServerError, match=r"Offres d'emploi v2.*HTTP 502"):
        await search(make_marche(db, recorder), politique=Politique(budget=30, retries=2))
    assert len(recorder.requests) == 3


async def test_a_timeout_is_a_typed_error(db: Runtime) -> None:
    def slow(request: httpx2.Request) -> httpx2.Response:
        raise httpx2.ReadTimeout("lent", request=request)

    with pytest.raises(SourceTimeoutError, match="délai"):
        await search(make_marche(db, Recorder(slow)), politique=Politique(budget=5, retries=0))


@pytest.mark.parametrize(
    "response",
    [
        httpx2.Response(200, content=b"<html>maintenance</html>"),
        httpx2.Response(200, json={"resultats": "aucun"}),
        httpx2.Response(206, json={"resultats": []}),
        httpx2.Response(206, json={"resultats": []}, headers={"Content-Range": "n/a"}),
    ],
)
async def test_a_malformed_body_is_a_format_error_and_is_not_cached(
    db: Runtime, response: httpx2.Response
) -> None:
    recorder = Recorder(lambda r: response)
    marche = make_marche(db, recorder)
    with pytest.raises(SourceFormatError):
        await search(marche)
    with pytest.raises(SourceFormatError):
        await search(marche)
    assert len(recorder.requests) == 2


async def test_the_cache_survives_a_new_marche_on_the_same_database(db: Runtime) -> None:
    recorder = Recorder(lambda r: page(200, OFFRES["resultats"], "offres 0-11/12"))
    await search(make_marche(db, recorder))
    again = await search(make_marche(db, recorder))  # a restart: new objects, same database
    assert again.depuis_cache is True
    assert len(recorder.requests) == 1


async def test_invalid_credentials_say_so(db: Runtime) -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(400, json={"error": "invalid_client"})

    settings = make_marche(db, Recorder(handler)).settings
    marche = Marche(settings, db.sessions, transport=httpx2.MockTransport(handler))
    with pytest.raises(SourceAuthError, match="identifiants refusés"):
        await search(marche)


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("demain") is None
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
