"""The edit form of a fiche: every field the API PATCH accepts, as form values (pure).

The form's state is text, as the user typed it: strings for texts, lists of strings for
lists, lists of ``{key: text}`` for lists of objects (sites utiles, aptitudes), ``{key: text}``
for the market blocks (salaires per level, types de contrats and rates in percent). The same
state comes from the fiche (``etat_fiche``) or from a posted form (``etat_formulaire``), so that

- the list buttons (``ajouter:champ``, ``supprimer:champ:i``, ``monter:champ:i``,
  ``descendre:champ:i``) change the pending state and the page shows it again, unsaved;
- saving compares each field with the fiche's own state and sends only the fields that
  really changed (``vers_champs``), which the write path then stamps ``humain`` one by one.

Input names: ``champ`` (texts, repeated for lists of strings), ``champ.cle`` (repeated, for
lists of objects), ``champ.niveau.cle`` / ``champ.cle`` (market blocks); a hidden ``_listes``
names each list on the form, so that a list emptied by the user is still seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from agents_metiers.services.fiches.inputs import FicheUpdate
from agents_metiers.services.fiches.schemas import NIVEAUX_SALAIRE, TENDANCE_INCONNUE, FicheDetail
from agents_metiers.web.pages.rendu import Formulaire
from agents_metiers.web.validation import message_validation

TEXTE_MAX = 10_001
LISTE_MARQUEUR = "_listes"


@dataclass(frozen=True)
class Champ:
    """One editable field: its API name, its kind and, for objects, their keys."""

    nom: str
    genre: str  # ligne | texte | liste | objets | salaires | contrats | perspectives
    cles: tuple[str, ...] = ()
    max_length: int | None = None

    @property
    def est_liste(self) -> bool:
        return self.genre in ("liste", "objets")


@dataclass(frozen=True)
class Section:
    titre: str
    champs: tuple[Champ, ...]


SECTIONS: tuple[Section, ...] = (
    Section(
        "Noms du métier",
        (
            Champ("nom_masculin", "ligne", max_length=255),
            Champ("nom_feminin", "ligne", max_length=255),
            Champ("nom_epicene", "ligne", max_length=255),
        ),
    ),
    Section(
        "Présentation",
        (
            Champ("description_courte", "ligne", max_length=200),
            Champ("description", "texte", max_length=10_000),
            Champ("missions_principales", "liste"),
        ),
    ),
    Section(
        "Accès et formation",
        (
            Champ("acces_metier", "texte", max_length=10_000),
            Champ("niveau_formation", "ligne", max_length=100),
            Champ("formations", "liste"),
            Champ("certifications", "liste"),
        ),
    ),
    Section(
        "Compétences",
        (
            Champ("competences", "liste"),
            Champ("savoirs", "liste"),
            Champ("competences_transversales", "liste"),
        ),
    ),
    Section(
        "Profil",
        (
            Champ("traits_personnalite", "liste"),
            Champ("aptitudes", "objets", ("nom", "niveau", "description")),
        ),
    ),
    Section(
        "Contexte de travail",
        (
            Champ("conditions_travail", "liste"),
            Champ("environnements", "liste"),
            Champ("secteurs_activite", "liste"),
            Champ("statuts_professionnels", "liste"),
        ),
    ),
    Section(
        "Marché du travail",
        (
            Champ("salaires", "salaires"),
            Champ("types_contrats", "contrats"),
            Champ("perspectives", "perspectives"),
        ),
    ),
    Section(
        "Ressources en ligne", (Champ("sites_utiles", "objets", ("nom", "url", "description")),)
    ),
)
CHAMPS: dict[str, Champ] = {c.nom: c for s in SECTIONS for c in s.champs}

CONTRATS = ("cdi", "cdd", "interim", "autre")
SALAIRE_CLES = ("min", "median", "max")
PERSPECTIVES_POURCENT = ("tension", "taux_insertion")
TENDANCES = ("emergence", "hausse", "stable", "baisse", "disparition")
MAX_AJOUTS = 100
"""A list never grows past the API's limit by the add button."""


# --- from the fiche ---------------------------------------------------------------------


def _nombre_saisie(valeur: Any) -> str:
    if valeur is None or valeur == "":
        return ""
    if isinstance(valeur, int | float):
        return f"{round(valeur):,}".replace(",", " ")  # 32 000, as people write it
    return str(valeur)


