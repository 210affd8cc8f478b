"""The market endpoints of a fiche (PRODUCT.md §7, §8): each function returns exactly the JSON
of its route, so the API, the pages and the PDF show the same figures.

Priority: regional real data > national real data > the fiche's stored figures with their own
provenance (an AI estimate is labelled as such) > « indisponible ». Every block carries
``source`` and ``periode``; without credentials every function answers at once, with
``disponible: false`` and a sentence, and no number. A page never waits more than
``MARCHE_DELAI_PAGE`` seconds on the sources (the database cache serves repeats).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import anyio
import httpx2

from agents_metiers.errors import InvalidInputError
from agents_metiers.services.fiches.lecture import get_detail
from agents_metiers.services.marche import calculs as calc
from agents_metiers.services.marche.alternance import alternance
from agents_metiers.services.marche.sources import (
    Marche,
    Tache,
    aujourdhui,
    cadre,
    ensemble,
    indisponible,
    marche_de,
    non_configure,
    provenance,
)
from agents_metiers.sources.cache import Resultat
from agents_metiers.sources.http import Politique, SourceError
from agents_metiers.sources.marche_travail import MARCHE
from agents_metiers.sources.offres import OFFRES, PAGE_MAX

if TYPE_CHECKING:
    from agents_metiers.services.runtime import Runtime

__all__ = ["alternance", "imt_stats", "marche_fiche", "offres", "recrutements", "regional"]

MOIS_SERIE = 12
APPELS_SIMULTANES = 4  # France Travail allows about 10 calls per second


def _bilan(blocs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Top-level ``disponible``/``source``/``periode``/``message`` from the blocks."""
    ok = [b for b in blocs.values() if b.get("disponible")]
    manquants = [b["message"] for b in blocs.values() if not b.get("disponible")]
    return {
        "disponible": bool(ok),
        "source": ok[0]["source"] if ok else None,
        "periode": ok[0]["periode"] if ok else None,
        "message": " ".join(dict.fromkeys(manquants)) or None,
        "sources": blocs,
    }


async def _page_offres(
    marche: Marche, http: httpx2.AsyncClient, code: str, region: str | None, pol: Politique
) -> Resultat:
    return await marche.offres.rechercher(
        http, code_rome=code, region=region, politique=pol, nombre=PAGE_MAX
    )


def _taches_offres(
    marche: Marche, http: httpx2.AsyncClient, code: str, region: str | None, *, tache: bool
) -> dict[str, Tache]:
    if not marche.configure(OFFRES):
        return {}
    pol = marche.politique(tache=tache)
    return {"offres": Tache(OFFRES, lambda: _page_offres(marche, http, code, region, pol))}


async def _indicateurs(
    marche: Marche, http: httpx2.AsyncClient, code: str, region: str | None, pol: Politique
) -> dict[str, Any]:
    """Tension and trend from Marché du travail: the region's, else the nation's."""
    client = marche.marche_travail
    erreur: SourceError | None = None
    for territoire in dict.fromkeys([region, None]):
        try:
            persp = await client.indicateur(
                http,
                "stat-perspective-employeur",
                code_rome=code,
                region=territoire,
                periode="ANNEE",
                nomenclature="PERSP_2",
                derniere=True,
                politique=pol,
            )
            offres = await client.indicateur(
                http,
                "stat-offres",
                code_rome=code,
                region=territoire,
                periode="TRIMESTRE",
                nomenclature="CATOFFRE",
                derniere=False,
                politique=pol,
            )
        except SourceError as exc:
            erreur = exc
            continue
        tension = calc.tension(persp.payload["periodes"])
        tendance = calc.tendance(
            offres.payload["periodes"], seuil=marche.settings.marche_seuil_tendance
        )
        if tension or tendance:
            periode = (tension or tendance or {}).get("periode")
            return {
                "tension": tension,
                "tendance": tendance,
                "territoire": "region" if territoire else "france",
                "provenance": provenance(MARCHE, persp, periode),
            }
    raise erreur or SourceError(MARCHE, "aucun indicateur de tension publié pour ce métier.")


