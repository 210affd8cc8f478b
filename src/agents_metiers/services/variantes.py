"""Reading variants of a fiche (reference shapes plus status, staleness, readability).

The public reads only variants of published fiches that a person has reviewed
(status ``relue``); editors read them all.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from agents_metiers.errors import NotFoundError
from agents_metiers.services.fiches import get_detail
from agents_metiers.storage import variantes as store
from agents_metiers.storage.tables import VarianteRow

STATUT_PUBLIC = "relue"
CHAMPS_TEXTE = (
    "description",
    "description_courte",
    "competences",
    "competences_transversales",
    "formations",
    "certifications",
    "conditions_travail",
    "environnements",
)


class VarianteSummary(BaseModel):
    id: int
    langue: str
    tranche_age: str
    format_contenu: str
    genre: str
    nom: str
    description_courte: str | None
    date_maj: datetime
    statut: str
    perimee: bool


class VarianteList(BaseModel):
    code_rome: str
    total_variantes: int
    variantes: list[VarianteSummary]


class VarianteDetail(BaseModel):
    id: int
    code_rome: str
    langue: str
    tranche_age: str
    format_contenu: str
    genre: str
    nom: str
    description: str | None
    description_courte: str | None
    competences: list[Any]
    competences_transversales: list[Any]
    formations: list[Any]
    certifications: list[Any]
    conditions_travail: list[Any]
    environnements: list[Any]
    date_creation: datetime
    date_maj: datetime
    version: int
    statut: str
    perimee: bool
    fiche_version: int
    metriques_lisibilite: dict[str, Any] | None
    contenu: dict[str, Any]


def _visibles(rows: list[VarianteRow], voir_brouillons: bool) -> list[VarianteRow]:
    return [r for r in rows if voir_brouillons or r.statut == STATUT_PUBLIC]


def list_variantes(session: Session, code: str, *, voir_brouillons: bool) -> VarianteList:
    fiche = get_detail(session, code, voir_brouillons=voir_brouillons)
    rows = _visibles(
        store.list_variantes(session=session, code_rome=fiche.code_rome), voir_brouillons
    )
    return VarianteList(
        code_rome=fiche.code_rome,
        total_variantes=len(rows),
        variantes=[
            VarianteSummary(
                id=r.id,
                langue=r.langue,
                tranche_age=r.tranche_age,
                format_contenu=r.format_contenu,
                genre=r.genre,
                nom=r.nom,
                description_courte=(r.contenu or {}).get("description_courte"),
                date_maj=r.date_maj,
                statut=r.statut,
                perimee=r.fiche_version != fiche.version,
            )
            for r in rows
        ],
    )


def get_variante(
    session: Session, code: str, variante_id: int, *, voir_brouillons: bool
) -> VarianteDetail:
    fiche = get_detail(session, code, voir_brouillons=voir_brouillons)
    row = store.get_variante(session=session, code_rome=fiche.code_rome, variante_id=variante_id)
    if row is None or not _visibles([row], voir_brouillons):
        raise NotFoundError(f"La fiche {fiche.code_rome} n'a pas de variante n° {variante_id}.")
    contenu = row.contenu or {}
    return VarianteDetail(
        id=row.id,
        code_rome=row.code_rome,
        langue=row.langue,
        tranche_age=row.tranche_age,
        format_contenu=row.format_contenu,
        genre=row.genre,
        nom=row.nom,
        description=contenu.get("description"),
        description_courte=contenu.get("description_courte"),
        **{champ: contenu.get(champ) or [] for champ in CHAMPS_TEXTE[2:]},
        date_creation=row.date_creation,
        date_maj=row.date_maj,
        version=row.version,
        statut=row.statut,
        perimee=row.fiche_version != fiche.version,
        fiche_version=row.fiche_version,
        metriques_lisibilite=row.metriques_lisibilite,
        contenu=contenu,
    )
