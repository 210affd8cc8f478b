"""What the fiche page shows, computed from a fiche's detail (no I/O): provenance badges,
formation timeline, competence groups, RIASEC and dimension axes, workflow steps and the
actions the caller may take, variant overlay, JSON-LD ``Occupation``."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, get_origin

from agents_metiers.domain.diff import libelle as libelle_item
from agents_metiers.domain.fiche import Statut
from agents_metiers.domain.permissions import Permission
from agents_metiers.domain.workflow import TRANSITIONS, Action, EtatFiche, refus
from agents_metiers.services.comptes.auth import Principal
from agents_metiers.services.fiches.schemas import FicheDetail

Traduire = Callable[..., str]


@dataclass(frozen=True)
class Badge:
    source: str
    libelle: str


def badge(provenance: dict[str, Any], champ: str, t: Traduire) -> Badge | None:
    """The provenance badge of a field (§2.2), or None when the field has no stamp."""
    stamp = provenance.get(champ)
    if not isinstance(stamp, dict) or not stamp.get("source"):
        return None
    source = str(stamp["source"])
    date = str(stamp.get("date") or "")
    libelles = {
        "rome": lambda: t("Référentiel ROME v{v}", v=stamp.get("version") or "?"),
        "ia": lambda: t("Rédigé par IA — à vérifier"),
        "humain": lambda: t(
            "Saisie humaine ({auteur}, {date})", auteur=stamp.get("auteur") or "?", date=date
        ),
        "france_travail": lambda: t("France Travail {date}", date=date),
        "la_bonne_alternance": lambda: t("La Bonne Alternance {date}", date=date),
    }
    libelle = libelles.get(source)
    return Badge(source, libelle() if libelle else f"{source} {date}".strip())


# Formation timeline (§9 "parcours de formation"): levels, highest first.
NIVEAUX = (
    (
        "bac5",
        "Bac+5",
        re.compile(
            r"master|ingénieur|doctorat|mba|bac\s*\+\s*[5-8]|dipl[oô]me d'[ée]tat de docteur", re.I
        ),
    ),
    (
        "bac3",
        "Bac+3",
        re.compile(r"licence|bachelor|\bbut\b|dcg|bac\s*\+\s*[34]|dipl[oô]me d'[ée]tat", re.I),
    ),
    ("bac2", "Bac+2", re.compile(r"\bbtsa?\b|\bdut\b|deust|bac\s*\+\s*2", re.I)),
    ("bac", "Bac", re.compile(r"\bbac\b|baccalaur|\bbp\b|brevet professionnel", re.I)),
    (
        "cap",
        "CAP/BEP",
        re.compile(
            r"\bcapa?\b|\bbep\b|\bbpa\b|mention complémentaire|\bmc\b|titre professionnel", re.I
        ),
    ),
)


def parcours(formations: list[str]) -> list[dict[str, Any]]:
    """Formations classified by level (first matching level), plus an « Autre » level."""
    niveaux: list[dict[str, Any]] = [
        {"code": code, "libelle": libelle, "formations": []} for code, libelle, _ in NIVEAUX
    ]
    autres: list[str] = []
    for formation in formations:
        for niveau, (_code, _libelle, motif) in zip(niveaux, NIVEAUX, strict=True):
            if motif.search(formation):
                niveau["formations"].append(formation)
                break
        else:
            autres.append(formation)
    niveaux.append({"code": "autre", "libelle": "Autre", "formations": autres})
    return niveaux


def groupes(items: list[dict[str, Any]], *cles: str) -> list[tuple[str, list[dict[str, Any]]]]:
    """Items grouped by the first of ``cles`` they have (enjeu, catégorie…), in order seen."""
    result: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        groupe = next((str(item[c]) for c in cles if item.get(c)), "")
        result.setdefault(groupe, []).append(item)
    return list(result.items())


def contextes(groupes_rome: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """Work contexts by type, each type once and each item once (the export may repeat a
    type across groups, or an item within one)."""
    result: dict[str, list[str]] = {}
    for groupe in groupes_rome:
        items = result.setdefault(str(groupe.get("type") or ""), [])
        for item in groupe.get("items") or []:
            texte = str(item.get("libelle") if isinstance(item, dict) else item or "").strip()
            if texte and texte not in items:
                items.append(texte)
    return [(type_, items) for type_, items in result.items() if items]


RIASEC_AXES = (
    ("realiste", "R", "Réaliste"),
    ("investigateur", "I", "Investigateur"),
    ("artistique", "A", "Artistique"),
    ("social", "S", "Social"),
    ("entreprenant", "E", "Entreprenant"),
    ("conventionnel", "C", "Conventionnel"),
)
DIMENSIONS = (
    ("technique", "Technique"),
    ("relationnel", "Relationnel"),
    ("analytique", "Analytique"),
    ("creatif", "Créativité"),
    ("organisationnel", "Organisation"),
    ("leadership", "Leadership"),
    ("numerique", "Numérique"),
)


def _fraction(value: Any) -> float | None:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    return float(value) / 100 if value > 1 else float(value)


def riasec(profil: dict[str, Any] | None) -> dict[str, Any] | None:
    """Axes 0–1 and the dominant code: ROME majeur/mineur first, else the top three axes."""
    if not profil:
        return None
    axes: list[dict[str, Any]] = [
        {"cle": cle, "lettre": lettre, "libelle": libelle, "valeur": _fraction(profil.get(cle))}
        for cle, lettre, libelle in RIASEC_AXES
    ]
    axes = [a for a in axes if a["valeur"] is not None]
    if not axes or not any(a["valeur"] for a in axes):
        return None
    rome = "".join(str(profil[k]) for k in ("majeur", "mineur") if profil.get(k))
    classes = sorted(axes, key=lambda a: -a["valeur"])
    dominant = rome or "".join(a["lettre"] for a in classes[:3] if a["valeur"])
    return {"axes": axes, "dominant": dominant}


def dimensions(dims: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Competence dimensions with a positive value, highest first."""
    result = []
    for cle, libelle in DIMENSIONS:
        valeur = _fraction((dims or {}).get(cle))
        if valeur:
            result.append({"cle": cle, "libelle": libelle, "valeur": valeur})
    return sorted(result, key=lambda d: -d["valeur"])


