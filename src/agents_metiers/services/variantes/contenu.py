"""What a variant holds: every text field of its fiche, adapted (PRODUCT.md §3, §6.5).

The texts sent to the agent are taken from the fiche's working copy: free texts as strings,
lists (missions, compétences, savoirs, formations…) as their labels, in order. The variant
stores the adapted texts under the fiche's field names; list items keep their position, so
the n-th adapted compétence is the n-th compétence of the fiche.

In French, names of occupations are not rewritten by the AI: the appellations and the
mobilities take their ROME masculine / feminine / epicene forms (§5.3), as does the variant's
own name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from agents_metiers.agents.variantes import VarianteGeneree
from agents_metiers.domain.diff import libelle
from agents_metiers.domain.genre import nom_pour_genre
from agents_metiers.domain.lisibilite import analyser, regles
from agents_metiers.domain.noms import NomsGenres
from agents_metiers.storage.tables import VarianteRow

CHAMPS_CHAINE = ("description", "description_courte", "acces_metier", "niveau_formation")
CHAMPS_LISTE = (
    "missions_principales",
    "competences",
    "competences_transversales",
    "savoirs",
    "formations",
    "certifications",
    "conditions_travail",
    "environnements",
    "traits_personnalite",
    "aptitudes",
    "statuts_professionnels",
    "secteurs_activite",
)
# Names of occupations: ROME forms in French, translated in the other languages.
CHAMPS_NOMS = ("appellations", "metiers_proches", "evolutions")
# Short labels, not prose: left out of the readability measures.
_HORS_LISIBILITE = frozenset({"niveau_formation", "savoirs", *CHAMPS_NOMS})


def _mobilite(contenu: Mapping[str, Any], cle: str) -> list[Any]:
    mobilite = contenu.get("mobilite") or {}
    return list(mobilite.get(cle) or []) if isinstance(mobilite, dict) else []


def _items_noms(contenu: Mapping[str, Any]) -> dict[str, list[Any]]:
    return {
        "appellations": list(contenu.get("appellations") or []),
        "metiers_proches": _mobilite(contenu, "metiers_proches"),
        "evolutions": _mobilite(contenu, "evolutions"),
    }


def _nom_item(item: Any, genre: str) -> str:
    if isinstance(item, dict) and item.get("nom_masculin") and item.get("nom_feminin"):
        epicene = item.get("nom_epicene") or item.get("nom") or item["nom_masculin"]
        return nom_pour_genre(NomsGenres(item["nom_masculin"], item["nom_feminin"], epicene), genre)
    return libelle(item)


def textes_source(contenu: Mapping[str, Any], langue: str) -> dict[str, str | list[str]]:
    """The texts of a fiche to adapt into ``langue`` (empty fields are left out)."""
    textes: dict[str, str | list[str]] = {}
    for champ in CHAMPS_CHAINE:
        valeur = contenu.get(champ)
        if isinstance(valeur, str) and valeur.strip():
            textes[champ] = valeur.strip()
    for champ in CHAMPS_LISTE:
        items = [libelle(item) for item in contenu.get(champ) or []]
        if items:
            textes[champ] = items
    if langue != "fr":
        for champ, items in _items_noms(contenu).items():
            if items:
                textes[champ] = [_nom_item(item, "epicene") for item in items]
    return textes


def contenu_variante(
    contenu: Mapping[str, Any], generee: VarianteGeneree, noms: NomsGenres
) -> tuple[str, dict[str, Any]]:
    """The name and stored content of one generated variant."""
    c = generee.combinaison
    textes: dict[str, Any] = dict(generee.textes)
    nom = generee.nom
    if c.langue == "fr":
        nom = nom_pour_genre(noms, c.genre)
        for champ, items in _items_noms(contenu).items():
            if items:
                textes[champ] = [_nom_item(item, c.genre) for item in items]
    return nom, {"nom": nom, **textes}


def metriques(
    contenu: Mapping[str, Any], tranche_age: str, format_contenu: str, langue: str
) -> dict[str, Any]:
    """Readability of a variant's prose (FALC and age-band limits applied)."""
    textes: list[str] = []
    for champ, valeur in contenu.items():
        if champ in _HORS_LISIBILITE or champ == "nom":
            continue
        textes.extend([valeur] if isinstance(valeur, str) else [str(v) for v in valeur])
    mesure = analyser(textes, langue=langue, regles_variante=regles(tranche_age, format_contenu))
    return mesure.to_dict()


def est_perimee(variante: VarianteRow, *, empreinte: str, version: int) -> bool:
    """True when the fiche's content (fingerprint ``empreinte``, ``ecriture.empreinte_contenu``)
    changed since the variant was generated; a workflow transition is not a change.

    Variants generated before migration 0009 have no fingerprint: they are compared with the
    fiche's ``version``, as before.
    """
    if variante.empreinte_source is None:
        return variante.fiche_version != version
    return variante.empreinte_source != empreinte
