"""Named leases in the database: at most one holder per name until ``expires_at``.

Every operation is one conditional statement, atomic on both databases:
- take: ``UPDATE … WHERE name = ? AND (holder = ? OR expires_at < now)`` (PostgreSQL re-checks
  the condition on the row it locked; SQLite serialises writers), then, when no row exists,
  ``INSERT … ON CONFLICT DO NOTHING`` (the loser of a simultaneous insert gets no row);
- release: ``DELETE … WHERE name = ? AND holder = ?`` (only the holder can release).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import CursorResult, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from agents_metiers.storage.tables import LeaseRow


def take_lease(
    *, session: Session, name: str, holder: str, ttl_seconds: float, now: datetime
) -> bool:
    """Take (or renew, when already held by ``holder``) the lease; False when another holds it."""
    expires_at = now + timedelta(seconds=ttl_seconds)
    renewed: CursorResult[tuple[()]] = session.execute(  # type: ignore[assignment]
        update(LeaseRow)
        .where(LeaseRow.name == name, or_(LeaseRow.holder == holder, LeaseRow.expires_at < now))
        .values(holder=holder, expires_at=expires_at)
        .execution_options(synchronize_session=False)
    )
    if renewed.rowcount == 1:
        return True
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    inserted = session.scalar(  # RETURNING: psycopg's rowcount is not reliable here
        dialect.insert(LeaseRow)
        .values(name=name, holder=holder, expires_at=expires_at)
        .on_conflict_do_nothing(index_elements=[LeaseRow.name])
        .returning(LeaseRow.name)
    )
    return inserted is not None


def take_over_lease(
    *, session: Session, name: str, holder: str, previous: str, ttl_seconds: float, now: datetime
) -> bool:
    """Take the lease from ``previous`` (known dead) unless someone else took it meanwhile."""
    result: CursorResult[tuple[()]] = session.execute(  # type: ignore[assignment]
        update(LeaseRow)
        .where(LeaseRow.name == name, LeaseRow.holder == previous)
        .values(holder=holder, expires_at=now + timedelta(seconds=ttl_seconds))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def release_lease(*, session: Session, name: str, holder: str) -> bool:
    """Give the lease up; False when ``holder`` did not hold it (any more)."""
    result: CursorResult[tuple[()]] = session.execute(  # type: ignore[assignment]
        delete(LeaseRow).where(LeaseRow.name == name, LeaseRow.holder == holder)
    )
    return result.rowcount == 1


def lease_holder(*, session: Session, name: str, now: datetime) -> str | None:
    """Who holds the lease now (None when free or expired)."""
    return session.scalar(
        select(LeaseRow.holder).where(LeaseRow.name == name, LeaseRow.expires_at >= now)
    )
