"""``GET /api/fiches/{code}/alternance``: apprenticeship offers, recruiters and formations
around a place the user chooses (default: the region's main city) from API Alternance.

Without a region or coordinates there is no place to search around: the answer says so
instead of searching around an arbitrary city.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from agents_metiers.domain.chefs_lieux import CHEFS_LIEUX
from agents_metiers.domain.formation import libelle_niveau_national
from agents_metiers.errors import InvalidInputError
from agents_metiers.services.marche.sources import (
    ALTERNANCE,
    Tache,
    cadre,
    ensemble,
    indisponible,
    marche_de,
    non_configure,
    provenance,
)
from agents_metiers.sources.alternance import Lieu
from agents_metiers.sources.cache import Resultat
from agents_metiers.sources.http import SourceError

if TYPE_CHECKING:
    from agents_metiers.services.runtime import Runtime

LISTE_MAX = 10


def _get(data: Any, *chemins: str) -> Any:
    """The first non-empty value among dotted ``chemins`` of nested dicts."""
    for chemin in chemins:
        valeur = data
        for part in chemin.split("."):
            valeur = valeur.get(part) if isinstance(valeur, dict) else None
        if valeur not in (None, "", [], {}):
            return valeur
    return None


def _offre(job: dict[str, Any]) -> dict[str, Any]:
    types = _get(job, "contract.type")
    return {
        "id": _get(job, "identifier.id"),
        "titre": _get(job, "offer.title") or "",
        "entreprise": _get(job, "workplace.name") or "Entreprise confidentielle",
        "lieu": _get(job, "workplace.location.address"),
        "type_contrat": ", ".join(types) if isinstance(types, list) else types,
        "niveau": _get(job, "offer.target_diploma.label"),
        "date_publication": _get(job, "offer.publication.creation"),
        "url": _get(job, "apply.url"),
        "partenaire": _get(job, "identifier.partner_label"),
        "source": _get(job, "identifier.partner_label"),  # the reference key
    }


def _commune(adresse: Any) -> str | None:
    """« Paris (75019) » from a formation's ``lieu.adresse`` (commune, postcode, label)."""
    commune = _get(adresse, "commune.nom")
    code_postal = _get(adresse, "code_postal")
    if commune:
        return f"{commune} ({code_postal})" if code_postal else str(commune)
    label = _get(adresse, "label")
    return str(label) if label else None


def _duree(annees: Any) -> str | None:
    if isinstance(annees, bool) or not isinstance(annees, int | float) or annees <= 0:
        return None
    nombre = int(annees) if float(annees).is_integer() else annees
    return f"{nombre} an" + ("s" if annees >= 2 else "")


def _formation(item: dict[str, Any]) -> dict[str, Any]:
    """One formation of ``/formation/v1/search`` (its certification, trainer, place, modality)."""
    cert = item.get("certification")
    valeur = cert.get("valeur") if isinstance(cert, dict) else None
    niveau = _get(
        valeur,
        "intitule.niveau.cfd.europeen",
        "intitule.niveau.rncp.europeen",
        "cfd.niveau.europeen",
        "rncp.niveau.europeen",
    )
    return {
        "titre": _get(
            valeur, "intitule.cfd.long", "intitule.rncp", "cfd.intitule.long", "rncp.intitule"
        )
        or _get(item, "onisep.intitule"),
        "organisme": _get(
            item,
            "formateur.organisme.etablissement.enseigne",
            "formateur.organisme.unite_legale.raison_sociale",
            "responsable.organisme.etablissement.enseigne",
            "responsable.organisme.unite_legale.raison_sociale",
        ),
        "lieu": _commune(_get(item, "lieu.adresse")),
        "niveau": str(niveau) if niveau is not None else None,
        "niveau_diplome": libelle_niveau_national(niveau) if niveau is not None else None,
        "duree": _duree(_get(item, "modalite.duree_indicative")),
        "url": _get(item, "onisep.url"),
    }


