"""Persisted jobs: items, bounded concurrency, per-item results, cancel, take-over after a crash."""

from __future__ import annotations

import asyncio
import inspect
import socket
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agents_metiers.domain.permissions import Permission
from agents_metiers.domain.users import Role
from agents_metiers.errors import (
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    ServiceUnavailableError,
)
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.jobs import lifecycle as jobs_service
from agents_metiers.services.jobs.lifecycle import (
    JobCreate,
    JobKind,
    annuler,
    creer_job,
    job_detail,
)
from agents_metiers.services.jobs.workers import EmbeddedWorker
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import AuditEventRow, FicheRow, JobItemRow, JobRow, JobWorkerRow

ADMIN = Auteur(nom="admin@exemple.fr", acteur="humain", user_id=None, role=Role.ADMIN)
EDITEUR = Auteur(nom="editeur@exemple.fr", acteur="humain", user_id=None, role=Role.EDITEUR)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def imported(db: Runtime, rome_mini: Path) -> Runtime:
    import_rome(
        db.sessions, ImportOptions(source=str(rome_mini), download_dir=db.settings.download_dir)
    )
    return db


@pytest.fixture
def codes(imported: Runtime) -> list[str]:
    with imported.sessions() as session:
        return list(session.scalars(select(FicheRow.code_rome).order_by(FicheRow.code_rome)))


class Recorder:
    """A job kind for tests: waits, remembers how many items ran at once, fails on demand."""

    def __init__(self, *, delay: float = 0.0, fail: set[str] | None = None) -> None:
        self.delay = delay
        self.fail = fail or set()
        self.running = 0
        self.peak = 0
        self.seen: list[str] = []

    async def __call__(
        self, runtime: Runtime, code: str, auteur: Auteur, params: dict[str, Any]
    ) -> dict[str, Any]:
        self.running += 1
        self.peak = max(self.peak, self.running)
        try:
            await asyncio.sleep(self.delay)
            self.seen.append(code)
            if code in self.fail:
                raise InvalidInputError(f"Refus volontaire pour {code}.")
            return {"code": code, "job": params["job_id"], "par": auteur.nom}
        finally:
            self.running -= 1


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recorder = Recorder()
    kind = JobKind("essai", "Essai", Permission.MODIFIER, recorder)
    monkeypatch.setitem(jobs_service.KINDS, "essai", kind)
    return recorder


def _fiche(session: Session, code: str) -> FicheRow:
    return session.scalars(select(FicheRow).where(FicheRow.code_rome == code)).one()


def _create(runtime: Runtime, **body: Any) -> str:
    with runtime.sessions() as session:
        return creer_job(runtime, session, JobCreate(**body), EDITEUR).id


def _detail(runtime: Runtime, job_id: str) -> jobs_service.JobOut:
    with runtime.sessions() as session:
        return job_detail(session, job_id)


@pytest.mark.anyio
async def test_a_job_runs_every_item_with_bounded_concurrency(
    imported: Runtime, codes: list[str], recorder: Recorder
) -> None:
    recorder.delay = 0.05
    job_id = _create(imported, type="essai", codes=codes)
    await EmbeddedWorker(imported, concurrency=2).run(until_idle=True)

    job = _detail(imported, job_id)
    assert job.statut == "done"
    assert (job.total, job.done, job.failed, job.progress) == (len(codes), len(codes), 0, 1.0)
    assert sorted(recorder.seen) == codes
    assert recorder.peak == 2
    assert job.items is not None
    assert [item.code_rome for item in job.items] == codes
    assert all(
        item.result == {"code": item.code_rome, "job": job_id, "par": EDITEUR.nom}
        for item in job.items
    )
    assert job.started_at is not None and job.finished_at is not None
    with imported.sessions() as session:
        events = session.scalars(
            select(AuditEventRow.type_evenement).where(AuditEventRow.type_evenement == "job.cree")
        ).all()
        assert events == ["job.cree"]
        assert session.scalar(select(func.count()).select_from(JobWorkerRow)) == 0


