"""Ranking shared by both backends: tiers first, then the backend's relevance score.

Tiers, best first:

0. the code ROME itself; 1. the start of a code ROME ("M18");
2. a name form (masculine, feminine, epicene) equal to the query; 3. a name form starting
   with it; 4. an appellation form equal to the query; 5. an appellation form starting with
   it; 6. every word in the name forms;
7. an appellation ROME marks "peu usité" equal to the query or starting with it;
8. every word in the appellations;
9. anything else (words spread over fields, or in the short description).

Within a tier (codes aside): the **generality prior** first — the number of the fiche's
name and current appellation forms holding every query word as a whole word, then as the
start of a word: the common fiche, whose many appellations share the words, comes before
its specialities — then the shortest matching form (tiers 2–5 and 7), the backend's
score (FTS5 bm25 / ``ts_rank``), the shortest name, the code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVarTuple

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    Table,
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
from agents_metiers.storage.search.portee import PUBLIQUE, TRAVAIL, Portee
from agents_metiers.storage.search.terms import LAST_CHAR, ExpandedQuery
from agents_metiers.storage.tables import FicheRow

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
    """``published_only`` searches the published content (public index, ``PUBLIQUE``);
    otherwise the working copies, of status ``statut`` when given."""

    statut: str | None = None
    published_only: bool = False
    codes: frozenset[str] | None = None
    """Only these codes ROME (a facet selection), when given."""

    @property
    def portee(self) -> Portee:
        return PUBLIQUE if self.published_only else TRAVAIL


def form_rows(documents: Sequence[IndexDocument]) -> list[dict[str, object]]:
    return [
        {"code_rome": d.code_rome, "rang": rang, "form": f}
        for d in documents
        for rang, f in dict.fromkeys(d.forms())
    ]


def _form_hits(phrases: Sequence[str], forms: Table) -> Subquery:
    """Per fiche, its best form equal to or starting with one of ``phrases``."""
    starts = [and_(forms.c.form >= p, forms.c.form < p + LAST_CHAR) for p in phrases]
    inexact = case((forms.c.form.in_(phrases), 0), else_=1)
    key = (forms.c.rang * 2 + inexact) * _HIT + func.length(forms.c.form)
    return (
        select(forms.c.code_rome, func.min(key).label("key"))
        .where(or_(*starts))
        .group_by(forms.c.code_rome)
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
        (hit == _EXACT_APPELLATION, 4),
        (hit == _APPELLATION_PREFIX, 5),
        (matches.c.in_names, 6),
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


def _generality(query: ExpandedQuery, matches: Subquery, forms: Table) -> ColumnElement[int]:
    """Per match, ``_WHOLE`` × its name and current appellation forms holding every required
    word as a whole word (or an alternative) + those holding every word as a word start."""
    padded = literal(" ").concat(forms.c.form).concat(" ")
    words = query.terms.required
    whole = and_(*(_holds(padded, w, query.alternatives(w), whole=True) for w in words))
    start = and_(*(_holds(padded, w, query.alternatives(w), whole=False) for w in words))
    points = case((whole, _WHOLE + 1), (start, 1), else_=0)
    return (
        select(func.coalesce(func.sum(points), 0))
        .where(forms.c.code_rome == matches.c.code_rome, forms.c.rang <= RANG_APPELLATION)
        .scalar_subquery()
    )


def filtered(query: Select[*_Columns], filters: SearchFilters) -> Select[*_Columns]:
    """The status filter, on the working copies (the public index holds published content
    only, whose status is always ``publiee``)."""
    if filters.statut is not None and not filters.published_only:
        query = query.where(FicheRow.statut == filters.statut)
    if filters.codes is not None:
        query = query.where(filters.portee.noms.code_rome.in_(sorted(filters.codes)))
    return query


def ranked(query: ExpandedQuery, matches: Subquery, filters: SearchFilters) -> Select[str]:
    """Codes of ``matches`` (code_rome, score, in_names, in_appellations), best first."""
    noms = filters.portee.noms
    hits = _form_hits(query.phrases(), filters.portee.forms)
    hit = hits.c.key // _HIT
    tier = _tier(query, matches, hit)
    by_code = tier <= 1  # codes matched by the code itself sort by code alone
    statement = (
        select(noms.code_rome)
        .select_from(matches)
        .join(noms, noms.code_rome == matches.c.code_rome)
        .outerjoin(hits, hits.c.code_rome == matches.c.code_rome)
        .order_by(
            tier,
            case((by_code, 0), else_=-_generality(query, matches, filters.portee.forms)),
            case((tier.in_((2, 3, 4, 5, 7)), hits.c.key % _HIT), else_=0),  # shortest form
            case((by_code, 0.0), else_=matches.c.score),
            case((by_code, 0), else_=func.length(noms.nom_masculin)),
            noms.code_rome,
        )
    )
    return filtered(statement, filters)


def counted(matches: Subquery, filters: SearchFilters) -> Select[int]:
    noms = filters.portee.noms
    statement = (
        select(func.count()).select_from(matches).join(noms, noms.code_rome == matches.c.code_rome)
    )
    return filtered(statement, filters)
