"""The axes of a variant (PRODUCT.md §3, §6.5): 5 languages × 3 age bands × 2 formats × 3
genders = 90 combinations per fiche (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

LANGUES = ("fr", "en", "es", "de", "it")
TRANCHES = ("11-15", "15-18", "18+")
FORMATS = ("standard", "falc")
GENRES = ("masculin", "feminin", "epicene")
AXES = {"langue": LANGUES, "tranche_age": TRANCHES, "format_contenu": FORMATS, "genre": GENRES}

# Status of a variant: generated (waiting for a person), reviewed (public), rejected.
GENERE = "genere"
RELUE = "relue"
REJETEE = "rejetee"


@dataclass(frozen=True, order=True)
class Combinaison:
    langue: str
    tranche_age: str
    format_contenu: str
    genre: str

    def libelle(self) -> str:
        return f"{self.langue} / {self.tranche_age} / {self.format_contenu} / {self.genre}"

    def cle(self) -> dict[str, str]:
        return {
            "langue": self.langue,
            "tranche_age": self.tranche_age,
            "format_contenu": self.format_contenu,
            "genre": self.genre,
        }


def produit(
    langues: tuple[str, ...] | list[str],
    tranches: tuple[str, ...] | list[str],
    formats: tuple[str, ...] | list[str],
    genres: tuple[str, ...] | list[str],
) -> list[Combinaison]:
    """Every combination of the given axis values, without duplicates, in a stable order."""
    return sorted({Combinaison(*c) for c in product(langues, tranches, formats, genres)})
