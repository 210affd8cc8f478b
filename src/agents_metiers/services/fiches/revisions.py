"""Revisions: every change of a fiche stores its full content, with author and reason (§4).

Invariant: a fiche's ``version`` is the number of its latest revision. Each write path bumps
the version and calls ``record_revision`` in the same transaction.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from agents_metiers.domain.diff import differences
from agents_metiers.errors import InvalidInputError, NotFoundError
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.storage import revisions as store
from agents_metiers.storage.fiches import snapshot
from agents_metiers.storage.tables import FicheRow, RevisionRow


def record_revision(
    session: Session,
    row: FicheRow,
    auteur: Auteur,
    *,
    motif: str = "",
    now: datetime | None = None,
) -> RevisionRow:
    """Store the current content of ``row`` as revision number ``row.version``."""
    revision = RevisionRow(
        code_rome=row.code_rome,
        numero=row.version,
        statut=row.statut,
        contenu=snapshot(row),
        auteur=auteur.nom,
        acteur=auteur.acteur,
        user_id=auteur.user_id,
        motif=motif,
        publiee=False,
        created_at=now or datetime.now(UTC),
    )
    session.add(revision)
    return revision


class RevisionSummary(BaseModel):
    numero: int
    statut: str
    auteur: str
    acteur: str
    motif: str
    publiee: bool
    created_at: datetime


class RevisionDetail(RevisionSummary):
    code_rome: str
    contenu: dict[str, Any]


class RevisionPage(BaseModel):
    code_rome: str
    total: int
    revisions: list[RevisionSummary]


class ChangementCleOut(BaseModel):
    cle: str
    avant: Any
    apres: Any


class ChangementOut(BaseModel):
    champ: str
    nature: str
    avant: Any
    apres: Any
    ajouts: list[str]
    suppressions: list[str]
    cles: list[ChangementCleOut]


class RevisionDiff(BaseModel):
    code_rome: str
    de: int
    a: int
    changements: list[ChangementOut]


def _summary(row: RevisionRow) -> RevisionSummary:
    return RevisionSummary.model_validate(row, from_attributes=True)


def list_page(session: Session, code: str, *, limit: int, offset: int) -> RevisionPage:
    rows = store.list_revisions(session=session, code_rome=code, limit=limit, offset=offset)
    total = store.count_revisions(session=session, code_rome=code)
    return RevisionPage(code_rome=code, total=total, revisions=[_summary(r) for r in rows])


def get_revision(session: Session, code: str, numero: int) -> RevisionRow:
    if numero < 1:
        raise InvalidInputError("Le numéro de révision doit être un entier positif.")
    row = store.get_revision(session=session, code_rome=code, numero=numero)
    if row is None:
        raise NotFoundError(f"La fiche {code} n'a pas de révision n° {numero}.")
    return row


def detail(session: Session, code: str, numero: int) -> RevisionDetail:
    row = get_revision(session, code, numero)
    return RevisionDetail(**_summary(row).model_dump(), code_rome=code, contenu=row.contenu)


def diff(session: Session, code: str, de: int, a: int) -> RevisionDiff:
    """Field-by-field differences from revision ``de`` to revision ``a``."""
    avant = get_revision(session, code, de).contenu
    apres = get_revision(session, code, a).contenu
    changements = [ChangementOut.model_validate(asdict(c)) for c in differences(avant, apres)]
    return RevisionDiff(code_rome=code, de=de, a=a, changements=changements)
