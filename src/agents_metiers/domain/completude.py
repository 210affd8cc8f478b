"""Completeness score 0–100: weighted presence of the key fields (PRODUCT.md §15)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Fiche = Mapping[str, Any]


def _present(field: str) -> Callable[[Fiche], bool]:
    return lambda fiche: bool(fiche.get(field))


def _sub(field: str, key: str) -> Callable[[Fiche], bool]:
    return lambda fiche: bool((fiche.get(field) or {}).get(key))


def _salaire_median(fiche: Fiche) -> bool:
    salaires = fiche.get("salaires") or {}
    return any((salaires.get(niveau) or {}).get("median") for niveau in ("junior", "confirme"))


def _proches(fiche: Fiche) -> bool:
    return bool((fiche.get("mobilite") or {}).get("metiers_proches"))


def _axes(field: str, minimum: int) -> Callable[[Fiche], bool]:
    def check(fiche: Fiche) -> bool:
        values = fiche.get(field) or {}
        return sum(1 for v in values.values() if isinstance(v, int | float)) >= minimum

    return check


WEIGHTS: tuple[tuple[str, int, Callable[[Fiche], bool]], ...] = (
    ("description", 8, _present("description")),
    ("missions_principales", 8, _present("missions_principales")),
    ("competences", 8, _present("competences")),
    ("competences_transversales", 3, _present("competences_transversales")),
    ("savoirs", 3, _present("savoirs")),
    ("formations", 8, _present("formations")),
    ("salaires", 8, _salaire_median),
    ("tendance", 5, _sub("perspectives", "tendance")),
    ("conditions_travail", 4, _present("conditions_travail")),
    ("horaires", 3, _sub("conditions_travail_detaillees", "horaires")),
    ("metiers_proches", 8, _proches),
    ("profil_riasec", 6, _axes("profil_riasec", 4)),
    ("traits_personnalite", 4, _present("traits_personnalite")),
    ("aptitudes", 4, _present("aptitudes")),
    ("domaine_professionnel", 5, _sub("domaine_professionnel", "domaine")),
    ("sites_utiles", 5, _present("sites_utiles")),
    ("appellations", 3, _present("appellations")),
    ("types_contrats", 3, _sub("types_contrats", "cdi")),
    ("competences_dimensions", 4, _axes("competences_dimensions", 4)),
)


def score_completude(fiche: Fiche) -> int:
    """Sum of the weights of the fields present, capped at 100.

    ``tendance`` counts only when a source actually gave it (no default value is stored).
    """
    return min(100, sum(weight for _, weight, present in WEIGHTS if present(fiche)))


def champs_manquants(fiche: Fiche) -> list[str]:
    return [name for name, _, present in WEIGHTS if not present(fiche)]
