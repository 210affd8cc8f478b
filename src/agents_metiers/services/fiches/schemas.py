"""Public shapes of a fiche (API, CLI ``show --json`` and exports share them).

The keys of the reference implementation are kept (flat string lists, ``mobilite``,
``salaires``…); the structured data is added under new keys (``*_detail``, ``appellations``,
``contextes_travail``, ``provenance``). Unknown market data is ``null`` — never a default.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Self

from pydantic import BaseModel, field_serializer, model_validator

NIVEAUX_SALAIRE = ("junior", "confirme", "senior")
CODES_RIASEC = ("majeur", "mineur")


class FicheSummary(BaseModel):
    """One line of a list (reference ``FicheMetierResponse``)."""

    code_rome: str
    nom_masculin: str
    nom_feminin: str
    nom_epicene: str
    statut: str
    description: str
    description_courte: str | None
    date_creation: datetime
    date_maj: datetime
    version: int
    has_competences: bool
    has_formations: bool
    has_salaires: bool
    has_perspectives: bool
    nb_variantes: int
    score_completude: int
    appellation_trouvee: str | None = None
    """In search results: the appellation (current or "peu usité") the query matched, when
    the fiche's name does not hold its words ("also known as")."""


class FicheDetail(BaseModel):
    """Everything about one fiche (reference ``GET /api/fiches/{code}`` plus additions)."""

    code_rome: str
    code_ogr: str | None
    rome_version: int | None
    code_rome_parent: str | None
    nom_masculin: str
    nom_feminin: str
    nom_epicene: str
    statut: str
    description: str
    description_courte: str | None
    competences: list[str]
    competences_transversales: list[str]
    formations: list[str]
    certifications: list[str]
    conditions_travail: list[str]
    environnements: list[str]
    salaires: dict[str, Any]
    perspectives: dict[str, Any]
    date_creation: datetime
    date_maj: datetime
    version: int
    nb_variantes: int
    score_completude: int
    missions_principales: list[str]
    acces_metier: str | None
    savoirs: list[str]
    autres_appellations: list[str]
    traits_personnalite: list[str]
    aptitudes: list[dict[str, Any]]
    profil_riasec: dict[str, Any] | None
    competences_dimensions: dict[str, Any] | None
    domaine_professionnel: dict[str, Any] | None
    preferences_interets: dict[str, Any] | None
    sites_utiles: list[dict[str, Any]]
    conditions_travail_detaillees: dict[str, Any] | None
    statuts_professionnels: list[str]
    niveau_formation: str | None
    types_contrats: dict[str, Any] | None
    rome_update_pending: bool
    secteurs_activite: list[str]
    mobilite: dict[str, Any] | None
    validation_ia_score: int | None
    validation_ia_date: datetime | None
    validation_ia_details: dict[str, Any] | None
    # additions
    auteur: str | None
    tags: dict[str, Any]
    themes: list[dict[str, Any]]
    appellations: list[dict[str, Any]]
    competences_detail: list[dict[str, Any]]
    competences_transversales_detail: list[dict[str, Any]]
    savoirs_detail: list[dict[str, Any]]
    secteurs_activite_detail: list[dict[str, Any]]
    contextes_travail: list[dict[str, Any]]
    provenance: dict[str, Any]
    publication: Publication
    # veille ROME (issue 12): the code left the referential (shown to everyone); the ids of
    # the changes waiting for a reviewer (team view only, None for the public)
    rome_retire: bool = False
    rome_changes_en_attente: list[int] | None = None
    riasec_rome: dict[str, str] | None = None
    """The fiche's own RIASEC codes in the ROME (``majeur``, ``mineur``). In JSON they are
    sent here only: ``profil_riasec`` holds the six axes (numbers 0–1), as the reference
    contract says — the reference front-end scales the axes only when every value of
    ``profil_riasec`` is a number ≤ 1. In Python, ``profil_riasec`` keeps them too."""

    @model_validator(mode="after")
    def _codes_riasec(self) -> Self:
        """The codes in both places whichever way the fiche was built (from the content,
        whose ``profil_riasec`` holds them, or read back from its JSON, which does not)."""
        profil = self.profil_riasec
        codes = {k: str(v) for k, v in (profil or {}).items() if k in CODES_RIASEC and v}
        codes.update({k: v for k, v in (self.riasec_rome or {}).items() if v})
        if codes:
            self.profil_riasec = {**(profil or {}), **codes}
        self.riasec_rome = codes or None
        return self

    @field_serializer("profil_riasec", when_used="json")
    def _axes_riasec(self, profil: dict[str, Any] | None) -> dict[str, float] | None:
        """The six axes only (the codes go to ``riasec_rome``)."""
        if profil is None:
            return None
        axes = {
            cle: float(valeur)
            for cle, valeur in profil.items()
            if isinstance(valeur, int | float) and not isinstance(valeur, bool)
        }
        return axes or None


