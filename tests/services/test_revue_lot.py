"""Batch human review (issue 14): the ``review`` job on the mini export, on both databases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agents_metiers.domain.users import Role
from agents_metiers.domain.workflow import Action
from agents_metiers.errors import InvalidInputError, PermissionDeniedError
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.edition import modifier
from agents_metiers.services.fiches.inputs import FicheUpdate
from agents_metiers.services.fiches.workflow import transitionner
from agents_metiers.services.jobs.lifecycle import JobCreate, JobOut, creer_job, job_detail
from agents_metiers.services.jobs.workers import EmbeddedWorker
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import (
    AuditEventRow,
    FichePubliqueRow,
    FicheRow,
    JobRow,
    RevisionRow,
)

RELECTRICE = Auteur(nom="Relectrice Une", acteur="humain", user_id=None, role=Role.RELECTEUR)
EDITEUR = Auteur(nom="Éditeur Un", acteur="humain", user_id=None, role=Role.EDITEUR)

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def imported(db: Runtime, rome_mini: Path) -> Runtime:
    import_rome(
        db.sessions, ImportOptions(source=str(rome_mini), download_dir=db.settings.download_dir)
    )
    return db


def _fiche(session: Session, code: str) -> FicheRow:
    return session.scalars(select(FicheRow).where(FicheRow.code_rome == code)).one()


async def _run(runtime: Runtime, auteur: Auteur = RELECTRICE, **body: Any) -> JobOut:
    with runtime.sessions() as session:
        job_id = creer_job(runtime, session, JobCreate(type="review", **body), auteur).id
    await EmbeddedWorker(runtime).run(until_idle=True)
    with runtime.sessions() as session:
        return job_detail(session, job_id)


def _prepare_history(runtime: Runtime) -> None:
    """M1805 edited by a person, M1802 written by the AI, J1104 sent back by a reviewer."""
    with runtime.sessions() as session:
        modifier(
            session,
            "M1805",
            FicheUpdate(description_courte="Conçoit et écrit des logiciels."),
            EDITEUR,
        )
    with runtime.sessions() as session:
        # What an AI enrichment leaves on the fiche (services.ia.actions stamps each field).
        row = _fiche(session, "M1802")
        row.provenance = {**row.provenance, "description": {"source": "ia", "modele": "test"}}
        session.commit()
    with runtime.sessions() as session:
        transitionner(session, "J1104", Action.SOUMETTRE, EDITEUR)
    with runtime.sessions() as session:
        transitionner(session, "J1104", Action.REJETER, RELECTRICE, motif="Texte à reprendre")


async def test_a_batch_by_status_publishes_only_the_fiches_still_entirely_rome(
    imported: Runtime,
) -> None:
    _prepare_history(imported)
    job = await _run(imported, statut="brouillon", params={"decision": "validate", "publier": True})

    assert (job.type, job.label, job.statut, job.total, job.failed) == (
        "review",
        "Relecture en lot",
        "done",
        6,
        0,
    )
    assert job.items is not None
    results = {item.code_rome: item.result or {} for item in job.items}
    published = sorted(code for code, r in results.items() if r["action"] == "publiee")
    assert published == ["J1124", "J1506", "M1810"]
    assert "une personne" in results["M1805"]["message"]
    assert "l'IA" in results["M1802"]["message"]
    assert "Renvoyée par un relecteur (Relectrice Une" in results["J1104"]["message"]
    assert {results[c]["action"] for c in ("M1805", "M1802", "J1104")} == {"ignoree"}

    with imported.sessions() as session:
        for code in published:
            row = _fiche(session, code)
            assert (row.statut, row.version, row.version_publiee) == ("publiee", 4, 4)
            revisions = session.scalars(
                select(RevisionRow).where(RevisionRow.code_rome == code, RevisionRow.numero > 1)
            ).all()
            assert [(r.numero, r.statut, r.auteur) for r in revisions] == [
                (2, "enrichi", "Relectrice Une"),
                (3, "valide", "Relectrice Une"),
                (4, "publiee", "Relectrice Une"),
            ]
            events = session.scalars(
                select(AuditEventRow)
                .where(AuditEventRow.code_rome == code)
                .order_by(AuditEventRow.id)
            ).all()
            assert [(e.type_evenement, e.agent, e.acteur) for e in events] == [
                ("fiche.soumise", "Relectrice Une", "humain"),
                ("fiche.validee", "Relectrice Une", "humain"),
                ("fiche.publiee", "Relectrice Une", "humain"),
            ]
        public = set(session.scalars(select(FichePubliqueRow.code_rome)))
        assert public == set(published)
        for code in ("M1805", "M1802", "J1104"):
            assert _fiche(session, code).statut == "brouillon"


async def test_fiches_named_by_code_are_reviewed_whatever_their_content(
    imported: Runtime,
) -> None:
    _prepare_history(imported)
    job = await _run(imported, codes=["M1805", "M1802", "J1104"], params={"decision": "validate"})
    assert job.items is not None
    assert {i.code_rome: (i.result or {}).get("action") for i in job.items} == dict.fromkeys(
        ("M1805", "M1802", "J1104"), "validee"
    )
    with imported.sessions() as session:
        assert {_fiche(session, c).statut for c in ("M1805", "M1802", "J1104")} == {"valide"}
        assert session.scalar(select(func.count()).select_from(FichePubliqueRow)) == 0
    # Publishing them afterwards: nothing left to validate, one publication each.
    job = await _run(imported, codes=["M1805"], params={"publier": True})
    assert job.items is not None and job.items[0].result is not None
    assert job.items[0].result["action"] == "publiee"
    again = await _run(imported, codes=["M1805"], params={"publier": True})
    assert again.items is not None and again.items[0].result is not None
    assert again.items[0].result["action"] == "ignoree"
    assert "déjà publiée" in again.items[0].result["message"]


async def test_a_batch_by_domaine(imported: Runtime) -> None:
    job = await _run(imported, domaine="J15", params={"publier": True})
    assert [item.code_rome for item in job.items or []] == ["J1506"]
    job = await _run(imported, domaine="m", statut="brouillon", params={})
    assert [item.code_rome for item in job.items or []] == ["M1802", "M1805", "M1810"]
    with imported.sessions() as session:
        assert _fiche(session, "M1810").statut == "valide"
        assert _fiche(session, "J1506").statut == "publiee"


def test_bad_review_requests_are_refused_before_anything_is_queued(imported: Runtime) -> None:
    cases: list[tuple[dict[str, Any], Auteur, type[Exception], str]] = [
        ({"statut": "brouillon", "params": {"decision": "reject"}}, RELECTRICE, InvalidInputError,
         "seule « validate »"),
        ({"statut": "brouillon", "params": {"publier": "oui"}}, RELECTRICE, InvalidInputError,
         "true ou false"),
        ({"statut": "brouillon", "params": {"force": True}}, RELECTRICE, InvalidInputError,
         "inconnu"),
        ({"domaine": "Santé"}, RELECTRICE, Exception, "Domaine invalide|at most 3"),
        ({"domaine": "Z99"}, RELECTRICE, InvalidInputError, "Aucune fiche du domaine"),
        ({"codes": ["M1805"], "domaine": "M"}, RELECTRICE, InvalidInputError, "soit"),
        ({"statut": "brouillon", "params": {"publier": True}}, EDITEUR, PermissionDeniedError,
         "relecteur"),
    ]  # fmt: skip
    for body, auteur, error, words in cases:
        with imported.sessions() as session, pytest.raises(error, match=words):
            creer_job(imported, session, JobCreate(type="review", **body), auteur)
    with imported.sessions() as session:
        assert session.scalar(select(func.count()).select_from(JobRow)) == 0