@pytest.mark.anyio
async def test_one_failing_item_is_reported_and_the_others_finish(
    imported: Runtime, codes: list[str], recorder: Recorder
) -> None:
    recorder.fail = {codes[1]}
    job_id = _create(imported, type="essai", codes=codes)
    await EmbeddedWorker(imported, concurrency=3).run(until_idle=True)

    job = _detail(imported, job_id)
    assert job.statut == "done"
    assert (job.done, job.failed) == (len(codes) - 1, 1)
    assert job.items is not None
    failed = [item for item in job.items if item.statut == "failed"]
    assert [(item.code_rome, item.error) for item in failed] == [
        (codes[1], f"Refus volontaire pour {codes[1]}.")
    ]


@pytest.mark.anyio
async def test_cancel_stops_items_not_started(
    imported: Runtime, codes: list[str], recorder: Recorder
) -> None:
    recorder.delay = 0.2
    job_id = _create(imported, type="essai", codes=codes)
    worker = EmbeddedWorker(imported, concurrency=1)
    run = asyncio.create_task(worker.run(until_idle=True))
    while not recorder.running:
        await asyncio.sleep(0.01)
    with imported.sessions() as session:
        annuler(session, job_id, EDITEUR)
    await run

    job = _detail(imported, job_id)
    assert job.statut == "cancelled"
    assert job.cancel_requested
    assert job.done == 1  # the item in progress finished
    assert job.cancelled == len(codes) - 1
    assert recorder.seen == codes[:1]


@pytest.mark.anyio
async def test_items_of_a_dead_worker_are_taken_back(
    imported: Runtime, codes: list[str], recorder: Recorder
) -> None:
    job_id = _create(imported, type="essai", codes=codes[:2])
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(dead.stdout)
    with imported.sessions() as session:
        now = jobs_service.now_utc()
        session.add(
            JobWorkerRow(
                id="mort",
                hostname=socket.gethostname(),
                pid=dead_pid,
                started_at=now,
                heartbeat_at=now,
            )
        )
        item = session.scalars(select(JobItemRow).where(JobItemRow.code_rome == codes[0])).one()
        item.statut, item.worker, item.attempts = "running", "mort", 1
        session.get_one(JobRow, job_id).statut = "running"
        session.commit()

    await EmbeddedWorker(imported, concurrency=2).run(until_idle=True)

    job = _detail(imported, job_id)
    assert job.statut == "done"
    assert job.done == 2
    assert job.items is not None
    assert job.items[0].attempts == 2
    assert sorted(recorder.seen) == codes[:2]


@pytest.mark.anyio
async def test_an_item_that_keeps_killing_its_worker_is_abandoned(
    imported: Runtime, codes: list[str], recorder: Recorder
) -> None:
    job_id = _create(imported, type="essai", codes=codes[:1])
    with imported.sessions() as session:
        item = session.scalars(select(JobItemRow)).one()
        item.statut, item.worker = "running", "disparu"
        item.attempts = imported.settings.jobs_max_attempts
        session.commit()

    await EmbeddedWorker(imported).run(until_idle=True)

    job = _detail(imported, job_id)
    assert (job.statut, job.failed) == ("done", 1)
    assert job.items is not None
    assert job.items[0].error is not None and "Abandonnée après" in job.items[0].error
    assert recorder.seen == []


def test_bad_requests_are_refused_before_anything_is_queued(
    imported: Runtime, codes: list[str], recorder: Recorder
) -> None:
    cases: list[tuple[dict[str, Any], type[Exception], str]] = [
        ({"type": "inconnu", "codes": codes}, InvalidInputError, "Type de tâche inconnu"),
        ({"type": "essai"}, InvalidInputError, "soit « codes »"),
        ({"type": "essai", "codes": codes, "statut": "brouillon"}, InvalidInputError, "soit"),
        ({"type": "essai", "codes": ["Z9999"]}, NotFoundError, "Z9999"),
        ({"type": "essai", "codes": ["pas un code"]}, InvalidInputError, "code ROME valide"),
        ({"type": "essai", "statut": "publiee"}, InvalidInputError, "Aucune fiche"),
        ({"type": "essai", "statut": "nimporte"}, InvalidInputError, "Statut invalide"),
    ]
    for body, error, words in cases:
        with imported.sessions() as session, pytest.raises(error, match=words):
            creer_job(imported, session, JobCreate(**body), EDITEUR)
    with imported.sessions() as session, pytest.raises(PermissionDeniedError):
        creer_job(imported, session, JobCreate(type="publish", codes=codes), EDITEUR)
    with imported.sessions() as session, pytest.raises(ServiceUnavailableError, match="IA"):
        creer_job(imported, session, JobCreate(type="enrich", codes=codes), ADMIN)
    with imported.sessions() as session:
        assert session.scalar(select(func.count()).select_from(JobRow)) == 0