def _lieu(
    region: str | None, latitude: float | None, longitude: float | None, rayon_km: int
) -> tuple[Lieu, str] | None:
    if (latitude is None) != (longitude is None):
        raise InvalidInputError("Indiquez la latitude et la longitude ensemble.")
    if latitude is not None and longitude is not None:
        return Lieu(latitude, longitude, rayon_km), f"{latitude:.4f}, {longitude:.4f}"
    if region:
        ville = CHEFS_LIEUX[region]
        return Lieu(ville.latitude, ville.longitude, rayon_km), ville.nom
    return None


def _resume(emplois: Resultat, formations: Resultat) -> dict[str, Any]:
    jobs = emplois.payload["jobs"]
    liste = [_formation(f) for f in formations.payload["formations"]]
    niveaux = Counter(str(f["niveau"]) for f in liste if f["niveau"])
    return {
        "nb_formations": len(liste),
        "nb_formations_complet": formations.payload["pages"] in (None, 0, 1),
        "nb_offres": len(jobs),
        "nb_entreprises": len(emplois.payload["recruiters"]),
        "nb_offres_alternance": len(jobs),  # the reference keys, beside ours
        "nb_entreprises_accueillantes": len(emplois.payload["recruiters"]),
        "niveaux_diplomes": dict(niveaux.most_common()),
        "formations": liste[:LISTE_MAX],
        "offres": [_offre(j) for j in jobs[:LISTE_MAX]],
    }


VIDE: dict[str, Any] = {
    "nb_formations": None,
    "nb_offres": None,
    "nb_entreprises": None,
    "nb_offres_alternance": None,
    "nb_entreprises_accueillantes": None,
    "niveaux_diplomes": {},
    "formations": [],
    "offres": [],
}


async def alternance(
    runtime: Runtime,
    code: str,
    region: str | None,
    *,
    voir_brouillons: bool,
    latitude: float | None = None,
    longitude: float | None = None,
    rayon_km: int | None = None,
) -> dict[str, Any]:
    """The apprenticeship summary of ``code`` around the chosen place."""
    base = cadre(runtime, code, region, voir_brouillons=voir_brouillons)
    marche = marche_de(runtime)
    choix = _lieu(base["region"], latitude, longitude, rayon_km or marche.settings.marche_rayon_km)
    if choix is None:
        return {
            **base,
            "lieu": None,
            **VIDE,
            **indisponible(
                SourceError(ALTERNANCE, "choisissez une région ou un lieu (latitude, longitude).")
            ),
            "raison": "lieu_requis",
        }
    lieu, nom = choix
    base["lieu"] = {
        "nom": nom,
        "latitude": lieu.latitude,
        "longitude": lieu.longitude,
        "rayon_km": lieu.rayon_km,
    }
    client = marche.alternance
    if client is None:
        return {**base, **VIDE, **indisponible(non_configure(ALTERNANCE))}
    pol = marche.politique(tache=False)
    async with marche.client() as http:
        resultats = await ensemble(
            {
                "emplois": Tache(
                    ALTERNANCE,
                    lambda: client.emplois(
                        http, code_rome=base["code_rome"], lieu=lieu, politique=pol
                    ),
                ),
                "formations": Tache(
                    ALTERNANCE,
                    lambda: client.formations(
                        http, code_rome=base["code_rome"], lieu=lieu, politique=pol
                    ),
                ),
            },
            delai=marche.delai(tache=False),
        )
    erreur = next((r for r in resultats.values() if isinstance(r, SourceError)), None)
    if erreur is not None:
        return {**base, **VIDE, **indisponible(erreur)}
    emplois, formations = resultats["emplois"], resultats["formations"]
    return {
        **base,
        **_resume(emplois, formations),
        **provenance(ALTERNANCE, emplois, None),
        "message": None,
        "conditions": "Données API Alternance : ni revente ni transmission à des tiers.",
    }
