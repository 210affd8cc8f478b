"""On both backends: the CLI imports into the database, and ``show --json`` is the API's body."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import anyio
import httpx2
from sqlalchemy import select

from agents_metiers.services.comptes.auth import issue_access_token
from agents_metiers.services.comptes.users import create_user
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import FicheRow
from agents_metiers.web.app import create_app

Cli = Callable[..., subprocess.CompletedProcess[str]]
CODES = ["J1104", "J1124", "J1506", "M1802", "M1805", "M1810"]


def test_init_then_import_rome_stores_fiches_and_prints_the_report(
    cli: Cli, db: Runtime, rome_mini: Path
) -> None:
    init = cli("init")
    imported = cli("import-rome", str(rome_mini))
    assert (init.returncode, init.stderr) == (0, "")
    assert init.stdout.startswith("Base prête : ")
    assert (imported.returncode, imported.stderr) == (0, "")
    assert imported.stdout.splitlines() == [
        "Lecture de l'export…",
        "Construction des fiches…",
        "ROME version 60 importée : 6 fiches (6 créées, 0 mises à jour, 0 inchangées).",
    ]
    with db.sessions() as session:
        codes = session.scalars(select(FicheRow.code_rome).order_by(FicheRow.code_rome)).all()
    assert codes == CODES


def _editor_headers(runtime: Runtime) -> dict[str, str]:
    """The CLI is an operator's tool: it shows the working copy, as the API does to editors."""
    user = create_user(
        runtime.sessions,
        email="cli@exemple.fr",
        password="MotDePasse123",
        role="editeur",
        name=None,
    )
    return {"Authorization": f"Bearer {issue_access_token(user, runtime.settings)}"}


async def _api_body(runtime: Runtime, path: str) -> object:
    app = create_app(runtime.settings, runtime=runtime)
    transport = httpx2.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx2.AsyncClient(transport=transport, base_url="http://test") as client,
    ):
        response = await client.get(path, headers=_editor_headers(runtime))
    assert response.status_code == 200
    return response.json()


def test_show_json_is_the_api_detail_body(cli: Cli, imported: Runtime) -> None:
    shown = cli("show", "m1805", "--json")
    api = anyio.run(_api_body, imported, "/api/fiches/M1805")
    assert (shown.returncode, shown.stderr) == (0, "")
    assert json.loads(shown.stdout) == api
