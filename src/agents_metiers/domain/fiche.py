"""Fiche vocabulary: statuses, the code ROME format, search normalisation (pure)."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

CODE_ROME_RE = re.compile(r"^[A-Z]\d{4}$")
CODE_ROME_MESSAGE = (
    "Le code ROME doit être au format une lettre majuscule suivie de 4 chiffres (ex : M1805)."
)


class Statut(StrEnum):
    BROUILLON = "brouillon"
    ENRICHI = "enrichi"
    VALIDE = "valide"
    PUBLIEE = "publiee"


class Source(StrEnum):
    """Where a field's value comes from (provenance, PRODUCT.md §2.2)."""

    ROME = "rome"
    FRANCE_TRAVAIL = "france_travail"
    LA_BONNE_ALTERNANCE = "la_bonne_alternance"
    IA = "ia"
    HUMAIN = "humain"


def is_code_rome(code: str) -> bool:
    return bool(CODE_ROME_RE.match(code))


def normaliser(texte: str) -> str:
    """Lower-case, accents removed, ligatures opened, punctuation as spaces: for search."""
    decomposed = unicodedata.normalize("NFKD", texte.replace("œ", "oe").replace("Œ", "oe"))
    sans_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = re.sub(r"[^\w]+", " ", sans_accents.casefold())
    return " ".join(cleaned.split())
