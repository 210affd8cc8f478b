"""Bodies accepted when creating or editing a fiche, with their limits (PRODUCT.md §3, §10).

Unknown keys are refused, every text has a maximum length, every list a maximum size and
every enumerated value its allowed set, so bad input is a 422 with a sentence, never a 500.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
    field_validator,
    model_validator,
)

from agents_metiers.domain.fiche import Statut

MAX_ITEMS = 100
Nom = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
Ligne = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Texte = Annotated[str, StringConstraints(max_length=10_000)]
Motif = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Euros = Annotated[int, Field(ge=0, le=1_000_000)]
Fraction = Annotated[float, Field(ge=0, le=1)]
Lignes = Annotated[list[Ligne], Field(max_length=MAX_ITEMS)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SalaireNiveauIn(Strict):
    min: Euros | None = None
    max: Euros | None = None
    median: Euros | None = None

    @model_validator(mode="after")
    def _ordonne(self) -> SalaireNiveauIn:
        """The given amounts go up: minimum ≤ median ≤ maximum."""
        montants = [m for m in (self.min, self.median, self.max) if m is not None]
        if montants != sorted(montants):
            raise ValueError("le minimum, le médian et le maximum doivent aller croissant")
        return self


class SalairesIn(Strict):
    """Gross annual euros per experience level."""

    junior: SalaireNiveauIn | None = None
    confirme: SalaireNiveauIn | None = None
    senior: SalaireNiveauIn | None = None
    source: Annotated[str, StringConstraints(max_length=200)] | None = None


class PerspectivesIn(Strict):
    """``tendance`` « inconnue » (what the API answers when no source gave one) is accepted
    and stored as no trend at all, so it never counts as known."""

    tension: Fraction | None = None
    tendance: (
        Literal["emergence", "hausse", "stable", "baisse", "disparition", "inconnue"] | None
    ) = None
    evolution_5ans: Annotated[str, StringConstraints(max_length=1000)] | None = None
    nombre_offres: Annotated[int, Field(ge=0)] | None = None
    taux_insertion: Fraction | None = None

    @field_validator("tendance")
    @classmethod
    def _inconnue(cls, value: str | None) -> str | None:
        return None if value == "inconnue" else value


class TypesContratsIn(Strict):
    """Shares of contract types, as fractions 0–1 (never percentages)."""

    cdi: Fraction | None = None
    cdd: Fraction | None = None
    interim: Fraction | None = None
    autre: Fraction | None = None

    @model_validator(mode="after")
    def _total(self) -> TypesContratsIn:
        """The shares add up to at most 1 (100 %), rounding aside."""
        parts = (self.cdi, self.cdd, self.interim, self.autre)
        if sum(p or 0 for p in parts) > 1.005:
            raise ValueError("les parts de contrats dépassent 100 % au total")
        return self


class SiteUtileIn(Strict):
    nom: Nom
    url: HttpUrl
    description: Annotated[str, StringConstraints(max_length=500)] = ""


class AptitudeIn(Strict):
    nom: Nom
    niveau: Annotated[int, Field(ge=1, le=5)]
    description: Annotated[str, StringConstraints(max_length=500)] = ""


class FicheCreate(Strict):
    """``POST /api/fiches`` (reference keys; ``nom_epicene`` may be omitted)."""

    code_rome: Annotated[str, StringConstraints(pattern=r"^[A-Z]\d{4}$")]
    nom_masculin: Nom
    nom_feminin: Nom
    nom_epicene: Nom | None = None
    definition: Texte | None = None
    description: Texte | None = None


class FicheUpdate(Strict):
    """``PATCH /api/fiches/{code}``: only the keys given are changed.

    ``version`` is the version being edited (optimistic concurrency: a stale one is refused);
    ``statut`` asks for a workflow transition explicitly; ``motif`` is kept on the revision.
    """

    version: Annotated[int, Field(ge=1)] | None = None
    motif: Motif | None = None
    statut: Statut | None = None
    nom_masculin: Nom | None = None
    nom_feminin: Nom | None = None
    nom_epicene: Nom | None = None
    description: Texte | None = None
    description_courte: Annotated[str, StringConstraints(max_length=200)] | None = None
    acces_metier: Texte | None = None
    niveau_formation: Annotated[str, StringConstraints(max_length=100)] | None = None
    missions_principales: Lignes | None = None
    competences: Lignes | None = None
    competences_transversales: Lignes | None = None
    savoirs: Lignes | None = None
    formations: Lignes | None = None
    certifications: Lignes | None = None
    conditions_travail: Lignes | None = None
    environnements: Lignes | None = None
    secteurs_activite: Lignes | None = None
    traits_personnalite: Lignes | None = None
    statuts_professionnels: Lignes | None = None
    sites_utiles: Annotated[list[SiteUtileIn], Field(max_length=50)] | None = None
    aptitudes: Annotated[list[AptitudeIn], Field(max_length=30)] | None = None
    salaires: SalairesIn | None = None
    perspectives: PerspectivesIn | None = None
    types_contrats: TypesContratsIn | None = None

    @field_validator("nom_masculin", "nom_feminin", "nom_epicene")
    @classmethod
    def _nom_requis(cls, value: str | None) -> str:
        if value is None:
            raise ValueError("un nom ne peut pas être effacé (null)")
        return value

    def champs(self) -> dict[str, Any]:
        """The content fields the request sets (not version, motif or statut).

        ``null`` empties a list or the description (stored as ``[]`` / ``""``); it clears the
        other optional fields.
        """
        given = self.model_dump(exclude_unset=True, mode="json")
        champs = {k: v for k, v in given.items() if k not in ("version", "motif", "statut")}
        for nom, valeur in champs.items():
            if valeur is None and nom in _VIDES:
                champs[nom] = _VIDES[nom]
        return champs


_LISTES = (
    "missions_principales",
    "competences",
    "competences_transversales",
    "savoirs",
    "formations",
    "certifications",
    "conditions_travail",
    "environnements",
    "secteurs_activite",
    "traits_personnalite",
    "statuts_professionnels",
    "sites_utiles",
    "aptitudes",
)
_VIDES: dict[str, Any] = {"description": "", **{nom: [] for nom in _LISTES}}


class Transition(Strict):
    """Body of workflow actions: an optional reason and the version seen."""

    motif: Motif | None = None
    version: Annotated[int, Field(ge=1)] | None = None


class PublishBody(Transition):
    """``force`` lets an admin publish from any status; a ``motif`` is then required."""

    force: bool = False


class ReviewBody(Strict):
    decision: Literal["approve", "reject", "request_changes", "validate"]
    commentaire: Annotated[str, StringConstraints(max_length=2000)] | None = None
    version: Annotated[int, Field(ge=1)] | None = None


class PublishBatchBody(Strict):
    codes_rome: Annotated[
        list[Annotated[str, StringConstraints(pattern=r"^[A-Z]\d{4}$")]],
        Field(min_length=1, max_length=50),
    ]


class RollbackBody(Strict):
    motif: Motif | None = None
    version: Annotated[int, Field(ge=1)] | None = None
