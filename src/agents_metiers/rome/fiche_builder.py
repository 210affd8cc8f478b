"""The complete fiche built from official data only (PRODUCT.md §5.2) — pure.

``build_fiche`` returns the ROME-sourced fields of one fiche (the keys of ``ROME_FIELDS``).
Choices worth knowing:
- ``description`` is the definition's first sentence (its introduction); the following
  sentences are activity items and become ``missions_principales``, completed with the
  coeur-de-métier savoir-faire (``Principale``) up to ``MISSIONS_MIN`` when the definition
  has fewer items. ``description_courte`` is the introduction cut at a word under 200 chars.
- work contexts keep the official grouping (``contextes_travail``) and also fill the
  reference's flat fields: conditions/horaires/lieux → ``conditions_travail``, structures
  and publics → ``environnements``, statut d'emploi → ``statuts_professionnels``.
"""

from __future__ import annotations

from typing import Any

from agents_metiers.domain.formation import niveau_formation
from agents_metiers.domain.noms import noms_genres
from agents_metiers.rome.profil import competences_dimensions, profil_riasec
from agents_metiers.rome.referentiel import FicheRome, Item, Lien, Referentiel

ROME_FIELDS = (
    "nom_masculin",
    "nom_feminin",
    "nom_epicene",
    "appellations",
    "domaine_professionnel",
    "tags",
    "themes",
    "secteurs_activite",
    "description",
    "description_courte",
    "missions_principales",
    "acces_metier",
    "niveau_formation",
    "competences",
    "competences_transversales",
    "savoirs",
    "profil_riasec",
    "competences_dimensions",
    "preferences_interets",
    "contextes_travail",
    "conditions_travail",
    "environnements",
    "conditions_travail_detaillees",
    "statuts_professionnels",
    "mobilite",
)
IDENTITY_FIELDS = ("code_ogr", "rome_version", "code_rome_parent")

MISSIONS_MIN = 5
DESCRIPTION_COURTE_MAX = 200

CONTEXTE_CONDITIONS, CONTEXTE_HORAIRES, CONTEXTE_LIEUX = "1", "2", "3"
CONTEXTE_PUBLICS, CONTEXTE_STRUCTURES, CONTEXTE_STATUT = "5", "6", "7"
# Conditions-de-travail labels sorted into the reference's detailed keys (by keyword).
EXIGENCES_PHYSIQUES = (
    "charges",
    "position pénible",
    "station debout",
    "station assise",
    "répétitif",
    "motricité",
    "escaliers",
)
RISQUES = (
    "exposition",
    "risque",
    "dangereu",
    "hostiles",
    "nucléaire",
    "hyperbare",
    "allergène",
    "bruyant",
    "température",
    "port d'arme",
    "pare-balles",
    "protection individuelle",
    "protection collective",
    "grande hauteur",
    "altitude",
    "confiné",
    "difficiles et exigeants",
    "climatique difficile",
)


