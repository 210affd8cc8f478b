"""Queries on audit events (keyword-only, explicit session)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from agents_metiers.storage.tables import AuditEventRow


def _conditions(
    *,
    search: str | None,
    types_evenement: Sequence[str] | None,
    agent: str | None,
    acteur: str | None,
    code_rome: str | None,
    since: datetime | None,
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if search:
        needle = search.lower()
        conditions.append(
            or_(
                func.lower(AuditEventRow.code_rome).contains(needle, autoescape=True),
                func.lower(AuditEventRow.description).contains(needle, autoescape=True),
            )
        )
    if types_evenement is not None:
        # A family name ("fiche") matches its dotted events ("fiche.publiee"); an empty list
        # matches nothing.
        conditions.append(
            or_(
                AuditEventRow.type_evenement.in_(list(types_evenement)),
                *(
                    AuditEventRow.type_evenement.startswith(f"{nom}.", autoescape=True)
                    for nom in types_evenement
                ),
            )
        )
    if agent:
        conditions.append(func.lower(AuditEventRow.agent).contains(agent.lower(), autoescape=True))
    if acteur:
        conditions.append(AuditEventRow.acteur == acteur)
    if code_rome:
        conditions.append(AuditEventRow.code_rome == code_rome)
    if since:
        conditions.append(AuditEventRow.timestamp >= since)
    return conditions


def list_events(
    *,
    session: Session,
    limit: int,
    offset: int = 0,
    search: str | None = None,
    types_evenement: Sequence[str] | None = None,
    agent: str | None = None,
    acteur: str | None = None,
    code_rome: str | None = None,
    since: datetime | None = None,
) -> tuple[int, list[AuditEventRow]]:
    """Matching events, newest first, and how many match in all."""
    conditions = _conditions(
        search=search,
        types_evenement=types_evenement,
        agent=agent,
        acteur=acteur,
        code_rome=code_rome,
        since=since,
    )
    rows = session.scalars(
        select(AuditEventRow)
        .where(*conditions)
        .order_by(AuditEventRow.timestamp.desc(), AuditEventRow.id.desc())
        .limit(limit)
        .offset(offset)
    )
    total = session.scalar(select(func.count()).select_from(AuditEventRow).where(*conditions))
    return total or 0, list(rows)


def event_names(*, session: Session) -> set[str]:
    """The distinct event names present in the log."""
    return set(session.scalars(select(AuditEventRow.type_evenement).distinct()))
