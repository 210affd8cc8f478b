"""The veille ROME API (detection side): run, status, changes; permissions and bad sources."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import httpx2
import pytest
from sqlalchemy import select

from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import JobItemRow, JobRow, RomeVeilleRunRow

Headers = Callable[[str], dict[str, str]]
MEANING = "Technicien / Technicienne en cybersécurité"


def _exports() -> ModuleType:
    path = Path(__file__).parents[1] / "veille" / "exports.py"
    spec = importlib.util.spec_from_file_location("veille_exports_web", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def v61(rome_mini: Path, tmp_path: Path) -> Path:
    export = _exports().copier_export(rome_mini, tmp_path / "v61", 61)
    export.relibeller("M1802", MEANING)
    export.supprimer_code("J1104")
    path: Path = export.path
    return path


async def test_only_admins_run_it_and_reviewers_read_it(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers, v61: Path
) -> None:
    assert (await client.post("/api/veille/rome", json={"source": str(v61)})).status_code == 401
    relecteur = auth_headers("relecteur")
    refused = await client.post("/api/veille/rome", json={"source": str(v61)}, headers=relecteur)
    assert refused.status_code == 403
    editeur = auth_headers("editeur")
    assert (await client.get("/api/veille/rome/status", headers=editeur)).status_code == 403
    assert (await client.get("/api/veille/rome/status", headers=relecteur)).status_code == 200
    assert (await client.get("/api/veille/rome/changes", headers=relecteur)).status_code == 200


async def test_a_run_answers_its_counts_then_status_and_changes_show_it(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers, v61: Path
) -> None:
    admin = auth_headers("admin")
    empty = (await client.get("/api/veille/rome/status", headers=admin)).json()
    assert empty["derniere_execution"] is None and empty["derniere_details"] is None
    assert empty["prochaine_execution"] == "Non planifiée"
    response = await client.post("/api/veille/rome", json={"source": str(v61)}, headers=admin)
    assert response.status_code == 200, response.text
    run = response.json()
    assert (run["nouvelles"], run["modifiees"], run["supprimees"]) == (0, 1, 1)
    assert run["total_api"] == 5 and run["inchangees"] == 4
    assert run["changements_de_sens"][0]["code_rome"] == "M1802"
    status = (await client.get("/api/veille/rome/status", headers=admin)).json()
    assert status["derniere_details"] == {
        "version_stockee": 60,
        "version_detectee": 61,
        "nouvelles": 0,
        "modifiees": 1,
        "supprimees": 1,
        "inchangees": 4,
        "relibellees": 1,
        "sens_modifies": 1,
        "erreurs": 0,
    }
    assert (status["fiches_pending"], status["changements_non_revues"]) == (2, 2)
    page = (
        await client.get("/api/veille/rome/changes", params={"sens_modifie": "true"}, headers=admin)
    ).json()
    assert page["total"] == 1
    change = page["changes"][0]
    assert change["code_rome"] == "M1802" and change["fields_changed"] == ["libelle"]
    assert change["details"]["libelle"]["apres"] == MEANING
    assert change["run_id"] == run["run_id"] and change["reviewed"] is False
    deleted = await client.get(
        "/api/veille/rome/changes", params={"change_type": "deleted"}, headers=admin
    )
    assert [c["code_rome"] for c in deleted.json()["changes"]] == ["J1104"]


async def test_bad_sources_are_422_sentences_and_change_nothing(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers, rome_mini: Path
) -> None:
    admin = auth_headers("admin")
    cases = {
        "/nulle/part": "n'existe pas",
        "ftp://exemple.fr/rome.zip": "ni un dossier",
        str(rome_mini): "déjà en base",
        "http://127.0.0.1:5432/rome.zip": "adresse interne",
        "http://10.1.2.3/rome.zip": "adresse interne",
        "http://[::1]/rome.zip": "adresse interne",
        "http://169.254.169.254/latest": "adresse interne",
        "http://[": "mal formée",
        "x" * 300: "n'existe pas",
    }
    for source, sentence in cases.items():
        response = await client.post("/api/veille/rome", json={"source": source}, headers=admin)
        assert response.status_code == 422, source
        assert sentence in response.json()["detail"], (source, response.json())
    bad_type = await client.get(
        "/api/veille/rome/changes", params={"change_type": "renamed"}, headers=admin
    )
    assert bad_type.status_code == 422
    with imported.sessions() as session:
        assert session.scalars(select(JobRow)).all() == []
        statuts = list(session.scalars(select(RomeVeilleRunRow.statut)))
    assert statuts == ["echouee"]  # only the same-version export got as far as a run


async def test_a_public_url_is_queued_as_a_veille_job(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    url = "http://93.184.216.34/RefRomeCsv.zip"
    response = await client.post("/api/veille/rome", json={"source": url}, headers=admin)
    assert response.status_code == 202, response.text
    job_id = response.json()["id"]
    with imported.sessions() as session:
        job = session.get(JobRow, job_id)
        items = session.scalars(select(JobItemRow).where(JobItemRow.job_id == job_id)).all()
    assert job is not None and job.type == "veille-rome" and job.params == {"source": url}
    assert [item.code_rome for item in items] == ["ROME"]
    refused = await client.post(
        "/api/jobs", json={"type": "veille-rome", "codes": ["M1805"]}, headers=admin
    )
    assert refused.status_code == 422


async def test_the_status_names_the_next_scheduled_veille(
    client_with: Callable[..., AbstractAsyncContextManager[httpx2.AsyncClient]],
    auth_headers: Headers,
) -> None:
    async with client_with(
        schedule_veille_rome_enabled=True, schedule_veille_rome_cron="0 3 * * 1"
    ) as http:
        status = (await http.get("/api/veille/rome/status", headers=auth_headers("admin"))).json()
    prochaine = datetime.fromisoformat(status["prochaine_execution"])
    assert prochaine > datetime.now(UTC)
    assert prochaine.weekday() == 0
