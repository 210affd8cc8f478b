"""Use cases: find fiches by code or name, and suggest them while typing (PRODUCT.md §8).

Queries ignore case and accents, hold every form of the names (masculine, feminine,
epicene) and of the appellations (the "peu usité" ones included), accept a few short forms,
and tolerate one typo per word. Results are ranked: code, then names, then appellations,
then the short description, with a generality prior within each tier (see
``storage.search.ranking``). When no fiche holds every word, the best partial matches are
listed (``SearchPage.ignores`` tells which words were left out); when no word matches at
all, a spelling two edits away may be suggested (``SearchPage.suggestion``).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from agents_metiers.errors import InvalidInputError
from agents_metiers.storage import search as store
from agents_metiers.storage.search import ExpandedQuery, SearchFilters, SearchTerms
from agents_metiers.storage.search.terms import STOP_WORDS, TYPO_MIN_LENGTH, words

MAX_QUERY_LENGTH = 200
# Partial matches: subsets of the query's words tried, and codes kept from each.
MAX_SUBSETS = 20
MAX_PARTIAL = 2_000


@dataclass(frozen=True)
class SearchPage:
    """``total`` counts every match listed; ``codes`` is the requested page of them, best
    first. ``query`` is what was finally matched (the words kept when some were left out:
    ``ignores``); ``suggestion`` is a spelling to try when nothing matched."""

    total: int = 0
    codes: list[str] = field(default_factory=list)
    query: ExpandedQuery | None = None
    ignores: tuple[str, ...] = ()
    suggestion: str | None = None


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


def _ranked_all(session: Session, query: ExpandedQuery, filters: SearchFilters) -> list[str]:
    return store.rank_codes(
        session=session, query=query, filters=filters, limit=MAX_PARTIAL, offset=0
    )


def _subsets(query: ExpandedQuery) -> list[tuple[str, ...]]:
    """Word sets to try, largest first, the words found nowhere left out from the start."""
    usable = [w for w in query.terms.required if w not in query.introuvables]
    largest = len(usable) if query.introuvables else len(usable) - 1  # all: matched nothing
    sizes = range(largest, 0, -1)
    combos = (c for k in sizes for c in itertools.combinations(usable, k))
    return list(itertools.islice(combos, MAX_SUBSETS))


def _partial(
    session: Session, query: ExpandedQuery, filters: SearchFilters
) -> tuple[ExpandedQuery, list[str]] | None:
    """The best partial matches: the fiches holding the largest subset of the words (every
    such subset, the one with fewest matches first), or None when no word matches."""
    found: list[tuple[ExpandedQuery, list[str]]] = []
    size = 0
    for subset in _subsets(query):
        if found and len(subset) < size:
            break
        sub = query.sans(w for w in query.terms.required if w not in subset)
        if sub is None:
            continue
        codes = _ranked_all(session, sub, filters)
        if codes:
            found.append((sub, codes))
            size = len(subset)
    if not found:
        return None
    found.sort(key=lambda hit: len(hit[1]))
    merged = list(dict.fromkeys(code for _, codes in found for code in codes))
    return found[0][0], merged


def _suggestion(session: Session, query: ExpandedQuery, filters: SearchFilters) -> str | None:
    """The query with each unknown word replaced by the closest indexed word (two edits at
    most), when that finds something."""
    unknown = [w for w in query.terms.required if len(w) >= TYPO_MIN_LENGTH]
    if not unknown:
        return None
    closest = store.suggest_words(session=session, words=unknown, filters=filters)
    if not closest:
        return None
    suggested = " ".join(closest.get(w, w) for w in query.terms.words)
    terms = SearchTerms.parse(suggested)
    if terms is None or suggested == query.terms.phrase:
        return None
    expanded = store.expand_terms(session=session, terms=terms, filters=filters)
    found = store.count_matches(session=session, query=expanded, filters=filters)
    return suggested if found else None


def search_codes(
    session: Session,
    query: str,
    *,
    statut: str | None = None,
    published_only: bool = False,
    codes: frozenset[str] | None = None,
    limit: int,
    offset: int,
) -> SearchPage:
    """Codes of the fiches matching every word of ``query``, best first, one page of them;
    the best partial matches when none holds every word.

    A blank query (or one without a letter or digit) gives an empty page; ``published_only``
    keeps the fiches published at least once (what anonymous visitors may see); ``codes``
    restricts the search to these codes ROME (a facet selection).
    """
    _check_page(limit, offset)
    terms = _terms(query)
    if terms is None:
        return SearchPage()
    filters = SearchFilters(statut=statut, published_only=published_only, codes=codes)
    expanded = store.expand_terms(session=session, terms=terms, filters=filters)
    total = store.count_matches(session=session, query=expanded, filters=filters)
    if total:
        found = store.rank_codes(
            session=session, query=expanded, filters=filters, limit=limit, offset=offset
        )
        return SearchPage(total=total, codes=found, query=expanded)
    partial = _partial(session, expanded, filters) if len(expanded.terms.required) > 1 else None
    if partial is None:
        return SearchPage(suggestion=_suggestion(session, expanded, filters))
    kept, listed = partial
    ignores = tuple(w for w in expanded.terms.required if w not in kept.terms.required)
    return SearchPage(
        total=len(listed), codes=listed[offset : offset + limit], query=kept, ignores=ignores
    )


def autocomplete_codes(
    session: Session, query: str, *, published_only: bool = False, limit: int
) -> list[str]:
    """The ``limit`` best codes for a query being typed (its last word may be unfinished)."""
    _check_page(limit, 0)
    terms = _terms(query)
    if terms is None:
        return []
    filters = SearchFilters(published_only=published_only)
    expanded = store.expand_terms(
        session=session, terms=terms, filters=filters, mots_complets=False
    )
    return store.rank_codes(session=session, query=expanded, filters=filters, limit=limit, offset=0)


def _held(query: ExpandedQuery, word: str, held: str) -> bool:
    return held.startswith(word) or held in query.alternatives(word)


def _holds_every_word(query: ExpandedQuery, texte: str) -> bool:
    held = words(texte)
    return all(any(_held(query, word, w) for w in held) for word in query.terms.required)


def _holds_the_phrase(query: ExpandedQuery, texte: str) -> bool:
    """``texte`` holds the query's words in a row (function words aside)."""
    held = [w for w in words(texte) if w not in STOP_WORDS]
    wanted = [w for w in query.terms.required if w not in STOP_WORDS] or query.terms.required
    return any(
        all(_held(query, word, w) for word, w in zip(wanted, held[i:], strict=False))
        for i in range(len(held) - len(wanted) + 1)
    )


def appellations_trouvees(
    query: ExpandedQuery,
    noms: Mapping[str, Sequence[str]],
    labels: Mapping[str, Sequence[str]],
) -> dict[str, str]:
    """Per code, the appellation ``label`` the query matched better than the fiche's names
    (``noms``), to show as "also known as": the first one holding the query's words in a
    row when no name does, else the first one holding them all when no name does."""
    found = {}
    for code, names in noms.items():
        for test in (_holds_the_phrase, _holds_every_word):
            if any(test(query, name) for name in names):
                break
            label = next((lb for lb in labels.get(code, ()) if test(query, lb)), None)
            if label is not None:
                found[code] = label
                break
    return found
