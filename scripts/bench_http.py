"""Benchmark the real HTTP server under concurrent load on the real ROME export (``make bench``).

Builds a throwaway SQLite database (the v460 export imported, 300 fiches published through the
workflow service), then for 1 and 2 server workers starts the real server on 127.0.0.1
(``uvicorn agents_metiers.web.app:app_from_environment --factory --workers N``, ports
8110–8119, stopped afterwards) and sends a fixed number of anonymous requests with a bounded
load generator (httpx2 async, ``concurrency`` requests in flight, stops by itself):

* ``page``: the public fiche page ``/fiches/{code}``, over the published fiches;
* ``search``: ``GET /api/fiches?search=`` with words of the published names;
* ``json``: one published fiche's ``GET /api/fiches/{code}``.

Printed for concurrency 1, 8 and 32: requests per second, p50 and p99 latency (client side),
and the server's CPU time per request (from /proc: it does not depend on the machine's other
load, unlike the rest). The load generator shares the machine with the server: figures are
the pair's, printed and never asserted. Run it under ``PYTHONPATH=<other checkout>/src``
to measure another version with the same script.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import anyio
import httpx2
from bench_api import publish
from bench_common import BenchError, on_sqlite
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.storage.db import make_engine, migrate
from agents_metiers.storage.tables import FicheRow

DEFAULT_SOURCE = Path(__file__).resolve().parents[2] / "shared" / "rome" / "v460"
PUBLISHED = 300
SEED = 460
PORTS = range(8110, 8120)
CONCURRENCIES = (1, 8, 32)
STARTUP_SECONDS = 120.0


@dataclass(frozen=True)
class Figures:
    requests: int
    seconds: float
    samples_ms: list[float]
    server_cpu_seconds: float

    @property
    def cpu_ms_per_request(self) -> float:
        """Server CPU time per request: unlike requests/s, it does not depend on what else
        the machine runs."""
        return self.server_cpu_seconds * 1000 / self.requests

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    @property
    def p50(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p99(self) -> float:
        return statistics.quantiles(self.samples_ms, n=100, method="inclusive")[98]


def prepare(database_url: str, workdir: Path, source: Path) -> list[tuple[str, str]]:
    """Import the export, publish a fixed sample; the published (code, name) pairs."""
    engine = make_engine(database_url)
    try:
        migrate(engine)
        sessions = sessionmaker(engine, expire_on_commit=False)
        import_rome(sessions, ImportOptions(source=str(source), download_dir=workdir))
        with sessions() as session:
            rows = list(session.execute(select(FicheRow.code_rome, FicheRow.nom_epicene)))
        sample = random.Random(SEED).sample(sorted(rows), min(PUBLISHED, len(rows)))
        publish(sessions, [code for code, _ in sample])
        return sorted(sample)
    finally:
        engine.dispose()


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise BenchError(f"no free port in {PORTS.start}–{PORTS.stop - 1}")


def server_cpu_seconds(group: int) -> float:
    """CPU time (user + system) used so far by the processes of ``group`` (Linux /proc)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        if int(fields[2]) == group:  # pgrp
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


