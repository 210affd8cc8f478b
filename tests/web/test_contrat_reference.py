"""The reference contract (REFERENCE_IMPLEMENTATION.md §2): every call the reference client
makes answers with the keys it reads, of the types it expects — on SQLite and PostgreSQL.

The list below is data: (method, path, body, who, expected status, {key: type}). A nested key
is dotted (``user.email``); ``[]`` checks the first item of a list (the list must not be empty
when the data seeded here gives it items). No market source is configured here: the market
routes answer their « unavailable » shape, whose reference keys must still be there (numbers
``null``, never invented).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx2
import pytest

from agents_metiers.domain.users import Role
from agents_metiers.domain.workflow import Action
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.workflow import transitionner
from agents_metiers.services.runtime import Runtime

pytestmark = pytest.mark.anyio

Headers = Callable[[str], dict[str, str]]
PUBLIEE = "M1805"  # published before the walk
EDITEE = "M1802"  # edited, submitted, reviewed, published during the walk
NOUVELLE = "Z1001"  # created then deleted during the walk
NUL = type(None)
TEXTE_OU_NUL = (str, NUL)
ENTIER_OU_NUL = (int, NUL)

FICHE_LISTE = {
    "code_rome": str,
    "nom_masculin": str,
    "nom_feminin": str,
    "nom_epicene": str,
    "statut": str,
    "description": str,
    "description_courte": TEXTE_OU_NUL,
    "date_creation": str,
    "date_maj": str,
    "version": int,
    "has_competences": bool,
    "has_formations": bool,
    "has_salaires": bool,
    "has_perspectives": bool,
    "nb_variantes": int,
    "score_completude": int,
}
FICHE_DETAIL = {
    **{k: v for k, v in FICHE_LISTE.items() if not k.startswith("has_")},
    "competences": list,
    "competences_transversales": list,
    "formations": list,
    "certifications": list,
    "conditions_travail": list,
    "environnements": list,
    "salaires": dict,
    "salaires.junior": dict,
    "salaires.confirme": dict,
    "salaires.senior": dict,
    "perspectives": dict,
    "perspectives.tendance": str,  # the reference UI draws it: never null
    "missions_principales": list,
    "acces_metier": TEXTE_OU_NUL,
    "savoirs": list,
    "autres_appellations": list,
    "autres_appellations.[]": str,
    "traits_personnalite": list,
    "aptitudes": list,
    "profil_riasec": (dict, NUL),
    "competences_dimensions": (dict, NUL),
    "domaine_professionnel": (dict, NUL),
    "preferences_interets": (dict, NUL),
    "sites_utiles": list,
    "conditions_travail_detaillees": (dict, NUL),
    "statuts_professionnels": list,
    "niveau_formation": TEXTE_OU_NUL,
    "types_contrats": (dict, NUL),
    "rome_update_pending": bool,
    "secteurs_activite": list,
    "mobilite": (dict, NUL),
    "validation_ia_score": ENTIER_OU_NUL,
    "validation_ia_date": TEXTE_OU_NUL,
    "validation_ia_details": (dict, NUL),
}
MARCHE = {"code_rome": str, "region": TEXTE_OU_NUL, "region_name": TEXTE_OU_NUL}


@dataclass(frozen=True)
class Appel:
    methode: str
    chemin: str
    qui: str | None = None  # a role, or None for an anonymous call
    corps: dict[str, Any] | None = None
    statut: int = 200
    cles: dict[str, Any] = field(default_factory=dict)
    entetes: dict[str, str] = field(default_factory=dict)


APPELS = [
    Appel(
        "GET",
        "/",
        entetes={"Accept": "application/json"},
        cles={"message": str, "version": str, "endpoints": dict},
    ),
    Appel("GET", "/health", cles={"status": str}),
    Appel("GET", "/health/detailed", "admin", cles={"status": str, "db": str}),
    Appel("GET", "/api/git-version", "editeur", cles={"commit": str, "message": str}),
    Appel("GET", "/api/git-version", statut=401, cles={"detail": str}),
    Appel("GET", "/api/auth/me", "editeur", cles={"id": int, "email": str, "name": str}),
    Appel(
        "GET",
        "/api/stats",
        cles={n: int for n in ("total", "brouillons", "enrichis", "valides", "publiees")},
    ),
    Appel(
        "GET",
        "/api/fiches?limit=5",
        "editeur",
        cles={"total": int, "limit": int, "offset": int, "results": list}
        | {f"results.[].{k}": v for k, v in FICHE_LISTE.items()},
    ),
    Appel(
        "GET",
        "/api/fiches?search=developpeur&limit=8",
        cles={"total": int, "results": list, "results.[].code_rome": str},
    ),
    Appel(
        "GET",
        "/api/fiches/autocomplete?q=dev",
        cles={
            "[].code_rome": str,
            "[].nom_masculin": str,
            "[].nom_feminin": str,
            "[].statut": str,
            "[].description_courte": TEXTE_OU_NUL,
        },
    ),
    Appel("GET", f"/api/fiches/{PUBLIEE}", cles=FICHE_DETAIL),
    Appel("GET", "/api/fiches/Z9999", statut=404, cles={"detail": str}),
    Appel(
        "GET",
        f"/api/fiches/{PUBLIEE}/variantes",
        cles={"code_rome": str, "total_variantes": int, "variantes": list},
    ),
    Appel(
        "GET",
        "/api/regions",
        cles={"regions": list, "regions.[].code": str, "regions.[].libelle": str},
    ),
    Appel(
        "GET",
        f"/api/fiches/{PUBLIEE}/regional?region=11",
        cles=MARCHE
        | {
            "nb_offres": ENTIER_OU_NUL,
            "salaires": (dict, NUL),
            "types_contrats": (dict, NUL),
            "salaires_par_niveau": (dict, NUL),
            "experience_distribution": (dict, NUL),
            "tension_regionale": (float, int, NUL),
        },
    ),
    Appel(
        "GET",
        f"/api/fiches/{PUBLIEE}/recrutements?region=11",
        cles=MARCHE | {"recrutements": list},
    ),
    Appel(
        "GET",
        f"/api/fiches/{PUBLIEE}/offres?region=11&limit=30",
        cles=MARCHE | {"total": ENTIER_OU_NUL, "offres": list, "from_cache": bool},
    ),
    Appel(
        "GET",
        f"/api/fiches/{PUBLIEE}/imt-stats",
        cles={
            "code_rome": str,
            "salaires": (dict, NUL),
            "source_salaires": TEXTE_OU_NUL,
            "contrats": (dict, NUL),
            "source_contrats": TEXTE_OU_NUL,
        },
    ),
    Appel(
        "GET",
        f"/api/fiches/{PUBLIEE}/alternance",
        cles={
            "code_rome": str,
            "nb_formations": ENTIER_OU_NUL,
            "nb_offres_alternance": ENTIER_OU_NUL,
            "nb_entreprises_accueillantes": ENTIER_OU_NUL,
            "formations": list,
            "offres": list,
            "niveaux_diplomes": dict,  # the reference UI calls Object.entries on it
            "source": TEXTE_OU_NUL,
        },
    ),
    Appel(
        "POST",
        "/api/fiches",
        "editeur",
        {"code_rome": NOUVELLE, "nom_masculin": "Testeur", "nom_feminin": "Testeuse"},
        statut=201,
        cles={"message": str, "code_rome": str, "nom_masculin": str, "statut": str},
    ),
    Appel(
        "POST",
        "/api/fiches",
        "editeur",
        {"code_rome": NOUVELLE, "nom_masculin": "Testeur", "nom_feminin": "Testeuse"},
        statut=409,
        cles={"detail": str},
    ),
    # the reference client never sends ``version``
    Appel(
        "PATCH",
        f"/api/fiches/{EDITEE}",
        "editeur",
        {"description": "Conçoit et développe des logiciels.", "competences": ["Python"]},
        cles={"message": str, "code_rome": str, "version": int},
    ),
    Appel(
        "PATCH",
        f"/api/fiches/{EDITEE}",
        "editeur",
        {"perspectives": {"tendance": "inconnue"}},
        cles={"message": str, "code_rome": str, "version": int},
    ),
    Appel("POST", f"/api/fiches/{EDITEE}/submit", "editeur", cles={"code_rome": str}),
    Appel(
        "POST",
        f"/api/fiches/{EDITEE}/review",
        "relecteur",
        # « approve » is allowed from « valide » only (docs/api.md): « validate » gets it there
        {"decision": "validate", "commentaire": "Relu."},
        cles={
            "message": str,
            "code_rome": str,
            "decision": str,
            "commentaire": TEXTE_OU_NUL,
            "nouveau_statut": str,
        },
    ),
    Appel(
        "POST",
        f"/api/fiches/{EDITEE}/review",
        "relecteur",
        {"decision": "archive"},
        statut=422,
        cles={"detail": str},
    ),
    Appel(
        "POST",
        f"/api/fiches/{EDITEE}/publish",
        "relecteur",
        cles={"message": str, "code_rome": str},
    ),
    Appel(
        "POST",
        "/api/fiches/publish-batch",
        "relecteur",
        {"codes_rome": [PUBLIEE]},
        cles={
            "message": str,
            "results": list,
            "results.[].code_rome": str,
            "results.[].status": str,
        },
    ),
    Appel(
        "POST",
        f"/api/fiches/{EDITEE}/enrich",
        "editeur",
        {},
        statut=503,  # no AI configured here: said so, never a fake enrichment
        cles={"detail": str},
    ),
    Appel(
        "DELETE",
        f"/api/fiches/{NOUVELLE}",
        "relecteur",
        cles={"message": str, "code_rome": str},
    ),
    Appel("GET", "/api/fiches?statut=inconnu", statut=422, cles={"detail": str}),
    Appel(
        "GET",
        "/api/audit-logs?limit=15",
        "relecteur",
        cles={
            "total": int,
            "logs": list,
            "logs.[].id": int,
            "logs.[].type_evenement": str,
            "logs.[].description": str,
            "logs.[].code_rome": TEXTE_OU_NUL,
            "logs.[].agent": str,
            "logs.[].validateur": TEXTE_OU_NUL,
            "logs.[].timestamp": str,
        },
    ),
    Appel(
        "GET",
        "/api/veille/rome/status",
        "relecteur",
        cles={
            "derniere_execution": TEXTE_OU_NUL,
            "derniere_succes": (bool, NUL),
            "derniere_details": (dict, NUL),
            "fiches_pending": int,
            "changements_non_revues": int,
            "prochaine_execution": TEXTE_OU_NUL,
        },
    ),
    Appel(
        "GET",
        "/api/veille/rome/changes?reviewed=false",
        "relecteur",
        cles={"total": int, "changes": list},
    ),
    Appel("POST", "/api/auth/logout", cles={"message": str}),
]


def _valeurs(corps: Any, chemin: str) -> list[Any]:
    """The values at a dotted path; ``[]`` steps into the first item of a list."""
    valeurs = [corps]
    for part in chemin.split("."):
        suivantes = []
        for valeur in valeurs:
            if part == "[]":
                if isinstance(valeur, list) and valeur:
                    suivantes.append(valeur[0])
            elif isinstance(valeur, dict) and part in valeur:
                suivantes.append(valeur[part])
            else:
                raise KeyError(chemin)
        valeurs = suivantes
    return valeurs


def _ecarts(appel: Appel, reponse: httpx2.Response) -> list[str]:
    nom = f"{appel.methode} {appel.chemin}"
    if reponse.status_code != appel.statut:
        return [
            f"{nom} : HTTP {reponse.status_code} au lieu de {appel.statut} ({reponse.text[:200]})"
        ]
    corps = reponse.json()
    ecarts = []
    for cle, attendu in appel.cles.items():
        try:
            valeurs = _valeurs(corps, cle)
        except KeyError:
            ecarts.append(f"{nom} : clé « {cle} » absente")
            continue
        for valeur in valeurs:
            types = attendu if isinstance(attendu, tuple) else (attendu,)
            # bool is an int in Python: an int key must not be a bool
            if not isinstance(valeur, types) or (bool not in types and isinstance(valeur, bool)):
                ecarts.append(f"{nom} : « {cle} » vaut {valeur!r}, attendu {types}")
    return ecarts


async def test_every_reference_call_answers_the_reference_keys(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    with imported.sessions() as session:
        admin = Auteur(nom="contrat", role=Role.ADMIN)
        transitionner(session, PUBLIEE, Action.PUBLIER, admin, motif="contrat", force=True)
    comptes = {role: auth_headers(role) for role in ("editeur", "relecteur", "admin")}
    ecarts: list[str] = []
    for appel in APPELS:
        entetes = {**appel.entetes, **(comptes[appel.qui] if appel.qui else {})}
        reponse = await client.request(
            appel.methode, appel.chemin, headers=entetes, json=appel.corps
        )
        ecarts.extend(_ecarts(appel, reponse))
    assert not ecarts, "\n".join(ecarts)


async def test_an_unknown_trend_reads_inconnue_and_is_never_guessed(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    fiche = (await client.get(f"/api/fiches/{EDITEE}", headers=editor)).json()
    assert fiche["perspectives"]["tendance"] == "inconnue"
    patched = await client.patch(
        f"/api/fiches/{EDITEE}", headers=editor, json={"perspectives": {"tendance": "hausse"}}
    )
    assert patched.status_code == 200
    assert (await client.get(f"/api/fiches/{EDITEE}", headers=editor)).json()["perspectives"][
        "tendance"
    ] == "hausse"
    avant = (await client.get(f"/api/fiches/{EDITEE}", headers=editor)).json()["score_completude"]
    await client.patch(
        f"/api/fiches/{EDITEE}", headers=editor, json={"perspectives": {"tendance": "inconnue"}}
    )
    apres = (await client.get(f"/api/fiches/{EDITEE}", headers=editor)).json()
    assert apres["perspectives"]["tendance"] == "inconnue"
    # « inconnue » is stored as no trend: it does not count as a known one
    assert apres["score_completude"] < avant


async def test_patch_null_empties_a_list_and_never_erases_a_name(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    """Found by schemathesis: ``null`` for a list field was a 500 (NOT NULL column)."""
    editor = auth_headers("editeur")
    emptied = await client.patch(
        f"/api/fiches/{EDITEE}",
        headers=editor,
        json={"competences": None, "certifications": None, "description": None},
    )
    assert emptied.status_code == 200
    fiche = (await client.get(f"/api/fiches/{EDITEE}", headers=editor)).json()
    assert (fiche["competences"], fiche["certifications"], fiche["description"]) == ([], [], "")
    refused = await client.patch(
        f"/api/fiches/{EDITEE}", headers=editor, json={"nom_feminin": None}
    )
    assert refused.status_code == 422
    assert refused.json()["detail"] == (
        "Champ « nom_feminin » invalide : un nom ne peut pas être effacé (null)."
    )