def _taches_indicateurs(
    marche: Marche, http: httpx2.AsyncClient, code: str, region: str | None, *, tache: bool
) -> dict[str, Tache]:
    if not marche.configure(MARCHE):
        return {}
    pol = marche.politique(tache=tache)
    return {"tension": Tache(MARCHE, lambda: _indicateurs(marche, http, code, region, pol))}


def _bloc(resultats: dict[str, Any], cle: str, source: str) -> Any:
    """The block's value, or its « indisponible » dict (not configured when never run)."""
    valeur = resultats.get(cle, non_configure(source))
    return indisponible(valeur) if isinstance(valeur, SourceError) else valeur


def _figures_offres(page: Resultat, minimum: int) -> dict[str, Any]:
    payload = page.payload
    salaires = calc.salaires_offres(payload["resultats"], minimum=minimum)
    globale = salaires["global"]
    par_niveau = salaires["par_niveau"]
    return {
        "nb_offres": payload["total"],
        "salaires": (
            {"nb_offres_avec_salaire": salaires["nb_offres_avec_salaire"], **globale}
            if globale
            else None
        ),
        "salaires_echantillon": {
            "nb_offres_lues": salaires["nb_offres_lues"],
            "nb_offres_avec_salaire": salaires["nb_offres_avec_salaire"],
            "minimum": minimum,
        },
        "salaires_par_niveau": (
            {
                n: ({k: d[k] for k in ("min", "max", "median", "effectif")} if d else None)
                for n, d in par_niveau.items()
            }
            if par_niveau
            else None
        ),
        "types_contrats": calc.fractions_contrats(
            calc.comptes(payload, "typeContrat", "typeContrat") or {}
        ),
        "experience_distribution": calc.repartition_experience(payload),
    }


VIDE_OFFRES = dict.fromkeys(
    (
        "nb_offres",
        "salaires",
        "salaires_echantillon",
        "salaires_par_niveau",
        "types_contrats",
        "experience_distribution",
    )
)


async def marche_fiche(
    runtime: Runtime, code: str, region: str | None, *, tache: bool = False
) -> dict[str, Any]:
    """Offers figures, tension and trend of ``code`` on a territory (no visibility check:
    callers check it); the common engine of ``regional``, ``imt_stats`` and the veille."""
    marche = marche_de(runtime)
    resultats: dict[str, Any] = {}
    if marche.configure(OFFRES) or marche.configure(MARCHE):
        async with marche.client() as http:
            taches = {
                **_taches_offres(marche, http, code, region, tache=tache),
                **_taches_indicateurs(marche, http, code, region, tache=tache),
            }
            resultats = await ensemble(taches, delai=marche.delai(tache=tache))
    page = _bloc(resultats, "offres", OFFRES)
    indicateurs = _bloc(resultats, "tension", MARCHE)
    figures: dict[str, Any] = dict(VIDE_OFFRES)
    blocs: dict[str, dict[str, Any]] = {"offres": page}
    if isinstance(page, Resultat):
        figures = _figures_offres(page, marche.settings.marche_echantillon_min)
        blocs["offres"] = provenance(OFFRES, page, None)
    blocs["tension"] = indicateurs.get("provenance", indicateurs)
    ind_ok = "provenance" in indicateurs
    return {
        **figures,
        "tension": indicateurs["tension"] if ind_ok else None,
        "tendance": indicateurs["tendance"] if ind_ok else None,
        "territoire_tension": indicateurs["territoire"] if ind_ok else None,
        "_page": page if isinstance(page, Resultat) else None,
        **_bilan(blocs),
    }


async def regional(
    runtime: Runtime, code: str, region: str | None, *, voir_brouillons: bool
) -> dict[str, Any]:
    """``GET /api/fiches/{code}/regional?region=`` (reference keys, plus provenance)."""
    base = cadre(runtime, code, region, voir_brouillons=voir_brouillons)
    data = await marche_fiche(runtime, base["code_rome"], base["region"])
    data.pop("_page")
    tension = data["tension"]
    return {**base, **data, "tension_regionale": tension["tension"] if tension else None}


