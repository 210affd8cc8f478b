"""Benchmark the skills-based transitions on the real ROME export (``make bench``).

On a fresh SQLite file (and PostgreSQL unless ``--no-postgres``) it imports the export, then:

* times ``recalculer_transitions`` alone (the precompute the import and a sync run);
* prints the recall@10 of the stored transitions against the ROME mobility list, on the
  tuning half (even CRC32 of the code) and on the report half — the similarity never reads
  the mobility list, it is only the yardstick (docs/explorer.md) — and, for comparison,
  that of the skills similarity alone (without the re-ranking of its candidates);
* publishes a fixed sample of 200 fiches and times ``GET /api/fiches/{code}/transitions``
  through the real ASGI app, anonymously (published only) and as an editor.

Figures are printed, never asserted; the target (p95 < 50 ms) is shown as a comparison.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
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
from sqlalchemy.orm import Session, sessionmaker

from agents_metiers.config import Settings
from agents_metiers.domain.similarite import Similarite
from agents_metiers.services.comptes.auth import issue_access_token
from agents_metiers.services.comptes.users import create_user
from agents_metiers.services.exploration.mesure import rappel, rappel_mobilites
from agents_metiers.services.exploration.profils import charger_profils
from agents_metiers.services.exploration.transitions import (
    RapportTransitions,
    recalculer_transitions,
)
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage import exploration as store
from agents_metiers.storage.db import make_engine, migrate
from agents_metiers.storage.tables import FicheRow
from agents_metiers.web.app import create_app

DEFAULT_SOURCE = Path(__file__).resolve().parents[2] / "shared" / "rome" / "v460"
SAMPLE = 200
SEED = 460
TARGET_MS = 50.0
TARGET_RECALL = 0.40


async def _timed(
    http: httpx2.AsyncClient, paths: Sequence[str], headers: dict[str, str]
) -> tuple[Latencies, Latencies]:
    """Wall time and CPU time of this process (all threads) per request, in ms: on a shared
    machine the wall time also counts the waits for a core."""
    await http.get(paths[0], headers=headers)  # warm-up
    murs, cpus = [], []
    for path in paths:
        start, start_cpu = time.perf_counter(), time.process_time()
        response = await http.get(path, headers=headers)
        murs.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - start_cpu) * 1000)
        if response.status_code != 200:
            raise BenchError(f"{path} → {response.status_code}")
    return Latencies(murs), Latencies(cpus)


def _requests(
    runtime: Runtime, sample: list[str], token: str
) -> dict[str, tuple[Latencies, Latencies]]:
    paths = [f"/api/fiches/{code}/transitions?limit=10" for code in sample]

    async def measure() -> dict[str, tuple[Latencies, Latencies]]:
        app = create_app(runtime.settings, runtime=runtime)
        transport = httpx2.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx2.AsyncClient(transport=transport, base_url="http://bench") as http,
        ):
            return {
                "transitions (public)": await _timed(http, paths, {}),
                "transitions (editor)": await _timed(
                    http, paths, {"Authorization": f"Bearer {token}"}
                ),
            }

    return anyio.run(measure)


def _rappels_sans_reclassement(session: Session) -> list[float]:
    profils = charger_profils(session)
    similarite = Similarite(profils, reclasser=False)
    voisins = {
        p.code_rome: [v.code_rome for v in similarite.plus_proches(p.code_rome, 10)]
        for p in profils
    }
    mobilites = store.mobilites(session=session)
    return [rappel(voisins, mobilites, demi=demi) for demi in (0, 1)]


@dataclass(frozen=True)
class Figures:
    rapport: RapportTransitions
    rappels: list[float]  # tuning half, report half
    rappels_sans_reclassement: list[float]  # the skills similarity alone
    latences: dict[str, tuple[Latencies, Latencies]]  # wall, CPU


def run(database_url: str, workdir: Path, source: Path) -> Figures:
    engine = make_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        migrate(engine)
        sessions = sessionmaker(engine, expire_on_commit=False)
        import_rome(sessions, ImportOptions(source=str(source), download_dir=workdir))
        with sessions.begin() as session:
            rapport = recalculer_transitions(session)
        with sessions() as session:
            rappels = [rappel_mobilites(session, demi=demi) for demi in (0, 1)]
            sans_reclassement = _rappels_sans_reclassement(session)
            codes = sorted(session.scalars(select(FicheRow.code_rome)))
        sample = random.Random(SEED).sample(codes, min(SAMPLE, len(codes)))
        publish(sessions, sample)
        settings = Settings(
            data_dir=workdir, database_url=database_url, environment="test", _env_file=None
        )  # type: ignore[call-arg]
        editor = create_user(
            sessions, email="bench@exemple.fr", password="MotDePasse123", role="editeur", name=None
        )
        runtime = Runtime(settings=settings, engine=engine, sessions=sessions)
        latences = _requests(runtime, sample, issue_access_token(editor, settings))
        return Figures(rapport, rappels, sans_reclassement, latences)
    finally:
        engine.dispose()


def report(backend: str, figures: Figures) -> None:
    rapport, rappels = figures.rapport, figures.rappels
    print(f"\n{backend} — skills-based transitions:")
    print(
        f"  precompute: {rapport.fiches} fiches, {rapport.lignes} rows in {rapport.secondes:.1f} s"
        f" (CPU {rapport.secondes_cpu:.1f} s)"
    )
    print(
        f"  ROME-mobility recall@10: tuning half {rappels[0]:.1%}, report half {rappels[1]:.1%}"
        f"   target ≥ {TARGET_RECALL:.0%}: {verdict(rappels[1] >= TARGET_RECALL)}"
    )
    sans = figures.rappels_sans_reclassement
    print(
        f"  (skills similarity alone, without the re-ranking: tuning half {sans[0]:.1%},"
        f" report half {sans[1]:.1%})"
    )
    for name, (mur, cpu) in figures.latences.items():
        print(
            f"  {name.ljust(22)}  wall p50 {mur.median:7.2f}  p95 {mur.p95:7.2f}"
            f"   CPU p50 {cpu.median:6.2f}  p95 {cpu.p95:6.2f}"
            f"   target p95 < {TARGET_MS:.0f}: {verdict(mur.p95 < TARGET_MS)}"
        )


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
                args.postgres_url,
                "am_bench_exploration",
                lambda url, tmp: run(url, tmp, args.source),
            )
            if figures is not None:
                report("PostgreSQL", figures)
    except BenchError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
