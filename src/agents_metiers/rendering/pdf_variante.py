"""A variant's content laid over its fiche, whatever the shape it was stored in — pure.

The generator stores every list of a variant as strings (the n-th string adapts the n-th item
of the fiche, ``services/variantes/contenu.py``), and names of occupations under top-level
``appellations`` / ``metiers_proches`` / ``evolutions``; older or hand-made variants may hold
objects instead. The PDF template expects the fiche's shapes: plain texts for the text lists,
objects for aptitudes, sites, appellations and mobilities. ``appliquer_variante`` converts
each field to the shape of the fiche's field, keeping the fiche's item (its code, level,
grouping) under the adapted label, so both stored shapes print.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from agents_metiers.domain.diff import libelle

# A variant's flat list replaces the structured list the fiche keeps beside it.
DETAILS = {
    "competences": "competences_detail",
    "competences_transversales": "competences_transversales_detail",
    "savoirs": "savoirs_detail",
    "secteurs_activite": "secteurs_activite_detail",
}
# Lists the template prints as plain text.
LISTES_TEXTE = frozenset(
    {
        "missions_principales",
        "formations",
        "certifications",
        "traits_personnalite",
        "statuts_professionnels",
        "conditions_travail",
        "environnements",
        "secteurs_activite",
        "competences",
        "competences_transversales",
        "savoirs",
    }
)
# Lists of objects, and the key their label lives under.
LISTES_OBJETS = {"aptitudes": "nom", "sites_utiles": "nom", "appellations": "nom"}
MOBILITES = ("metiers_proches", "evolutions")
CLES_NOMS = ("nom", "nom_masculin", "nom_feminin", "nom_epicene")


def _vide(valeur: Any) -> bool:
    return valeur is None or valeur in ("", [], {})


def _item(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, Mapping) else {"libelle": str(value)}


def _objets(source: Any, adaptee: list[Any], cles: tuple[str, ...]) -> list[dict[str, Any]]:
    """Adapted items as objects: a string takes the place of the label of the fiche's n-th
    item (all of ``cles``), or becomes ``{cles[0]: text}`` when the fiche has none."""
    base = source if isinstance(source, list) else []
    objets = []
    for rang, valeur in enumerate(adaptee):
        if isinstance(valeur, Mapping):
            objets.append(dict(valeur))
            continue
        modele = base[rang] if rang < len(base) and isinstance(base[rang], Mapping) else {}
        presentes = [c for c in cles if c in modele] or [cles[0]]
        objets.append({**modele, **dict.fromkeys(presentes, str(valeur))})
    return objets


def _champ(cle: str, source: Any, valeur: Any) -> Any:
    if not isinstance(valeur, list):
        return valeur if isinstance(valeur, str) or not isinstance(source, str) else str(valeur)
    if cle in LISTES_TEXTE:
        return [libelle(v) for v in valeur]
    if cle in LISTES_OBJETS:
        cles = CLES_NOMS if cle == "appellations" else (LISTES_OBJETS[cle],)
        return _objets(source, valeur, cles)
    return valeur


def _mobilite(fiche: Mapping[str, Any], contenu: Mapping[str, Any]) -> dict[str, Any] | None:
    mobilite = fiche.get("mobilite")
    actuelle = dict(mobilite) if isinstance(mobilite, Mapping) else {}
    adaptee = contenu.get("mobilite")
    sources = adaptee if isinstance(adaptee, Mapping) else contenu
    change = False
    for cle in MOBILITES:
        valeur = sources.get(cle)
        if isinstance(valeur, list) and valeur:
            actuelle[cle] = _objets(actuelle.get(cle), valeur, CLES_NOMS)
            change = True
    return actuelle if change else None


def appliquer_variante(fiche: dict[str, Any], contenu: Mapping[str, Any]) -> dict[str, Any]:
    """The fiche with the variant's non-empty fields laid over it, in the fiche's shapes."""
    vue = dict(fiche)
    for cle, valeur in contenu.items():
        if cle not in vue or cle == "mobilite" or _vide(valeur):
            continue
        vue[cle] = _champ(cle, fiche.get(cle), valeur)
        if cle in DETAILS and isinstance(valeur, list):
            vue[DETAILS[cle]] = [_item(v) for v in valeur]
    if (mobilite := _mobilite(fiche, contenu)) is not None:
        vue["mobilite"] = mobilite
    return vue
