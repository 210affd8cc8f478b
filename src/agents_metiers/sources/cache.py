"""Responses of external sources cached in the database (table ``source_cache``).

The cache survives restarts and is shared by every process on the same database (web
workers and job workers). An expired entry is not served as fresh, but it is kept: when the
source then fails, the caller may still show it — with its own fetch date — instead of
nothing (real data, dated, never invented).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from agents_metiers.sources.http import SourceError
from agents_metiers.storage.tables import SourceCacheRow


@dataclass(frozen=True)
class Entree:
    payload: dict[str, Any]
    fetched_at: datetime
    expires_at: datetime

    def fraiche(self, now: datetime) -> bool:
        return now < self.expires_at


def cache_key(source: str, *parts: Any) -> str:
    """A stable key for a request: the source and a hash of what identifies the request."""
    digest = hashlib.sha256(
        json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()
    return f"{source}:{digest}"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class SourceCache:
    """Get and put cached payloads through the runtime's sessions."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def get(self, key: str) -> Entree | None:
        with self._sessions() as session:
            row = session.get(SourceCacheRow, key)
            if row is None:
                return None
            return Entree(row.payload, _aware(row.fetched_at), _aware(row.expires_at))

    def put(self, key: str, source: str, payload: dict[str, Any], ttl: timedelta) -> Entree:
        now = datetime.now(UTC)
        entree = Entree(payload, now, now + ttl)
        with self._sessions() as session:
            row = session.get(SourceCacheRow, key)
            if row is None:
                row = SourceCacheRow(key=key, source=source)
                session.add(row)
            row.payload = payload
            row.fetched_at = now
            row.expires_at = entree.expires_at
            try:
                session.commit()
            except IntegrityError:  # another worker stored the same key first: theirs is as good
                session.rollback()
        return entree

    def purge(self, *, before: datetime) -> int:
        """Delete entries expired before ``before``; returns how many."""
        with self._sessions() as session:
            rows = session.query(SourceCacheRow).filter(SourceCacheRow.expires_at < before)
            count = rows.delete()
            session.commit()
            return count


@dataclass(frozen=True)
class Resultat:
    """A payload with its fetch date; ``perime`` when the source failed and an expired copy
    was served instead."""

    payload: dict[str, Any]
    fetched_at: datetime
    perime: bool = False
    depuis_cache: bool = False


async def cached_fetch(
    cache: SourceCache,
    *,
    key: str,
    source: str,
    ttl: timedelta,
    fetch: Callable[[], Awaitable[dict[str, Any]]],
) -> Resultat:
    """The fresh cached payload, else ``fetch()`` stored; on a source failure, the expired
    copy when there is one (marked ``perime``), else the failure."""
    now = datetime.now(UTC)
    entree = cache.get(key)
    if entree is not None and entree.fraiche(now):
        return Resultat(entree.payload, entree.fetched_at, depuis_cache=True)
    try:
        payload = await fetch()
    except SourceError:
        if entree is None:
            raise
        return Resultat(entree.payload, entree.fetched_at, perime=True, depuis_cache=True)
    stored = cache.put(key, source, payload, ttl)
    return Resultat(payload, stored.fetched_at)