@pytest.mark.anyio
async def test_publish_job_publishes_valid_fiches_and_reports_the_others(
    imported: Runtime, codes: list[str]
) -> None:
    with imported.sessions() as session:
        _fiche(session, codes[0]).statut = "valide"
        session.commit()
    with imported.sessions() as session:
        job_id = creer_job(imported, session, JobCreate(type="publish", codes=codes[:2]), ADMIN).id
    await EmbeddedWorker(imported).run(until_idle=True)

    job = _detail(imported, job_id)
    assert (job.done, job.failed) == (1, 1)
    with imported.sessions() as session:
        assert _fiche(session, codes[0]).statut == "publiee"
        assert _fiche(session, codes[1]).statut == "brouillon"


def test_the_market_watch_needs_france_travail_credentials(
    imported: Runtime, codes: list[str]
) -> None:
    with imported.sessions() as session, pytest.raises(ServiceUnavailableError, match="France"):
        creer_job(imported, session, JobCreate(type="veille-marche", codes=codes), ADMIN)


def test_every_job_kind_names_a_real_per_fiche_coroutine() -> None:
    for kind in jobs_service.KINDS.values():
        assert inspect.iscoroutinefunction(kind.resolve()), kind.name
        finalizer = kind.resolve_finalizer()
        assert finalizer is None or inspect.iscoroutinefunction(finalizer), kind.name


class _KindWithFinalizer(JobKind):
    """A test kind whose finalizer is a function object, not an import path."""

    def __init__(self, function: Recorder, finalizer: jobs_service.Finalizer) -> None:
        super().__init__("essai_final", "Essai", Permission.MODIFIER, function, finalizer="x:y")
        object.__setattr__(self, "_finalizer", finalizer)

    def resolve_finalizer(self) -> jobs_service.Finalizer | None:
        finalizer: jobs_service.Finalizer = object.__getattribute__(self, "_finalizer")
        return finalizer


@pytest.mark.anyio
@pytest.mark.parametrize("fails", [False, True])
async def test_a_job_is_done_only_once_its_final_result_is_stored(
    imported: Runtime,
    codes: list[str],
    recorder: Recorder,
    monkeypatch: pytest.MonkeyPatch,
    fails: bool,
) -> None:
    """What another reader sees while the final step (the ZIP of a PDF export) runs."""
    seen: list[tuple[str, dict[str, Any] | None]] = []

    async def finalizer(runtime: Runtime, job: JobRow) -> dict[str, Any] | None:
        other = _detail(runtime, job.id)
        seen.append((other.statut, other.resultat))
        if fails:
            raise InvalidInputError("Archive impossible.")
        return {"fichier": "lot.zip", "nombre": 2}

    monkeypatch.setitem(jobs_service.KINDS, "essai_final", _KindWithFinalizer(recorder, finalizer))
    job_id = _create(imported, type="essai_final", codes=codes[:2])
    await EmbeddedWorker(imported, concurrency=1).run(until_idle=True)

    assert seen == [("finalizing", None)]
    job = _detail(imported, job_id)
    if fails:
        assert (job.statut, job.resultat, job.error) == ("failed", None, "Archive impossible.")
    else:
        assert (job.statut, job.resultat) == ("done", {"fichier": "lot.zip", "nombre": 2})