def pourcentage_saisie(fraction: Any) -> str:
    """0.355 → « 35,5 » (the form shows percentages; the fiche stores fractions 0–1)."""
    if not isinstance(fraction, int | float) or isinstance(fraction, bool):
        return ""
    texte = f"{round(fraction * 100, 1):.1f}".rstrip("0").rstrip(".")
    return texte.replace(".", ",")


def _objet_saisie(item: Any, cles: tuple[str, ...]) -> dict[str, str]:
    item = item if isinstance(item, dict) else {"nom": str(item)}
    return {cle: "" if item.get(cle) is None else str(item.get(cle)) for cle in cles}


def etat_fiche(fiche: FicheDetail) -> dict[str, Any]:
    """The form state of the stored fiche."""
    etat: dict[str, Any] = {}
    for champ in CHAMPS.values():
        valeur = getattr(fiche, champ.nom)
        if champ.genre in ("ligne", "texte"):
            etat[champ.nom] = valeur or ""
        elif champ.genre == "liste":
            etat[champ.nom] = [str(v) for v in valeur or []]
        elif champ.genre == "objets":
            etat[champ.nom] = [_objet_saisie(item, champ.cles) for item in valeur or []]
        elif champ.genre == "salaires":
            salaires = valeur or {}
            etat[champ.nom] = {
                f"{niveau}.{cle}": _nombre_saisie((salaires.get(niveau) or {}).get(cle))
                for niveau in NIVEAUX_SALAIRE
                for cle in SALAIRE_CLES
            } | {"source": str(salaires.get("source") or "")}
        elif champ.genre == "contrats":
            etat[champ.nom] = {k: pourcentage_saisie((valeur or {}).get(k)) for k in CONTRATS}
        else:
            p = valeur or {}
            tendance = str(p.get("tendance") or "")
            etat[champ.nom] = {
                "tension": pourcentage_saisie(p.get("tension")),
                "taux_insertion": pourcentage_saisie(p.get("taux_insertion")),
                # « inconnue » is how the API says "no trend": the form's empty choice.
                "tendance": "" if tendance == TENDANCE_INCONNUE else tendance,
                "evolution_5ans": str(p.get("evolution_5ans") or ""),
                "nombre_offres": _nombre_saisie(p.get("nombre_offres")),
            }
    return etat


# --- from the posted form ---------------------------------------------------------------


def _texte(valeur: str) -> str:
    return valeur.replace("\r\n", "\n")


def _cles_bloc(champ: Champ) -> tuple[str, ...]:
    if champ.genre == "salaires":
        return (*(f"{n}.{c}" for n in NIVEAUX_SALAIRE for c in SALAIRE_CLES), "source")
    if champ.genre == "contrats":
        return CONTRATS
    return ("tension", "tendance", "evolution_5ans", "nombre_offres", "taux_insertion")


def etat_formulaire(form: Formulaire, base: dict[str, Any]) -> dict[str, Any]:
    """The state the user posted; fields absent from the form keep ``base`` (the fiche's)."""
    etat = dict(base)
    listes = set(form.liste(LISTE_MARQUEUR))
    for champ in CHAMPS.values():
        nom = champ.nom
        if champ.genre in ("ligne", "texte"):
            if nom in form:
                etat[nom] = _texte(form.texte(nom, max_length=TEXTE_MAX))
        elif champ.genre == "liste":
            if nom in listes:
                # one line per item: a newline typed in an item's box is a space
                etat[nom] = [_texte(v[:TEXTE_MAX]).replace("\n", " ") for v in form.liste(nom)]
        elif champ.genre == "objets":
            if nom in listes:
                colonnes = [form.liste(f"{nom}.{cle}") for cle in champ.cles]
                taille = max((len(c) for c in colonnes), default=0)
                etat[nom] = [
                    {
                        cle: (col[i] if i < len(col) else "")[:TEXTE_MAX]
                        for cle, col in zip(champ.cles, colonnes, strict=True)
                    }
                    for i in range(taille)
                ]
        else:
            cles = _cles_bloc(champ)
            if any(f"{nom}.{cle}" in form for cle in cles):
                etat[nom] = {cle: form.texte(f"{nom}.{cle}", max_length=TEXTE_MAX) for cle in cles}
    return etat


# --- list buttons -----------------------------------------------------------------------


@dataclass(frozen=True)
class Geste:
    """A list button: what it did and which control should have the focus afterwards."""

    message: str
    focus: str | None


def _vide(champ: Champ) -> Any:
    return {cle: "" for cle in champ.cles} if champ.genre == "objets" else ""


