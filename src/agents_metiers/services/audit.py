"""Audit trail: every human, AI and system action writes one event (PRODUCT.md §2.6)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

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
