"""Variant pages and the variant matrix: every generated variant renders, the team sees the
matrix of the 90 combinations with their statuses, visitors never do."""

from __future__ import annotations

import importlib.util
import re
import sys
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from types import ModuleType

import httpx2
import pytest
from sqlalchemy import event, func, select

from agents_metiers.agents.llm import Llm
from agents_metiers.domain.users import Role
from agents_metiers.domain.variantes import AXES, FORMATS, GENRES, LANGUES, TRANCHES
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.ecriture import empreinte_contenu
from agents_metiers.services.fiches.lecture import get_row
from agents_metiers.services.ia.actions import enrichir
from agents_metiers.services.runtime import Runtime
from agents_metiers.services.variantes.generation import generer_variantes
from agents_metiers.services.variantes.matrice import matrice_variantes
from agents_metiers.storage.tables import JobRow, VarianteRow

pytestmark = pytest.mark.anyio
Login = object  # the ``login`` fixture: ``await login(role)`` → CSRF token
CODE = "M1805"
EDITEUR = Auteur(nom="editeur-tests", user_id=None, role=Role.EDITEUR)


def _fakes() -> ModuleType:
    """``tests/agents/fakes.py``: the scripted models of the agent tests."""
    path = Path(__file__).parents[1] / "agents" / "fakes.py"
    if "agents_fakes" not in sys.modules:
        spec = importlib.util.spec_from_file_location("agents_fakes", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["agents_fakes"] = module
        spec.loader.exec_module(module)
    return sys.modules["agents_fakes"]


@pytest.fixture
async def with_ai(imported: Runtime) -> Runtime:
    """M1805 enriched by the rédacteur (aptitudes, traits, sites…), then the variants model."""
    fakes = _fakes()
    imported.llm = Llm(fakes.scripted(fakes.REDACTION), settings=imported.settings, model_id="f")
    await enrichir(imported, CODE, EDITEUR, {})
    imported.llm = Llm(fakes.variantes(), settings=imported.settings, model_id="function")
    return imported


async def _generer(runtime: Runtime, **axes: list[str]) -> dict[str, int]:
    resume = await generer_variantes(runtime, CODE, EDITEUR, dict(axes))
    assert resume["echecs"] == 0, resume
    return {
        "/".join((r["langue"], r["tranche_age"], r["format_contenu"], r["genre"])): r["id"]
        for r in resume["resultats"]
    }


async def test_every_kind_of_generated_variant_renders_its_page(
    with_ai: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    # Each language, each age band, each format, each gender, with the content the variants
    # agent really returns for this fiche (every text field adapted, lists as strings).
    ids = await _generer(
        with_ai,
        langues=list(LANGUES),
        tranches=list(TRANCHES),
        formats=list(FORMATS),
        genres=list(GENRES),
    )
    assert len(ids) == 90
    await login("editeur")  # type: ignore[operator]
    for cle, variante_id in ids.items():
        response = await client.get(f"/fiches/{CODE}", params={"variante": variante_id})
        assert response.status_code == 200, (cle, response.text[-2000:])
        langue = cle.split("/")[0]
        assert f'<html lang="{langue}"' in response.text
        assert f"[{langue}] " in unescape(response.text)


async def test_a_variant_with_values_of_the_wrong_shape_still_renders(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    # A variant written by an older version of the product: objects where the page shows
    # labels, a text where it shows a list, a list where it shows an object.
    variante_id = _ajouter(
        imported,
        "en",
        "18+",
        "standard",
        "epicene",
        contenu={
            "aptitudes": ["Logic", {"nom": "Rigour", "niveau": 3}],
            "formations": [{"libelle": "Computing degree"}],
            "missions_principales": "Write code",
            "mobilite": ["Project manager"],
            "acces_metier": ["not a text"],
        },
    )
    await login("editeur")  # type: ignore[operator]
    response = await client.get(f"/fiches/{CODE}", params={"variante": variante_id})
    assert response.status_code == 200, response.text[-2000:]
    page = unescape(response.text)
    assert "<span>Logic</span>" in page and "<span>Rigour</span>" in page
    assert "Computing degree" in page
    assert "not a text" not in page


# --- the matrix -------------------------------------------------------------------------


def _ajouter(
    runtime: Runtime,
    langue: str,
    tranche: str,
    fmt: str,
    genre: str,
    *,
    statut: str = "genere",
    perimee: bool = False,
    contenu: dict[str, object] | None = None,
) -> int:
    """A variant row as the generation writes it (fresh unless ``perimee``)."""
    now = datetime.now(UTC)
    with runtime.sessions() as session:
        fiche = get_row(session, CODE)
        row = VarianteRow(
            code_rome=CODE, langue=langue, tranche_age=tranche, format_contenu=fmt,
            genre=genre, nom=f"Nom {langue} {genre}", fiche_version=fiche.version,
            empreinte_source="ancienne" if perimee else empreinte_contenu(fiche),
            date_creation=now, date_maj=now, statut=statut, version=1,
            relecture_falc=statut == "relue" and fmt == "falc",
            contenu=contenu or {"description": f"Texte {langue}."},
        )  # fmt: skip
        session.add(row)
        session.commit()
        return row.id


def _etats(runtime: Runtime) -> dict[str, int]:
    return {
        "genere": _ajouter(runtime, "fr", "18+", "standard", "masculin"),
        "relue": _ajouter(runtime, "en", "11-15", "falc", "feminin", statut="relue"),
        "rejetee": _ajouter(runtime, "es", "15-18", "standard", "epicene", statut="rejetee"),
        "perimee": _ajouter(runtime, "de", "18+", "falc", "epicene", statut="relue", perimee=True),
    }


def test_the_matrix_gives_each_combination_its_state_in_one_query(imported: Runtime) -> None:
    ids = _etats(imported)
    requetes: list[str] = []

    def compter(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        requetes.append(statement)

    with imported.sessions() as session:
        engine = session.get_bind()
        event.listen(engine, "before_cursor_execute", compter)
        try:
            matrice = matrice_variantes(session, CODE)
        finally:
            event.remove(engine, "before_cursor_execute", compter)
    assert len([r for r in requetes if "FROM variantes" in r]) == 1
    assert matrice.total == 90 and matrice.existantes == 4
    assert matrice.compteurs == {"absente": 86, "genere": 1, "perimee": 1, "relue": 1, "rejetee": 1}
    cellules = {c.valeur: c for b in matrice.blocs for ligne in b.lignes for c in ligne.cellules}
    assert len(cellules) == 90
    assert cellules["fr|18+|standard|masculin"].etat == "genere"
    assert cellules["en|11-15|falc|feminin"].etat == "relue"
    assert cellules["en|11-15|falc|feminin"].publique
    assert cellules["es|15-18|standard|epicene"].etat == "rejetee"
    assert cellules["de|18+|falc|epicene"].etat == "perimee"
    assert cellules["de|18+|falc|epicene"].variante_id == ids["perimee"]
    assert cellules["it|11-15|standard|masculin"].etat == "absente"
    assert [b.langue for b in matrice.blocs] == ["fr", "en", "es", "de", "it"]
    assert [(ligne.tranche_age, ligne.format_contenu) for ligne in matrice.blocs[0].lignes] == [
        (t, f) for t in ("11-15", "15-18", "18+") for f in ("standard", "falc")
    ]


async def test_the_team_sees_the_matrix_with_french_states_and_links(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    ids = _etats(imported)
    await login("relecteur")  # type: ignore[operator]
    page = unescape((await client.get(f"/fiches/{CODE}")).text)
    assert "Matrice des variantes" in page
    assert "4 combinaisons produites sur 90" in page
    for libelle in ("Absente : 86", "Générée, à relire : 1", "Relue : 1", "Rejetée : 1"):
        assert libelle in page
    assert "Périmée, à régénérer : 1" in page
    for langue in ("Français", "Anglais", "Espagnol", "Allemand", "Italien"):
        assert f"<strong>{langue}</strong> <small>" in page
    assert f'href="/fiches/{CODE}?variante={ids["relue"]}"' in page
    assert (
        f"/api/fiches/{CODE}/pdf?langue=en&genre=feminin&tranche_age=11-15&format_contenu=falc"
        in page
    )
    # Raw codes never show as states.
    assert ">genere<" not in page and ">relue<" not in page
    # Without an AI provider, nothing to tick: the reason is given.
    assert 'name="combinaisons"' not in page
    assert "aucun fournisseur d'IA n'est configuré" in page


async def test_visitors_never_see_the_matrix(
    published: Runtime, client: httpx2.AsyncClient
) -> None:
    _ajouter(published, "en", "18+", "standard", "epicene", statut="relue")
    response = await client.get(f"/fiches/{CODE}")
    assert response.status_code == 200
    assert "Matrice des variantes" not in response.text
    assert "/variantes/generer" not in response.text


async def test_checked_cells_queue_a_variants_job_for_those_combinations(
    with_ai: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    _ajouter(with_ai, "fr", "18+", "standard", "masculin")
    token = await login("editeur")  # type: ignore[operator]
    page = unescape((await client.get(f"/fiches/{CODE}")).text)
    assert page.count('name="combinaisons"') == 90
    assert "Régénérer<span" in page and "Générer<span" in page
    response = await client.post(
        f"/fiches/{CODE}/variantes/generer",
        data={
            "csrf_token": token,
            "combinaisons": ["fr|18+|standard|masculin", "en|11-15|falc|feminin"],
        },
    )
    assert response.status_code == 303, response.text
    job_id = response.headers["location"].rsplit("/", 1)[-1]
    with with_ai.sessions() as session:
        job = session.get(JobRow, job_id)
        assert job is not None and job.type == "variants"
        assert job.params == {
            "combinaisons": [
                dict(zip(AXES, ("en", "11-15", "falc", "feminin"), strict=True)),
                dict(zip(AXES, ("fr", "18+", "standard", "masculin"), strict=True)),
            ]
        }


async def test_generating_with_nothing_checked_or_an_unknown_value_says_why(
    with_ai: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    token = await login("editeur")  # type: ignore[operator]
    vide = await client.post(f"/fiches/{CODE}/variantes/generer", data={"csrf_token": token})
    assert vide.status_code == 422
    assert "Aucune combinaison cochée" in unescape(vide.text)
    inconnue = await client.post(
        f"/fiches/{CODE}/variantes/generer",
        data={"csrf_token": token, "combinaisons": "xx|18+|standard|masculin"},
    )
    assert inconnue.status_code == 422
    assert "Langue inconnu(e) : « xx »" in unescape(inconnue.text)


# --- the control centre's picker -----------------------------------------------------------


async def test_the_variants_tab_offers_every_axis_with_the_reference_default_checked(
    published: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    await login("editeur")  # type: ignore[operator]
    page = unescape((await client.get("/actions", params={"onglet": "variantes"})).text)
    assert "Combinaisons à générer pour chaque fiche" in page
    coches = set(re.findall(r'name="(\w+)" value="([^"]+)" checked', page))
    assert coches == {
        ("langues", "fr"), ("langues", "en"), ("tranches", "18+"), ("formats", "standard"),
        ("formats", "falc"), ("genres", "masculin"), ("genres", "feminin"), ("genres", "epicene"),
    }  # fmt: skip
    for libelle in ("Italien", "11-15 ans", "FALC (facile à lire)", "Épicène", "Tranche d'âge"):
        assert libelle in page


async def test_a_variants_batch_says_what_and_how_many_then_runs_on_confirmation(
    published: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    published.llm = Llm(_fakes().variantes(), settings=published.settings, model_id="function")
    token = await login("editeur")  # type: ignore[operator]
    choix = {
        "csrf_token": token,
        "type": "variants",
        "codes": ["M1805", "M1802"],
        "langues": ["fr", "it"],
        "tranches": ["11-15", "18+"],
        "formats": ["falc"],
        "genres": ["epicene"],
    }
    apercu = await client.post("/actions/lots", data=choix)
    assert apercu.status_code == 200, apercu.text[-2000:]
    page = unescape(apercu.text)
    assert "4 variantes par fiche" in page and "2 fiches" in page
    assert "8 variantes à générer" in page
    assert "<dd>Français, Italien</dd>" in page and "<dd>11-15 ans, Adultes</dd>" in page
    assert "<dd>FALC (facile à lire)</dd>" in page and "<dd>Épicène</dd>" in page
    with published.sessions() as session:
        assert session.scalar(select(func.count()).select_from(JobRow)) == 0
    lance = await client.post("/actions/lots", data={**choix, "confirme": "1"})
    assert lance.status_code == 303, lance.text[-2000:]
    with published.sessions() as session:
        job = session.scalars(select(JobRow)).one()
        assert job.type == "variants" and job.total == 2
        assert job.params == {k: choix[k] for k in ("langues", "tranches", "formats", "genres")}


async def test_a_variants_batch_with_an_empty_axis_says_which(
    published: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    token = await login("editeur")  # type: ignore[operator]
    response = await client.post(
        "/actions/lots",
        data={"csrf_token": token, "type": "variants", "codes": "M1805", "langues": "fr",
              "tranches": "18+", "formats": "standard"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "Aucune valeur cochée pour l'axe « Genre » : cochez au moins un genre." in unescape(
        response.text
    )


async def test_a_variants_batch_on_every_published_fiche_counts_them(
    published: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    token = await login("editeur")  # type: ignore[operator]
    response = await client.post(
        "/actions/lots",
        data={"csrf_token": token, "type": "variants", "tous": "1", "statut": "publiee",
              "langues": "fr", "tranches": "11-15", "formats": "falc", "genres": "epicene"},
    )  # fmt: skip
    assert response.status_code == 200, response.text[-2000:]
    page = unescape(response.text)
    assert "1 variante par fiche" in page and "3 fiches" in page
    assert "3 variantes à générer" in page
    assert '<input type="hidden" name="tous" value="1">' in page


def _cochees(page: str) -> set[tuple[str, str]]:
    """(name, value) of the checked boxes of a page."""
    return set(
        re.findall(r'<input type="checkbox" name="(\w+)" value="([^"]+)"[^>]* checked', page)
    )


async def test_changing_a_variants_batch_keeps_the_fiches_and_the_values_ticked(
    published: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    token = await login("editeur")  # type: ignore[operator]
    choix = {
        "csrf_token": token, "type": "variants", "codes": ["M1805", "M1802"],
        "langues": ["it"], "tranches": ["11-15"], "formats": ["falc"], "genres": ["feminin"],
    }  # fmt: skip
    apercu = unescape((await client.post("/actions/lots", data=choix)).text)
    modifier = re.search(
        r'<a href="([^"]+)" role="button" class="secondary">Modifier le choix', apercu
    )
    assert modifier is not None
    retour = unescape((await client.get(modifier.group(1))).text)
    assert _cochees(retour) == {
        ("codes", "M1805"), ("codes", "M1802"), ("langues", "it"), ("tranches", "11-15"),
        ("formats", "falc"), ("genres", "feminin"),
    }  # fmt: skip
    # Forward again with what is ticked: the same batch is confirmed.
    repris: dict[str, list[str]] = {}
    for nom, valeur in _cochees(retour):
        repris.setdefault(nom, []).append(valeur)
    encore = unescape(
        (
            await client.post(
                "/actions/lots", data={"csrf_token": token, "type": "variants", **repris}
            )
        ).text
    )
    assert "1 variante par fiche" in encore and "2 variantes à générer" in encore
    assert "<dd>Italien</dd>" in encore and "<dd>Féminin</dd>" in encore


async def test_a_ticked_fiche_outside_the_listed_ones_stays_ticked(
    published: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    await login("editeur")  # type: ignore[operator]
    response = await client.get(
        "/actions", params={"onglet": "variantes", "q": "M1802", "codes": ["M1805", "M1802"]}
    )
    page = unescape(response.text)
    assert {c for c in _cochees(page) if c[0] == "codes"} == {
        ("codes", "M1805"),
        ("codes", "M1802"),
    }
    assert "1 fiche sélectionnée hors de cette liste" in page


async def test_a_variants_batch_refused_for_an_empty_axis_keeps_the_choice(
    published: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    token = await login("editeur")  # type: ignore[operator]
    response = await client.post(
        "/actions/lots",
        data={"csrf_token": token, "type": "variants", "codes": ["M1805"], "langues": "it",
              "tranches": "18+", "formats": "standard"},
    )  # fmt: skip
    assert response.status_code == 422
    page = unescape(response.text)
    assert "cochez au moins un genre" in page
    assert {("codes", "M1805"), ("langues", "it"), ("tranches", "18+")} <= _cochees(page)
    assert ("langues", "fr") not in _cochees(page)
    assert not {c for c in _cochees(page) if c[0] == "genres"}  # the empty axis stays empty
