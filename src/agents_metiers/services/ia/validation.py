"""AI outputs are checked like human edits before anything is stored (issue 11, item 3).

The fields an AI action is about to write (enrichment, auto-correction) go through the same
schema as ``PATCH /api/fiches/{code}`` (``services/fiches/inputs.FicheUpdate``): lengths, list
sizes, web addresses, ranges, no control character. A bad shape makes the action fail with a
French sentence (503 — the AI answered something unusable) and nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from agents_metiers.domain.caracteres import premier_interdit
from agents_metiers.errors import ServiceUnavailableError
from agents_metiers.rendering.nombres import pluriel
from agents_metiers.services.fiches.inputs import FicheUpdate

# What the merge adds to an AI salary estimate besides the figures.
_META_SALAIRES = ("modele", "date_maj")
# A reason with a count is (count's key in the error context, singular, plural).
_RAISONS: dict[str, str | tuple[str, str, str]] = {
    "string_too_short": "texte vide",
    "string_too_long": (
        "max_length",
        "texte de {max_length} caractère au plus",
        "texte de {max_length} caractères au plus",
    ),
    "too_long": ("max_length", "{max_length} élément au plus", "{max_length} éléments au plus"),
    "too_short": ("min_length", "{min_length} élément au moins", "{min_length} éléments au moins"),
    "url_parsing": "adresse web invalide",
    "url_scheme": "adresse web invalide",
    "extra_forbidden": "champ inconnu",
    "missing": "champ manquant",
    "less_than_equal": "valeur de {le} au plus",
    "greater_than_equal": "valeur de {ge} au moins",
}


def raison(exc: ValidationError) -> str:
    """The first problem of ``exc`` in French: « champ » : reason."""
    erreur = exc.errors()[0]
    champ = ".".join(str(p) for p in erreur.get("loc", ())) or "contenu"
    modele = _RAISONS.get(erreur.get("type", ""), "valeur refusée")
    contexte = erreur.get("ctx") or {}
    if isinstance(modele, tuple):
        cle, singulier, forme_plurielle = modele
        modele = pluriel(contexte.get(cle), singulier, forme_plurielle)
    try:
        texte = modele.format(**contexte)
    except (KeyError, IndexError):
        texte = "valeur refusée"
    return f"champ « {champ} » : {texte}"


def erreur_schema(modele: type[BaseModel], valeurs: Mapping[str, Any]) -> str | None:
    """Why ``valeurs`` does not fit ``modele`` (a French phrase), or None when it does."""
    if code := premier_interdit(dict(valeurs)):
        return f"caractère de contrôle {code} dans le texte"
    try:
        modele.model_validate(dict(valeurs))
    except ValidationError as exc:
        return raison(exc)
    return None


def _comme_saisie(champs: Mapping[str, Any]) -> dict[str, Any]:
    """The written fields FicheUpdate knows, as an editor would send them."""
    saisie = {c: v for c, v in champs.items() if c in FicheUpdate.model_fields}
    salaires = saisie.get("salaires")
    if isinstance(salaires, Mapping):
        saisie["salaires"] = {k: v for k, v in salaires.items() if k not in _META_SALAIRES}
        if saisie["salaires"].get("source") is not None:
            saisie["salaires"]["source"] = str(saisie["salaires"]["source"])
    return saisie


def verifier_sortie_ia(champs: Mapping[str, Any], *, code: str) -> None:
    """Raise 503 (nothing written) when the fields an AI action would write are not valid
    as a human edit of fiche ``code``. Fields outside the edit schema (mobilities) are
    checked for control characters only."""
    probleme = erreur_schema(FicheUpdate, _comme_saisie(champs))
    if probleme is None and (interdit := premier_interdit(dict(champs))):
        probleme = f"caractère de contrôle {interdit} dans le texte"
    if probleme is not None:
        raise ServiceUnavailableError(
            f"La réponse de l'IA pour la fiche {code} ne respecte pas le format d'une fiche "
            f"({probleme}) : rien n'a été enregistré, relancez l'action."
        )
