"""Benchmark the single write path of fiches (``make bench``): edits per second, alone and racing.

On the real ROME export, PATCH-equivalent edits (``edition.modifier``: lock, new revision,
audit event, commit) are run

- one after the other on distinct fiches (the cost of one write);
- from 16 threads on 16 distinct fiches (writers that do not share a row);
- from 16 threads on ONE fiche, without ``version`` (the lock serializes them: every edit must
  be applied, numbered without gaps, and none may fail).

Figures are printed, never asserted; a failed edit or a gap in the revision numbers stops
the run.
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench_common import DEFAULT_POSTGRES_URL, BenchError, Latencies, on_postgres, on_sqlite
from sqlalchemy import select

from agents_metiers.config import Settings
from agents_metiers.domain.users import Role
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.edition import modifier
from agents_metiers.services.fiches.inputs import FicheUpdate
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime, open_runtime
from agents_metiers.storage.tables import FicheRow, RevisionRow

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "rome" / "v460"
EDITEUR = Auteur(nom="bench", acteur="humain", role=Role.EDITEUR)
THREADS = 16


def _edit(runtime: Runtime, code: str, text: str) -> float:
    started = time.perf_counter()
    with runtime.sessions() as session:
        modifier(session, code, FicheUpdate(description=text), EDITEUR)
    return (time.perf_counter() - started) * 1000


def _run_all(
    runtime: Runtime, jobs: list[tuple[str, str]], threads: int
) -> tuple[float, Latencies]:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        samples = list(pool.map(lambda job: _edit(runtime, *job), jobs))
    return time.perf_counter() - started, Latencies(samples)


def _check_contiguous(runtime: Runtime, code: str) -> int:
    with runtime.sessions() as session:
        numeros = list(
            session.scalars(
                select(RevisionRow.numero)
                .where(RevisionRow.code_rome == code)
                .order_by(RevisionRow.numero)
            )
        )
        version = session.scalars(select(FicheRow.version).where(FicheRow.code_rome == code))
        current = version.one()
    if numeros != list(range(1, current + 1)):
        raise BenchError(f"revision numbers of {code} are not contiguous: {numeros}")
    return current


def _report(label: str, count: int, elapsed: float, latencies: Latencies) -> None:
    print(
        f"  {label:<34} {count} edits in {elapsed:.2f} s = {count / elapsed:.0f} edits/s; "
        f"latency median {latencies.median:.1f} ms, p95 {latencies.p95:.1f} ms"
    )


def run(url: str, workdir: Path, *, source: Path, edits: int) -> None:
    settings = Settings(
        database_url=url, data_dir=workdir, environment="test", jobs_in_app=False, _env_file=None
    )  # type: ignore[call-arg]
    runtime = open_runtime(settings, migrate_schema=True)
    try:
        import_rome(runtime.sessions, ImportOptions(source=str(source), download_dir=workdir))
        with runtime.sessions() as session:
            codes = list(
                session.scalars(
                    select(FicheRow.code_rome).order_by(FicheRow.code_rome).limit(edits)
                )
            )
        alone = [(code, f"Texte seul {code}.") for code in codes]
        _report("sequential, distinct fiches", len(alone), *_run_all(runtime, alone, 1))
        spread = [(code, f"Texte parallèle {code}.") for code in codes]
        _report(
            f"{THREADS} threads, distinct fiches", len(spread), *_run_all(runtime, spread, THREADS)
        )
        target = codes[0]
        before = _check_contiguous(runtime, target)
        same = [(target, f"Texte concurrent n° {i}.") for i in range(edits)]
        _report(f"{THREADS} threads, one fiche", len(same), *_run_all(runtime, same, THREADS))
        after = _check_contiguous(runtime, target)
        print(f"  one fiche: {after - before} revisions added for {len(same)} edits, no gap")
    finally:
        runtime.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES_URL)
    args = parser.parse_args()
    if not args.source.is_dir():
        sys.exit(f"ROME export not found: {args.source}")

    def one(url: str, workdir: Path) -> None:
        run(url, workdir, source=args.source, edits=args.edits)

    try:
        print("SQLite")
        on_sqlite(one)
        print("PostgreSQL")
        on_postgres(args.postgres, "am_bench_ecriture", one)
    except BenchError as exc:
        sys.exit(f"bench failed: {exc}")


if __name__ == "__main__":
    main()