async def offres(
    runtime: Runtime, code: str, region: str | None, *, limit: int, voir_brouillons: bool
) -> dict[str, Any]:
    """``GET /api/fiches/{code}/offres?region=&limit=``: the latest offers, newest first."""
    if not 1 <= limit <= PAGE_MAX:
        raise InvalidInputError(f"La limite doit être comprise entre 1 et {PAGE_MAX}.")
    base = cadre(runtime, code, region, voir_brouillons=voir_brouillons)
    marche = marche_de(runtime)
    if not marche.configure(OFFRES):
        return {
            **base,
            "total": None,
            "offres": [],
            "from_cache": False,
            **indisponible(non_configure(OFFRES)),
        }
    async with marche.client() as http:
        resultats = await ensemble(
            _taches_offres(marche, http, base["code_rome"], base["region"], tache=False),
            delai=marche.delai(tache=False),
        )
    page = _bloc(resultats, "offres", OFFRES)
    if not isinstance(page, Resultat):
        return {**base, "total": None, "offres": [], "from_cache": False, **page}
    today = aujourdhui()
    annonces = sorted(
        page.payload["resultats"], key=lambda o: str(o.get("dateCreation") or ""), reverse=True
    )
    return {
        **base,
        "total": page.payload["total"],
        "offres": [calc.offre_publique(o, today=today) for o in annonces[:limit]],
        "from_cache": page.depuis_cache,
        **provenance(OFFRES, page, None),
        "message": None,
    }


def _mois(today: date) -> list[tuple[str, str, str]]:
    """The last 12 months (oldest first): (YYYY-MM, first instant, first instant of the next)."""
    mois = []
    annee, m = today.year, today.month
    for _ in range(MOIS_SERIE):
        suivant = (annee + (m == 12), m % 12 + 1)
        mois.append(
            (
                f"{annee}-{m:02d}",
                f"{annee}-{m:02d}-01T00:00:00Z",
                f"{suivant[0]}-{suivant[1]:02d}-01T00:00:00Z",
            )
        )
        annee, m = (annee - 1, 12) if m == 1 else (annee, m - 1)
    return list(reversed(mois))


async def recrutements(
    runtime: Runtime, code: str, region: str | None, *, voir_brouillons: bool
) -> dict[str, Any]:
    """``GET /api/fiches/{code}/recrutements?region=``: offers by month of creation, 12 months."""
    base = cadre(runtime, code, region, voir_brouillons=voir_brouillons)
    marche = marche_de(runtime)
    if not marche.configure(OFFRES):
        return {**base, "recrutements": [], **indisponible(non_configure(OFFRES))}
    mois = _mois(aujourdhui())
    limiter = anyio.CapacityLimiter(APPELS_SIMULTANES)
    pol = marche.politique(tache=False)
    async with marche.client() as http:

        def compte(debut: str, fin: str) -> Tache:
            async def run() -> Resultat:
                async with limiter:
                    return await marche.offres.rechercher(
                        http,
                        code_rome=base["code_rome"],
                        region=base["region"],
                        politique=pol,
                        nombre=1,
                        extra={"minCreationDate": debut, "maxCreationDate": fin},
                    )

            return Tache(OFFRES, run)

        resultats = await ensemble(
            {m: compte(debut, fin) for m, debut, fin in mois}, delai=marche.delai(tache=False)
        )
    erreur = next((r for r in resultats.values() if isinstance(r, SourceError)), None)
    if erreur is not None:
        return {**base, "recrutements": [], **indisponible(erreur)}
    premier = resultats[mois[0][0]]
    return {
        **base,
        "recrutements": [
            {"mois": m, "nb_offres": resultats[m].payload["total"]} for m, _, _ in mois
        ],
        **provenance(OFFRES, premier, f"{mois[0][0]} – {mois[-1][0]}"),
        "message": None,
        "note": "Offres publiées sur France Travail par mois de création, encore en ligne.",
    }