@contextmanager
def server(database_url: str, workdir: Path, workers: int) -> Iterator[tuple[str, int]]:
    """The real server on a local port, with ``workers`` processes; yields its base URL and
    its process group."""
    port = _free_port()
    env = os.environ | {
        "DATABASE_URL": database_url,
        "DATA_DIR": str(workdir / "data"),
        "ENVIRONMENT": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "JOBS_IN_APP": "false",
        "LOG_LEVEL": "WARNING",
        "LLM_MODEL": "",
    }
    command = [
        sys.executable, "-m", "uvicorn", "agents_metiers.web.app:app_from_environment",
        "--factory", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(base, process)
        yield base, process.pid
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def _wait_until_healthy(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"the server stopped at start-up (code {process.returncode})")
        try:
            if httpx2.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx2.TransportError:
            pass
        time.sleep(0.3)
    raise BenchError(f"the server did not answer /health within {STARTUP_SECONDS:.0f} s")


async def load(base: str, group: int, paths: Sequence[str], concurrency: int) -> Figures:
    """Send every path once, ``concurrency`` at a time; stops when all are answered."""
    samples: list[float] = []
    queue = iter(paths)
    limits = httpx2.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async with httpx2.AsyncClient(base_url=base, limits=limits, timeout=60) as http:
        await http.get(paths[0])  # warm-up

        async def user() -> None:
            for path in queue:
                start = time.perf_counter()
                response = await http.get(path)
                samples.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise BenchError(f"{path} → {response.status_code}")

        cpu, start = server_cpu_seconds(group), time.perf_counter()
        async with anyio.create_task_group() as tasks:
            for _ in range(concurrency):
                tasks.start_soon(user)
        elapsed = time.perf_counter() - start
    return Figures(len(samples), elapsed, samples, server_cpu_seconds(group) - cpu)


def scenarios(published: list[tuple[str, str]], requests: int) -> dict[str, list[str]]:
    rng = random.Random(SEED)
    codes = [code for code, _ in published]
    words = [w for _, name in published for w in name.split() if len(w) > 4]
    return {
        "page": [f"/fiches/{rng.choice(codes)}" for _ in range(requests)],
        "search": [f"/api/fiches?search={rng.choice(words)}" for _ in range(requests)],
        "json": [f"/api/fiches/{codes[0]}"] * requests,
    }


def _published(database_url: str, workdir: Path, args: argparse.Namespace) -> list[tuple[str, str]]:
    """Build the database, or copy the one kept by an earlier run (``--cache``)."""
    target = Path(make_url(database_url).database or "")
    cache: Path | None = args.cache
    if cache is not None and cache.exists():
        shutil.copyfile(cache, target)
        engine = make_engine(database_url)
        try:
            with engine.connect() as connection:
                query = select(FicheRow.code_rome, FicheRow.nom_epicene).where(
                    FicheRow.version_publiee.is_not(None)
                )
                return sorted((code, name) for code, name in connection.execute(query))
        finally:
            engine.dispose()
    published = prepare(database_url, workdir, args.source)
    if cache is not None:
        shutil.copyfile(target, cache)
    return published


def run(
    database_url: str, workdir: Path, args: argparse.Namespace
) -> dict[tuple[int, str, int], Figures]:
    published = _published(database_url, workdir, args)
    figures = {}
    for workers in args.workers:
        with server(database_url, workdir, workers) as (base, group):
            for name, paths in scenarios(published, args.requests).items():
                if name not in args.only:
                    continue
                for concurrency in args.concurrency:
                    result = anyio.run(load, base, group, paths, concurrency)
                    figures[(workers, name, concurrency)] = result
                    print(
                        f"  workers {workers}  {name:6}  c={concurrency:<3} "
                        f"{result.per_second:7.0f} req/s   p50 {result.p50:7.2f} ms   "
                        f"p99 {result.p99:7.2f} ms   server CPU "
                        f"{result.cpu_ms_per_request:6.2f} ms/request",
                        flush=True,
                    )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--requests", type=int, default=1000, help="per scenario and level")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--concurrency", type=int, nargs="+", default=list(CONCURRENCIES))
    parser.add_argument("--only", nargs="+", default=["page", "search", "json"])
    parser.add_argument(
        "--cache", type=Path, help="SQLite file kept between runs (copied, never served)"
    )
    args = parser.parse_args()
    if not args.source.is_dir():
        print(f"ROME export not found: {args.source}", file=sys.stderr)
        return 1
    print("SQLite — anonymous requests to the real server (client-side figures):", flush=True)
    try:
        on_sqlite(lambda url, tmp: run(url, tmp, args))
    except BenchError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