def couper(texte: str, limite: int = DESCRIPTION_COURTE_MAX) -> str:
    """``texte`` if short enough, else cut at the last word boundary with an ellipsis."""
    if len(texte) <= limite:
        return texte
    coupe = texte[: limite - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return coupe + "…"


def _competence(ref: Referentiel, lien: Lien) -> dict[str, Any] | None:
    item = ref.item("competence", lien.code)
    if item is None:
        return None
    macro = (
        item
        if item.attributs.get("nature") != "Compétence"
        else ref.item("competence", item.attributs.get("code_ogr_macro_comp") or "")
    )
    groupe = (macro.attributs.get("groupe") if macro else None) or {}
    return {
        "code_ogr": item.code,
        "libelle": item.libelle,
        "nature": item.attributs.get("nature"),
        "coeur_metier": lien.coeur_metier,
        "macro_competence": {"code_ogr": macro.code, "libelle": macro.libelle} if macro else None,
        "code_macro_comp": macro.attributs.get("code_macro_comp") if macro else None,
        "domaine": groupe.get("domaine"),
        "enjeu": groupe.get("enjeu"),
        "objectif": groupe.get("objectif"),
        "categorie": item.attributs.get("sous_categorie"),
    }


def _competences(ref: Referentiel, code: str) -> list[dict[str, Any]]:
    items = [_competence(ref, lien) for lien in ref.liens_of(code, "savoir_faire")]
    found = [item for item in items if item is not None]
    return sorted(found, key=lambda item: (item["code_macro_comp"] or "~", item["libelle"]))


def _simple_items(ref: Referentiel, code: str, kind: str, item_kind: str) -> list[dict[str, Any]]:
    result = []
    for lien in ref.liens_of(code, kind):
        item = ref.item(item_kind, lien.code)
        if item is not None:
            entry: dict[str, Any] = {
                "code_ogr": item.code,
                "libelle": item.libelle,
                "coeur_metier": lien.coeur_metier,
            }
            for key in ("categorie", "sous_categorie"):
                if key in item.attributs:
                    entry[key] = item.attributs[key]
            result.append(entry)
    return result


def _savoirs(ref: Referentiel, code: str) -> list[dict[str, Any]]:
    savoirs = _simple_items(ref, code, "savoir", "savoir")
    return sorted(savoirs, key=lambda item: (item.get("categorie") or "~", item["libelle"]))


def _contextes(ref: Referentiel, code: str) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for lien in ref.liens_of(code, "contexte"):
        item = ref.item("contexte", lien.code)
        if item is None:
            continue
        type_code = item.attributs["code_type"]
        group = groups.setdefault(
            type_code, {"code_type": type_code, "type": item.attributs["type"], "items": []}
        )
        group["items"].append(
            {"code_ogr": item.code, "libelle": item.libelle, "coeur_metier": lien.coeur_metier}
        )
    return [groups[key] for key in sorted(groups)]


def _labels(contextes: list[dict[str, Any]], *types: str) -> list[str]:
    return [
        item["libelle"]
        for group in contextes
        if group["code_type"] in types
        for item in group["items"]
    ]


def _joined(labels: list[str]) -> str | None:
    return "; ".join(labels) or None


def _conditions_detaillees(contextes: list[dict[str, Any]]) -> dict[str, Any]:
    conditions = _labels(contextes, CONTEXTE_CONDITIONS)
    physiques = [c for c in conditions if any(k in c.lower() for k in EXIGENCES_PHYSIQUES)]
    risques = [c for c in conditions if c not in physiques and any(k in c.lower() for k in RISQUES)]
    autres = [c for c in conditions if c not in physiques and c not in risques]
    return {
        "horaires": _joined(_labels(contextes, CONTEXTE_HORAIRES)),
        "deplacements": _joined(_labels(contextes, CONTEXTE_LIEUX)),
        "environnement": _joined(autres + _labels(contextes, CONTEXTE_STRUCTURES)),
        "exigences_physiques": physiques,
        "risques": risques,
    }


def _contexte_fields(ref: Referentiel, code: str) -> dict[str, Any]:
    contextes = _contextes(ref, code)
    return {
        "contextes_travail": contextes,
        "conditions_travail": _labels(
            contextes, CONTEXTE_CONDITIONS, CONTEXTE_HORAIRES, CONTEXTE_LIEUX
        ),
        "environnements": _labels(contextes, CONTEXTE_STRUCTURES, CONTEXTE_PUBLICS),
        "statuts_professionnels": _labels(contextes, CONTEXTE_STATUT),
        "conditions_travail_detaillees": _conditions_detaillees(contextes) if contextes else None,
    }


def _appellations(ref: Referentiel, code: str) -> list[dict[str, Any]]:
    rows = [a for a in ref.appellations_par_fiche.get(code, []) if not a.peu_usite]
    rows.sort(key=lambda a: (a.classification != "PRINCIPALE", a.libelle_long))
    return [
        {
            "code_ogr": a.code_ogr,
            "libelle": a.libelle_long,
            "libelle_court": a.libelle_court,
            "nom_masculin": a.nom_masculin,
            "nom_feminin": a.nom_feminin,
            "nom_epicene": a.nom_epicene,
            "principale": a.classification == "PRINCIPALE",
        }
        for a in rows
    ]


def _linked(ref: Referentiel, code: str, kind: str) -> list[tuple[Item, Lien]]:
    pairs = []
    for lien in ref.liens_of(code, kind):
        item = ref.item(kind, lien.code)
        if item is not None:
            pairs.append((item, lien))
    pairs.sort(key=lambda pair: (not pair[1].principal, pair[0].libelle))
    return pairs


def _interets(ref: Referentiel, code: str) -> dict[str, Any] | None:
    familles = [
        {
            "code": item.code,
            "nom": item.libelle,
            "description": item.attributs.get("definition"),
            "principal": bool(lien.principal),
        }
        for item, lien in _linked(ref, code, "centre_interet")
    ]
    if not familles:
        return None
    return {"domaine_interet": familles[0]["nom"], "familles": familles}


def _domaine(ref: Referentiel, fiche: FicheRome) -> dict[str, Any] | None:
    grand = ref.item("grand_domaine", fiche.code_grand_domaine or "")
    domaine = ref.item("domaine", fiche.code_domaine or "")
    if grand is None and domaine is None:
        return None
    return {
        "grand_domaine": grand.libelle if grand else None,
        "code_grand_domaine": fiche.code_grand_domaine,
        "domaine": domaine.libelle if domaine else None,
        "code_domaine": fiche.code_domaine,
    }


def _mobilite(ref: Referentiel, code: str) -> dict[str, Any]:
    proches = []
    for cible, ordre in ref.mobilites.get(code, []):
        target = ref.fiches.get(cible)
        noms = noms_genres(target.libelle) if target else None
        proches.append(
            {
                "code_rome": cible,
                "nom": noms.epicene if noms else cible,
                "nom_masculin": noms.masculin if noms else None,
                "nom_feminin": noms.feminin if noms else None,
                "ordre": ordre,
                "contexte": "",
            }
        )
    return {"metiers_proches": proches, "evolutions": []}


def _missions(fiche: FicheRome, competences: list[dict[str, Any]]) -> list[str]:
    missions = list(fiche.definition[1:])
    coeur = [c["libelle"] for c in competences if c["coeur_metier"] == "Principale"]
    for libelle in coeur:
        if len(missions) >= MISSIONS_MIN:
            break
        if libelle not in missions:
            missions.append(libelle)
    return missions


def _profils(
    ref: Referentiel, fiche: FicheRome, competences: list[dict[str, Any]]
) -> dict[str, Any]:
    macros = [
        ref.item("competence", c["macro_competence"]["code_ogr"])
        for c in competences
        if c["macro_competence"]
    ]
    pairs = [
        (m.attributs.get("riasec_majeur"), m.attributs.get("riasec_mineur"))
        for m in macros
        if m is not None
    ]
    codes = [c["code_macro_comp"] for c in competences if c["code_macro_comp"]]
    return {
        "profil_riasec": profil_riasec(pairs, fiche.riasec_majeur, fiche.riasec_mineur),
        "competences_dimensions": competences_dimensions(codes),
    }


def build_fiche(ref: Referentiel, code: str) -> dict[str, Any]:
    """Every ROME-sourced field of fiche ``code`` (the code must exist in ``ref``)."""
    fiche = ref.fiches[code]
    noms = noms_genres(fiche.libelle)
    competences = _competences(ref, code)
    intro = fiche.definition[0] if fiche.definition else ""
    return {
        "code_ogr": fiche.code_ogr,
        "rome_version": ref.version.numero,
        "code_rome_parent": fiche.code_rome_parent,
        "nom_masculin": noms.masculin,
        "nom_feminin": noms.feminin,
        "nom_epicene": noms.epicene,
        "appellations": _appellations(ref, code),
        "domaine_professionnel": _domaine(ref, fiche),
        "tags": fiche.tags,
        "themes": [{"code": i.code, "libelle": i.libelle} for i, _ in _linked(ref, code, "theme")],
        "secteurs_activite": [
            {"code": i.code, "libelle": i.libelle, "principal": bool(lien.principal)}
            for i, lien in _linked(ref, code, "secteur")
        ],
        "description": intro,
        "description_courte": couper(intro) if intro else None,
        "missions_principales": _missions(fiche, competences),
        "acces_metier": fiche.acces or None,
        "niveau_formation": niveau_formation(fiche.acces) if fiche.acces else None,
        "competences": competences,
        "competences_transversales": _simple_items(ref, code, "savoir_etre", "competence"),
        "savoirs": _savoirs(ref, code),
        **_profils(ref, fiche, competences),
        "preferences_interets": _interets(ref, code),
        **_contexte_fields(ref, code),
        "mobilite": _mobilite(ref, code),
    }
