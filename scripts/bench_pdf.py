"""Benchmark the PDF of one fiche on the real ROME export (``make bench``).

Imports the export into a fresh SQLite file, then renders the PDF of a fiche (M1805 by
default): first as an editor (the working copy, watermarked) — the "cold" rendering, which
loads fonts, stylesheet and templates in this process — then, once the fiche is published,
several "warm" renderings as a visitor. Figures are printed, never asserted: the target
(PRODUCT.md §14: PDF of one fiche < 1.5 s) is shown as a comparison.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench_common import on_sqlite, verdict

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


def run(export: Path, code: str, repeats: int) -> dict[str, float]:
    def bench(url: str, workdir: Path) -> dict[str, float]:
        settings = Settings(data_dir=workdir, database_url=url, _env_file=None)  # type: ignore[call-arg]
        runtime = open_runtime(settings, migrate_schema=True)
        try:
            import_rome(runtime.sessions, ImportOptions(source=str(export), download_dir=workdir))
            return _figures(runtime, code, repeats)
        finally:
            runtime.close()

    return on_sqlite(bench)


def main() -> int:
    parser = argparse.ArgumentParser(description="PDF of one fiche: cold and warm timings.")
    parser.add_argument("--export", type=Path, default=DEFAULT_EXPORT, help="ROME CSV folder")
    parser.add_argument("--code", default="M1805", help="fiche to render (default M1805)")
    parser.add_argument("--repeats", type=int, default=5, help="warm renderings")
    args = parser.parse_args()
    if not args.export.is_dir():
        print(f"PDF bench skipped: ROME export not found at {args.export}.")
        return 0
    figures = run(args.export, args.code, args.repeats)
    print(f"PDF of {args.code} (SQLite, real ROME export, target < {TARGET_S} s):")
    for label, key in (("cold (first in process)", "cold"), ("warm median", "warm_median")):
        seconds = figures[key]
        print(f"  {label:<24} {seconds:6.3f} s  {verdict(seconds < TARGET_S)}")
    print(f"  {'warm max':<24} {figures['warm_max']:6.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
