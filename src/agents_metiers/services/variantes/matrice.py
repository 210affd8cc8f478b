"""The variant matrix of a fiche (PRODUCT.md §3, §6.5): the 90 combinations langue × tranche
d'âge × format × genre, each with the state of its variant, for the editorial team.

The state of a cell is the variant's status as the code names it (``genere``, ``relue``,
``rejetee``, :mod:`agents_metiers.domain.variantes`), ``absente`` when no variant exists, and
``perimee`` when a generated or reviewed variant was made from content the fiche no longer
has (:func:`~agents_metiers.services.variantes.contenu.est_perimee`); a rejected variant stays
``rejetee``. The whole matrix is read with one query on the variants (plus the fiche's row).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from agents_metiers.domain.variantes import (
    FORMATS,
    GENERE,
    GENRES,
    LANGUES,
    REJETEE,
    RELUE,
    TRANCHES,
    Combinaison,
)
from agents_metiers.services.fiches.ecriture import empreinte_contenu
from agents_metiers.services.fiches.lecture import get_row
from agents_metiers.services.variantes.contenu import est_perimee
from agents_metiers.services.variantes.generation import est_publique
from agents_metiers.storage import variantes as store
from agents_metiers.storage.tables import FicheRow, VarianteRow

ABSENTE = "absente"
PERIMEE = "perimee"
# Display order of the states (counters, legend).
ETATS = (ABSENTE, GENERE, PERIMEE, RELUE, REJETEE)


@dataclass(frozen=True)
class Cellule:
    """One combination and its variant, if any."""

    combinaison: Combinaison
    etat: str
    variante_id: int | None = None
    version: int | None = None
    date_maj: datetime | None = None
    publique: bool = False  # readable by visitors once the fiche is published

    @property
    def existe(self) -> bool:
        return self.variante_id is not None

    @property
    def valeur(self) -> str:
        """The combination as one form value: ``fr|18+|falc|epicene``."""
        c = self.combinaison
        return "|".join((c.langue, c.tranche_age, c.format_contenu, c.genre))


@dataclass(frozen=True)
class Ligne:
    """An age band × format row of a language: one cell per gender (``GENRES`` order)."""

    tranche_age: str
    format_contenu: str
    cellules: list[Cellule]


@dataclass(frozen=True)
class BlocLangue:
    langue: str
    lignes: list[Ligne]
    compteurs: dict[str, int] = field(default_factory=dict)

    @property
    def existantes(self) -> int:
        return sum(n for etat, n in self.compteurs.items() if etat != ABSENTE)


@dataclass(frozen=True)
class Matrice:
    code_rome: str
    blocs: list[BlocLangue]
    compteurs: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.compteurs.values())

    @property
    def existantes(self) -> int:
        return self.total - self.compteurs.get(ABSENTE, 0)


def etat(row: VarianteRow, *, empreinte: str, version: int) -> str:
    """The state of an existing variant: its status, or ``perimee`` when it is out of date."""
    if row.statut != REJETEE and est_perimee(row, empreinte=empreinte, version=version):
        return PERIMEE
    return row.statut


def matrice_variantes(session: Session, code: str) -> Matrice:
    """Every combination of fiche ``code`` with its state (team view: drafts included)."""
    fiche = get_row(session, code)
    empreinte = empreinte_contenu(fiche)
    rows = {
        Combinaison(r.langue, r.tranche_age, r.format_contenu, r.genre): r
        for r in store.list_variantes(session=session, code_rome=fiche.code_rome)
    }
    blocs = []
    for langue in LANGUES:
        lignes = [
            Ligne(
                tranche,
                fmt,
                [
                    _cellule(Combinaison(langue, tranche, fmt, genre), rows, empreinte, fiche)
                    for genre in GENRES
                ],
            )
            for tranche in TRANCHES
            for fmt in FORMATS
        ]
        compte = Counter(c.etat for ligne in lignes for c in ligne.cellules)
        blocs.append(BlocLangue(langue, lignes, {e: compte[e] for e in ETATS if compte[e]}))
    total = Counter(c.etat for b in blocs for ligne in b.lignes for c in ligne.cellules)
    return Matrice(fiche.code_rome, blocs, {e: total[e] for e in ETATS if total[e]})


def _cellule(
    c: Combinaison, rows: dict[Combinaison, VarianteRow], empreinte: str, fiche: FicheRow
) -> Cellule:
    row = rows.get(c)
    if row is None:
        return Cellule(c, ABSENTE)
    return Cellule(
        c,
        etat(row, empreinte=empreinte, version=fiche.version),
        variante_id=row.id,
        version=row.version,
        date_maj=row.date_maj,
        publique=est_publique(row),
    )
