"""The Veille tab of the control centre and the fiche banners (real app, both databases):
readable diffs, review and sync forms that post then redirect, banners for editors and the
public."""

from __future__ import annotations

import html
import importlib.util
from pathlib import Path

import httpx2
import pytest
from sqlalchemy import select

from agents_metiers.services.runtime import Runtime
from agents_metiers.services.veille.detection import VeilleOptions, executer_veille
from agents_metiers.storage.tables import FicheRow, RomeChangeRow

from .conftest import Login, publier

MEANING = "Technicien / Technicienne en cybersécurité"


def _export(rome_mini: Path, tmp_path: Path) -> Path:
    path = Path(__file__).parents[1] / "veille" / "exports.py"
    spec = importlib.util.spec_from_file_location("veille_exports_pages", path)
    assert spec and spec.loader
    exports = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(exports)
    export = exports.copier_export(rome_mini, tmp_path / "v61", 61)
    export.relibeller("M1802", MEANING)
    export.retirer_mobilite("M1805", "M1802")
    export.supprimer_code("J1104")
    result: Path = export.path
    return result


@pytest.fixture
def veille(imported: Runtime, rome_mini: Path, tmp_path: Path) -> Runtime:
    publier(imported, "J1104")
    options = VeilleOptions(
        source=str(_export(rome_mini, tmp_path)), download_dir=imported.settings.download_dir
    )
    executer_veille(imported.sessions, options)
    return imported


def _texte(response: httpx2.Response) -> str:
    return html.unescape(response.text)


def _change_id(runtime: Runtime, code: str) -> int:
    with runtime.sessions() as session:
        found = session.scalar(select(RomeChangeRow.id).where(RomeChangeRow.code_rome == code))
    assert found is not None
    return found


async def test_the_tab_shows_readable_changes_and_review_buttons_to_a_reviewer(
    veille: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    await login("relecteur")  # type: ignore[operator]
    page = _texte(await client.get("/actions", params={"onglet": "veille"}))
    assert "Expert / Experte systèmes et réseaux informatiques</del> → <ins>" + MEANING in page
    assert "Changement de sens" in page
    assert "Retiré du ROME" in page
    assert "{'" not in page and "'avant'" not in page  # no raw dict
    assert 'value="acknowledge"' in page and 'value="apply"' in page
    assert 'value="re_enrich"' not in page  # no AI provider here
    assert "Synchroniser avec le référentiel détecté" not in page  # admins only
    filtre = _texte(await client.get("/actions", params={"onglet": "veille", "sens": "1"}))
    assert "M1802" in filtre and "J1104" not in filtre


async def test_editors_do_not_see_the_veille(
    veille: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    await login("editeur")  # type: ignore[operator]
    page = _texte(await client.get("/actions", params={"onglet": "veille"}))
    assert "réservée aux relecteurs" in page
    assert "M1802" not in page


async def test_a_review_form_posts_then_redirects_and_marks_the_change(
    veille: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    token = await login("relecteur")  # type: ignore[operator]
    change_id = _change_id(veille, "M1802")
    response = await client.post(
        f"/actions/veille/changements/{change_id}",
        data={"csrf_token": token, "action": "apply", "retour": "/fiches/M1802"},
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/fiches/M1802?message=revue"
    fiche = _texte(await client.get(response.headers["location"]))
    assert "Changement ROME traité." in fiche
    assert "Technicien en cybersécurité" in fiche
    refused = await client.post(
        f"/actions/veille/changements/{change_id}",
        data={"csrf_token": token, "action": "apply", "retour": "https://ailleurs.example"},
    )
    assert refused.status_code == 422


async def test_admin_syncs_from_the_tab_and_sees_the_summary(
    veille: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    token = await login("admin")  # type: ignore[operator]
    response = await client.post("/actions/veille/sync", data={"csrf_token": token})
    assert response.status_code == 303
    page = _texte(await client.get(response.headers["location"]))
    assert "Synchronisation terminée" in page
    assert "Synchronisation avec le ROME v61" in page
    with veille.sessions() as session:
        assert session.scalar(select(FicheRow.rome_retire).where(FicheRow.code_rome == "J1104"))


async def test_the_fiche_banner_shows_the_pending_diff_to_editors_and_retirement_to_all(
    veille: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    token = await login("admin")  # type: ignore[operator]
    await client.post("/actions/veille/sync", data={"csrf_token": token})
    editeur = _texte(await client.get("/fiches/M1802"))
    assert "changement en attente de revue" in editeur
    assert MEANING in editeur
    public = httpx2.AsyncClient(transport=client._transport, base_url="http://test")
    async with public:
        page = _texte(await public.get("/fiches/J1104"))
    assert "ne figure plus dans le référentiel ROME" in page
    assert "en attente de revue" not in page


async def test_admin_runs_the_veille_from_the_tab(
    imported: Runtime,
    client: httpx2.AsyncClient,
    login: Login,
    rome_mini: Path,
    tmp_path: Path,
) -> None:
    token = await login("admin")  # type: ignore[operator]
    source = _export(rome_mini, tmp_path)
    response = await client.post(
        "/actions/veille/lancer", data={"csrf_token": token, "source": str(source)}
    )
    assert response.status_code == 303
    page = _texte(await client.get(response.headers["location"]))
    assert "Veille terminée" in page
    assert "ROME v60 → v61" in page