def _ajouter(etat: dict[str, Any], champ: Champ) -> Geste:
    items: list[Any] = list(etat.get(champ.nom) or [])
    if len(items) >= MAX_AJOUTS:
        return Geste(f"La liste compte déjà {MAX_AJOUTS} éléments, le maximum.", None)
    items.append(_vide(champ))
    etat[champ.nom] = items
    return Geste("Élément ajouté.", f"{champ.nom}-{len(items) - 1}")


def _changer(etat: dict[str, Any], nom: str, geste: str, i: int) -> Geste | None:
    items: list[Any] = list(etat.get(nom) or [])
    if geste == "supprimer":
        del items[i]
        etat[nom] = items
        suivant = min(i, len(items) - 1)
        return Geste("Élément retiré.", f"{nom}-{suivant}" if items else f"ajouter-{nom}")
    cible = {"monter": i - 1, "descendre": i + 1}.get(geste)
    if cible is None or not 0 <= cible < len(items):
        return None
    items[i], items[cible] = items[cible], items[i]
    etat[nom] = items
    # the focus stays on the same button of the moved item, or its other one at an end
    if cible in (0, len(items) - 1):
        geste = "descendre" if cible == 0 else "monter"
    return Geste("Élément déplacé.", f"{geste}-{nom}-{cible}")


def appliquer_geste(etat: dict[str, Any], action: str) -> Geste | None:
    """Apply ``ajouter:champ`` / ``supprimer:champ:i`` / ``monter:champ:i`` /
    ``descendre:champ:i`` to ``etat`` (in place); None when ``action`` is none of them."""
    parties = action.split(":")
    champ = CHAMPS.get(parties[1]) if len(parties) in (2, 3) else None
    if champ is None or not champ.est_liste:
        return None
    if parties[0] == "ajouter" and len(parties) == 2:
        return _ajouter(etat, champ)
    if len(parties) != 3 or not parties[2].isdigit():
        return None
    i = int(parties[2])
    if i >= len(etat.get(champ.nom) or []):
        return None
    return _changer(etat, champ.nom, parties[0], i)


# --- to the API's values ----------------------------------------------------------------

_ESPACES = re.compile(r"[\s\u00a0\u202f]+")


class SaisieError(Exception):
    """A value the form cannot turn into the API's type (French sentence)."""


def _entier(texte: str) -> int | None:
    texte = _ESPACES.sub("", texte).removesuffix("€")
    if not texte:
        return None
    if not texte.isdigit():
        raise SaisieError("Nombre entier attendu (par exemple 32\u00a0000).")
    return int(texte)


def _fraction(texte: str) -> float | None:
    texte = _ESPACES.sub("", texte).removesuffix("%").replace(",", ".")
    if not texte:
        return None
    try:
        pourcent = float(texte)
    except ValueError:
        raise SaisieError("Pourcentage de 0 à 100 attendu (par exemple 35,5).") from None
    if not 0 <= pourcent <= 100:
        raise SaisieError("Pourcentage de 0 à 100 attendu.")
    return round(pourcent / 100, 4)


def _liste_propre(champ: Champ, valeur: list[Any]) -> tuple[list[Any], list[int]]:
    """The items the user filled in (blank ones are dropped) and their form positions."""
    gardes, positions = [], []
    for i, item in enumerate(valeur):
        plein = any(v.strip() for v in item.values()) if isinstance(item, dict) else item.strip()
        if plein:
            gardes.append(item)
            positions.append(i)
    return gardes, positions


def _comparable(champ: Champ, valeur: Any) -> Any:
    if champ.genre in ("ligne", "texte"):
        return valeur.strip()
    if champ.est_liste:
        items = _liste_propre(champ, valeur)[0]
        if champ.genre == "liste":
            return [v.strip() for v in items]
        return [{k: v.strip() for k, v in item.items()} for item in items]
    return {
        k: _ESPACES.sub("", v) if k != "evolution_5ans" else v.strip() for k, v in valeur.items()
    }


def champs_modifies(etat: dict[str, Any], origine: dict[str, Any]) -> list[str]:
    """The fields whose posted state differs from the fiche's."""
    return [
        nom
        for nom, champ in CHAMPS.items()
        if _comparable(champ, etat[nom]) != _comparable(champ, origine[nom])
    ]


