"""PostgreSQL: a weighted ``tsvector`` (GIN) for matching, ``pg_trgm`` for typos.

``search_fiches.document`` holds the normalised fields with weights A (code), B (names),
C (appellations), D (short description): weight labels in the query tell where the words
are and ``ts_rank`` weighs them. ``search_terms`` is the vocabulary of those documents,
with a GIN trigram index: a word found nowhere is compared, by trigram similarity, with
the indexed words, and those one edit away become its corrections.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import Boolean, Float, String, Subquery, text
from sqlalchemy.orm import Session

from agents_metiers.storage.search.documents import IndexDocument
from agents_metiers.storage.search.terms import LAST_CHAR, ExpandedQuery, corrections

# Low enough for one edit in a four-letter word ("chef" / "chf": 0.29); rapidfuzz then
# keeps the words really one edit away. Two edits ("did you mean") need a lower one.
TRIGRAM_THRESHOLDS = {1: "0.25", 2: "0.15"}

_MATCHES = text(
    """
    SELECT s.code_rome, -ts_rank(s.document, q.every) AS score,
        s.document @@ q.names AS in_names, s.document @@ q.appellations AS in_appellations
    FROM search_fiches AS s,
        (SELECT to_tsquery('simple', :ts_every) AS every,
            to_tsquery('simple', :ts_names) AS names,
            to_tsquery('simple', :ts_appellations) AS appellations) AS q
    WHERE s.document @@ q.every
    """
).columns(code_rome=String, score=Float, in_names=Boolean, in_appellations=Boolean)

_KNOWN = text(
    "SELECT w FROM unnest(CAST(:words AS text[])) AS w WHERE EXISTS "
    "(SELECT 1 FROM search_terms WHERE term >= w AND term < w || :last)"
)
_THRESHOLD = text("SELECT set_config('pg_trgm.similarity_threshold', :threshold, true)")
_SIMILAR = text(
    "SELECT w, term FROM unnest(CAST(:words AS text[])) AS w JOIN search_terms ON term % w"
)
_DELETE_ALL = text("DELETE FROM search_fiches")
_DELETE_CODES = text("DELETE FROM search_fiches WHERE code_rome = ANY(CAST(:codes AS text[]))")
_INSERT = text(
    """
    INSERT INTO search_fiches (code_rome, document)
    SELECT code_rome,
        setweight(to_tsvector('simple', code), 'A')
        || setweight(to_tsvector('simple', noms), 'B')
        || setweight(to_tsvector('simple', appellations), 'C')
        || setweight(to_tsvector('simple', texte), 'D')
    FROM unnest(CAST(:code_rome AS text[]), CAST(:code AS text[]), CAST(:noms AS text[]),
        CAST(:appellations AS text[]), CAST(:texte AS text[]))
        AS d(code_rome, code, noms, appellations, texte)
    """
)
# The vocabulary follows the documents exactly: words gone are removed, new ones added.
_VOCABULARY = text(
    """
    WITH vocabulary AS (SELECT word FROM ts_stat('SELECT document FROM search_fiches')),
        gone AS (DELETE FROM search_terms WHERE term NOT IN (SELECT word FROM vocabulary))
    INSERT INTO search_terms (term) SELECT word FROM vocabulary ON CONFLICT DO NOTHING
    """
)
# A few fiches rewritten: the vocabulary follows without a rescan of every document. Their
# new words are added in a fixed order (concurrent writers take the same locks in the same
# order); the words they no longer use are dropped when no other document has them.
_OLD_TERMS = text(
    "SELECT DISTINCT t.lexeme FROM search_fiches, unnest(document) AS t "
    "WHERE code_rome = ANY(CAST(:codes AS text[]))"
)
_DROP_UNUSED = text(
    """
    DELETE FROM search_terms
    WHERE term = ANY(CAST(:terms AS text[])) AND NOT EXISTS (
        SELECT 1 FROM search_fiches WHERE document @@ to_tsquery('simple', quote_literal(term)))
    """
)
_ADD_TERMS = text(
    """
    INSERT INTO search_terms (term)
    SELECT DISTINCT t.lexeme FROM unnest(CAST(:texts AS text[])) AS d(x),
        unnest(to_tsvector('simple', d.x)) AS t
    ORDER BY t.lexeme
    ON CONFLICT DO NOTHING
    """
)
# Fresh statistics after a full rebuild, or the planner guesses and scans everything.
_ANALYZE = text("ANALYZE search_fiches, search_forms, search_terms")


def _lexeme(word: str, *, prefix: bool, weight: str) -> str:
    """``word`` as a quoted tsquery lexeme: never read as an operator, whatever it holds."""
    label = ("*" if prefix else "") + weight
    quoted = "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
    return f"{quoted}:{label}" if label else quoted


def tsquery(query: ExpandedQuery, weight: str = "") -> str:
    """Every required word (as a prefix, or one of its corrections), in ``weight`` if given."""
    groups = []
    for word in query.terms.required:
        options = [_lexeme(word, prefix=True, weight=weight)]
        options += [_lexeme(c, prefix=False, weight=weight) for c in query.alternatives(word)]
        groups.append("(" + " | ".join(options) + ")")
    return " & ".join(groups)


class TrigramBackend:
    tables: tuple[str, ...] = ("search_fiches", "search_forms", "search_terms")

    def known_prefixes(self, session: Session, words: Sequence[str]) -> set[str]:
        return set(session.scalars(_KNOWN, {"words": list(words), "last": LAST_CHAR}))

    def neighbours(
        self, session: Session, words: Sequence[str], max_edits: int = 1
    ) -> dict[str, tuple[str, ...]]:
        session.execute(_THRESHOLD, {"threshold": TRIGRAM_THRESHOLDS[max_edits]})
        similar: dict[str, list[str]] = defaultdict(list)
        for word, term in session.execute(_SIMILAR, {"words": list(words)}):
            similar[word].append(term)
        return {word: corrections(word, similar[word], max_edits) for word in words}

    def matches(self, query: ExpandedQuery) -> Subquery:
        return _MATCHES.bindparams(
            ts_every=tsquery(query),
            ts_names=tsquery(query, "B"),
            ts_appellations=tsquery(query, "C"),
        ).subquery("matches")

    def write(
        self, session: Session, documents: Sequence[IndexDocument], codes: Sequence[str] | None
    ) -> None:
        before: set[str] = set()
        if codes is None:
            session.execute(_DELETE_ALL)
        else:
            before = set(session.scalars(_OLD_TERMS, {"codes": list(codes)}))
            session.execute(_DELETE_CODES, {"codes": list(codes)})
        if documents:
            session.execute(_INSERT, _columns(documents))
        if codes is None:
            session.execute(_VOCABULARY)
            session.execute(_ANALYZE)
            return
        if documents:
            texts = [
                " ".join((d.code, *d.noms, *d.toutes_appellations, d.texte)) for d in documents
            ]
            session.execute(_ADD_TERMS, {"texts": texts})
        if before:
            session.execute(_DROP_UNUSED, {"terms": sorted(before)})


def _columns(documents: Sequence[IndexDocument]) -> dict[str, list[str]]:
    """The documents as parallel arrays: one INSERT for the whole batch."""
    return {
        "code_rome": [d.code_rome for d in documents],
        "code": [d.code for d in documents],
        "noms": [" ; ".join(d.noms) for d in documents],
        "appellations": [" ; ".join(d.toutes_appellations) for d in documents],
        "texte": [d.texte for d in documents],
    }
