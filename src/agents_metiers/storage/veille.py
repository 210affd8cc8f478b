"""Queries on veille ROME runs and detected changes (``rome_veille_runs``, ``rome_changes``)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from agents_metiers.storage.tables import FicheRow, RomeChangeRow, RomeVeilleRunRow

EN_COURS, TERMINEE, ECHOUEE = "en_cours", "terminee", "echouee"


def derniere_execution(*, session: Session, statut: str | None = None) -> RomeVeilleRunRow | None:
    query = select(RomeVeilleRunRow).order_by(RomeVeilleRunRow.id.desc()).limit(1)
    if statut is not None:
        query = query.where(RomeVeilleRunRow.statut == statut)
    return session.scalar(query)


def executions_en_cours(*, session: Session) -> Sequence[RomeVeilleRunRow]:
    return session.scalars(
        select(RomeVeilleRunRow).where(RomeVeilleRunRow.statut == EN_COURS)
    ).all()


def signatures_connues(
    *, session: Session, version_from: int | None, version_to: int
) -> set[tuple[str, str, str]]:
    """(code, type, details as canonical JSON) of the changes already recorded between
    these two versions, reviewed or not: a second veille on the same export adds none."""
    rows = session.execute(
        select(RomeChangeRow.code_rome, RomeChangeRow.change_type, RomeChangeRow.details).where(
            RomeChangeRow.version_from == version_from, RomeChangeRow.version_to == version_to
        )
    )
    return {(code, kind, json.dumps(details, sort_keys=True)) for code, kind, details in rows}


def marquer_fiches(*, session: Session, codes: set[str]) -> int:
    """Set ``rome_update_pending`` on the fiches of ``codes``; returns how many exist."""
    if not codes:
        return 0
    result = session.execute(
        update(FicheRow)
        .where(FicheRow.code_rome.in_(sorted(codes)))
        .values(rome_update_pending=True)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def compter_fiches_pending(*, session: Session) -> int:
    query = select(func.count()).where(FicheRow.rome_update_pending.is_(True))
    return session.scalar(query) or 0


def compter_non_revus(*, session: Session) -> int:
    return session.scalar(select(func.count()).where(RomeChangeRow.reviewed.is_(False))) or 0


def _filtres(query: Select[Any], filtres: dict[str, Any]) -> Select[Any]:
    if filtres.get("reviewed") is not None:
        query = query.where(RomeChangeRow.reviewed.is_(filtres["reviewed"]))
    if filtres.get("code_rome"):
        query = query.where(RomeChangeRow.code_rome == filtres["code_rome"])
    if filtres.get("change_type"):
        query = query.where(RomeChangeRow.change_type == filtres["change_type"])
    if filtres.get("sens_modifie") is not None:
        query = query.where(RomeChangeRow.sens_modifie.is_(filtres["sens_modifie"]))
    if filtres.get("run_id") is not None:
        query = query.where(RomeChangeRow.run_id == filtres["run_id"])
    return query


def lister_changements(
    *, session: Session, filtres: dict[str, Any], limit: int, offset: int
) -> tuple[int, Sequence[RomeChangeRow]]:
    """The changes matching ``filtres`` (newest first) and their total."""
    total = session.scalar(_filtres(select(func.count()).select_from(RomeChangeRow), filtres))
    query = _filtres(select(RomeChangeRow), filtres)
    query = query.order_by(RomeChangeRow.id.desc()).limit(limit).offset(offset)
    return total or 0, session.scalars(query).all()


def terminer(
    run: RomeVeilleRunRow, *, statut: str, now: datetime, erreur: str | None = None
) -> None:
    run.statut = statut
    run.finished_at = now
    run.erreur = erreur


def changements_en_attente(*, session: Session, code_rome: str) -> list[int]:
    """Ids of the changes of ``code_rome`` still waiting for a decision, oldest first."""
    query = (
        select(RomeChangeRow.id)
        .where(RomeChangeRow.code_rome == code_rome, RomeChangeRow.reviewed.is_(False))
        .order_by(RomeChangeRow.id)
    )
    return list(session.scalars(query))


def conflits_de(*, session: Session, ids: Sequence[int]) -> dict[int, list[Any] | None]:
    """The conflicts the sync left on each change of ``ids``."""
    if not ids:
        return {}
    rows = session.execute(
        select(RomeChangeRow.id, RomeChangeRow.conflits).where(RomeChangeRow.id.in_(list(ids)))
    )
    return {change_id: conflits for change_id, conflits in rows}
