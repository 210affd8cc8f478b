"""Audit trail: every human, AI and system action writes one event (PRODUCT.md §2.6)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from agents_metiers.domain.evenements import filtre_evenements, type_reference
from agents_metiers.errors import InvalidInputError
from agents_metiers.storage import audit as store
from agents_metiers.storage.tables import AuditEventRow


def record_event(
    session: Session,
    *,
    type_evenement: str,
    agent: str,
    acteur: str,
    description: str,
    code_rome: str | None = None,
    user_id: int | None = None,
    donnees_avant: dict[str, Any] | None = None,
    donnees_apres: dict[str, Any] | None = None,
    cout: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> AuditEventRow:
    """Add one event to the caller's transaction; ``acteur`` is humain, ia or systeme."""
    event = AuditEventRow(
        timestamp=now or datetime.now(UTC),
        type_evenement=type_evenement,
        code_rome=code_rome,
        agent=agent,
        acteur=acteur,
        user_id=user_id,
        description=description,
        donnees_avant=donnees_avant,
        donnees_apres=donnees_apres,
        cout=cout,
    )
    session.add(event)
    return event


class AuditLogOut(BaseModel):
    """Reference keys (``validateur`` = the person, for human actions) plus additions."""

    id: int
    type_evenement: str = Field(description="Type in the reference vocabulary (creation, …)")
    evenement: str = Field(description="Our dotted event name (fiche.publiee, …)")
    description: str
    code_rome: str | None
    agent: str
    validateur: str | None
    timestamp: datetime
    acteur: str
    donnees_avant: dict[str, Any] | None
    donnees_apres: dict[str, Any] | None
    cout: dict[str, Any] | None


class AuditLogPage(BaseModel):
    total: int
    logs: list[AuditLogOut]


ACTEURS = ("humain", "ia", "systeme")


def list_logs(
    session: Session,
    *,
    limit: int = 15,
    offset: int = 0,
    search: str | None = None,
    type_evenement: str | None = None,
    agent: str | None = None,
    acteur: str | None = None,
    code_rome: str | None = None,
    since: datetime | None = None,
) -> AuditLogPage:
    """Events newest first with the reference filters (text, agent, type, since)."""
    if acteur is not None and acteur not in ACTEURS:
        raise InvalidInputError(f"Acteur inconnu : « {acteur} » (humain, ia ou systeme).")
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    types = (
        filtre_evenements(type_evenement, store.event_names(session=session))
        if type_evenement
        else None
    )
    total, rows = store.list_events(
        session=session,
        limit=limit,
        offset=offset,
        search=search,
        types_evenement=types,
        agent=agent,
        acteur=acteur,
        code_rome=code_rome,
        since=since,
    )
    logs = [
        AuditLogOut(
            id=row.id,
            type_evenement=type_reference(row.type_evenement),
            evenement=row.type_evenement,
            description=row.description,
            code_rome=row.code_rome,
            agent=row.agent,
            validateur=row.agent if row.acteur == "humain" else None,
            timestamp=row.timestamp,
            acteur=row.acteur,
            donnees_avant=row.donnees_avant,
            donnees_apres=row.donnees_apres,
            cout=row.cout,
        )
        for row in rows
    ]
    return AuditLogPage(total=total, logs=logs)