ETAPES = (Statut.BROUILLON, Statut.ENRICHI, Statut.VALIDE, Statut.PUBLIEE)


def etapes(statut: str) -> list[dict[str, Any]]:
    rang = next((i for i, s in enumerate(ETAPES) if s.value == statut), 0)
    return [
        {"statut": s.value, "fait": i < rang, "courant": i == rang} for i, s in enumerate(ETAPES)
    ]


# Actions offered on the fiche page, in display order; AI ones need the AI module.
ACTIONS_PAGE = (
    Action.SOUMETTRE,
    Action.VALIDER,
    Action.PUBLIER,
    Action.DEMANDER_MODIFICATIONS,
    Action.REJETER,
    Action.DEPUBLIER,
)


def actions_permises(detail: FicheDetail, principal: Principal | None) -> list[str]:
    """The workflow actions the caller may take now (role and transition table agree)."""
    if principal is None:
        return []
    publication = detail.publication
    etat = EtatFiche(
        statut=Statut(detail.statut),
        publiee=publication.version_publiee is not None,
        brouillon_en_attente=bool(publication.brouillon_en_attente),
    )
    return [
        action.value
        for action in ACTIONS_PAGE
        if principal.can(TRANSITIONS[action].permission) and refus(action, etat) is None
    ]


def peut_ia(principal: Principal | None) -> dict[str, bool]:
    return {
        "enrichir": principal is not None and principal.can(Permission.ENRICHIR),
        "valider_ia": principal is not None and principal.can(Permission.VALIDER),
    }


# Fields a variant may carry that replace the fiche's (every text field, §3 Variante).
CHAMPS_VARIANTE = frozenset(
    {
        "description", "description_courte", "missions_principales", "acces_metier",
        "competences", "competences_transversales", "savoirs", "formations", "certifications",
        "conditions_travail", "environnements", "traits_personnalite", "secteurs_activite",
        "statuts_professionnels", "niveau_formation", "autres_appellations",
        "sites_utiles", "aptitudes", "conditions_travail_detaillees", "mobilite",
        "preferences_interets",
    }
)  # fmt: skip
DETAILS_STRUCTURES = {
    "competences": "competences_detail",
    "competences_transversales": "competences_transversales_detail",
    "savoirs": "savoirs_detail",
    "secteurs_activite": "secteurs_activite_detail",
}