def _objets_api(champ: Champ, valeur: list[Any], erreurs: dict[str, str]) -> list[Any]:
    items, positions = _liste_propre(champ, valeur)
    sortie = []
    for item, position in zip(items, positions, strict=True):
        objet: dict[str, Any] = {k: v.strip() for k, v in item.items()}
        if "niveau" in objet:
            try:
                objet["niveau"] = _entier(objet["niveau"]) or 0
            except SaisieError:
                erreurs[f"{champ.nom}.{position}.niveau"] = (
                    "Niveau : un nombre de 1 à 5 est attendu."
                )
        sortie.append(objet)
    return sortie


def _case_api(champ: Champ, cle: str, texte: str) -> Any:
    if champ.genre == "contrats" or cle in PERSPECTIVES_POURCENT:
        return _fraction(texte)
    if cle == "nombre_offres":
        return _entier(texte)
    if cle in ("tendance", "evolution_5ans", "source"):
        return texte.strip() or None
    return _entier(texte)


def _bloc_api(champ: Champ, valeur: dict[str, str], erreurs: dict[str, str]) -> dict[str, Any]:
    sortie: dict[str, Any] = {}
    for cle, texte in valeur.items():
        try:
            sortie[cle] = _case_api(champ, cle, texte)
        except SaisieError as exc:
            erreurs[f"{champ.nom}.{cle}"] = str(exc)  # shown under the labelled box
    if champ.genre != "salaires":
        return sortie
    niveaux: dict[str, Any] = {
        niveau: {cle: sortie.get(f"{niveau}.{cle}") for cle in SALAIRE_CLES}
        for niveau in NIVEAUX_SALAIRE
    }
    return {**niveaux, "source": sortie.get("source")}


def _valeur_api(champ: Champ, valeur: Any, erreurs: dict[str, str]) -> Any:
    if champ.genre in ("ligne", "texte"):
        texte = valeur.strip() if champ.genre == "ligne" else valeur
        return texte if texte.strip() else None
    if champ.genre == "liste":
        return [v.strip() for v in _liste_propre(champ, valeur)[0]]
    if champ.genre == "objets":
        return _objets_api(champ, valeur, erreurs)
    return _bloc_api(champ, valeur, erreurs)


def _cle_erreur(champ: Champ, loc: tuple[Any, ...], positions: list[int]) -> str:
    """The form key of a validation error (list indices mapped back to form positions)."""
    if champ.est_liste and len(loc) > 1 and isinstance(loc[1], int) and loc[1] < len(positions):
        reste = [str(p) for p in loc[2:]]
        return ".".join([champ.nom, str(positions[loc[1]]), *reste])
    if champ.genre == "salaires" and len(loc) == 3:
        return f"{champ.nom}.{loc[1]}.{loc[2]}"
    return ".".join(str(p) for p in loc)


SOUS_CLES = {
    "nom": "nom",
    "url": "adresse",
    "description": "description",
    "niveau": "niveau",
    "junior": "junior",
    "confirme": "confirmé",
    "senior": "senior",
    "min": "minimum",
    "median": "médian",
    "max": "maximum",
    "source": "source",
    "cdi": "CDI",
    "cdd": "CDD",
    "interim": "intérim",
    "autre": "autre",
    "tension": "tension",
    "tendance": "tendance",
    "evolution_5ans": "évolution à 5 ans",
    "nombre_offres": "nombre d'offres",
    "taux_insertion": "taux d'insertion",
}


def vers_champs(
    etat: dict[str, Any], modifies: list[str], libelles: dict[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The API values of the changed fields, and the errors by form key (French sentences)."""
    erreurs: dict[str, str] = {}
    valeurs = {nom: _valeur_api(CHAMPS[nom], etat[nom], erreurs) for nom in modifies}
    if erreurs:
        return valeurs, erreurs
    try:
        FicheUpdate(**valeurs)
    except ValidationError as exc:
        for erreur in exc.errors():
            loc = tuple(erreur.get("loc", ()))
            champ = CHAMPS[str(loc[0])]
            positions = _liste_propre(champ, etat[champ.nom])[1] if champ.est_liste else []
            cle = _cle_erreur(champ, loc, positions)
            nom_lisible = libelles.get(f"champ.{champ.nom}", champ.nom)
            precisions = [SOUS_CLES[str(p)] for p in loc[1:] if str(p) in SOUS_CLES]
            if precisions:
                nom_lisible += f" ({', '.join(precisions)})"
            erreurs.setdefault(cle, message_validation({**erreur, "loc": ("body", nom_lisible)}))
    return valeurs, erreurs
