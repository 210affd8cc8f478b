"""Benchmark the command line's start-up (``make bench``): ``agents-metiers --help`` and
``agents-metiers show CODE`` on a SQLite database holding the real ROME export.

Each command runs ``--runs`` times in a fresh process (as a user types it); the median and the
slowest wall-clock times are printed with the median CPU time of the process (user + system),
which a busy machine inflates less. Targets: ``--help`` < 0.5 s, ``show`` < 1 s. Figures are
printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_common import on_sqlite, verdict

from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.storage.db import make_engine, make_sessionmaker, migrate

DEFAULT_SOURCE = Path(__file__).resolve().parents[2] / "shared" / "rome" / "v460"
COMMAND = Path(sys.executable).with_name("agents-metiers")


def _timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of the command in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([str(COMMAND), *args], env=env, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _bench(url: str, workdir: Path, source: Path, code: str, runs: int) -> None:
    engine = make_engine(url)
    migrate(engine)
    import_rome(
        make_sessionmaker(engine),
        ImportOptions(source=str(source), download_dir=workdir / "downloads"),
    )
    engine.dispose()
    env = {**os.environ, "DATABASE_URL": url, "DATA_DIR": str(workdir), "CI": "true"}
    for label, args, target in (("--help", ["--help"], 0.5), (f"show {code}", ["show", code], 1.0)):
        samples = [_timed(args, env) for _ in range(runs)]
        walls = [wall for wall, _ in samples]
        median = statistics.median(walls)
        cpu = statistics.median(cpu for _, cpu in samples)
        print(
            f"agents-metiers {label:<12} median {median:.2f} s, slowest {max(walls):.2f} s, "
            f"CPU {cpu:.2f} s over {runs} runs (target < {target} s: {verdict(median < target)})"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="ROME export folder")
    parser.add_argument("--code", default="M1805", help="fiche shown by `show`")
    parser.add_argument("--runs", type=int, default=7, help="runs of each command")
    args = parser.parse_args()
    if not args.source.is_dir():
        print(f"ROME export not found: {args.source} is not a folder.", file=sys.stderr)
        return 1
    print(f"CLI start-up, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPU(s)")
    on_sqlite(lambda url, work: _bench(url, work, args.source, args.code, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
