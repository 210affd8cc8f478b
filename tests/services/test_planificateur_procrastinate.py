"""With ``JOBS_BACKEND=procrastinate`` the schedule is a procrastinate periodic task."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from agents_metiers.config import Settings
from agents_metiers.services.jobs import procrastinate_backend
from agents_metiers.services.jobs.procrastinate_backend import (
    PLANIFICATEUR,
    make_app,
    tour_planificateur,
)
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import JobRow

pytestmark = pytest.mark.anyio
MONDAY = datetime(2025, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _settings(db: Runtime, **values: Any) -> Settings:
    base = {**db.settings.model_dump(), "jobs_backend": "procrastinate", "_env_file": None}
    return Settings(**{**base, **values})


def _periodic_names(settings: Settings) -> set[str]:
    app = make_app(settings)
    return {task.task.name for task in app.periodic_registry.periodic_tasks.values()}


def test_the_periodic_task_exists_only_when_an_entry_is_on(db: Runtime) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("procrastinate ne fonctionne que sur PostgreSQL")
    assert _periodic_names(_settings(db)) == set()
    assert _periodic_names(_settings(db, schedule_veille_marche_enabled=True)) == {PLANIFICATEUR}


async def test_a_tick_creates_the_due_job_and_defers_its_items_once(
    db: Runtime, rome_mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("procrastinate ne fonctionne que sur PostgreSQL")
    import_rome(
        db.sessions, ImportOptions(source=str(rome_mini), download_dir=db.settings.download_dir)
    )
    settings = _settings(
        db,
        schedule_veille_marche_enabled=True,
        schedule_veille_marche_cron="0 10 * * *",  # 10:00 in Paris = 9:00 UTC on MONDAY
        france_travail_client_id="id",
        france_travail_client_secret="secret",
    )
    runtime = Runtime(settings=settings, engine=db.engine, sessions=db.sessions)
    monkeypatch.setitem(procrastinate_backend._state, "runtime", runtime)
    minute = int(MONDAY.timestamp())
    for tick in (minute, minute + 60, minute + 60, minute + 120):  # one minute deferred twice
        await tour_planificateur(tick)
    with db.sessions() as session:
        jobs = list(session.scalars(select(JobRow)))
        deferred = session.scalar(
            text("SELECT count(*) FROM procrastinate.procrastinate_jobs WHERE task_name = :name"),
            {"name": "agents_metiers.run_item"},
        )
    assert [job.type for job in jobs] == ["veille-marche"]
    assert deferred == 6
