"""Ranking shared by both backends: tiers first, then the backend's relevance score.

Tiers, best first:

0. the code ROME itself; 1. the start of a code ROME ("M18");
2. a name form (masculine, feminine, epicene) equal to the query; 3. a name form starting
   with it; 4. every word in the name forms;
5. an appellation form equal to the query; 6. an appellation form starting with it;
7. an appellation ROME marks "peu usité" equal to the query or starting with it;
8. every word in the appellations;
9. anything else (words spread over fields, or in the short description).

Within a tier (codes aside): the **generality prior** first — the number of the fiche's
name and current appellation forms holding every query word as a whole word, then as the
start of a word: the common fiche, whose many appellations share the words, comes before
its specialities — then the shortest matching form (tiers 2, 3, 5, 6, 7), the backend's
score (FTS5 bm25 / ``ts_rank``), the shortest name, the code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVarTuple

from sqlalchemy import (
    Column,
    ColumnElement,
    Integer,
    MetaData,
    Select,
    String,
    Subquery,
    Table,
    Text,
    and_,
    case,
    func,
    literal,
    or_,
    select,
)

from agents_metiers.storage.search.documents import (
    RANG_APPELLATION,
    RANG_NOM,
    RANG_PEU_USITE,
    IndexDocument,
)
from agents_metiers.storage.search.terms import LAST_CHAR, ExpandedQuery
from agents_metiers.storage.tables import FicheRow

# Search tables live outside ``Base.metadata`` (see ``storage.db.compared_with_metadata``):
# migration 0003 creates them with what each backend needs.
SEARCH_METADATA = MetaData()

FORMS = Table(
    "search_forms",
    SEARCH_METADATA,
    Column("code_rome", String(5), nullable=False),
    Column("rang", Integer, nullable=False),
    Column("form", Text, nullable=False),
)

_Columns = TypeVarTuple("_Columns")

# A form hit is encoded as ``(rang * 2 + inexact) * _HIT + length`` so that one ``min()``
# gives both the best kind of hit and, among those, the shortest form.
_HIT = 10_000
_EXACT_NAME, _NAME_PREFIX = RANG_NOM * 2, RANG_NOM * 2 + 1
_EXACT_APPELLATION, _APPELLATION_PREFIX = RANG_APPELLATION * 2, RANG_APPELLATION * 2 + 1
_PEU_USITE = (RANG_PEU_USITE * 2, RANG_PEU_USITE * 2 + 1)
# Generality: a form holding every word as a whole word counts for _WHOLE, as a prefix for 1.
_WHOLE = 1_000


@dataclass(frozen=True)
class SearchFilters:
    statut: str | None = None
    published_only: bool = False
    codes: frozenset[str] | None = None
    """Only these codes ROME (a facet selection), when given."""


def form_rows(documents: Sequence[IndexDocument]) -> list[dict[str, object]]:
    return [
        {"code_rome": d.code_rome, "rang": rang, "form": f}
        for d in documents
        for rang, f in dict.fromkeys(d.forms())
    ]


def _form_hits(phrases: Sequence[str]) -> Subquery:
    """Per fiche, its best form equal to or starting with one of ``phrases``."""
    starts = [and_(FORMS.c.form >= p, FORMS.c.form < p + LAST_CHAR) for p in phrases]
    inexact = case((FORMS.c.form.in_(phrases), 0), else_=1)
    key = (FORMS.c.rang * 2 + inexact) * _HIT + func.length(FORMS.c.form)
    return (
        select(FORMS.c.code_rome, func.min(key).label("key"))
        .where(or_(*starts))
        .group_by(FORMS.c.code_rome)
        .subquery("hits")
    )


def _tier(query: ExpandedQuery, matches: Subquery, hit: ColumnElement[int]) -> ColumnElement[int]:
    code, code_prefix = query.terms.code, query.terms.code_prefix
    whens: list[tuple[ColumnElement[bool], int]] = []
    if code:
        whens.append((matches.c.code_rome == code, 0))
    if code_prefix:
        whens.append((matches.c.code_rome.startswith(code_prefix, autoescape=True), 1))
    whens += [
        (hit == _EXACT_NAME, 2),
        (hit == _NAME_PREFIX, 3),
        (matches.c.in_names, 4),
        (hit == _EXACT_APPELLATION, 5),
        (hit == _APPELLATION_PREFIX, 6),
        (hit.in_(_PEU_USITE), 7),
        (matches.c.in_appellations, 8),
    ]
    return case(*whens, else_=9)


def _holds(
    padded: ColumnElement[str], word: str, alternatives: Sequence[str], *, whole: bool
) -> ColumnElement[bool]:
    """``padded`` (a form between spaces) holds ``word`` (as a whole word when ``whole``,
    else as the start of a word) or one of its ``alternatives`` (whole words). Words are
    letters and digits only (``terms.words``): never a LIKE wildcard."""
    own = padded.like(f"% {word} %" if whole else f"% {word}%")
    return or_(own, *(padded.like(f"% {a} %") for a in alternatives))


def _generality(query: ExpandedQuery, matches: Subquery) -> ColumnElement[int]:
    """Per match, ``_WHOLE`` × its name and current appellation forms holding every required
    word as a whole word (or an alternative) + those holding every word as a word start."""
    padded = literal(" ").concat(FORMS.c.form).concat(" ")
    words = query.terms.required
    whole = and_(*(_holds(padded, w, query.alternatives(w), whole=True) for w in words))
    start = and_(*(_holds(padded, w, query.alternatives(w), whole=False) for w in words))
    points = case((whole, _WHOLE + 1), (start, 1), else_=0)
    return (
        select(func.coalesce(func.sum(points), 0))
        .where(FORMS.c.code_rome == matches.c.code_rome, FORMS.c.rang <= RANG_APPELLATION)
        .scalar_subquery()
    )


def filtered(query: Select[*_Columns], filters: SearchFilters) -> Select[*_Columns]:
    if filters.statut is not None:
        query = query.where(FicheRow.statut == filters.statut)
    if filters.published_only:
        query = query.where(FicheRow.version_publiee.is_not(None))
    if filters.codes is not None:
        query = query.where(FicheRow.code_rome.in_(sorted(filters.codes)))
    return query


def ranked(query: ExpandedQuery, matches: Subquery, filters: SearchFilters) -> Select[str]:
    """Codes of ``matches`` (code_rome, score, in_names, in_appellations), best first."""
    hits = _form_hits(query.phrases())
    hit = hits.c.key // _HIT
    tier = _tier(query, matches, hit)
    by_code = tier <= 1  # codes matched by the code itself sort by code alone
    statement = (
        select(FicheRow.code_rome)
        .select_from(matches)
        .join(FicheRow, FicheRow.code_rome == matches.c.code_rome)
        .outerjoin(hits, hits.c.code_rome == matches.c.code_rome)
        .order_by(
            tier,
            case((by_code, 0), else_=-_generality(query, matches)),
            case((tier.in_((2, 3, 5, 6, 7)), hits.c.key % _HIT), else_=0),  # shortest form
            case((by_code, 0.0), else_=matches.c.score),
            case((by_code, 0), else_=func.length(FicheRow.nom_masculin)),
            FicheRow.code_rome,
        )
    )
    return filtered(statement, filters)


def counted(matches: Subquery, filters: SearchFilters) -> Select[int]:
    statement = (
        select(func.count())
        .select_from(matches)
        .join(FicheRow, FicheRow.code_rome == matches.c.code_rome)
    )
    return filtered(statement, filters)