class Publication(BaseModel):
    """The published snapshot of a fiche; ``brouillon_en_attente`` only in the editors' view."""

    version_publiee: int | None
    date_publication: datetime | None
    brouillon_en_attente: bool | None = None


def _labels(items: list[Any] | None) -> list[str]:
    """Flat labels of a structured list (plain strings pass through)."""
    labels = []
    for item in items or []:
        if isinstance(item, dict):
            label = item.get("libelle") or item.get("nom")
            if label:
                labels.append(str(label))
        elif item:
            labels.append(str(item))
    return labels


def _salaires(value: dict[str, Any] | None) -> dict[str, Any]:
    empty = {"min": None, "max": None, "median": None}
    value = value or {}
    result: dict[str, Any] = {n: value.get(n) or dict(empty) for n in NIVEAUX_SALAIRE}
    result["regional"] = value.get("regional") or {}
    result["source"] = value.get("source")
    result["date_maj"] = value.get("date_maj")
    return result


TENDANCE_INCONNUE = "inconnue"
"""``perspectives.tendance`` when no source gave one: a string a client can show, never a
guessed trend (the reference UI cannot draw ``null``)."""


def _perspectives(value: dict[str, Any] | None) -> dict[str, Any]:
    keys = ("tension", "tendance", "evolution_5ans", "nombre_offres", "taux_insertion")
    value = value or {}
    result = {key: value.get(key) for key in keys}
    result["tendance"] = result["tendance"] or TENDANCE_INCONNUE
    return result | {k: v for k, v in value.items() if k not in keys}


Contenu = Mapping[str, Any]


def fiche_summary(row: Contenu, nb_variantes: int) -> FicheSummary:
    """One list line from a fiche's content (working copy or published snapshot)."""
    return FicheSummary(
        **{name: row.get(name) for name in SUMMARY_COPIED},
        has_competences=bool(row.get("competences") or row.get("competences_transversales")),
        has_formations=bool(row.get("formations")),
        has_salaires=bool(row.get("salaires")),
        has_perspectives=bool(row.get("perspectives")),
        nb_variantes=nb_variantes,
    )


SUMMARY_COPIED = (
    "code_rome",
    "nom_masculin",
    "nom_feminin",
    "nom_epicene",
    "statut",
    "description",
    "description_courte",
    "date_creation",
    "date_maj",
    "version",
    "score_completude",
)


def fiche_detail(row: Contenu, nb_variantes: int, publication: Publication) -> FicheDetail:
    """The full shape from a fiche's content (working copy or published snapshot)."""
    g = row.get
    appellations = g("appellations") or []
    return FicheDetail(
        **{name: g(name) for name in _COPIED},
        publication=publication,
        competences=_labels(g("competences")),
        competences_transversales=_labels(g("competences_transversales")),
        formations=_labels(g("formations")),
        certifications=_labels(g("certifications")),
        conditions_travail=_labels(g("conditions_travail")),
        environnements=_labels(g("environnements")),
        salaires=_salaires(g("salaires")),
        perspectives=_perspectives(g("perspectives")),
        nb_variantes=nb_variantes,
        missions_principales=_labels(g("missions_principales")),
        savoirs=_labels(g("savoirs")),
        autres_appellations=[a["libelle"] for a in appellations if not a.get("principale")],
        traits_personnalite=_labels(g("traits_personnalite")),
        statuts_professionnels=_labels(g("statuts_professionnels")),
        secteurs_activite=_labels(g("secteurs_activite")),
        competences_detail=g("competences") or [],
        competences_transversales_detail=g("competences_transversales") or [],
        savoirs_detail=g("savoirs") or [],
        secteurs_activite_detail=g("secteurs_activite") or [],
        appellations=appellations,
    )


_COPIED = (
    "code_rome",
    "code_ogr",
    "rome_version",
    "code_rome_parent",
    "nom_masculin",
    "nom_feminin",
    "nom_epicene",
    "statut",
    "description",
    "description_courte",
    "date_creation",
    "date_maj",
    "version",
    "score_completude",
    "acces_metier",
    "aptitudes",
    "profil_riasec",
    "competences_dimensions",
    "domaine_professionnel",
    "preferences_interets",
    "sites_utiles",
    "conditions_travail_detaillees",
    "niveau_formation",
    "types_contrats",
    "rome_update_pending",
    "mobilite",
    "validation_ia_score",
    "validation_ia_date",
    "validation_ia_details",
    "auteur",
    "tags",
    "themes",
    "contextes_travail",
    "provenance",
)
