"""Search over fiches: one interface, SQLite FTS5 or PostgreSQL ``tsvector`` + ``pg_trgm``.

The index holds, per fiche, its code, every name form, every appellation form and the
short description, normalised like the queries (``terms.words``). It lives in tables of
its own (``search_*``, migration 0003) that ``reindex_fiches`` rewrites: every write path
that changes those fields calls it. See ``ranking`` for the order of results and
``docs/search.md`` for the whole design.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from agents_metiers.errors import ConfigurationError
from agents_metiers.storage.search.backend import SearchBackend
from agents_metiers.storage.search.documents import document, source_rows, with_peu_usites
from agents_metiers.storage.search.formes_courtes import formes_longues
from agents_metiers.storage.search.postgresql import TrigramBackend
from agents_metiers.storage.search.ranking import (
    FORMS,
    SearchFilters,
    counted,
    form_rows,
    ranked,
)
from agents_metiers.storage.search.sqlite import Fts5Backend
from agents_metiers.storage.search.terms import ExpandedQuery, SearchTerms, typo_candidates

__all__ = [
    "ExpandedQuery",
    "SearchFilters",
    "SearchTerms",
    "count_matches",
    "expand_terms",
    "index_tables",
    "rank_codes",
    "reindex_fiches",
    "suggest_words",
]

_BACKENDS: dict[str, SearchBackend] = {"sqlite": Fts5Backend(), "postgresql": TrigramBackend()}


def _backend(dialect: str) -> SearchBackend:
    try:
        return _BACKENDS[dialect]
    except KeyError:
        raise ConfigurationError(
            f"La recherche n'est disponible que sur SQLite et PostgreSQL (base : {dialect})."
        ) from None


def _session_backend(session: Session) -> SearchBackend:
    return _backend(session.get_bind().dialect.name)


def index_tables(dialect: str) -> tuple[str, ...]:
    """The tables holding index data on ``dialect``: to empty along with the fiches."""
    return _backend(dialect).tables


def expand_terms(*, session: Session, terms: SearchTerms) -> ExpandedQuery:
    """``terms`` with the long forms of short ones (``formes_courtes``) and corrections for
    the other required words that start no indexed word."""
    backend = _session_backend(session)
    longues = {w: formes_longues(w) for w in terms.required if formes_longues(w)}
    known = backend.known_prefixes(session, terms.required)
    unknown = [w for w in typo_candidates(terms, known) if w not in longues]
    found = backend.neighbours(session, unknown) if unknown else {}
    alternatives = longues | {word: hits for word, hits in found.items() if hits}
    missing = {w for w in terms.required if w not in known and w not in alternatives}
    return ExpandedQuery(terms, alternatives, frozenset(missing))


def suggest_words(*, session: Session, words: Sequence[str]) -> dict[str, str]:
    """For each of ``words``, the closest indexed word two edits away at most, if any."""
    found = _session_backend(session).neighbours(session, words, max_edits=2)
    return {word: hits[0] for word, hits in found.items() if hits}


def count_matches(*, session: Session, query: ExpandedQuery, filters: SearchFilters) -> int:
    """How many fiches hold every required word (or a correction of it)."""
    matches = _session_backend(session).matches(query)
    return session.scalar(counted(matches, filters)) or 0


def rank_codes(
    *, session: Session, query: ExpandedQuery, filters: SearchFilters, limit: int, offset: int
) -> list[str]:
    """One page of the matching codes, best first (see ``ranking``)."""
    matches = _session_backend(session).matches(query)
    statement = ranked(query, matches, filters).limit(limit).offset(offset)
    return list(session.scalars(statement))


def reindex_fiches(session: Session, *, codes: Collection[str] | None = None) -> None:
    """Rebuild the index entries of ``codes`` (every fiche when None) from the table.

    Codes whose fiche no longer exists lose their entries. Call it in the transaction
    that changed names, appellations or the short description.
    """
    wanted = None if codes is None else sorted(set(codes))
    if wanted == []:
        return
    documents = with_peu_usites(
        session, [document(row) for row in session.execute(source_rows(wanted))]
    )
    if wanted is None:
        session.execute(delete(FORMS))
    else:
        session.execute(delete(FORMS).where(FORMS.c.code_rome.in_(wanted)))
    rows = form_rows(documents)
    if rows:
        session.execute(insert(FORMS), rows)
    _session_backend(session).write(session, documents, wanted)
