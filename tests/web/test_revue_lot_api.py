"""Publishing the official baseline (issue 14): a relecteur reviews and publishes 200 brouillon
fiches of the real v460 export in one ``review`` job, through the real app, on both databases.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine

from agents_metiers.config import Settings
from agents_metiers.services.comptes.auth import issue_access_token
from agents_metiers.services.comptes.users import create_user
from agents_metiers.services.jobs.lifecycle import EN_COURS
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.db import make_sessionmaker
from agents_metiers.storage.tables import (
    AuditEventRow,
    FichePubliqueRow,
    FicheRow,
    RevisionRow,
)
from agents_metiers.web.app import create_app

pytestmark = [pytest.mark.integration, pytest.mark.anyio]
LOT = 200


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def v460(
    database: Engine,
    tmp_path_factory: pytest.TempPathFactory,
    truncate_tables: Callable[[Engine], None],
) -> Iterator[Runtime]:
    candidates = [p / "shared" / "rome" / "v460" for p in Path(__file__).resolve().parents]
    shared = next((c for c in candidates if c.is_dir()), None)
    if shared is None:
        pytest.skip("export ROME réel absent (shared/rome/v460) : test d'intégration ignoré")
    truncate_tables(database)
    work = tmp_path_factory.mktemp("v460")
    settings = Settings(
        data_dir=work,
        database_url=str(database.url),
        environment="test",
        jobs_in_app=True,
        jobs_poll_seconds=0.1,
        _env_file=None,
    )  # type: ignore[call-arg]
    runtime = Runtime(settings=settings, engine=database, sessions=make_sessionmaker(database))
    import_rome(runtime.sessions, ImportOptions(source=str(shared), download_dir=work / "dl"))
    yield runtime
    truncate_tables(database)


async def _wait(http: httpx2.AsyncClient, job_id: str, headers: dict[str, str]) -> Any:
    while True:  # the test run's timeout bounds it; no timing asserted
        job = (await http.get(f"/api/jobs/{job_id}", headers=headers)).json()
        if job["statut"] not in EN_COURS:
            return job
        await asyncio.sleep(0.2)


async def test_200_brouillon_fiches_reviewed_and_published_in_one_job(v460: Runtime) -> None:
    with v460.sessions() as session:
        codes = list(session.scalars(select(FicheRow.code_rome).order_by(FicheRow.code_rome)))
        assert len(codes) > LOT
        # 200 fiches spread over every domaine stay brouillon; the others are at another stage.
        step = len(codes) // LOT
        lot = codes[::step][:LOT]
        session.execute(
            update(FicheRow).where(FicheRow.code_rome.not_in(lot)).values(statut="enrichi")
        )
        session.commit()
        user = create_user(
            v460.sessions, email="relectrice@exemple.fr", password="MotDePasse123",
            role="relecteur", name="Claire Relectrice",
        )  # fmt: skip
    relectrice = {"Authorization": f"Bearer {issue_access_token(user, v460.settings)}"}

    app = create_app(v460.settings, runtime=v460)
    transport = httpx2.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx2.AsyncClient(transport=transport, base_url="http://test") as http,
    ):
        assert (await http.get("/api/fiches")).json()["total"] == 0
        created = await http.post(
            "/api/jobs",
            json={
                "type": "review",
                "statut": "brouillon",
                "params": {"decision": "validate", "publier": True},
            },
            headers=relectrice,
        )
        assert created.status_code == 202, created.text
        assert created.json()["total"] == LOT
        job = await _wait(http, created.json()["id"], relectrice)
        assert (job["statut"], job["done"], job["failed"]) == ("done", LOT, 0), job["error"]
        assert {item["result"]["action"] for item in job["items"]} == {"publiee"}

        listed = (await http.get("/api/fiches", params={"limit": 100})).json()
        assert listed["total"] == LOT
        pages = [(await http.get("/fiches", params={"p": p})).text for p in range(1, 5)]
        shown = set(re.findall(r'href="/fiches/([A-Z]\d{4})"', "".join(pages)))
        assert shown == set(lot)
        one = (await http.get(f"/api/fiches/{lot[0]}")).json()
        assert one["statut"] == "publiee"

    with v460.sessions() as session:
        assert set(session.scalars(select(FichePubliqueRow.code_rome))) == set(lot)
        revisions = session.execute(
            select(
                RevisionRow.code_rome, RevisionRow.statut, RevisionRow.auteur, RevisionRow.user_id
            )
            .where(RevisionRow.numero > 1)
            .order_by(RevisionRow.code_rome, RevisionRow.numero)
        ).all()
        assert len(revisions) == 3 * LOT
        assert {(r.auteur, r.user_id) for r in revisions} == {("Claire Relectrice", user.id)}
        per_fiche: dict[str, list[str]] = {}
        for r in revisions:
            per_fiche.setdefault(r.code_rome, []).append(r.statut)
        assert per_fiche == {code: ["enrichi", "valide", "publiee"] for code in lot}
        events = session.execute(
            select(
                AuditEventRow.type_evenement,
                AuditEventRow.agent,
                AuditEventRow.user_id,
                func.count(),
            )
            .where(AuditEventRow.code_rome.is_not(None))
            .group_by(AuditEventRow.type_evenement, AuditEventRow.agent, AuditEventRow.user_id)
        ).all()
        assert sorted(tuple(e) for e in events) == [
            ("fiche.publiee", "Claire Relectrice", user.id, LOT),
            ("fiche.soumise", "Claire Relectrice", user.id, LOT),
            ("fiche.validee", "Claire Relectrice", user.id, LOT),
        ]
        untouched = session.scalar(
            select(func.count()).select_from(FicheRow).where(FicheRow.statut == "enrichi")
        )
        assert untouched == len(codes) - LOT
