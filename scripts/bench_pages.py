"""Benchmark the server time of the HTML pages on the real ROME export (``make bench``).

For each backend (SQLite in a fresh temporary file, then PostgreSQL in a database created for
the run and dropped afterwards) it imports the export, publishes a fixed sample of 200 fiches,
then requests through the real ASGI app in process (httpx2, no network, one at a time):

* the fiche page ``/fiches/{code}`` anonymously (published snapshot) and as an editor
  (``access_token`` cookie: working copy, workflow, revisions, automatic checks);
* the catalogue ``/fiches`` (50 lines) and the home page, anonymously.

Market blocks are not part of the page (they load from their own fragment route), so the
figures are the page's own work. Figures are printed, never asserted: the target (PRODUCT.md
§14, fiche page p95 < 150 ms) is shown as a comparison.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import anyio
import httpx2
from bench_api import publish
from bench_common import (
    DEFAULT_POSTGRES_URL,
    BenchError,
    Latencies,
    on_postgres,
    on_sqlite,
    verdict,
)
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from agents_metiers.config import Settings
from agents_metiers.services.comptes.auth import issue_access_token
from agents_metiers.services.comptes.users import create_user
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.db import make_engine, migrate
from agents_metiers.storage.tables import FicheRow
from agents_metiers.web.app import create_app

DEFAULT_SOURCE = Path(__file__).resolve().parents[2] / "shared" / "rome" / "v460"
SAMPLE = 200
SEED = 460
TARGET_MS = 150.0


async def _timed(
    http: httpx2.AsyncClient, paths: Sequence[str], cookies: dict[str, str]
) -> Latencies:
    http.cookies.clear()
    http.cookies.update(cookies)
    await http.get(paths[0])  # warm-up (templates compiled once)
    samples = []
    for path in paths:
        start = time.perf_counter()
        response = await http.get(path)
        samples.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise BenchError(f"{path} → {response.status_code}")
    return Latencies(samples)


def run(database_url: str, workdir: Path, source: Path) -> dict[str, Latencies]:
    engine = make_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        migrate(engine)
        sessions = sessionmaker(engine, expire_on_commit=False)
        import_rome(sessions, ImportOptions(source=str(source), download_dir=workdir))
        with sessions() as session:
            codes = sorted(session.scalars(select(FicheRow.code_rome)))
        sample = random.Random(SEED).sample(codes, min(SAMPLE, len(codes)))
        publish(sessions, sample)
        settings = Settings(
            data_dir=workdir, database_url=database_url, environment="test", _env_file=None
        )  # type: ignore[call-arg]
        editor = create_user(
            sessions, email="bench@exemple.fr", password="MotDePasse123", role="editeur", name=None
        )
        token = issue_access_token(editor, settings)
        runtime = Runtime(settings=settings, engine=engine, sessions=sessions)
        fiches = [f"/fiches/{code}" for code in sample]

        async def measure() -> dict[str, Latencies]:
            app = create_app(settings, runtime=runtime)
            transport = httpx2.ASGITransport(app=app)
            async with (
                app.router.lifespan_context(app),
                httpx2.AsyncClient(transport=transport, base_url="http://bench") as http,
            ):
                return {
                    "fiche page (public)": await _timed(http, fiches, {}),
                    "fiche page (editor)": await _timed(http, fiches, {"access_token": token}),
                    "catalogue 50 (public)": await _timed(http, ["/fiches"] * 50, {}),
                    "home (public)": await _timed(http, ["/"] * 50, {}),
                }

        return anyio.run(measure)
    finally:
        engine.dispose()


def report(backend: str, figures: dict[str, Latencies]) -> None:
    print(f"\n{backend} — page server time through the ASGI app (ms):")
    width = max(len(name) for name in figures)
    for name, lat in figures.items():
        target = ""
        if name.startswith("fiche page"):
            target = f"   target p95 < {TARGET_MS:.0f}: {verdict(lat.p95 < TARGET_MS)}"
        print(f"  {name.ljust(width)}  p50 {lat.median:7.2f}   p95 {lat.p95:7.2f}{target}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    if not args.source.is_dir():
        print(f"ROME export not found: {args.source}", file=sys.stderr)
        return 1
    try:
        report("SQLite", on_sqlite(lambda url, tmp: run(url, tmp, args.source)))
        if not args.no_postgres:
            figures = on_postgres(
                args.postgres_url, "am_bench_pages", lambda url, tmp: run(url, tmp, args.source)
            )
            if figures is not None:
                report("PostgreSQL", figures)
    except BenchError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