def avec_variante(detail: FicheDetail, contenu: dict[str, Any], nom: str) -> FicheDetail:
    """The fiche as the variant tells it: every text field the variant carries replaces the
    fiche's; fields it lacks stay (they are the fiche's own, in French).

    A variant stores lists as the adapted labels, in the fiche's order (``services.variantes.
    contenu``): each value is brought back to the shape of the fiche's field, so a list of
    objects (aptitudes) keeps its items' other data with the adapted label, and a value of the
    wrong shape is left out rather than reaching the page."""
    champs: dict[str, Any] = {"nom_epicene": nom}
    for champ, valeur in contenu.items():
        if champ not in CHAMPS_VARIANTE or valeur in (None, "", []):
            continue
        if champ in DETAILS_STRUCTURES and isinstance(valeur, list):
            champs[champ] = [libelle_item(v) for v in valeur if libelle_item(v)]
            champs[DETAILS_STRUCTURES[champ]] = [
                v if isinstance(v, dict) else {"libelle": str(v)} for v in valeur
            ]
        elif (adaptee := _meme_forme(champ, getattr(detail, champ), valeur)) is not None:
            champs[champ] = adaptee
    return detail.model_copy(update=champs)


# Fields of the detail that are lists, and those that are lists of objects (not of labels).
_LISTES = frozenset(
    n for n, f in FicheDetail.model_fields.items() if get_origin(f.annotation) is list
)
_LISTES_OBJETS = frozenset(
    nom for nom, f in FicheDetail.model_fields.items() if f.annotation == list[dict[str, Any]]
)


def _meme_forme(champ: str, original: Any, valeur: Any) -> Any | None:
    """``valeur`` in the shape of the fiche's ``original`` value; None when it cannot be."""
    if champ in _LISTES:
        if not isinstance(valeur, list):
            return None
        if champ in _LISTES_OBJETS:
            return [_item_adapte(original, i, v) for i, v in enumerate(valeur)]
        return [libelle_item(v) for v in valeur]
    if isinstance(original, dict) or (original is None and isinstance(valeur, dict)):
        return valeur if isinstance(valeur, dict) else None
    return valeur if isinstance(valeur, str) else None


def _item_adapte(original: list[Any], rang: int, valeur: Any) -> dict[str, Any]:
    """The n-th object of a list with its adapted label: its numbers (a level…) are kept, its
    other texts — the fiche's, untranslated — are not."""
    if isinstance(valeur, dict):
        return valeur
    source = original[rang] if rang < len(original) and isinstance(original[rang], dict) else {}
    gardes = {k: v for k, v in source.items() if not isinstance(v, str)}
    cles = [k for k in ("libelle", "nom") if k in source] or ["libelle", "nom"]
    return {**gardes, **dict.fromkeys(cles, str(valeur))}


def jsonld(detail: FicheDetail, url: str) -> dict[str, Any]:
    """schema.org ``Occupation`` (§13), with the ROME code and licence credit."""
    domaine = detail.domaine_professionnel or {}
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Occupation",
        "name": detail.nom_epicene,
        "alternateName": [detail.nom_masculin, detail.nom_feminin, *detail.autres_appellations],
        "description": detail.description,
        "url": url,
        "occupationalCategory": {
            "@type": "CategoryCode",
            "codeValue": detail.code_rome,
            "inCodeSet": f"ROME 4.0 v{detail.rome_version}" if detail.rome_version else "ROME 4.0",
        },
        "skills": detail.competences + detail.competences_transversales,
        "responsibilities": detail.missions_principales,
        "educationRequirements": detail.acces_metier or None,
        "industry": detail.secteurs_activite or None,
        "occupationLocation": {"@type": "Country", "name": "France"},
        "dateModified": detail.date_maj.isoformat(),
        "isBasedOn": "France Travail, ROME 4.0 — Licence Ouverte / Etalab",
    }
    if domaine.get("domaine"):
        data["occupationalCategory"]["name"] = domaine["domaine"]
    return {k: v for k, v in data.items() if v not in (None, [], "")}
