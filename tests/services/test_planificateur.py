"""The scheduler on both databases: due occurrences run once, as ordinary jobs; failures are
sentences; ``etat_planificateur`` reports each entry."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from agents_metiers.config import Settings
from agents_metiers.errors import ConfigurationError
from agents_metiers.services.jobs.lifecycle import KINDS
from agents_metiers.services.planificateur.etat import NON_PLANIFIEE, etat_planificateur
from agents_metiers.services.planificateur.execution import executer_dues
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import JobItemRow, JobRow, PlanificateurExecutionRow

# Monday 1 December 2025, 10:00 in Paris: after Monday's 3:00 and 4:30 occurrences.
MONDAY = datetime(2025, 12, 1, 9, 0, tzinfo=UTC)
EARLIER = MONDAY - timedelta(days=10)
FRANCE_TRAVAIL = {"france_travail_client_id": "id", "france_travail_client_secret": "secret"}


def _with(db: Runtime, **settings: Any) -> Runtime:
    updated = Settings(**{**db.settings.model_dump(), **settings, "_env_file": None})
    return Runtime(settings=updated, engine=db.engine, sessions=db.sessions)


@pytest.fixture
def imported(db: Runtime, rome_mini: Path) -> Runtime:
    import_rome(
        db.sessions, ImportOptions(source=str(rome_mini), download_dir=db.settings.download_dir)
    )
    return db


def _jobs(db: Runtime) -> list[JobRow]:
    with db.sessions() as session:
        return list(session.scalars(select(JobRow)))


def _etat(runtime: Runtime, nom: str) -> Any:
    return next(e for e in etat_planificateur(runtime, now=MONDAY) if e.nom == nom)


def test_entries_are_off_by_default_and_never_run(db: Runtime) -> None:
    assert executer_dues(db, now=MONDAY, depuis=EARLIER) == []
    etats = etat_planificateur(db, now=MONDAY)
    assert [e.nom for e in etats] == ["veille-rome", "veille-marche", "marche-publiees"]
    assert all(not e.actif and e.prochaine == NON_PLANIFIEE for e in etats)
    assert all(e.derniere_execution is None for e in etats)
    assert _jobs(db) == []


def test_a_due_entry_creates_an_ordinary_job_once(imported: Runtime) -> None:
    runtime = _with(imported, schedule_veille_marche_enabled=True, **FRANCE_TRAVAIL)
    now = datetime(2025, 12, 1, 9, 0, tzinfo=UTC)  # after 1 December, 4:00 in Paris
    [job_id] = executer_dues(runtime, now=now, depuis=EARLIER)
    assert executer_dues(runtime, now=now + timedelta(minutes=1), depuis=EARLIER) == []
    [job] = _jobs(runtime)
    assert (job.id, job.type, job.statut, job.total) == (job_id, "veille-marche", "queued", 6)
    assert job.auteur["nom"] == "planificateur"
    etat = _etat(runtime, "veille-marche")
    assert etat.actif and etat.cron == "0 4 1 * *"
    assert etat.derniere_execution.job_id == job_id
    assert etat.derniere_execution.statut == "queued"
    assert etat.derniere_execution.prevue_a == datetime(2025, 12, 1, 3, 0, tzinfo=UTC)
    assert etat.prochaine_execution == datetime(2026, 1, 1, 3, 0, tzinfo=UTC)


def test_an_entry_never_run_waits_for_its_next_occurrence(imported: Runtime) -> None:
    runtime = _with(imported, schedule_veille_marche_enabled=True, **FRANCE_TRAVAIL)
    assert executer_dues(runtime, now=MONDAY, depuis=MONDAY - timedelta(hours=1)) == []
    next_month = datetime(2026, 1, 1, 3, 30, tzinfo=UTC)
    assert len(executer_dues(runtime, now=next_month, depuis=MONDAY)) == 1


def test_simultaneous_schedulers_run_an_occurrence_once(imported: Runtime) -> None:
    runtime = _with(imported, schedule_veille_marche_enabled=True, **FRANCE_TRAVAIL)
    barrier = threading.Barrier(3)
    created: list[str] = []

    def scheduler() -> None:
        barrier.wait()
        created.extend(executer_dues(runtime, now=MONDAY, depuis=EARLIER))

    threads = [threading.Thread(target=scheduler) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(created) == 1
    assert len(_jobs(runtime)) == 1


def test_a_run_without_its_source_records_a_sentence_not_a_crash(imported: Runtime) -> None:
    runtime = _with(imported, schedule_marche_publiees_enabled=True)  # no France Travail
    assert executer_dues(runtime, now=MONDAY, depuis=EARLIER) == []
    assert _jobs(runtime) == []
    derniere = _etat(runtime, "marche-publiees").derniere_execution
    assert derniere.statut == "echec" and derniere.job_id is None
    assert derniere.erreur.startswith("Veille métiers et salaires indisponible")


def test_published_fiches_refresh_targets_only_published_fiches(imported: Runtime) -> None:
    runtime = _with(imported, schedule_marche_publiees_enabled=True, **FRANCE_TRAVAIL)
    # nothing is published in the mini export: the run says so instead of queueing nothing
    assert executer_dues(runtime, now=MONDAY, depuis=EARLIER) == []
    derniere = _etat(runtime, "marche-publiees").derniere_execution
    assert derniere.statut == "echec" and derniere.erreur


def test_the_rome_watch_runs_only_when_its_job_kind_exists(imported: Runtime) -> None:
    runtime = _with(
        imported, schedule_veille_rome_enabled=True, rome_source=str(imported.settings.data_dir)
    )
    jobs = executer_dues(runtime, now=MONDAY, depuis=EARLIER)
    derniere = _etat(runtime, "veille-rome").derniere_execution
    if "veille-rome" in KINDS:
        assert len(jobs) == 1 and derniere.job_id == jobs[0]
        assert [job.type for job in _jobs(runtime)] == ["veille-rome"]
    else:
        assert jobs == [] and derniere.statut == "echec"
        assert "type de tâche « veille-rome » n'existe pas" in derniere.erreur


def test_a_wrong_cron_expression_is_a_configuration_sentence(db: Runtime) -> None:
    with pytest.raises(ConfigurationError, match="SCHEDULE_VEILLE_MARCHE_CRON invalide"):
        _with(db, schedule_veille_marche_cron="tous les lundis")


def test_runs_are_recorded_per_planned_time(imported: Runtime) -> None:
    runtime = _with(imported, schedule_veille_marche_enabled=True, **FRANCE_TRAVAIL)
    executer_dues(runtime, now=MONDAY, depuis=EARLIER)
    executer_dues(runtime, now=datetime(2026, 1, 1, 5, 0, tzinfo=UTC), depuis=EARLIER)
    with runtime.sessions() as session:
        runs = list(session.scalars(select(PlanificateurExecutionRow)))
        items = session.scalar(select(JobItemRow.id).limit(1))
    assert len(runs) == 2 and items is not None
