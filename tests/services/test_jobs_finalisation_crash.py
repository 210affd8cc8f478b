"""A worker process killed during a job's final step: a surviving worker notices the dead
process, takes the step over and finishes the job (both databases, a real killed process)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from agents_metiers.domain.permissions import Permission
from agents_metiers.domain.users import Role
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.jobs import lifecycle as jobs_service
from agents_metiers.services.jobs.lifecycle import JobCreate, JobKind, creer_job, job_detail
from agents_metiers.services.jobs.workers import EmbeddedWorker
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import FicheRow, JobRow

EDITEUR = Auteur(nom="editeur@exemple.fr", acteur="humain", role=Role.EDITEUR)

# The doomed worker: items succeed, the final step announces itself and hangs until killed.
WORKER = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from agents_metiers.config import Settings
    from agents_metiers.domain.permissions import Permission
    from agents_metiers.services.jobs import lifecycle
    from agents_metiers.services.jobs.workers import EmbeddedWorker
    from agents_metiers.services.runtime import open_runtime

    MARQUE = Path(sys.argv[2])

    async def essai(runtime, code, auteur, params):
        return {"code": code}

    async def bloque(runtime, job):
        MARQUE.write_text(job.id)
        await asyncio.sleep(600)

    lifecycle.KINDS["essai_final"] = lifecycle.JobKind(
        "essai_final", "Essai", Permission.MODIFIER, "__main__:essai",
        finalizer="__main__:bloque",
    )
    settings = Settings(
        data_dir=MARQUE.parent, database_url=sys.argv[1], jobs_in_app=False,
        jobs_poll_seconds=0.1, _env_file=None,
    )
    asyncio.run(EmbeddedWorker(open_runtime(settings, migrate_schema=False)).run())
    """
)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio
async def test_a_worker_killed_during_the_final_step_is_taken_over(
    db: Runtime, rome_mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_rome(
        db.sessions, ImportOptions(source=str(rome_mini), download_dir=db.settings.download_dir)
    )
    called: list[str] = []

    async def essai(
        runtime: Runtime, code: str, auteur: Auteur, params: dict[str, Any]
    ) -> dict[str, Any]:
        raise AssertionError("items already done are not run again")

    async def assembler(runtime: Runtime, job: JobRow) -> dict[str, Any] | None:
        called.append(job.id)
        return {"fichier": "lot.zip"}

    class AvecFinal(JobKind):
        def resolve_finalizer(self) -> jobs_service.Finalizer | None:
            return assembler

    kind = AvecFinal("essai_final", "Essai", Permission.MODIFIER, essai, finalizer="x:y")
    monkeypatch.setitem(jobs_service.KINDS, "essai_final", kind)
    with db.sessions() as session:
        codes = list(session.scalars(select(FicheRow.code_rome).limit(2)))
        job_id = creer_job(db, session, JobCreate(type="essai_final", codes=codes), EDITEUR).id

    marque = tmp_path / "finalisation"
    url = db.engine.url.render_as_string(hide_password=False)
    journal = tmp_path / "worker.log"
    with journal.open("w") as sortie:
        doomed = subprocess.Popen(
            [sys.executable, "-c", WORKER, url, str(marque)], stdout=sortie, stderr=sortie
        )
    try:
        deadline = time.monotonic() + 60
        while not marque.exists():
            assert doomed.poll() is None, journal.read_text()
            assert time.monotonic() < deadline, "le worker n'a pas atteint l'étape finale"
            time.sleep(0.05)
        with db.sessions() as session:
            job = session.get_one(JobRow, job_id)
            assert job.statut == "finalizing"
            assert job.finalizer_worker is not None
            assert job.finalizer_worker.split(":")[1] == str(doomed.pid)
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.wait(30)
    finally:
        if doomed.poll() is None:
            doomed.kill()
            doomed.wait(30)

    survivor = EmbeddedWorker(db)
    await survivor.run(until_idle=True)

    with db.sessions() as session:
        out = job_detail(session, job_id)
        job = session.get_one(JobRow, job_id)
        assert (out.statut, out.resultat, out.done) == ("done", {"fichier": "lot.zip"}, 2)
        assert (job.finalizer_worker, job.finalizer_attempts) == (survivor.id, 2)
    assert called == [job_id]
