"""Benchmark the veille ROME on the real export (``make bench``).

For each backend (SQLite in a fresh temporary file, then PostgreSQL in a database created for
the run and dropped afterwards): the real v460 is imported (``import-rome``, not measured here:
see bench_import.py), then a modified copy is built as a newer version — 330 new codes (copies
of existing ones), 140 relabels (one in ten a meaning change), a reworded definition, a removed
competence and mobility, a moved appellation — and measured, each command in a child process
(wall time and the child's own peak RSS):

* ``agents-metiers veille-rome <copy> --json``: the first veille, compared with the targets
  (< 30 s, < 1 GiB);
* the same veille again (nothing new to record);
* ``agents-metiers import-rome <v460>``: the same-version re-import, now a diff and no write;
* ``agents-metiers sync-rome --json``: the sync of the detected changes (new codes as brouillon
  fiches, referential fields applied, meaning changes left to review) and the promotion of the
  detected referential.

Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from bench_common import DEFAULT_POSTGRES_URL, BenchError, on_postgres, on_sqlite, verdict
from bench_import import CLI

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "rome" / "v460"
NEW_CODES = 330
RELABELS = 140
TARGET_S = 30.0
TARGET_MIB = 1024.0


@dataclass(frozen=True)
class Result:
    backend: str
    veille_s: float
    veille_cpu_s: float
    veille_mib: float
    again_s: float
    again_mib: float
    reimport_s: float
    reimport_mib: float
    sync_s: float
    sync_mib: float
    counts: dict[str, int]
    sync_counts: dict[str, int]


@dataclass(frozen=True)
class ChildRun:
    seconds: float
    cpu_seconds: float
    peak_mib: float
    stdout: str


def run_child(args: list[str], *, env: dict[str, str], cwd: Path) -> ChildRun:
    """Run ``args``; wall time, the child's own CPU time (user + system) and peak RSS. The CPU
    time says what the work costs when the machine is shared (wall time includes waiting)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(args, env=env, cwd=cwd, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise BenchError(f"{' '.join(args[1:])} failed:\n{stderr or stdout}")
    peak_bytes = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    cpu = usage.ru_utime + usage.ru_stime
    return ChildRun(seconds, cpu, peak_bytes / 2**20, stdout)


def _exports() -> ModuleType:
    path = ROOT / "tests" / "veille" / "exports.py"
    spec = importlib.util.spec_from_file_location("veille_exports_bench", path)
    if spec is None or spec.loader is None:
        raise BenchError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_copy(source: Path, dest: Path) -> Path:
    """The newer version: ``NEW_CODES`` new codes, ``RELABELS`` relabels and a few edits."""
    export = _exports().copier_export(source, dest, 61)
    _, rows = export.lire("referentiel_code_rome")
    codes = sorted(row["code_rome"] for row in rows)
    labels = {row["code_rome"]: row["libelle_rome"] for row in rows}
    export.ajouter_codes(
        {
            f"Z{index:04d}": (codes[index % len(codes)], f"Métier nouveau n° {index}")
            for index in range(NEW_CODES)
        }
    )
    relabelled = codes[::11][:RELABELS]
    for index, code in enumerate(relabelled):
        meaning = index % 10 == 0
        export.relibeller(
            code, f"Opérateur / Opératrice {index}" if meaning else labels[code] + " -"
        )
    export.reformuler_definition("M1805", 1, "Conçoit des logiciels sûrs et sobres.")
    export.retirer_lien("M1805", "109846")
    export.retirer_mobilite("M1805", "M1803")
    export.deplacer_appellation("10944", "M1802")
    path: Path = export.path
    return path


def bench_backend(backend: str, database_url: str, source: Path, copy: Path, work: Path) -> Result:
    env = {**os.environ, "DATABASE_URL": database_url, "DATA_DIR": str(work / "data")}
    print(f"[{backend}] import of {source.name} (setup)…", flush=True)
    run_child([str(CLI), "import-rome", str(source)], env=env, cwd=work)
    print(f"[{backend}] veille-rome…", flush=True)
    veille = run_child([str(CLI), "veille-rome", str(copy), "--json"], env=env, cwd=work)
    counts = json.loads(veille.stdout)
    print(f"[{backend}] veille-rome again…", flush=True)
    again = run_child([str(CLI), "veille-rome", str(copy), "--json"], env=env, cwd=work)
    if json.loads(again.stdout)["changements_enregistres"] != 0:
        raise BenchError("the second veille recorded changes again")
    print(f"[{backend}] import-rome of the same version…", flush=True)
    reimport = run_child([str(CLI), "import-rome", str(source)], env=env, cwd=work)
    print(f"[{backend}] sync-rome…", flush=True)
    sync = run_child([str(CLI), "sync-rome", "--json"], env=env, cwd=work)
    sync_counts = json.loads(sync.stdout)
    return Result(
        backend=backend,
        veille_s=veille.seconds,
        veille_cpu_s=veille.cpu_seconds,
        veille_mib=veille.peak_mib,
        again_s=again.seconds,
        again_mib=again.peak_mib,
        reimport_s=reimport.seconds,
        reimport_mib=reimport.peak_mib,
        sync_s=sync.seconds,
        sync_mib=sync.peak_mib,
        counts={k: v for k, v in counts.items() if isinstance(v, int)},
        sync_counts={k: v for k, v in sync_counts.items() if isinstance(v, int)},
    )


def print_result(r: Result) -> None:
    c = r.counts
    print(
        f"{r.backend}: veille {r.veille_s:.1f} s wall, {r.veille_cpu_s:.1f} s CPU (target < "
        f"{TARGET_S:.0f} s: {verdict(r.veille_s < TARGET_S)}; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores), peak {r.veille_mib:.0f} MiB "
        f"(target < 1 GiB: {verdict(r.veille_mib < TARGET_MIB)}); again {r.again_s:.1f} s / "
        f"{r.again_mib:.0f} MiB; same-version import-rome {r.reimport_s:.1f} s / "
        f"{r.reimport_mib:.0f} MiB"
    )
    print(
        f"  {c['nouvelles']} new, {c['modifiees']} modified ({c['relibellees']} relabelled, "
        f"{c['sens_modifies']} meaning changes), {c['supprimees']} deleted, "
        f"{c['inchangees']} unchanged; {c['changements_enregistres']} changes recorded"
    )
    y = r.sync_counts
    print(
        f"  sync-rome {r.sync_s:.1f} s, peak {r.sync_mib:.0f} MiB: {y['nouvelles_fiches']} new "
        f"brouillon fiches, {y['appliquees']} changes applied ({y['fiches_modifiees']} fiches "
        f"changed), {y['conflits']} conflicts, {y['en_attente_revue']} meaning changes left to "
        f"review, {y['retirees']} retired"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    args = parser.parse_args()
    source: Path = args.source.resolve()
    if not source.is_dir():
        print(f"ROME export not found: {source} is not a folder (see --source).", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="am_bench_veille_") as tmp:
        copy = build_copy(source, Path(tmp) / "v461")
        try:
            results = [
                on_sqlite(lambda url, work: bench_backend("sqlite", url, source, copy, work))
            ]
            postgres = on_postgres(
                args.postgres_url,
                "am_bench_veille",
                lambda url, work: bench_backend("postgresql", url, source, copy, work),
            )
        except BenchError as exc:
            print(f"Benchmark failed: {exc}", file=sys.stderr)
            return 1
    if postgres:
        results.append(postgres)
    print()
    for result in results:
        print_result(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
