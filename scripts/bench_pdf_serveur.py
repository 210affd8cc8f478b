"""The PDF route under load, through a real server (part of ``bench_pdf.py``).

Starts ``uvicorn`` on 127.0.0.1:8140 on the benchmark's database (a fiche already published)
and measures, as an anonymous visitor:

- repeated requests per second for the same PDF with the cache on (the first one renders);
- the server's memory (RSS, from /proc) before and after 32 requests at concurrency 16 with
  the cache off, so that every request renders through the bounded pool, plus its peak
  (VmHWM) and how the requests were answered (200, or 503 when the queue is full).

The server is stopped afterwards. Figures are printed, never asserted.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx2

PORT = 8140
BASE = f"http://127.0.0.1:{PORT}"


@dataclass(frozen=True)
class Charge:
    rss_avant_mb: float
    rss_apres_mb: float
    pic_mb: float
    statuts: dict[int, int]
    duree_s: float


def _memoire_mb(pid: int, champ: str) -> float:
    for ligne in Path(f"/proc/{pid}/status").read_text().splitlines():
        if ligne.startswith(champ + ":"):
            return int(ligne.split()[1]) / 1024
    return float("nan")


@contextmanager
def serveur(database_url: str, data_dir: Path, **reglages: str) -> Iterator[int]:
    """uvicorn serving the app on PORT; yields its pid once /health answers."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATA_DIR": str(data_dir),
        "JOBS_IN_APP": "false",
        "LLM_MODEL": "",
        "RATE_LIMIT_PDF_ANONYMOUS": "100000/minute",
        **{k.upper(): v for k, v in reglages.items()},
    }
    commande = [sys.executable, "-m", "uvicorn", "agents_metiers.web.app:app_from_environment"]
    commande += ["--factory", "--host", "127.0.0.1", "--port", str(PORT), "--log-level", "warning"]
    process = subprocess.Popen(commande, env=env)
    try:
        _attendre(process)
        yield process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def _attendre(process: subprocess.Popen[bytes]) -> None:
    limite = time.monotonic() + 60
    while time.monotonic() < limite:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped at start-up (code {process.returncode})")
        try:
            if httpx2.get(f"{BASE}/health", timeout=1).status_code == 200:
                return
        except httpx2.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not answer /health within 60 s")


async def _rafale(url: str, total: int, concurrence: int) -> Counter[int]:
    statuts: Counter[int] = Counter()
    file: asyncio.Queue[int] = asyncio.Queue()
    for i in range(total):
        file.put_nowait(i)
    async with httpx2.AsyncClient(base_url=BASE, timeout=300) as http:

        async def client() -> None:
            while not file.empty():
                file.get_nowait()
                statuts[(await http.get(url)).status_code] += 1

        await asyncio.gather(*(client() for _ in range(concurrence)))
    return statuts


def requetes_par_seconde(database_url: str, data_dir: Path, code: str, total: int) -> float:
    """Repeated requests for the same public PDF, cache on, 4 at a time."""
    url = f"/api/fiches/{code}/pdf"
    with serveur(database_url, data_dir, pdf_cache="true"):
        asyncio.run(_rafale(url, 1, 1))  # renders and fills the cache
        debut = time.perf_counter()
        statuts = asyncio.run(_rafale(url, total, 4))
        duree = time.perf_counter() - debut
    if set(statuts) != {200}:
        raise RuntimeError(f"unexpected answers with the cache: {dict(statuts)}")
    return total / duree


def charge(database_url: str, data_dir: Path, code: str, *, file_max: int) -> Charge:
    """32 requests at concurrency 16, cache off: every request renders (PDF_QUEUE_MAX)."""
    url = f"/api/fiches/{code}/pdf"
    reglages = {"pdf_cache": "false", "pdf_queue_max": str(file_max)}
    with serveur(database_url, data_dir, **reglages) as pid:
        asyncio.run(_rafale(url, 1, 1))  # the process has rendered once, like a warm server
        avant = _memoire_mb(pid, "VmRSS")
        debut = time.perf_counter()
        statuts = asyncio.run(_rafale(url, 32, 16))
        duree = time.perf_counter() - debut
        apres, pic = _memoire_mb(pid, "VmRSS"), _memoire_mb(pid, "VmHWM")
    return Charge(avant, apres, pic, dict(statuts), duree)
