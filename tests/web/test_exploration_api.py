"""Explorer, skills-based transitions and comparison through the real app (both databases)."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

import httpx2
import pytest

from agents_metiers.domain.users import Role
from agents_metiers.domain.workflow import Action
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.workflow import transitionner
from agents_metiers.services.runtime import Runtime
from agents_metiers.services.veille.detection import VeilleOptions, executer_veille
from agents_metiers.services.veille.sync import synchroniser

pytestmark = pytest.mark.anyio

Headers = Callable[[str], dict[str, str]]
CODES = ("J1104", "J1124", "J1506", "M1802", "M1805", "M1810")


def _publier(runtime: Runtime, *codes: str) -> None:
    admin = Auteur(nom="test", role=Role.ADMIN)
    for code in codes:
        with runtime.sessions() as session:
            transitionner(session, code, Action.PUBLIER, admin, motif="test", force=True)


def _tout_aimer(lettre: str) -> dict[str, int]:
    return {f"{lettre}{i}": 1 for i in range(1, 6)}


# --- explorer ------------------------------------------------------------------------------


async def test_questionnaire_has_five_items_per_letter_and_the_referential_interests(
    client: httpx2.AsyncClient, imported: Runtime
) -> None:
    body = (await client.get("/api/explorer")).json()
    lettres = [item["riasec"] for item in body["items"]]
    assert len(lettres) == 30
    assert {lettre: lettres.count(lettre) for lettre in "RIASEC"} == dict.fromkeys("RIASEC", 5)
    assert {"code": "4", "libelle": "J'ai le sens du contact"} in body["centres_interet"]


async def test_questionnaire_wording_follows_the_age_band(
    client: httpx2.AsyncClient, imported: Runtime
) -> None:
    adulte = (await client.get("/api/explorer")).json()["items"]
    college = (await client.get("/api/explorer", params={"tranche_age": "11-15"})).json()
    assert college["tranche_age"] == "11-15"
    assert adulte[0]["texte"] != college["items"][0]["texte"]


async def test_unknown_age_band_is_refused_with_a_sentence(
    client: httpx2.AsyncClient, imported: Runtime
) -> None:
    response = await client.get("/api/explorer", params={"tranche_age": "99"})
    assert response.status_code == 422
    assert "Tranche d'âge inconnue" in response.text


@pytest.mark.parametrize(
    ("params", "langue", "texte"),
    [
        ({"langue": "en", "tranche_age": "11-15"}, "en", "Fix a bike or a broken toy"),
        ({"lang": "de", "tranche_age": "15-18"}, "de", "Einen Roller, ein Fahrrad"),
        ({"langue": "es"}, "es", "Reparar un aparato o una máquina averiada"),
        ({"lang": "it", "tranche_age": "11-15"}, "it", "Aggiustare una bici"),
        ({}, "fr", "Réparer un appareil ou une machine en panne"),
    ],
)
async def test_questionnaire_in_the_variants_languages(
    client: httpx2.AsyncClient,
    imported: Runtime,
    params: dict[str, str],
    langue: str,
    texte: str,
) -> None:
    body = (await client.get("/api/explorer", params=params)).json()
    assert body["langue"] == langue
    assert body["items"][0]["texte"].startswith(texte)
    # the ROME has its centres d'intérêt in French only
    assert {"code": "4", "libelle": "J'ai le sens du contact"} in body["centres_interet"]


async def test_unknown_language_is_refused_with_a_sentence(
    client: httpx2.AsyncClient, imported: Runtime
) -> None:
    response = await client.get("/api/explorer", params={"langue": "xx"})
    assert response.status_code == 422
    assert "Langue inconnue" in response.text
    response = await client.post("/api/explorer", json={"reponses": {"I1": 1}, "langue": "xx"})
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("langues", "raison", "centre"),
    [
        (
            ({"langue": "en"}, {}),
            "You like Investigative (I)",
            "This occupation matches your interest “J'ai le sens du contact”.",
        ),
        (({}, {"lang": "es"}), "Te gustan las actividades de tipo Investigador (I)", "«J'ai le"),
        (({"langue": "de"}, {"lang": "it"}), "Du magst Tätigkeiten vom Typ", "„J'ai le"),
    ],
)
async def test_explorer_reasons_in_the_reader_s_language(
    client: httpx2.AsyncClient,
    imported: Runtime,
    langues: tuple[dict[str, str], dict[str, str]],
    raison: str,
    centre: str,
) -> None:
    """The body's ``langue`` first, else the query's ``langue``/``lang``."""
    corps, params = langues
    _publier(imported, *CODES)
    entree = {"reponses": _tout_aimer("I"), "centres_interet": ["4"], **corps}
    response = await client.post("/api/explorer", json=entree, params=params)
    assert response.status_code == 200
    raisons = [x for r in response.json()["resultats"] for x in r["raisons"]]
    assert any(x.startswith(raison) for x in raisons)
    assert any(centre in x for x in raisons)
    assert not any(x.startswith("Vous aimez") for x in raisons)


async def test_investigative_profile_ranks_published_investigative_fiches_with_reasons(
    client: httpx2.AsyncClient, imported: Runtime
) -> None:
    _publier(imported, *CODES)
    response = await client.post("/api/explorer", json={"reponses": _tout_aimer("I")})
    assert response.status_code == 200
    body = response.json()
    assert body["profil"]["I"] == 1.0
    assert body["profil"]["R"] == 0.0
    premier = body["resultats"][0]
    assert "Investigateur (I)" in premier["raisons"][0]
    scores = [r["score"] for r in body["resultats"]]
    assert scores == sorted(scores, reverse=True)


async def test_public_explorer_never_shows_unpublished_fiches(
    client: httpx2.AsyncClient, imported: Runtime
) -> None:
    _publier(imported, "M1805")
    body = (await client.post("/api/explorer", json={"reponses": _tout_aimer("I")})).json()
    assert [r["code_rome"] for r in body["resultats"]] == ["M1805"]


async def test_interest_only_explorer_lists_fiches_with_that_interest(
    client: httpx2.AsyncClient, imported: Runtime
) -> None:
    _publier(imported, *CODES)
    body = (await client.post("/api/explorer", json={"centres_interet": ["4"]})).json()
    assert body["resultats"]
    for resultat in body["resultats"]:
        assert "« J'ai le sens du contact »" in " ".join(resultat["raisons"])


async def test_empty_questionnaire_is_a_clear_message_not_a_list(
    client: httpx2.AsyncClient, imported: Runtime
) -> None:
    response = await client.post("/api/explorer", json={"reponses": {"R1": 0, "I1": -1}})
    assert response.status_code == 422
    assert "questionnaire est vide" in response.text


@pytest.mark.parametrize(
    ("body", "phrase"),
    [
        ({"reponses": {"Z9": 1}}, "Questions inconnues : Z9"),
        ({"reponses": {"R1": 5}}, "réponses invalides pour : R1"),
        ({"centres_interet": ["9999"]}, "Centres d'intérêt inconnus : 9999"),
    ],
)
async def test_bad_explorer_input_is_refused_with_a_sentence(
    client: httpx2.AsyncClient, imported: Runtime, body: dict[str, object], phrase: str
) -> None:
    response = await client.post("/api/explorer", json=body)
    assert response.status_code == 422
    assert phrase in response.text


# --- transitions ---------------------------------------------------------------------------


async def test_transitions_are_precomputed_at_import_with_shared_and_missing_skills(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    response = await client.get("/api/fiches/M1805/transitions", headers=auth_headers("editeur"))
    assert response.status_code == 200
    body = response.json()
    assert body, "the import stores the neighbours of every fiche"
    premier = body[0]
    assert premier["code_rome"] in ("M1802", "M1810")  # the other computing fiches
    assert premier["competences_communes"]
    assert premier["nb_competences_communes"] >= len(premier["competences_communes"])
    assert {c["type"] for c in premier["competences_a_acquerir"]} <= {"savoir_faire", "savoir"}
    assert [t["score"] for t in body] == sorted((t["score"] for t in body), reverse=True)


async def test_transitions_flag_the_rome_listed_mobilities(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    body = (
        await client.get("/api/fiches/M1805/transitions", headers=auth_headers("editeur"))
    ).json()
    drapeaux = {t["code_rome"]: t["mobilite_rome"] for t in body}
    assert drapeaux.get("M1802") is True
    assert not any(drapeaux.get(code) for code in ("J1104", "J1124", "J1506"))


async def test_public_transitions_show_published_fiches_only(
    client: httpx2.AsyncClient, imported: Runtime
) -> None:
    _publier(imported, "M1805", "M1810")
    body = (await client.get("/api/fiches/M1805/transitions")).json()
    assert [t["code_rome"] for t in body] == ["M1810"]


async def test_transitions_of_an_unpublished_fiche_are_not_found_for_the_public(
    client: httpx2.AsyncClient, imported: Runtime
) -> None:
    response = await client.get("/api/fiches/M1805/transitions")
    assert response.status_code == 404


async def test_transitions_limit_is_checked(client: httpx2.AsyncClient, imported: Runtime) -> None:
    _publier(imported, *CODES)
    assert len((await client.get("/api/fiches/M1805/transitions?limit=1")).json()) == 1
    assert (await client.get("/api/fiches/M1805/transitions?limit=0")).status_code == 422


@pytest.fixture
def synchronise(imported: Runtime, rome_mini: Path, tmp_path: Path) -> Runtime:
    """The mini ROME, then a detected v61 (J1104 removed, M1899 added from M1805) synced."""
    spec = importlib.util.spec_from_file_location(
        "veille_exports_exploration", Path(__file__).parents[1] / "veille" / "exports.py"
    )
    assert spec and spec.loader
    exports = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(exports)
    export = exports.copier_export(rome_mini, tmp_path / "v61", 61)
    export.supprimer_code("J1104")
    export.ajouter_codes({"M1899": ("M1805", "Ingénieur / Ingénieure en IA")})
    options = VeilleOptions(source=str(export.path), download_dir=imported.settings.download_dir)
    executer_veille(imported.sessions, options)
    with imported.sessions() as session:
        synchroniser(session, Auteur(nom="test", role=Role.ADMIN))
    return imported


async def test_a_rome_sync_recomputes_the_transitions(
    client: httpx2.AsyncClient, synchronise: Runtime, auth_headers: Headers
) -> None:
    editeur = auth_headers("editeur")
    nouvelle = await client.get("/api/fiches/M1899/transitions", headers=editeur)
    assert nouvelle.status_code == 200, nouvelle.text
    assert nouvelle.json()[0]["code_rome"] == "M1805"  # its copy shares every skill
    cibles = (await client.get("/api/fiches/M1810/transitions", headers=editeur)).json()
    assert "J1104" not in {t["code_rome"] for t in cibles}


# --- comparison ----------------------------------------------------------------------------


async def test_comparison_puts_two_published_fiches_side_by_side(
    client: httpx2.AsyncClient, imported: Runtime
) -> None:
    _publier(imported, "M1805", "M1810")
    response = await client.get("/api/fiches/compare", params={"codes": "M1805,M1810"})
    assert response.status_code == 200
    body = response.json()
    assert body["codes"] == ["M1805", "M1810"]
    developpeur, autre = body["fiches"]
    assert developpeur["missions"]
    assert developpeur["riasec"]["majeur"] == "I"
    communes = set(body["competences_communes"])
    assert not communes & set(developpeur["competences_specifiques"])
    assert not communes & set(autre["competences_specifiques"])
    assert developpeur["marche"]["disponible"] is False
    assert developpeur["marche"]["message"]


@pytest.mark.parametrize(
    ("codes", "phrase"),
    [
        ("M1805", "au moins deux codes"),
        ("M1805,M1810,M1802,J1104", "au plus 3 fiches"),
        ("M1805,ZZZ", "n'est pas un code ROME valide"),
        ("M1805,A1101", "Fiches introuvables : A1101"),
        ("M1805,J1104", "Fiches introuvables : J1104"),  # not published
    ],
)
async def test_bad_comparison_is_refused_with_a_sentence(
    client: httpx2.AsyncClient, imported: Runtime, codes: str, phrase: str
) -> None:
    _publier(imported, "M1805", "M1810", "M1802")
    response = await client.get("/api/fiches/compare", params={"codes": codes})
    assert response.status_code == 422
    assert phrase in response.text
