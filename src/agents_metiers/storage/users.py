"""Queries on users and their refresh tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from agents_metiers.storage.tables import RefreshTokenRow, UserRow


def get_user_by_email(*, session: Session, email: str) -> UserRow | None:
    return session.scalar(select(UserRow).where(UserRow.email == email))


def get_user(*, session: Session, user_id: int) -> UserRow | None:
    return session.get(UserRow, user_id)


def list_users(*, session: Session) -> list[UserRow]:
    return list(session.scalars(select(UserRow).order_by(UserRow.id)))


def active_user_ids(*, session: Session, role: str) -> list[int]:
    """Ids of the active accounts holding ``role``, locked until the transaction ends."""
    query = (
        select(UserRow.id)
        .where(UserRow.role == role, UserRow.is_active.is_(True))
        .with_for_update()
    )
    return list(session.scalars(query))


def get_refresh_token(*, session: Session, token_hash: str) -> RefreshTokenRow | None:
    return session.scalar(select(RefreshTokenRow).where(RefreshTokenRow.token_hash == token_hash))


def revoke_refresh_token(*, session: Session, token_id: int, now: datetime) -> bool:
    """Revoke one token unless already revoked; False when another request revoked it first."""
    result: CursorResult[tuple[()]] = session.execute(  # type: ignore[assignment]
        update(RefreshTokenRow)
        .where(RefreshTokenRow.id == token_id, RefreshTokenRow.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return result.rowcount == 1


def revoke_refresh_family(*, session: Session, family: str, now: datetime) -> int:
    """Revoke every still-valid token of a rotation family; returns how many."""
    result: CursorResult[tuple[()]] = session.execute(  # type: ignore[assignment]
        update(RefreshTokenRow)
        .where(RefreshTokenRow.family == family, RefreshTokenRow.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return result.rowcount


def revoke_user_refresh_tokens(*, session: Session, user_id: int, now: datetime) -> int:
    """Revoke every still-valid token of a user (password reset, deactivation)."""
    result: CursorResult[tuple[()]] = session.execute(  # type: ignore[assignment]
        update(RefreshTokenRow)
        .where(RefreshTokenRow.user_id == user_id, RefreshTokenRow.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return result.rowcount
