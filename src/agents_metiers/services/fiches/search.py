"""Use cases: find fiches by code or name, and suggest them while typing (PRODUCT.md §8).

Queries ignore case and accents, hold every form of the names (masculine, feminine,
epicene) and of the appellations, and tolerate one typo per word. Results are ranked:
code, then names, then appellations, then the short description (see
``storage.search.ranking``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from agents_metiers.errors import InvalidInputError
from agents_metiers.storage import search as store
from agents_metiers.storage.search import SearchFilters, SearchTerms

MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class SearchPage:
    """``total`` counts every match; ``codes`` is the requested page of them, best first."""

    total: int = 0
    codes: list[str] = field(default_factory=list)


def _terms(query: str) -> SearchTerms | None:
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidInputError(
            f"La recherche est trop longue ({len(query)} caractères) : "
            f"{MAX_QUERY_LENGTH} caractères au plus."
        )
    return SearchTerms.parse(query)


def _check_page(limit: int, offset: int) -> None:
    if limit < 1:
        raise InvalidInputError("La limite doit être d'au moins 1 résultat.")
    if offset < 0:
        raise InvalidInputError("Le décalage (offset) ne peut pas être négatif.")


def search_codes(
    session: Session,
    query: str,
    *,
    statut: str | None = None,
    published_only: bool = False,
    limit: int,
    offset: int,
) -> SearchPage:
    """Codes of the fiches matching every word of ``query``, best first, one page of them.

    A blank query (or one without a letter or digit) gives an empty page; ``published_only``
    keeps the fiches published at least once (what anonymous visitors may see).
    """
    _check_page(limit, offset)
    terms = _terms(query)
    if terms is None:
        return SearchPage()
    filters = SearchFilters(statut=statut, published_only=published_only)
    expanded = store.expand_terms(session=session, terms=terms)
    total = store.count_matches(session=session, query=expanded, filters=filters)
    if total <= offset:
        return SearchPage(total=total)
    codes = store.rank_codes(
        session=session, query=expanded, filters=filters, limit=limit, offset=offset
    )
    return SearchPage(total=total, codes=codes)


def autocomplete_codes(
    session: Session, query: str, *, published_only: bool = False, limit: int
) -> list[str]:
    """The ``limit`` best codes for a query being typed (its last word may be unfinished)."""
    _check_page(limit, 0)
    terms = _terms(query)
    if terms is None:
        return []
    filters = SearchFilters(published_only=published_only)
    expanded = store.expand_terms(session=session, terms=terms)
    return store.rank_codes(session=session, query=expanded, filters=filters, limit=limit, offset=0)
