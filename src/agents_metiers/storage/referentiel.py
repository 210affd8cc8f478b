"""Queries on the stored ROME referential."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agents_metiers.storage.tables import (
    RomeAppellationRow,
    RomeFicheRow,
    RomeItemRow,
    RomeLienRow,
    RomeMobiliteRow,
    RomeVersionRow,
)

REFERENTIEL_TABLES: dict[str, Any] = {
    "fiches": RomeFicheRow,
    "items": RomeItemRow,
    "liens": RomeLienRow,
    "appellations": RomeAppellationRow,
    "mobilites": RomeMobiliteRow,
}


def current_version(*, session: Session) -> RomeVersionRow | None:
    return session.scalar(select(RomeVersionRow).where(RomeVersionRow.courante.is_(True)))


def referentiel_counts(*, session: Session) -> dict[str, int]:
    """Row counts of the referential: fiches, appellations, domains, items, mobilities."""

    def count(query: object) -> int:
        return session.scalar(query) or 0  # type: ignore[call-overload]

    items = dict(
        session.execute(select(RomeItemRow.kind, func.count()).group_by(RomeItemRow.kind)).all()
    )
    return {
        "fiches": count(select(func.count()).select_from(RomeFicheRow)),
        "appellations": count(select(func.count()).select_from(RomeAppellationRow)),
        "appellations_principales": count(
            select(func.count()).where(RomeAppellationRow.classification == "PRINCIPALE")
        ),
        "grands_domaines": items.get("grand_domaine", 0),
        "domaines": items.get("domaine", 0),
        "competences": items.get("competence", 0),
        "savoirs": items.get("savoir", 0),
        "contextes": items.get("contexte", 0),
        "mobilites": count(select(func.count()).select_from(RomeMobiliteRow)),
    }


def stored_rows(*, session: Session) -> dict[str, list[dict[str, Any]]]:
    """Every row of the ``rome_*`` tables as plain dicts, by table (keys of REFERENTIEL_TABLES)."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for name, table in REFERENTIEL_TABLES.items():
        columns = list(table.__table__.columns)
        result = session.execute(select(*columns))
        keys = [column.name for column in columns]
        rows[name] = [dict(zip(keys, values, strict=True)) for values in result]
    return rows