@pytest.mark.anyio
async def test_a_job_whose_last_item_is_abandoned_is_not_done_without_its_result(
    imported: Runtime, codes: list[str], recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Taken over from a dead worker, the job cannot run its final step: failed, not done."""
    called: list[str] = []

    async def finalizer(runtime: Runtime, job: JobRow) -> dict[str, Any] | None:
        called.append(job.id)
        return {"fichier": "lot.zip"}

    monkeypatch.setitem(jobs_service.KINDS, "essai_final", _KindWithFinalizer(recorder, finalizer))
    job_id = _create(imported, type="essai_final", codes=codes[:1])
    with imported.sessions() as session:
        item = session.scalars(select(JobItemRow)).one()
        item.statut, item.worker = "running", "disparu"
        item.attempts = imported.settings.jobs_max_attempts
        session.commit()

    await EmbeddedWorker(imported).run(until_idle=True)

    job = _detail(imported, job_id)
    assert (job.statut, job.resultat, called) == ("failed", None, [])
    assert job.error == jobs_service.SANS_FINALISATION


# --- the final step of a job whose worker died is taken over ---------------------------------


def _dead_pid() -> int:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(dead.stdout)


def _left_finalizing(runtime: Runtime, job_id: str, *, attempts: int = 1) -> None:
    """What a worker killed during the final step leaves: every item ended, the job
    ``finalizing`` under its name, its heartbeat row still there."""
    with runtime.sessions() as session:
        now = jobs_service.now_utc()
        session.add(
            JobWorkerRow(
                id="mort",
                hostname=socket.gethostname(),
                pid=_dead_pid(),
                started_at=now,
                heartbeat_at=now,
            )
        )
        for item in session.scalars(select(JobItemRow).where(JobItemRow.job_id == job_id)):
            item.statut, item.worker, item.attempts, item.finished_at = "done", "mort", 1, now
        job = session.get_one(JobRow, job_id)
        job.statut, job.started_at, job.finished_at = "finalizing", now, now
        job.finalizer_worker, job.finalizer_attempts = "mort", attempts
        session.commit()


def _finalizer_state(runtime: Runtime, job_id: str) -> tuple[str | None, int]:
    with runtime.sessions() as session:
        job = session.get_one(JobRow, job_id)
        return job.finalizer_worker, job.finalizer_attempts


@pytest.mark.anyio
async def test_the_finalizer_is_recorded_on_the_job_while_it_runs(
    imported: Runtime, codes: list[str], recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str | None, int]] = []

    async def finalizer(runtime: Runtime, job: JobRow) -> dict[str, Any] | None:
        seen.append(_finalizer_state(runtime, job.id))
        return {"fichier": "lot.zip"}

    monkeypatch.setitem(jobs_service.KINDS, "essai_final", _KindWithFinalizer(recorder, finalizer))
    job_id = _create(imported, type="essai_final", codes=codes[:2])
    worker = EmbeddedWorker(imported, concurrency=2)
    await worker.run(until_idle=True)

    assert seen == [(worker.id, 1)]
    assert _detail(imported, job_id).statut == "done"


@pytest.mark.anyio
@pytest.mark.parametrize("fails", [False, True])
async def test_a_final_step_left_by_a_dead_worker_is_run_again_by_a_survivor(
    imported: Runtime,
    codes: list[str],
    recorder: Recorder,
    monkeypatch: pytest.MonkeyPatch,
    fails: bool,
) -> None:
    called: list[tuple[str, str]] = []

    async def finalizer(runtime: Runtime, job: JobRow) -> dict[str, Any] | None:
        called.append((job.id, _detail(runtime, job.id).statut))
        if fails:
            raise InvalidInputError("Archive impossible.")
        return {"fichier": "lot.zip", "nombre": 2}

    monkeypatch.setitem(jobs_service.KINDS, "essai_final", _KindWithFinalizer(recorder, finalizer))
    job_id = _create(imported, type="essai_final", codes=codes[:2])
    _left_finalizing(imported, job_id)

    survivor = EmbeddedWorker(imported)
    await survivor.run(until_idle=True)

    assert called == [(job_id, "finalizing")]
    assert recorder.seen == []  # the items are not run again
    assert _finalizer_state(imported, job_id) == (survivor.id, 2)
    job = _detail(imported, job_id)
    if fails:
        assert (job.statut, job.resultat) == ("failed", None)
        assert job.error == jobs_service.REPRISE_EN_ECHEC.format(raison="Archive impossible.")
        assert job.error.startswith("Le résultat final (l'archive) n'a pas pu être assemblé")
    else:
        assert (job.statut, job.resultat, job.error) == (
            "done",
            {"fichier": "lot.zip", "nombre": 2},
            None,
        )
    with imported.sessions() as session:  # the dead worker's row was removed
        assert session.get(JobWorkerRow, "mort") is None


@pytest.mark.anyio
async def test_a_final_step_that_keeps_killing_its_worker_is_abandoned(
    imported: Runtime, codes: list[str], recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    called: list[str] = []

    async def finalizer(runtime: Runtime, job: JobRow) -> dict[str, Any] | None:
        called.append(job.id)
        return {"fichier": "lot.zip"}

    monkeypatch.setitem(jobs_service.KINDS, "essai_final", _KindWithFinalizer(recorder, finalizer))
    job_id = _create(imported, type="essai_final", codes=codes[:1])
    max_attempts = imported.settings.jobs_max_attempts
    _left_finalizing(imported, job_id, attempts=max_attempts)

    await EmbeddedWorker(imported).run(until_idle=True)

    job = _detail(imported, job_id)
    assert (job.statut, job.resultat, called) == ("failed", None, [])
    assert job.error == jobs_service.FINALISATION_ABANDONNEE.format(n=max_attempts)
    assert job.finished_at is not None


def test_a_final_step_held_by_a_live_worker_is_left_to_it(
    imported: Runtime, codes: list[str], recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def finalizer(runtime: Runtime, job: JobRow) -> dict[str, Any] | None:
        return None

    monkeypatch.setitem(jobs_service.KINDS, "essai_final", _KindWithFinalizer(recorder, finalizer))
    job_id = _create(imported, type="essai_final", codes=codes[:1])
    _left_finalizing(imported, job_id)
    holder = EmbeddedWorker(imported)
    holder._register()
    with imported.sessions() as session:
        session.get_one(JobRow, job_id).finalizer_worker = holder.id
        session.commit()
    other = EmbeddedWorker(imported)
    other._register()
    other.beat()

    assert other.reprendre_finalisations() == []
    assert _finalizer_state(imported, job_id) == (holder.id, 1)
    # A worker started for another job (a batch command) leaves other jobs' final steps alone.
    holder._unregister()
    assert EmbeddedWorker(imported, job_id="autre").reprendre_finalisations() == []
    assert other.reprendre_finalisations() == [job_id]


@pytest.mark.anyio
async def test_two_workers_never_both_take_over_a_final_step(
    imported: Runtime, codes: list[str], recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def finalizer(runtime: Runtime, job: JobRow) -> dict[str, Any] | None:
        return None

    monkeypatch.setitem(jobs_service.KINDS, "essai_final", _KindWithFinalizer(recorder, finalizer))
    job_id = _create(imported, type="essai_final", codes=codes[:1])
    _left_finalizing(imported, job_id)
    workers = [EmbeddedWorker(imported) for _ in range(4)]
    for worker in workers:
        worker._register()
    workers[0].beat()  # the dead worker's row goes

    # Read by one worker before another one took the step over: the compare-and-set fails.
    with imported.sessions() as stale:
        seen_dead = stale.get_one(JobRow, job_id)
        assert workers[0].reprendre_finalisations() == [job_id]
        assert not jobs_service.reprendre_finalisation(
            stale, seen_dead, worker=workers[1].id, max_attempts=10
        )
        stale.commit()
    assert _finalizer_state(imported, job_id) == (workers[0].id, 2)

    # At the same time: exactly one of them wins.
    workers[0]._unregister()
    taken = await asyncio.gather(
        *(asyncio.to_thread(worker.reprendre_finalisations) for worker in workers[1:])
    )
    winners = [worker.id for worker, jobs in zip(workers[1:], taken, strict=True) if jobs]
    assert len(winners) == 1
    assert sum(len(jobs) for jobs in taken) == 1
    assert _finalizer_state(imported, job_id) == (winners[0], 3)


@pytest.mark.anyio
async def test_the_late_result_of_a_worker_replaced_meanwhile_is_dropped(
    imported: Runtime, codes: list[str], recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def finalizer(runtime: Runtime, job: JobRow) -> dict[str, Any] | None:
        return {"fichier": "tardif.zip"}

    monkeypatch.setitem(jobs_service.KINDS, "essai_final", _KindWithFinalizer(recorder, finalizer))
    job_id = _create(imported, type="essai_final", codes=codes[:1])
    _left_finalizing(imported, job_id)
    with imported.sessions() as session:
        session.get_one(JobRow, job_id).finalizer_worker = "remplacant"
        session.commit()

    await jobs_service._finalize(imported, job_id, finalizer, worker="mort")

    job = _detail(imported, job_id)
    assert (job.statut, job.resultat) == ("finalizing", None)


@pytest.mark.anyio
async def test_a_pdf_export_whose_worker_died_while_packing_gets_its_zip(
    imported: Runtime, codes: list[str]
) -> None:
    """The real ``export-pdf`` finalizer, run again: the rendered files become the ZIP."""
    job_id = _create(imported, type="export-pdf", codes=codes[:2])
    _left_finalizing(imported, job_id)
    folder = imported.settings.data_dir / "exports" / job_id
    folder.mkdir(parents=True)
    for code in codes[:2]:
        (folder / f"{code}.pdf").write_bytes(b"%PDF-1.7 " + code.encode())
    (folder.parent / "reste-d-un-mort.zip.part").write_bytes(b"PK")  # a dead run's leftover

    await EmbeddedWorker(imported).run(until_idle=True)

    job = _detail(imported, job_id)
    assert job.statut == "done", job
    assert job.resultat is not None and job.resultat["nombre"] == 2
    archive_path = imported.settings.data_dir / "exports" / job.resultat["fichier"]
    with zipfile.ZipFile(archive_path) as archive:
        assert sorted(archive.namelist()) == [f"{code}.pdf" for code in codes[:2]]
    assert not folder.exists()


# --- one creation path ------------------------------------------------------------------------


def test_a_job_on_the_whole_referential_is_created_by_the_jobs_own_path(
    imported: Runtime, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agents_metiers.services.veille.lancement import creer_tache_veille

    written: list[str] = []
    enregistrer = jobs_service._enregistrer

    def spy(session: Session, kind: JobKind, auteur: Auteur, **kwargs: Any) -> JobRow:
        written.append(kind.name)
        return enregistrer(session, kind, auteur, **kwargs)

    monkeypatch.setattr(jobs_service, "_enregistrer", spy)
    with imported.sessions() as session, pytest.raises(PermissionDeniedError):
        creer_tache_veille(imported, session, "/tmp/export", EDITEUR)
    with imported.sessions() as session, pytest.raises(InvalidInputError, match="des fiches"):
        jobs_service.creer_job_referentiel(
            imported, session, "essai", ADMIN, params={}, description="Essai."
        )
    with imported.sessions() as session:
        job_id = creer_tache_veille(imported, session, "/tmp/export", ADMIN).id

    assert written == ["veille-rome"]
    job = _detail(imported, job_id)
    assert (job.type, job.statut, job.total, job.params) == (
        "veille-rome",
        "queued",
        1,
        {"source": "/tmp/export"},
    )
    assert job.items is not None
    assert [(i.code_rome, i.statut) for i in job.items] == [
        (jobs_service.ITEM_REFERENTIEL, "pending")
    ]
    with imported.sessions() as session:
        event = session.scalars(
            select(AuditEventRow).where(AuditEventRow.type_evenement == "job.cree")
        ).one()
        assert event.description == "Veille ROME mise en file (source : /tmp/export)."
        assert event.donnees_apres == {
            "job_id": job_id,
            "type": "veille-rome",
            "total": 1,
            "source": "/tmp/export",
        }
