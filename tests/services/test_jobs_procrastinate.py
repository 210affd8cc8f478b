"""The scale-out backend: job items as procrastinate tasks on the test PostgreSQL database."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from agents_metiers.config import Settings
from agents_metiers.domain.permissions import Permission
from agents_metiers.domain.users import Role
from agents_metiers.errors import ConfigurationError
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.jobs import lifecycle as jobs_service
from agents_metiers.services.jobs.lifecycle import JobCreate, JobKind, creer_job, job_detail
from agents_metiers.services.jobs.procrastinate_backend import (
    conninfo,
    defer_job,
    run_item,
    run_worker,
)
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import JobItemRow, JobRow

EDITEUR = Auteur(nom="editeur@exemple.fr", acteur="humain", role=Role.EDITEUR)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def pg(db: Runtime, rome_mini: Path) -> Runtime:
    if db.engine.dialect.name != "postgresql":
        pytest.skip(
            "procrastinate ne fonctionne que sur PostgreSQL (couvert par le cas postgresql)"
        )
    import_rome(
        db.sessions, ImportOptions(source=str(rome_mini), download_dir=db.settings.download_dir)
    )
    settings = Settings(
        **{
            **db.settings.model_dump(),
            "jobs_backend": "procrastinate",
            "jobs_stale_seconds": 2,
            "_env_file": None,
        }
    )
    return Runtime(settings=settings, engine=db.engine, sessions=db.sessions)


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    codes: list[str] = []

    async def essai(
        runtime: Runtime, code: str, auteur: Auteur, params: dict[str, Any]
    ) -> dict[str, Any]:
        await asyncio.sleep(0.01)
        codes.append(code)
        return {"code": code}

    monkeypatch.setitem(
        jobs_service.KINDS, "essai", JobKind("essai", "Essai", Permission.MODIFIER, essai)
    )
    return codes


def test_procrastinate_needs_postgresql(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, jobs_backend="procrastinate", _env_file=None)  # type: ignore[call-arg]
    with pytest.raises(ConfigurationError, match="PostgreSQL"):
        conninfo(settings)


@pytest.mark.anyio
async def test_workers_run_deferred_items_through_procrastinate(
    pg: Runtime, seen: list[str]
) -> None:
    with pg.sessions() as session:
        job_id = creer_job(pg, session, JobCreate(type="essai", statut="brouillon"), EDITEUR).id
    await defer_job(pg, job_id)
    stop = asyncio.Event()
    worker = asyncio.create_task(run_worker(pg, concurrency=3, stop=stop))
    try:
        for _ in range(300):
            with pg.sessions() as session:
                job = job_detail(session, job_id)
            if job.statut == "done":
                break
            await asyncio.sleep(0.1)
    finally:
        stop.set()
        await worker
    assert job.statut == "done", job
    assert job.done == job.total == 6
    assert sorted(seen) == sorted(item.code_rome for item in job.items or [])


@pytest.mark.anyio
async def test_a_task_run_again_after_a_crash_takes_the_item_back(
    pg: Runtime, seen: list[str]
) -> None:
    with pg.sessions() as session:
        job_id = creer_job(pg, session, JobCreate(type="essai", codes=["M1805"]), EDITEUR).id
        item = session.scalars(select(JobItemRow).where(JobItemRow.job_id == job_id)).one()
        item.statut, item.attempts, item.worker = "running", 1, "procrastinate"
        session.commit()
        item_id = item.id
    from agents_metiers.services.jobs import procrastinate_backend as procrastinate_queue

    procrastinate_queue._state["runtime"] = pg
    await run_item(item_id)
    with pg.sessions() as session:
        job = job_detail(session, job_id)
    assert (job.statut, job.done) == ("done", 1)
    assert job.items is not None and job.items[0].attempts == 2
    assert seen == ["M1805"]


@pytest.mark.anyio
async def test_the_task_of_the_last_item_takes_over_a_final_step_its_dead_run_left(
    pg: Runtime, seen: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Procrastinate runs the task of the last item again (its worker died during the ZIP):
    that run finds its item ended and its job finalizing under its name, and finalizes it."""
    called: list[str] = []

    async def finalizer(runtime: Runtime, job: JobRow) -> dict[str, Any] | None:
        called.append(job.id)
        return {"fichier": "lot.zip"}

    class AvecFinal(JobKind):
        def resolve_finalizer(self) -> jobs_service.Finalizer | None:
            return finalizer

    essai = jobs_service.KINDS["essai"].function
    kind = AvecFinal("essai_final", "Essai", Permission.MODIFIER, essai, finalizer="x:y")
    monkeypatch.setitem(jobs_service.KINDS, "essai_final", kind)
    with pg.sessions() as session:
        job_id = creer_job(
            pg, session, JobCreate(type="essai_final", codes=["M1805", "M1802"]), EDITEUR
        ).id
        items = list(session.scalars(select(JobItemRow).where(JobItemRow.job_id == job_id)))
        for item in items:
            item.statut, item.attempts, item.worker = "done", 1, f"procrastinate:{item.id}:mort"
        job = session.get_one(JobRow, job_id)
        job.statut, job.finalizer_worker, job.finalizer_attempts = (
            "finalizing",
            f"procrastinate:{items[1].id}:mort",
            1,
        )
        session.commit()
    from agents_metiers.services.jobs import procrastinate_backend as procrastinate_queue

    procrastinate_queue._state["runtime"] = pg
    await run_item(items[0].id)  # another item's task run again: not its job's final step
    with pg.sessions() as session:
        assert job_detail(session, job_id).statut == "finalizing"
    assert called == []

    await run_item(items[1].id)
    with pg.sessions() as session:
        job_out = job_detail(session, job_id)
        job = session.get_one(JobRow, job_id)
        assert (job_out.statut, job_out.resultat) == ("done", {"fichier": "lot.zip"})
        assert job.finalizer_attempts == 2
        assert (job.finalizer_worker or "").startswith(f"procrastinate:{items[1].id}:")
        assert job.finalizer_worker != f"procrastinate:{items[1].id}:mort"
    assert called == [job_id]
    assert seen == []  # the items are not run again

    await run_item(items[1].id)  # once done, a further run changes nothing
    assert called == [job_id]


@pytest.mark.anyio
async def test_a_last_item_abandoned_by_procrastinate_closes_its_job(
    pg: Runtime, seen: list[str]
) -> None:
    """A task run again once too often fails its item; the job does not stay running."""
    with pg.sessions() as session:
        job_id = creer_job(pg, session, JobCreate(type="essai", codes=["M1805"]), EDITEUR).id
        item = session.scalars(select(JobItemRow).where(JobItemRow.job_id == job_id)).one()
        item.statut, item.worker = "running", "procrastinate:1:mort"
        item.attempts = pg.settings.jobs_max_attempts
        session.get_one(JobRow, job_id).statut = "running"
        session.commit()
        item_id = item.id
    from agents_metiers.services.jobs import procrastinate_backend as procrastinate_queue

    procrastinate_queue._state["runtime"] = pg
    await run_item(item_id)
    with pg.sessions() as session:
        job = job_detail(session, job_id)
    assert (job.statut, job.failed) == ("done", 1)
    assert job.items is not None and (job.items[0].error or "").startswith("Abandonnée après")
    assert seen == []
