"""Benchmark batch orchestration (``make bench``): 300 AI enrichments at concurrency 16.

A stub OpenAI-compatible server (``tests/support/fake_openai.py``, in its own process) answers
every call after a fixed delay. The product enriches 300 fiches of the real ROME export through
its real path: the embedded job worker, the rédacteur agent, the real OpenAI client over local
HTTP, and one revision + audit event per fiche. The ideal time is 300 / 16 × delay (the
provider's own latency); PRODUCT.md §14 asks for an overhead under 10 %.

Our side costs a roughly fixed CPU time per fiche (building the request, parsing the answer,
writing the revision), so the overhead shrinks as the provider's latency grows: the run is
repeated for each ``--delays`` value (default 1 s, an unrealistically fast provider, and 3 s,
still faster than a real enrichment call).

Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2
from bench_common import DEFAULT_POSTGRES_URL, BenchError, on_postgres, on_sqlite, verdict
from sqlalchemy import func, select

from agents_metiers.config import Settings
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.jobs.lifecycle import JobCreate, creer_job, job_detail
from agents_metiers.services.jobs.workers import EmbeddedWorker
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import open_runtime
from agents_metiers.storage.tables import FicheRow, RevisionRow

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "rome" / "v460"
FAKE = ROOT / "tests" / "support" / "fake_openai.py"
OVERHEAD_TARGET = 0.10
BENCH = Auteur(nom="bench", acteur="systeme")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_fake(delay: float) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, str(FAKE), "--port", str(port), "--delay", str(delay)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx2.get(f"{base}/chat/completions", timeout=1)  # 405 at once: it is up
            return process, base
        except httpx2.TransportError:
            time.sleep(0.1)
    process.kill()
    raise BenchError("the stub OpenAI server did not start")


def run(
    url: str,
    workdir: Path,
    *,
    source: Path,
    fiches: int,
    concurrency: int,
    delay: float,
    base_url: str,
) -> dict[str, float]:
    settings = Settings(
        data_dir=workdir,
        database_url=url,
        llm_model="openai:stub",
        llm_base_url=base_url,
        llm_max_concurrency=concurrency,
        llm_provider_retries=0,
        jobs_concurrency=concurrency,
        jobs_in_app=False,
        _env_file=None,
    )  # type: ignore[call-arg]
    runtime = open_runtime(settings, migrate_schema=True)
    try:
        import_rome(runtime.sessions, ImportOptions(source=str(source), download_dir=workdir))
        with runtime.sessions() as session:
            codes = list(
                session.scalars(
                    select(FicheRow.code_rome).order_by(FicheRow.code_rome).limit(fiches)
                )
            )
            revisions_before = session.scalar(select(func.count()).select_from(RevisionRow)) or 0
            job_id = creer_job(runtime, session, JobCreate(type="enrich", codes=codes), BENCH).id
        started = time.perf_counter()
        asyncio.run(EmbeddedWorker(runtime, concurrency=concurrency).run(until_idle=True))
        elapsed = time.perf_counter() - started
        with runtime.sessions() as session:
            job = job_detail(session, job_id, with_items=False)
            revisions = session.scalar(select(func.count()).select_from(RevisionRow)) or 0
        if job.done != len(codes):
            raise BenchError(f"{job.failed} enrichment(s) failed: {job}")
        return {
            "elapsed": elapsed,
            "ideal": len(codes) / concurrency * delay,
            "revisions": revisions - revisions_before,
            "fiches": len(codes),
        }
    finally:
        runtime.close()


def report(backend: str, figures: dict[str, float]) -> None:
    overhead = figures["elapsed"] / figures["ideal"] - 1
    print(
        f"{backend:<11} {int(figures['fiches'])} fiches: {figures['elapsed']:.2f} s "
        f"(ideal {figures['ideal']:.2f} s, overhead {overhead:+.1%}, target < "
        f"{OVERHEAD_TARGET:.0%}: {verdict(overhead < OVERHEAD_TARGET)}); "
        f"{int(figures['revisions'])} revisions written"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--fiches", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument(
        "--delays",
        default="1,3",
        help="stub provider latencies to try, in seconds (comma-separated)",
    )
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES_URL)
    args = parser.parse_args()
    if not args.source.is_dir():
        sys.exit(f"ROME export not found: {args.source}")
    for delay in (float(value) for value in args.delays.split(",")):
        fake, base_url = _start_fake(delay)
        try:
            options = {
                "source": args.source,
                "fiches": args.fiches,
                "concurrency": args.concurrency,
                "delay": delay,
                "base_url": base_url,
            }
            print(f"Stub provider: {delay} s per call; concurrency {args.concurrency}")
            one = functools.partial(run, **options)
            report("SQLite", on_sqlite(one))
            figures = on_postgres(args.postgres, "am_bench_jobs", one)
            if figures is not None:
                report("PostgreSQL", figures)
        except BenchError as exc:
            sys.exit(f"bench failed: {exc}")
        finally:
            fake.terminate()
            fake.wait(timeout=10)


if __name__ == "__main__":
    main()
