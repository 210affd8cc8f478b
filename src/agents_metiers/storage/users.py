"""Queries on users."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from agents_metiers.storage.tables import UserRow


def get_user_by_email(*, session: Session, email: str) -> UserRow | None:
    return session.scalar(select(UserRow).where(UserRow.email == email))
