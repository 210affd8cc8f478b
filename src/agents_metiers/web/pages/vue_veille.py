"""What the veille pages show of a detected change, computed from its ``details`` (no I/O):
one readable line per field — old → new text, items added and removed — never a raw dict."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

LIBELLES_CHAMPS = {
    "libelle": "Intitulé",
    "definition": "Définition",
    "acces": "Accès au métier",
    "savoir_faire": "Savoir-faire",
    "savoir_etre": "Savoir-être",
    "savoirs": "Savoirs",
    "contextes": "Contextes de travail",
    "themes": "Thèmes",
    "secteurs": "Secteurs",
    "centres_interet": "Centres d'intérêt",
    "mobilites": "Mobilités",
    "appellations": "Appellations",
    "riasec": "Profil RIASEC",
    "domaine": "Domaine professionnel",
    "tags": "Étiquettes",
    "code_rome_parent": "Code ROME parent",
    "textes_manquants": "Textes absents du nouvel export",
}
TYPES = {"new": "Nouveau code", "modified": "Modifié", "deleted": "Retiré du ROME"}
ACTIONS = {
    "acknowledge": "pris en compte",
    "apply": "appliqué",
    "re_enrich": "ré-enrichissement demandé",
    "sync": "appliqué par la synchronisation",
}
_AJOUTS = ("ajoutes", "ajoutees")
_RETRAITS = ("retires", "retirees")
_RELIBELLES = ("relibelles", "relibellees")


@dataclass
class LigneDiff:
    """One field of a change: ``avant`` → ``apres`` texts, or lists of items."""

    champ: str
    avant: str | None = None
    apres: str | None = None
    ajouts: list[str] = field(default_factory=list)
    retraits: list[str] = field(default_factory=list)
    relibelles: list[tuple[str, str]] = field(default_factory=list)


def texte(valeur: Any) -> str:
    """A value as plain text: lists joined, mappings as « clé : valeur »."""
    if valeur is None or valeur in ("", [], {}):
        return "—"
    if isinstance(valeur, Mapping):
        return " ; ".join(f"{k} : {texte(v)}" for k, v in valeur.items() if v not in (None, ""))
    if isinstance(valeur, list | tuple):
        return " ".join(texte(v) for v in valeur)
    return str(valeur)


def element(item: Any) -> str:
    """An added or removed item: its label, its code, where it comes from or goes to."""
    if not isinstance(item, Mapping):
        return str(item)
    code = item.get("code") or item.get("code_rome") or item.get("code_ogr")
    libelle = item.get("libelle") or "(sans libellé)"
    suite = f" ({code})" if code else ""
    if item.get("depuis"):
        suite += f", venue de {item['depuis']}"
    if item.get("vers"):
        suite += f", partie vers {item['vers']}"
    return f"{libelle}{suite}"


def _phrases(avant: list[Any], apres: list[Any], ligne: LigneDiff) -> None:
    ligne.retraits = [str(p) for p in avant if p not in apres]
    ligne.ajouts = [str(p) for p in apres if p not in avant]


def ligne(cle: str, valeur: Any) -> LigneDiff:
    ligne = LigneDiff(champ=LIBELLES_CHAMPS.get(cle, cle.replace("_", " ").capitalize()))
    if not isinstance(valeur, Mapping):
        ligne.apres = texte(valeur)
        return ligne
    if "avant" in valeur or "apres" in valeur:
        avant, apres = valeur.get("avant"), valeur.get("apres")
        if isinstance(avant, list) and isinstance(apres, list):
            _phrases(avant, apres, ligne)
        else:
            ligne.avant, ligne.apres = texte(avant), texte(apres)
        return ligne
    for cles, cible in ((_AJOUTS, ligne.ajouts), (_RETRAITS, ligne.retraits)):
        for nom in cles:
            cible.extend(element(item) for item in valeur.get(nom) or [])
    for nom in _RELIBELLES:
        ligne.relibelles.extend(
            (texte(item.get("avant")), texte(item.get("apres"))) for item in valeur.get(nom) or []
        )
    return ligne


def lignes(details: Mapping[str, Any]) -> list[LigneDiff]:
    """The readable lines of a change, in the details' order."""
    return [ligne(cle, valeur) for cle, valeur in details.items()]
