"""HTTP figures for ``bench_search.py``: the same queries through the real ASGI app.

Measured in process (httpx2's ASGI transport, no network), one request at a time, each
through the whole stack — routing, authentication, visibility, search, JSON:

* ``GET /api/fiches?search=`` and ``GET /api/fiches/autocomplete`` as an editor;
* ``GET /api/fiches/{code}`` for the 200 fiches of the queries, as an editor (working copy)
  and anonymously (published snapshot: those fiches are published first);
* ``GET /api/fiches?limit=50&offset=…`` (list pages), as an editor and anonymously.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from pathlib import Path

import anyio
import httpx2
from bench_common import Latencies
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from agents_metiers.config import Settings
from agents_metiers.domain.users import Role
from agents_metiers.domain.workflow import Action
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.comptes.auth import issue_access_token
from agents_metiers.services.comptes.users import create_user
from agents_metiers.services.fiches.workflow import transitionner
from agents_metiers.services.runtime import Runtime
from agents_metiers.web.app import create_app


def publish(sessions: sessionmaker[Session], codes: Sequence[str]) -> None:
    admin = Auteur(nom="bench", role=Role.ADMIN)
    for code in dict.fromkeys(codes):
        with sessions() as session:
            transitionner(session, code, Action.PUBLIER, admin, motif="benchmark", force=True)


Request = tuple[str, dict[str, str | int], dict[str, str]]  # path, params, headers


async def _timed(client: httpx2.AsyncClient, requests: Sequence[Request]) -> Latencies:
    path, params, headers = requests[0]
    await client.get(path, params=params, headers=headers)  # warm-up
    samples = []
    for path, params, headers in requests:
        start = time.perf_counter()
        response = await client.get(path, params=params, headers=headers)
        samples.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{response.request.url} → {response.status_code}")
    return Latencies(samples)


def _requests(
    texts: list[str], codes: list[str], editor: dict[str, str]
) -> dict[str, list[Request]]:
    offsets = [random.Random(i).randrange(0, 1500) for i in range(len(codes))]
    public: dict[str, str] = {}
    return {
        "search (editor)": [("/api/fiches", {"search": t, "limit": 20}, editor) for t in texts],
        "autocomplete": [
            ("/api/fiches/autocomplete", {"q": t[: max(3, len(t) * 2 // 3)]}, public) for t in texts
        ],
        "detail (editor)": [(f"/api/fiches/{c}", {}, editor) for c in codes],
        "detail (public)": [(f"/api/fiches/{c}", {}, public) for c in codes],
        "list 50 (editor)": [("/api/fiches", {"limit": 50, "offset": o}, editor) for o in offsets],
        "list 50 (public)": [
            ("/api/fiches", {"limit": 50, "offset": o % 150}, public) for o in offsets
        ],
    }


def http_figures(
    engine: Engine, database_url: str, workdir: Path, texts: list[str], codes: list[str]
) -> dict[str, Latencies]:
    """Median and p95 of each kind of request (see the module docstring)."""
    settings = Settings(
        data_dir=workdir,
        database_url=database_url,
        environment="test",
        rate_limit_write="1000000/minute",
        _env_file=None,
    )  # type: ignore[call-arg]
    sessions = sessionmaker(engine, expire_on_commit=False)
    runtime = Runtime(settings=settings, engine=engine, sessions=sessions)
    publish(sessions, codes)
    editor = create_user(
        sessions, email="bench@exemple.fr", password="MotDePasse123", role="editeur", name=None
    )
    plan = _requests(
        texts, codes, {"Authorization": f"Bearer {issue_access_token(editor, settings)}"}
    )

    async def measure() -> dict[str, Latencies]:
        app = create_app(settings, runtime=runtime)
        transport = httpx2.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx2.AsyncClient(transport=transport, base_url="http://bench") as http,
        ):
            return {name: await _timed(http, requests) for name, requests in plan.items()}

    return anyio.run(measure)


def print_http(backend: str, figures: dict[str, Latencies]) -> None:
    print(f"\n{backend} — through the HTTP app (ms):")
    width = max(len(name) for name in figures)
    for name, latencies in figures.items():
        print(f"  {name.ljust(width)}  p50 {latencies.median:6.2f}   p95 {latencies.p95:6.2f}")
