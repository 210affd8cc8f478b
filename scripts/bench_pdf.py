"""Benchmark the PDF of one fiche on the real ROME export (``make bench``).

Imports the export into a fresh SQLite file, then renders the PDF of a fiche (M1805 by
default): first as an editor (the working copy, watermarked) — the "cold" rendering, which
loads fonts, stylesheet and templates in this process — then, once the fiche is published,
several "warm" renderings as a visitor. Figures are printed, never asserted: the target
(PRODUCT.md §14: PDF of one fiche < 1.5 s) is shown as a comparison. Then, through a real
server on 127.0.0.1:8140 (``bench_pdf_serveur``): repeated requests per second for the same
public PDF (disk cache), and the server's memory under 32 requests at concurrency 16 with the
cache off (bounded rendering pool; default queue, then a queue long enough for all).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench_common import on_sqlite, verdict
from bench_pdf_serveur import Charge, charge, requetes_par_seconde

from agents_metiers.config import Settings
from agents_metiers.domain.users import Role
from agents_metiers.domain.workflow import Action
from agents_metiers.rendering.pdf import rendre_pdf
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.workflow import transitionner
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime, open_runtime

DEFAULT_EXPORT = Path(__file__).resolve().parents[2] / "shared" / "rome" / "v460"
TARGET_S = 1.5


def _seconds(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def _figures(runtime: Runtime, code: str, repeats: int) -> dict[str, float]:
    cold = _seconds(lambda: rendre_pdf(runtime, code, voir_brouillons=True))
    with runtime.sessions() as session:
        admin = Auteur(nom="bench", role=Role.ADMIN)
        transitionner(session, code, Action.PUBLIER, admin, motif="benchmark", force=True)
    warm = [
        _seconds(lambda: rendre_pdf(runtime, code, voir_brouillons=False)) for _ in range(repeats)
    ]
    return {"cold": cold, "warm_median": statistics.median(warm), "warm_max": max(warm)}


Figures = tuple[dict[str, float], float, dict[str, Charge]]


def run(export: Path, code: str, repeats: int) -> Figures:
    def bench(url: str, workdir: Path) -> Figures:
        settings = Settings(data_dir=workdir, database_url=url, _env_file=None)  # type: ignore[call-arg]
        runtime = open_runtime(settings, migrate_schema=True)
        try:
            import_rome(runtime.sessions, ImportOptions(source=str(export), download_dir=workdir))
            timings = _figures(runtime, code, repeats)
        finally:
            runtime.close()
        par_s = requetes_par_seconde(url, workdir, code, total=200)
        charges = {
            "queue 8 (default)": charge(url, workdir, code, file_max=8),
            "queue 32": charge(url, workdir, code, file_max=32),
        }
        return timings, par_s, charges

    return on_sqlite(bench)


def _print_server(par_s: float, charges: dict[str, Charge]) -> None:
    print("PDF route through uvicorn on 127.0.0.1:8140 (anonymous, PDF_WORKERS=2):")
    print(f"  repeated PDF, cache on      {par_s:8.1f} requests/s (200 requests, 4 at a time)")
    for label, c in charges.items():
        statuts = ", ".join(f"{n}× {code}" for code, n in sorted(c.statuts.items()))
        print(
            f"  32 at concurrency 16, cache off, {label}: RSS {c.rss_avant_mb:.0f} → "
            f"{c.rss_apres_mb:.0f} MB (+{c.rss_apres_mb - c.rss_avant_mb:.0f} MB, peak "
            f"{c.pic_mb:.0f} MB), {c.duree_s:.1f} s, answers: {statuts}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description="PDF of one fiche: cold and warm timings.")
    parser.add_argument("--export", type=Path, default=DEFAULT_EXPORT, help="ROME CSV folder")
    parser.add_argument("--code", default="M1805", help="fiche to render (default M1805)")
    parser.add_argument("--repeats", type=int, default=5, help="warm renderings")
    args = parser.parse_args()
    if not args.export.is_dir():
        print(f"PDF bench skipped: ROME export not found at {args.export}.")
        return 0
    figures, par_s, charges = run(args.export, args.code, args.repeats)
    print(f"PDF of {args.code} (SQLite, real ROME export, target < {TARGET_S} s):")
    for label, key in (("cold (first in process)", "cold"), ("warm median", "warm_median")):
        seconds = figures[key]
        print(f"  {label:<24} {seconds:6.3f} s  {verdict(seconds < TARGET_S)}")
    print(f"  {'warm max':<24} {figures['warm_max']:6.3f} s")
    _print_server(par_s, charges)
    return 0


if __name__ == "__main__":
    sys.exit(main())
