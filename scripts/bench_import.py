"""Benchmark the ROME import and the fiche read on the real export (``make bench``).

For each backend (SQLite in a fresh temporary file, then PostgreSQL in a database created
for the run and dropped afterwards) it measures:

* the full import (``agents-metiers import-rome``, in a child process): wall time and the
  child's own peak RSS, compared with the targets (< 30 s, < 1 GiB);
* the re-import of the same export, which must leave every fiche unchanged;
* ``fiches.get_detail`` in-process (a fresh session per call, as a web request has): median
  and p95;
* the whole ``agents-metiers show <code> --json`` command, interpreter start included.

Figures are printed, never asserted: the targets are shown as a comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench_common import (
    DEFAULT_POSTGRES_URL,
    BenchError,
    on_postgres,
    on_sqlite,
    p95,
    verdict,
)

from agents_metiers.config import Settings
from agents_metiers.services.fiches import lecture as fiches
from agents_metiers.services.runtime import open_runtime

DEFAULT_SOURCE = Path(__file__).resolve().parents[2] / "shared" / "rome" / "v460"
CLI = Path(sys.executable).with_name("agents-metiers")

FICHE = "M1805"
EXPECTED_FICHES = 1584
SERVICE_RUNS = 200
CLI_RUNS = 5
IMPORT_TARGET_S = 30.0
MEMORY_TARGET_MIB = 1024.0


@dataclass(frozen=True)
class ChildRun:
    seconds: float
    peak_mib: float
    stdout: str


@dataclass(frozen=True)
class BackendResult:
    backend: str
    import_s: float
    import_peak_mib: float
    import_meets_time_target: bool
    import_meets_memory_target: bool
    reimport_s: float
    reimport_peak_mib: float
    reimport_report: str
    reimport_all_unchanged: bool
    show_median_ms: float
    show_p95_ms: float
    cli_show_median_s: float


def run_child(args: list[str], *, env: dict[str, str], cwd: Path) -> ChildRun:
    """Run ``args`` to completion; its wall time and its own peak RSS (via ``wait4``)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(args, env=env, cwd=cwd, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        command = " ".join([Path(args[0]).name, *args[1:]])
        raise BenchError(f"{command} failed (exit {process.returncode}):\n{stderr or stdout}")
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    peak_bytes = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    return ChildRun(seconds=seconds, peak_mib=peak_bytes / 2**20, stdout=stdout + stderr)


def import_report_line(output: str) -> str:
    """The CLI's summary line (``ROME version … importée : … fiches (…)``)."""
    for line in output.splitlines():
        if "importée" in line:
            return line.strip()
    raise BenchError(f"no import report in the CLI output:\n{output}")


def time_service_show(database_url: str, data_dir: Path) -> list[float]:
    """Milliseconds per ``fiches.get_detail`` call, each in a fresh session."""
    settings = Settings(database_url=database_url, data_dir=data_dir, _env_file=None)
    runtime = open_runtime(settings, migrate_schema=False)
    try:
        with runtime.sessions() as session:  # warm-up: first connection, statement caches
            fiches.get_detail(session, FICHE)
        samples = []
        for _ in range(SERVICE_RUNS):
            start = time.perf_counter()
            with runtime.sessions() as session:
                fiches.get_detail(session, FICHE)
            samples.append((time.perf_counter() - start) * 1000)
        return samples
    finally:
        runtime.close()


def time_cli_show(env: dict[str, str], cwd: Path) -> list[float]:
    """Seconds per ``agents-metiers show <code> --json``; the first output is checked."""
    runs = [
        run_child([str(CLI), "show", FICHE, "--json"], env=env, cwd=cwd) for _ in range(CLI_RUNS)
    ]
    if json.loads(runs[0].stdout).get("code_rome") != FICHE:
        raise BenchError(f"show {FICHE} --json did not return fiche {FICHE}")
    return [run.seconds for run in runs]


def bench_backend(backend: str, database_url: str, source: Path, workdir: Path) -> BackendResult:
    """Import, re-import and read one fiche on the (empty) database at ``database_url``."""
    data_dir = workdir / "data"
    # Children run in the temporary folder so that no project .env is read.
    env = {**os.environ, "DATABASE_URL": database_url, "DATA_DIR": str(data_dir)}
    import_command = [str(CLI), "import-rome", str(source)]

    print(f"[{backend}] import…", flush=True)
    first = run_child(import_command, env=env, cwd=workdir)
    print(f"[{backend}]   {import_report_line(first.stdout)}", flush=True)
    print(f"[{backend}] re-import…", flush=True)
    second = run_child(import_command, env=env, cwd=workdir)
    report = import_report_line(second.stdout)
    print(f"[{backend}]   {report}", flush=True)
    print(f"[{backend}] show {FICHE}: {SERVICE_RUNS} service calls, {CLI_RUNS} CLI runs…")
    service_ms = time_service_show(database_url, data_dir)
    cli_s = time_cli_show(env, workdir)

    return BackendResult(
        backend=backend,
        import_s=first.seconds,
        import_peak_mib=first.peak_mib,
        import_meets_time_target=first.seconds < IMPORT_TARGET_S,
        import_meets_memory_target=first.peak_mib < MEMORY_TARGET_MIB,
        reimport_s=second.seconds,
        reimport_peak_mib=second.peak_mib,
        reimport_report=report,
        reimport_all_unchanged=f"{EXPECTED_FICHES} inchangées" in report,
        show_median_ms=statistics.median(service_ms),
        show_p95_ms=p95(service_ms),
        cli_show_median_s=statistics.median(cli_s),
    )


def print_results(results: list[BackendResult]) -> None:
    print()
    for r in results:
        print(
            f"{r.backend}: import {r.import_s:.1f} s (target < {IMPORT_TARGET_S:.0f} s: "
            f"{verdict(r.import_meets_time_target)}), peak {r.import_peak_mib:.0f} MiB "
            f"(target < 1 GiB: {verdict(r.import_meets_memory_target)}); "
            f"re-import: {'all' if r.reimport_all_unchanged else 'NOT all'} "
            f"{EXPECTED_FICHES} fiches unchanged"
        )
    headers = (
        "backend",
        "import s",
        "peak MiB",
        "re-import s",
        "show median ms",
        "show p95 ms",
        "CLI show s",
    )
    rows = [
        (
            r.backend,
            f"{r.import_s:.1f}",
            f"{r.import_peak_mib:.0f}",
            f"{r.reimport_s:.1f}",
            f"{r.show_median_ms:.2f}",
            f"{r.show_p95_ms:.2f}",
            f"{r.cli_show_median_s:.2f}",
        )
        for r in results
    ]
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]
    print()
    for row in (headers, *rows):
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        print(" | ".join(cells))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--source", type=Path, default=DEFAULT_SOURCE, help=f"ROME export folder ({DEFAULT_SOURCE})"
    )
    parser.add_argument(
        "--postgres-url",
        default=DEFAULT_POSTGRES_URL,
        help=f"PostgreSQL server; a database is created there for the run ({DEFAULT_POSTGRES_URL})",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures as JSON")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    source: Path = args.source.resolve()
    if not source.is_dir():
        print(f"ROME export not found: {source} is not a folder (see --source).", file=sys.stderr)
        return 1
    if not CLI.exists():
        print(f"{CLI} not found: run `make dev` first.", file=sys.stderr)
        return 1

    print(f"Source: {source}")
    try:
        results = [on_sqlite(lambda url, work: bench_backend("sqlite", url, source, work))]
        postgres = on_postgres(
            args.postgres_url,
            "am_bench",
            lambda url, work: bench_backend("postgresql", url, source, work),
        )
    except BenchError as exc:
        print(f"Benchmark failed: {exc}", file=sys.stderr)
        return 1
    if postgres:
        results.append(postgres)
    print_results(results)

    if args.json:
        figures: dict[str, Any] = {
            "source": str(source),
            "fiche": FICHE,
            "python": platform.python_version(),
            "platform": platform.platform(),
            "targets": {"import_s": IMPORT_TARGET_S, "peak_mib": MEMORY_TARGET_MIB},
            "service_runs": SERVICE_RUNS,
            "cli_runs": CLI_RUNS,
            "results": [asdict(r) for r in results],
            "skipped": [] if postgres else ["postgresql"],
        }
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")
        print(f"\nFigures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