NIVEAUX = ("junior", "confirme", "senior")


def _salaires_fiche(salaires: dict[str, Any], provenance_fiche: dict[str, Any]) -> dict[str, Any]:
    """The fiche's own salaries, labelled with their provenance (``ia`` = AI estimate)."""
    niveaux = {n: salaires.get(n) for n in NIVEAUX}
    if not any(v and v.get("median") for v in niveaux.values()):
        return {"salaires": None, "source_salaires": None}
    stamp = provenance_fiche.get("salaires") or {}
    source = stamp.get("source") or salaires.get("source")
    label = "estimation_ia" if source == "ia" else source
    return {"salaires": niveaux, "source_salaires": label, "date_salaires": stamp.get("date")}


async def _salaires_reference(runtime: Runtime, code: str, region: str | None) -> dict[str, Any]:
    """Marché du travail salary amounts, each labelled from the nomenclature referential."""
    marche = marche_de(runtime)
    if not marche.configure(MARCHE):
        return indisponible(non_configure(MARCHE))
    pol = marche.politique(tache=False)
    client = marche.marche_travail

    async def run() -> dict[str, Any]:
        async with marche.client() as http:
            brut = await client.salaires(http, code_rome=code, region=region, politique=pol)
            types = {
                str(p.get("codeTypeNomenclature"))
                for p in brut.payload["periodes"]
                if p.get("codeTypeNomenclature")
            }
            libelles: dict[str, str] = {}
            for type_ in sorted(types):
                ref = await client.nomenclature(http, type_, politique=pol)
                libelles.update(ref.payload["libelles"])
        valeurs = calc.salaires_reference(brut.payload["periodes"], libelles)
        if valeurs is None:
            raise SourceError(MARCHE, "aucun salaire publié pour ce métier sur ce territoire.")
        return {**valeurs, **provenance(MARCHE, brut, valeurs["periode"])}

    resultat = (await ensemble({"s": Tache(MARCHE, run)}, delai=marche.delai(tache=False)))["s"]
    return indisponible(resultat) if isinstance(resultat, SourceError) else resultat


async def imt_stats(
    runtime: Runtime, code: str, *, region: str | None = None, voir_brouillons: bool
) -> dict[str, Any]:
    """``GET /api/fiches/{code}/imt-stats``: salaries by level, contract mix, tension, trend."""
    base = cadre(runtime, code, region, voir_brouillons=voir_brouillons)
    with runtime.sessions() as session:
        detail = get_detail(session, base["code_rome"], voir_brouillons=voir_brouillons)
    data, reference = await _marche_et_reference(runtime, base)
    offres_ok = data["sources"]["offres"].get("disponible")
    salaires: dict[str, Any] = {"salaires": None, "source_salaires": None}
    if data["salaires_par_niveau"]:
        salaires = {"salaires": data["salaires_par_niveau"], "source_salaires": "france_travail"}
    else:
        salaires = _salaires_fiche(detail.salaires, detail.provenance)
    return {
        **base,
        **salaires,
        "contrats": data["types_contrats"],
        "source_contrats": "france_travail" if data["types_contrats"] else None,
        "nb_offres": data["nb_offres"] if offres_ok else None,
        "tension": data["tension"],
        "tendance": data["tendance"],
        "source_tension": "france_travail" if data["tension"] else None,
        "territoire_tension": data["territoire_tension"],
        "salaires_reference": reference,
        **{k: data[k] for k in ("disponible", "source", "periode", "message", "sources")},
    }


async def _marche_et_reference(
    runtime: Runtime, base: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Both lookups side by side (each within the page budget)."""
    sortie: dict[str, Any] = {}

    async def marche_() -> None:
        sortie["m"] = await marche_fiche(runtime, base["code_rome"], base["region"])

    async def reference_() -> None:
        sortie["r"] = await _salaires_reference(runtime, base["code_rome"], base["region"])

    async with anyio.create_task_group() as group:
        group.start_soon(marche_)
        group.start_soon(reference_)
    sortie["m"].pop("_page")
    return sortie["m"], sortie["r"]
