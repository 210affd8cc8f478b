"""Search over fiches: one interface, SQLite FTS5 or PostgreSQL ``tsvector`` + ``pg_trgm``.

Two indexes of the same shape (``portee``): the **working copies** (editors), which
``reindex_fiches`` rewrites from the ``fiches`` table, and the **published content**
(public), which ``reindex_publiques`` rewrites from the public read model. Each holds, per
fiche, its code, every name form, every appellation form and the short description,
normalised like the queries (``terms.words``). Index building (``documents``, the backends'
``write``) and ranking (``ranking``) are separate; ``docs/search.md`` describes the design.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from agents_metiers.errors import ConfigurationError
from agents_metiers.storage.search.backend import SearchBackend
from agents_metiers.storage.search.documents import (
    IndexDocument,
    document,
    public_documents,
    source_rows,
    with_peu_usites,
)
from agents_metiers.storage.search.formes_courtes import formes_longues
from agents_metiers.storage.search.portee import PORTEES, PUBLIQUE, TRAVAIL, Portee
from agents_metiers.storage.search.postgresql import TrigramBackend
from agents_metiers.storage.search.ranking import SearchFilters, counted, form_rows, ranked
from agents_metiers.storage.search.sqlite import Fts5Backend
from agents_metiers.storage.search.terms import (
    PARTIEL_MIN_LENGTH,
    STOP_WORDS,
    TYPO2_MIN_LENGTH,
    ExpandedQuery,
    SearchTerms,
    coupes_possibles,
    singulier,
    typo_candidates,
)

__all__ = [
    "ExpandedQuery",
    "SearchFilters",
    "SearchTerms",
    "count_matches",
    "expand_terms",
    "index_tables",
    "rank_codes",
    "reindex_fiches",
    "reindex_publiques",
    "suggest_words",
]

_BACKENDS: dict[tuple[str, str], SearchBackend] = {
    (dialect, portee.prefix): factory(portee.prefix)
    for portee in PORTEES
    for dialect, factory in (("sqlite", Fts5Backend), ("postgresql", TrigramBackend))
}


def _backend(dialect: str, portee: Portee = TRAVAIL) -> SearchBackend:
    try:
        return _BACKENDS[(dialect, portee.prefix)]
    except KeyError:
        raise ConfigurationError(
            f"La recherche n'est disponible que sur SQLite et PostgreSQL (base : {dialect})."
        ) from None


def _session_backend(session: Session, portee: Portee) -> SearchBackend:
    return _backend(session.get_bind().dialect.name, portee)


def index_tables(dialect: str) -> tuple[str, ...]:
    """The tables holding index data on ``dialect`` (both indexes): to empty with the fiches."""
    return tuple(table for portee in PORTEES for table in _backend(dialect, portee).tables)


def _remplacer(terms: SearchTerms, formes: Mapping[str, tuple[str, ...]]) -> SearchTerms:
    return SearchTerms(tuple(x for w in terms.words for x in formes.get(w, (w,))))


def _singuliers(backend: SearchBackend, session: Session, terms: SearchTerms) -> SearchTerms:
    """Plural query words replaced by their singular when it starts an indexed word (it
    still matches the plural as a prefix): "soins infirmiers" finds "infirmier"."""
    singuliers = {w: singulier(w) for w in terms.required if singulier(w) != w}
    if not singuliers:
        return terms
    connus = backend.known_prefixes(session, list(set(singuliers.values())))
    return _remplacer(terms, {w: (s,) for w, s in singuliers.items() if s in connus})


def _coupes(
    backend: SearchBackend, session: Session, words: Sequence[str]
) -> dict[str, tuple[str, str]]:
    """Words written as one that the index holds as two ("webdesigner" → "web designer"):
    the cut with the longest first part whose two parts start indexed words."""
    candidats = {w: coupes_possibles(w) for w in words}
    parts = sorted({part for coupes in candidats.values() for coupe in coupes for part in coupe})
    if not parts:
        return {}
    connus = backend.known_prefixes(session, parts)
    trouvees = {}
    for word, coupes in candidats.items():
        bonne = next((c for c in coupes if c[0] in connus and c[1] in connus), None)
        if bonne is not None:
            trouvees[word] = bonne
    return trouvees


def _jointures(
    backend: SearchBackend, session: Session, terms: SearchTerms, seuls: Collection[str]
) -> tuple[SearchTerms, set[str]]:
    """Words the reader split that the index holds as one ("ortho phoniste" →
    "orthophoniste"): each of ``seuls`` (found nowhere) joined to the word before it, when
    that is not a function word and the joined word starts an indexed word. (Joining it to
    the word after would never help: a word found nowhere starts no indexed word, so
    neither does anything it starts.) The terms with the joined words, and those words."""
    mots = terms.words
    candidats = {
        i: mots[i - 1] + mot
        for i, mot in enumerate(mots)
        if i > 0 and mot in seuls and mots[i - 1] not in STOP_WORDS
    }
    if not candidats:
        return terms, set()
    connus = backend.known_prefixes(session, sorted(set(candidats.values())))
    joints = {i: j for i, j in candidats.items() if j in connus}
    # "a b c" with "b" and "c" found nowhere: "ab" only ("b" is consumed)
    for i in sorted(joints):
        if i - 1 in joints:
            del joints[i]
    if not joints:
        return terms, set()
    gardes: list[str] = []
    for i, mot in enumerate(mots):
        if i in joints:
            gardes[-1] = joints[i]
        else:
            gardes.append(mot)
    return SearchTerms(tuple(gardes)), set(joints.values())


def expand_terms(
    *,
    session: Session,
    terms: SearchTerms,
    filters: SearchFilters | None = None,
    mots_complets: bool = True,
) -> ExpandedQuery:
    """``terms`` with the long forms of short ones (``formes_courtes``) and corrections for
    the other required words that start no indexed word (of the index ``filters``
    designates: the public one never corrects towards a draft's words): one edit away, or
    two for a long word when one finds nothing.

    When the words are complete (a search, not a query being typed: ``mots_complets``),
    plural words are also read as their singular, the synonyms of ``formes_courtes`` are
    accepted, a word found nowhere even one edit away is joined to the word before it when
    the joined word starts an indexed one ("ortho phoniste"), a word still found nowhere is
    read as two indexed words written as one, and a long word that only starts indexed
    words (never one of them in full) also accepts the indexed words one edit away
    ("jardiner" → "jardinier").
    """
    backend = _session_backend(session, (filters or SearchFilters()).portee)
    tapes = set(terms.required)
    if mots_complets:
        terms = _singuliers(backend, session, terms)
    longues = {
        w: formes_longues(w, mots_complets=mots_complets)
        for w in terms.required
        if formes_longues(w, mots_complets=mots_complets)
    }
    known = backend.known_prefixes(session, terms.required)
    unknown = [w for w in typo_candidates(terms, known) if w not in longues]
    found = backend.neighbours(session, unknown) if unknown else {}
    seuls = [w for w in unknown if not found.get(w)]
    if seuls and mots_complets:
        terms, jointes = _jointures(backend, session, terms, seuls)
        if jointes:
            known |= jointes
            unknown = [w for w in unknown if w in terms.words]
    longs = [w for w in unknown if not found.get(w) and len(w) >= TYPO2_MIN_LENGTH]
    if longs:
        found |= backend.neighbours(session, longs, max_edits=2)
    sans = [w for w in unknown if not found.get(w)]
    if sans and mots_complets:
        coupes = _coupes(backend, session, sans)
        if coupes:
            terms = _remplacer(terms, coupes)
            known |= {part for coupe in coupes.values() for part in coupe}
    if mots_complets:
        partiels = [w for w in terms.required if w in known and len(w) >= PARTIEL_MIN_LENGTH]
        # as typed (a singular made from a plural is not a complete word the reader wrote)
        partiels = [w for w in partiels if w in tapes and w not in longues]
        entiers = backend.known_words(session, partiels) if partiels else set()
        a_completer = [w for w in partiels if w not in entiers]
        if a_completer:
            found |= backend.neighbours(session, a_completer)
    alternatives = longues | {word: hits for word, hits in found.items() if hits}
    missing = {w for w in terms.required if w not in known and w not in alternatives}
    return ExpandedQuery(terms, alternatives, frozenset(missing))


def suggest_words(
    *, session: Session, words: Sequence[str], filters: SearchFilters
) -> dict[str, str]:
    """For each of ``words``, the closest word two edits away at most of the index
    ``filters`` designates, if any."""
    found = _session_backend(session, filters.portee).neighbours(session, words, max_edits=2)
    return {word: hits[0] for word, hits in found.items() if hits}


def count_matches(*, session: Session, query: ExpandedQuery, filters: SearchFilters) -> int:
    """How many fiches hold every required word (or a correction of it)."""
    matches = _session_backend(session, filters.portee).matches(query)
    return session.scalar(counted(matches, filters)) or 0


def rank_codes(
    *, session: Session, query: ExpandedQuery, filters: SearchFilters, limit: int, offset: int
) -> list[str]:
    """One page of the matching codes, best first (see ``ranking``)."""
    matches = _session_backend(session, filters.portee).matches(query)
    statement = ranked(query, matches, filters).limit(limit).offset(offset)
    return list(session.scalars(statement))


def _wanted(codes: Collection[str] | None) -> list[str] | None:
    return None if codes is None else sorted(set(codes))


def _write(
    session: Session, portee: Portee, documents: list[IndexDocument], wanted: Sequence[str] | None
) -> None:
    forms = portee.forms
    if wanted is None:
        session.execute(delete(forms))
    else:
        session.execute(delete(forms).where(forms.c.code_rome.in_(wanted)))
    rows = form_rows(documents)
    if rows:
        session.execute(insert(forms), rows)
    _session_backend(session, portee).write(session, documents, wanted)


def reindex_fiches(session: Session, *, codes: Collection[str] | None = None) -> None:
    """Rebuild the working-copy index entries of ``codes`` (every fiche when None).

    Codes whose fiche no longer exists lose their entries. Call it in the transaction
    that changed names, appellations or the short description.
    """
    wanted = _wanted(codes)
    if wanted == []:
        return
    documents = with_peu_usites(
        session, [document(row) for row in session.execute(source_rows(wanted))]
    )
    _write(session, TRAVAIL, documents, wanted)


def reindex_publiques(session: Session, *, codes: Collection[str] | None = None) -> None:
    """Rebuild the public index entries of ``codes`` (every published fiche when None) from
    the public read model: only ``services.fiches.publication`` calls it."""
    wanted = _wanted(codes)
    if wanted == []:
        return
    documents = with_peu_usites(session, public_documents(session, wanted))
    _write(session, PUBLIQUE, documents, wanted)
