"""``/api/jobs`` through the real app, with the embedded worker running inside it."""

from __future__ import annotations

import asyncio
import io
import zipfile
from collections.abc import Callable
from typing import Any

import httpx2
import pytest
from sqlalchemy import func, select, update

from agents_metiers.services.jobs.lifecycle import EN_COURS
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import FicheRow, JobRow

pytestmark = pytest.mark.anyio

Headers = Callable[[str], dict[str, str]]


async def _wait_finished(http: httpx2.AsyncClient, job_id: str, headers: dict[str, str]) -> Any:
    for _ in range(200):
        response = await http.get(f"/api/jobs/{job_id}", headers=headers)
        assert response.status_code == 200
        job = response.json()
        if job["statut"] not in EN_COURS:
            return job
        await asyncio.sleep(0.05)
    raise AssertionError(f"la tâche {job_id} ne s'est pas terminée : {job}")


async def test_the_app_runs_a_publish_job_and_reports_each_fiche(
    imported: Runtime, client_with: Any, auth_headers: Headers
) -> None:
    with imported.sessions() as session:
        session.execute(
            update(FicheRow)
            .where(FicheRow.code_rome.in_(["M1805", "M1802"]))
            .values(statut="valide")
        )
        session.commit()
    relecteur = auth_headers("relecteur")
    async with client_with(jobs_in_app=True, jobs_poll_seconds=0.1) as http:
        created = await http.post(
            "/api/jobs",
            json={"type": "publish", "codes": ["M1805", "M1802", "J1104"]},
            headers=relecteur,
        )
        assert created.status_code == 202, created.text
        body = created.json()
        assert (body["type"], body["total"], body["label"]) == ("publish", 3, "Publication")
        job = await _wait_finished(http, body["id"], relecteur)

        assert (job["statut"], job["done"], job["failed"], job["progress"]) == ("done", 2, 1, 1.0)
        by_code = {item["code_rome"]: item for item in job["items"]}
        assert by_code["M1805"]["result"]["statut"] == "publiee"
        assert by_code["J1104"]["statut"] == "failed"
        assert "brouillon" in by_code["J1104"]["error"]

        listed = (await http.get("/api/jobs", headers=relecteur)).json()
        assert listed["total"] == 1
        assert listed["jobs"][0]["id"] == body["id"]
        assert "items" not in listed["jobs"][0] or listed["jobs"][0]["items"] is None
        public = (await http.get("/api/fiches/M1805")).json()
        assert public["statut"] == "publiee"


async def test_jobs_need_an_account_and_the_kind_permission(
    imported: Runtime, client: httpx2.AsyncClient, auth_headers: Headers
) -> None:
    body = {"type": "publish", "codes": ["M1805"]}
    assert (await client.post("/api/jobs", json=body)).status_code == 401
    assert (await client.get("/api/jobs")).status_code == 401
    lecteur = auth_headers("lecteur")
    assert (await client.post("/api/jobs", json=body, headers=lecteur)).status_code == 403
    editeur = auth_headers("editeur")
    refused = await client.post("/api/jobs", json=body, headers=editeur)
    assert refused.status_code == 403
    assert "relecteur" in refused.json()["detail"]
    with imported.sessions() as session:
        assert session.scalar(select(func.count()).select_from(JobRow)) == 0


async def test_bad_job_requests_get_sentences(
    imported: Runtime, client: httpx2.AsyncClient, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    cases = [
        ({"type": "nope", "codes": ["M1805"]}, 422, "Type de tâche inconnu"),
        ({"type": "publish"}, 422, "codes"),
        ({"type": "publish", "codes": ["M1805"], "extra": 1}, 422, "extra"),
        ({"type": "publish", "codes": ["Z9999"]}, 404, "Z9999"),
        ({"type": "enrich", "codes": ["M1805"]}, 503, "Aucun fournisseur d'IA"),
    ]
    for body, status, words in cases:
        response = await client.post("/api/jobs", json=body, headers=admin)
        assert response.status_code == status, (body, response.text)
        assert words in response.json()["detail"]
    assert (await client.get("/api/jobs/inconnu", headers=admin)).status_code == 404
    assert (await client.get("/api/jobs?statut=bizarre", headers=admin)).status_code == 422
    with imported.sessions() as session:
        assert session.scalar(select(func.count()).select_from(JobRow)) == 0


async def test_only_the_creator_or_an_admin_cancels_a_job(
    imported: Runtime, client: httpx2.AsyncClient, auth_headers: Headers
) -> None:
    # No worker runs in ``client``: the job stays queued until cancelled.
    owner = auth_headers("relecteur")
    created = await client.post(
        "/api/jobs", json={"type": "publish", "statut": "brouillon"}, headers=owner
    )
    assert created.status_code == 202
    job_id = created.json()["id"]
    other = auth_headers("relecteur")
    assert (await client.post(f"/api/jobs/{job_id}/cancel", headers=other)).status_code == 403
    cancelled = await client.post(f"/api/jobs/{job_id}/cancel", headers=owner)
    assert cancelled.status_code == 200
    job = cancelled.json()
    assert job["statut"] == "cancelled"
    assert job["cancelled"] == job["total"] == 6
    again = await client.post(f"/api/jobs/{job_id}/cancel", headers=auth_headers("admin"))
    assert again.json()["statut"] == "cancelled"
    artefact = await client.get(f"/api/jobs/{job_id}/artefact", headers=owner)
    assert artefact.status_code == 404
    assert "fichier" in artefact.json()["detail"]


async def test_a_pdf_export_job_gives_one_zip_of_the_published_fiches(
    imported: Runtime, client_with: Any, auth_headers: Headers
) -> None:
    with imported.sessions() as session:
        session.execute(
            update(FicheRow).where(FicheRow.code_rome == "M1805").values(statut="valide")
        )
        session.commit()
    relecteur = auth_headers("relecteur")
    async with client_with(jobs_in_app=True, jobs_poll_seconds=0.1) as http:
        published = await http.post("/api/fiches/M1805/publish", json={}, headers=relecteur)
        assert published.status_code == 200, published.text
        created = await http.post(
            "/api/jobs", json={"type": "export-pdf", "codes": ["M1805", "M1802"]}, headers=relecteur
        )
        assert created.status_code == 202, created.text
        job = await _wait_finished(http, created.json()["id"], relecteur)
        assert (job["statut"], job["done"], job["failed"]) == ("done", 1, 1), job
        assert job["resultat"]["nombre"] == 1
        download = await http.get(f"/api/jobs/{job['id']}/artefact", headers=relecteur)
        assert download.status_code == 200
        assert download.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        names = archive.namelist()
        assert len(names) == 1 and names[0].startswith("M1805_")
        assert archive.read(names[0]).startswith(b"%PDF")
