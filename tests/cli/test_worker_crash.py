"""Kill ``agents-metiers worker`` in the middle of an AI batch: nothing is lost, nothing is
half-written, and a restarted worker finishes the job.

The worker is a real process, on a SQLite file, enriching through the real OpenAI-compatible
provider client against a local stub server that answers after a fixed delay.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from sqlalchemy import select

from agents_metiers.agents.llm import llm_from_settings
from agents_metiers.config import Settings
from agents_metiers.domain.users import Role
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.jobs.lifecycle import JobCreate, JobOut, creer_job, job_detail
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime, open_runtime
from agents_metiers.storage.tables import FicheRow, RevisionRow

EDITEUR = Auteur(nom="editeur@exemple.fr", acteur="humain", role=Role.EDITEUR)
DELAY = 0.4


def _support(name: str) -> ModuleType:
    path = Path(__file__).parents[1] / "support" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"support_{name}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fake_openai = _support("fake_openai")


def _worker(env: dict[str, str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "agents_metiers.cli", "worker", "--concurrency", "1"],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait(runtime: Runtime, job_id: str, until: Callable[[JobOut], bool], what: str) -> JobOut:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        with runtime.sessions() as session:
            job = job_detail(session, job_id)
        if until(job):
            return job
        time.sleep(0.05)
    raise AssertionError(f"{what} : délai dépassé ({job})")


def _assert_whole(runtime: Runtime) -> None:
    """Every fiche equals its latest revision: no write stopped half-way."""
    with runtime.sessions() as session:
        for fiche in session.scalars(select(FicheRow)):
            latest = session.scalars(
                select(RevisionRow)
                .where(RevisionRow.code_rome == fiche.code_rome)
                .order_by(RevisionRow.numero.desc())
                .limit(1)
            ).one()
            assert (fiche.version, fiche.statut) == (latest.numero, latest.statut)
            assert fiche.description == latest.contenu.get("description"), fiche.code_rome


def test_killing_the_worker_mid_batch_loses_nothing(tmp_path: Path, rome_mini: Path) -> None:
    with fake_openai.serving(delay=DELAY) as (fake, base_url):
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DATABASE_URL", "LLM_", "JOBS_", "ANTHROPIC", "OPENAI"))
        }
        env |= {
            "DATA_DIR": str(tmp_path / "data"),
            "CI": "true",
            "LLM_MODEL": "openai:modele-local",
            "LLM_BASE_URL": base_url,
            "LLM_PROVIDER_RETRIES": "0",
            "JOBS_POLL_SECONDS": "0.2",
            # Far longer than the test: the take-over must come from noticing the dead process.
            "JOBS_STALE_SECONDS": "600",
        }
        settings = Settings(
            data_dir=tmp_path / "data",
            llm_model="openai:modele-local",
            llm_base_url=base_url,
            jobs_in_app=False,
            _env_file=None,
        )  # type: ignore[call-arg]
        runtime = open_runtime(settings, migrate_schema=True)
        runtime.llm = llm_from_settings(settings)
        try:
            import_rome(
                runtime.sessions,
                ImportOptions(source=str(rome_mini), download_dir=settings.download_dir),
            )
            with runtime.sessions() as session:
                job = creer_job(
                    runtime, session, JobCreate(type="enrich", statut="brouillon"), EDITEUR
                )
                job_id, total = job.id, job.total

            first = _worker(env, tmp_path)
            try:
                _wait(runtime, job_id, lambda job: job.done >= 2, "deux fiches enrichies")
                first.send_signal(signal.SIGKILL)
                first.wait(timeout=30)
            finally:
                if first.poll() is None:
                    first.kill()
                output = first.stdout.read() if first.stdout else ""
                if first.stdout:
                    first.stdout.close()

            with runtime.sessions() as session:
                killed = job_detail(session, job_id)
            assert killed.statut == "running", output
            assert 2 <= killed.done < total, killed
            _assert_whole(runtime)

            second = _worker(env, tmp_path)
            try:
                final = _wait(
                    runtime, job_id, lambda job: job.statut != "running", "fin de la tâche"
                )
            finally:
                second.send_signal(signal.SIGTERM)
                second.wait(timeout=30)
                if second.stdout:
                    second.stdout.close()
        finally:
            runtime.close()

    assert final.statut == "done"
    assert (final.done, final.failed) == (total, 0), final
    assert final.items is not None
    assert max(item.attempts for item in final.items) <= 2
    _assert_whole(runtime)
    with runtime.sessions() as session:
        statuts = set(session.scalars(select(FicheRow.statut)))
    assert statuts == {"enrichi"}
    assert fake.requests >= total
