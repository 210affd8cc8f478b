"""Market endpoints without credentials, through the real app (PRODUCT.md §7, issue 5).

Every market route must answer at once with the « indisponible » state when no source is
configured: the target is < 200 ms per request. Measured in process (httpx2 ASGI transport),
on a throwaway SQLite database with the mini ROME fixture imported and M1805 published.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import anyio
import httpx2
from bench_api import publish
from bench_common import Latencies, on_sqlite, verdict

from agents_metiers.config import Settings
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import open_runtime
from agents_metiers.web.app import create_app

ROME_MINI = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "rome_mini"
PATHS = ["regional", "recrutements", "offres", "imt-stats", "alternance"]
REPEATS = 100
TARGET_MS = 200.0


async def _measure(settings: Settings) -> dict[str, Latencies]:
    runtime = open_runtime(settings, migrate_schema=True)
    import_rome(
        runtime.sessions, ImportOptions(source=str(ROME_MINI), download_dir=settings.download_dir)
    )
    publish(runtime.sessions, ["M1805"])
    app = create_app(settings, runtime=runtime)
    figures: dict[str, Latencies] = {}
    async with (
        app.router.lifespan_context(app),
        httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url="http://b") as http,
    ):
        await http.get("/api/fiches/M1805/regional")  # warm-up (first request of the process)
        for path in PATHS:
            samples = []
            for _ in range(REPEATS):
                start = time.perf_counter()
                response = await http.get(f"/api/fiches/M1805/{path}", params={"region": "11"})
                samples.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200 or response.json()["disponible"] is not False:
                    raise RuntimeError(f"{path}: {response.status_code} {response.text[:200]}")
            figures[path] = Latencies(samples)
    runtime.close()
    return figures


def run(url: str, workdir: Path) -> dict[str, Latencies]:
    settings = Settings(database_url=url, data_dir=workdir, environment="test", _env_file=None)  # type: ignore[call-arg]
    return anyio.run(_measure, settings)


def main() -> int:
    figures = on_sqlite(run)
    worst = 0.0
    print("Market endpoints without credentials (ms, SQLite, anonymous, region 11):")
    for path, lat in figures.items():
        worst = max(worst, *lat.samples_ms)
        print(
            f"  {path:13} p50 {lat.median:6.1f}  p95 {lat.p95:6.1f}  max {max(lat.samples_ms):6.1f}"
        )
    met = worst < TARGET_MS
    print(f"every request < {TARGET_MS:.0f} ms: {verdict(met)} (max {worst:.1f} ms)")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
