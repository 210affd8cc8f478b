"""Pages of the editorial team: login, editing, workflow, revisions, control centre, roles,
CSRF, escaping, variants and translations — through the real app and services."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

import httpx2
import pytest

from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import VarianteRow

pytestmark = pytest.mark.anyio
Login = object  # the ``login`` fixture: ``await login(role)`` → CSRF token


def _texte(response: httpx2.Response) -> str:
    return unescape(response.text)


async def test_a_wrong_password_gives_the_login_page_again_with_a_sentence(
    db: Runtime, client: httpx2.AsyncClient
) -> None:
    form = await client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    response = await client.post(
        "/login", data={"email": "personne@exemple.fr", "password": "faux", "csrf_token": token}
    )
    assert response.status_code == 401
    assert 'role="alert"' in response.text and "access_token" not in client.cookies


async def test_a_form_post_without_the_csrf_field_is_refused(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    await login("editeur")  # type: ignore[operator]
    response = await client.post("/fiches/M1805/modifier", data={"description": "x"})
    assert response.status_code == 403
    assert "Jeton CSRF absent ou invalide" in _texte(response)


async def test_editor_saves_a_draft_with_a_revision_and_a_readable_diff(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    token = await login("editeur")  # type: ignore[operator]
    response = await client.post(
        "/fiches/M1805/modifier",
        data={"csrf_token": token, "version": "1", "description": "Écrit des programmes.",
              "_listes": "missions_principales",
              "missions_principales": ["Analyser le besoin", "Écrire le code"], "motif": "Clarté"},
    )  # fmt: skip
    assert response.status_code == 303
    assert response.headers["location"] == "/fiches/M1805?message=modifiee"
    page = _texte(await client.get("/fiches/M1805", params={"de": 1, "a": 2}))
    assert "Brouillon enregistré." not in page  # the message only follows the redirect
    assert "Écrit des programmes." in page and "Clarté" in page
    assert "<ins>+ Écrire le code</ins>" in page  # list diff by item
    assert "Saisie humaine (editeur test" in page  # provenance badge of the edited field


async def test_a_stale_version_is_a_conflict_page(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    token = await login("editeur")  # type: ignore[operator]
    data = {"csrf_token": token, "version": "1", "description": "Première."}
    assert (await client.post("/fiches/M1805/modifier", data=data)).status_code == 303
    again = await client.post("/fiches/M1805/modifier", data={**data, "description": "Seconde."})
    assert again.status_code == 409 and "modifiée entre-temps" in _texte(again)


async def test_the_stepper_offers_only_the_actions_of_the_role(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    await login("editeur")  # type: ignore[operator]
    page = (await client.get("/fiches/M1805")).text
    assert 'value="soumettre"' in page and 'value="publier"' not in page
    assert 'aria-current="step"' in page


async def test_editor_submits_then_reviewer_validates_and_publishes(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    token = await login("editeur")  # type: ignore[operator]
    sent = await client.post(
        "/fiches/M1805/workflow", data={"csrf_token": token, "action": "soumettre", "version": "1"}
    )
    assert sent.headers["location"] == "/fiches/M1805?message=soumettre"
    token = await login("relecteur")  # type: ignore[operator]
    for action, version in (("valider", "2"), ("publier", "3")):
        response = await client.post(
            "/fiches/M1805/workflow",
            data={"csrf_token": token, "action": action, "version": version},
        )
        assert response.status_code == 303, response.text
    assert "Fiche publiée avec succès." in _texte(await client.get("/fiches/M1805?message=publier"))
    client.cookies.clear()
    assert (await client.get("/fiches/M1805")).status_code == 200  # now public


async def test_a_reader_account_cannot_edit(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    token = await login("lecteur")  # type: ignore[operator]
    response = await client.post(
        "/fiches/M1805/modifier", data={"csrf_token": token, "description": "x"}
    )
    assert response.status_code == 403
    assert "Action réservée au rôle éditeur" in _texte(response)


async def test_the_control_centre_asks_anonymous_visitors_to_sign_in(
    client: httpx2.AsyncClient,
) -> None:
    response = await client.get("/actions")
    assert response.status_code == 401
    assert 'href="/login?next=/actions"' in response.text


async def test_ai_actions_without_a_provider_say_so_and_change_nothing(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    token = await login("editeur")  # type: ignore[operator]
    response = await client.post(
        "/fiches/M1805/workflow", data={"csrf_token": token, "action": "enrichir", "version": "1"}
    )
    assert response.status_code == 503
    assert "indisponible" in _texte(response).lower()
    assert "Version 1 " in _texte(await client.get("/fiches/M1805"))


async def test_editor_creates_then_deletes_a_fiche_after_confirmation(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    token = await login("editeur")  # type: ignore[operator]
    created = await client.post(
        "/fiches",
        data={"csrf_token": token, "code_rome": "z9999", "nom_masculin": "Testeur",
              "nom_feminin": "Testeuse"},
    )  # fmt: skip
    assert created.headers["location"] == "/fiches/Z9999"
    confirm = await client.get("/fiches/Z9999/supprimer")
    assert "Cette action est irréversible" in _texte(confirm)
    deleted = await client.post("/fiches/Z9999/supprimer", data={"csrf_token": token})
    assert deleted.headers["location"] == "/fiches?supprimee=Z9999"
    assert (await client.get("/fiches/Z9999")).status_code == 404


async def test_a_reviewer_deletes_a_published_fiche_with_a_reason(
    published: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    token = await login("relecteur")  # type: ignore[operator]
    confirm = await client.get("/fiches/M1805/supprimer")
    assert "Motif de la suppression" in _texte(confirm)
    refused = await client.post("/fiches/M1805/supprimer", data={"csrf_token": token})
    assert refused.status_code == 422
    assert (await client.get("/api/fiches/M1805")).json()["publication"]["version_publiee"]
    deleted = await client.post(
        "/fiches/M1805/supprimer", data={"csrf_token": token, "motif": "Doublon de M1806"}
    )
    assert deleted.headers["location"] == "/fiches?supprimee=M1805"


async def test_a_batch_publication_runs_as_a_job_with_a_progress_page(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    token = await login("admin")  # type: ignore[operator]
    tab = await client.get("/actions", params={"onglet": "publier"})
    assert "Aucune fiche à traiter dans cette étape." in _texte(tab)
    response = await client.post(
        "/actions/lots",
        data={"csrf_token": token, "type": "publish", "codes": ["M1805", "M1802"]},
    )
    assert response.status_code == 303
    job_page = await client.get(response.headers["location"])
    assert job_page.status_code == 200
    assert 'href="/fiches/M1805"' in job_page.text and 'href="/fiches/M1802"' in job_page.text
    fragment = await client.get(response.headers["location"], headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<div id="progression"')


async def test_text_from_the_database_is_escaped(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    token = await login("editeur")  # type: ignore[operator]
    await client.post(
        "/fiches/M1805/modifier",
        data={"csrf_token": token, "version": "1", "description": "<script>alert(1)</script>"},
    )
    page = (await client.get("/fiches/M1805")).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


async def test_a_variant_switches_the_content_and_the_labels_to_its_language(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    now = datetime.now(UTC)
    with imported.sessions() as session:
        variante = VarianteRow(
            code_rome="M1805", langue="en", tranche_age="18+", format_contenu="standard",
            genre="epicene", nom="Software developer", fiche_version=1, date_creation=now,
            date_maj=now, statut="relue",
            contenu={"description": "Designs and builds software.",
                     "missions_principales": ["Write code"]},
        )  # fmt: skip
        session.add(variante)
        session.commit()
        variante_id = variante.id
    await login("editeur")  # type: ignore[operator]
    page = _texte(await client.get("/fiches/M1805", params={"variante": variante_id}))
    assert "<h1>Software developer</h1>" in page
    assert "Designs and builds software." in page and "Write code" in page
    assert "Key information" in page and "Main tasks" in page
    assert '<html lang="en"' in page


def _template_strings() -> set[str]:
    templates = Path(__file__).resolve().parents[2] / "src/agents_metiers/web/templates"
    pattern = re.compile(r'_\(\s*"((?:[^"\\]|\\.)*)"')
    # accord(n, "singulier", "pluriel", …): both forms are interface sentences too
    accord = re.compile(r'accord\([^,]+,\s*"((?:[^"\\]|\\.)*)",\s*"((?:[^"\\]|\\.)*)"')
    found = set()
    for f in templates.glob("*.html"):
        texte = f.read_text()
        found |= {m.group(1) for m in pattern.finditer(texte)}
        found |= {g for m in accord.finditer(texte) for g in m.groups()}
    return found


def test_every_interface_sentence_has_an_english_translation() -> None:
    locales = Path(__file__).resolve().parents[2] / "src/agents_metiers/web/locales"
    english = json.loads((locales / "en.json").read_text(encoding="utf-8"))
    missing = sorted(s for s in _template_strings() if s not in english)
    assert missing == []
