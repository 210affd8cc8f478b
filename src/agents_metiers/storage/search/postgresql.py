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

from sqlalchemy import Boolean, Float, String, Subquery, TextClause, text
from sqlalchemy.orm import Session

from agents_metiers.storage.search.documents import IndexDocument
from agents_metiers.storage.search.terms import LAST_CHAR, ExpandedQuery, corrections

# Low enough for one edit in a four-letter word ("chef" / "chf": 0.29); rapidfuzz then
# keeps the words really one edit away. Two edits ("did you mean") need a lower one.
TRIGRAM_THRESHOLDS = {1: "0.25", 2: "0.15"}

# SQL templates: ``{p}`` is the prefix of the index's tables (``search`` for the working
# copies, ``search_publique`` for the published content; see ``portee``).
_MATCHES = """
    SELECT s.code_rome, -ts_rank(s.document, q.every) AS score,
        s.document @@ q.names AS in_names, s.document @@ q.appellations AS in_appellations
    FROM {p}_fiches AS s,
        (SELECT to_tsquery('simple', :ts_every) AS every,
            to_tsquery('simple', :ts_names) AS names,
            to_tsquery('simple', :ts_appellations) AS appellations) AS q
    WHERE s.document @@ q.every
    """

_KNOWN = (
    "SELECT w FROM unnest(CAST(:words AS text[])) AS w WHERE EXISTS "
    "(SELECT 1 FROM {p}_terms WHERE term >= w AND term < w || :last)"
)
_WORDS = "SELECT term FROM {p}_terms WHERE term = ANY(CAST(:words AS text[]))"
_THRESHOLD = "SELECT set_config('pg_trgm.similarity_threshold', :threshold, true)"
_SIMILAR = "SELECT w, term FROM unnest(CAST(:words AS text[])) AS w JOIN {p}_terms ON term % w"
_DELETE_ALL = "DELETE FROM {p}_fiches"
_DELETE_CODES = "DELETE FROM {p}_fiches WHERE code_rome = ANY(CAST(:codes AS text[]))"
_INSERT = """
    INSERT INTO {p}_fiches (code_rome, document)
    SELECT code_rome,
        setweight(to_tsvector('simple', code), 'A')
        || setweight(to_tsvector('simple', noms), 'B')
        || setweight(to_tsvector('simple', appellations), 'C')
        || setweight(to_tsvector('simple', texte), 'D')
    FROM unnest(CAST(:code_rome AS text[]), CAST(:code AS text[]), CAST(:noms AS text[]),
        CAST(:appellations AS text[]), CAST(:texte AS text[]))
        AS d(code_rome, code, noms, appellations, texte)
    """
# The vocabulary follows the documents exactly: words gone are removed, new ones added.
_VOCABULARY = """
    WITH vocabulary AS (SELECT word FROM ts_stat('SELECT document FROM {p}_fiches')),
        gone AS (DELETE FROM {p}_terms WHERE term NOT IN (SELECT word FROM vocabulary))
    INSERT INTO {p}_terms (term) SELECT word FROM vocabulary ON CONFLICT DO NOTHING
    """
# A few fiches rewritten: the vocabulary follows without a rescan of every document. Their
# new words are added in a fixed order (concurrent writers take the same locks in the same
# order); the words they no longer use are dropped when no other document has them.
_OLD_TERMS = (
    "SELECT DISTINCT t.lexeme FROM {p}_fiches, unnest(document) AS t "
    "WHERE code_rome = ANY(CAST(:codes AS text[]))"
)
_DROP_UNUSED = """
    DELETE FROM {p}_terms
    WHERE term = ANY(CAST(:terms AS text[])) AND NOT EXISTS (
        SELECT 1 FROM {p}_fiches WHERE document @@ to_tsquery('simple', quote_literal(term)))
    """
_ADD_TERMS = """
    INSERT INTO {p}_terms (term)
    SELECT DISTINCT t.lexeme FROM unnest(CAST(:texts AS text[])) AS d(x),
        unnest(to_tsvector('simple', d.x)) AS t
    ORDER BY t.lexeme
    ON CONFLICT DO NOTHING
    """
# Fresh statistics after a full rebuild, or the planner guesses and scans everything.
_ANALYZE = "ANALYZE {p}_fiches, {p}_forms, {p}_terms"


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
    def __init__(self, prefix: str = "search") -> None:
        self.tables: tuple[str, ...] = (f"{prefix}_fiches", f"{prefix}_forms", f"{prefix}_terms")

        def sql(template: str) -> TextClause:
            return text(template.format(p=prefix))

        self._matches = sql(_MATCHES).columns(
            code_rome=String, score=Float, in_names=Boolean, in_appellations=Boolean
        )
        self._known = sql(_KNOWN)
        self._words = sql(_WORDS)
        self._threshold = sql(_THRESHOLD)
        self._similar = sql(_SIMILAR)
        self._delete_all = sql(_DELETE_ALL)
        self._delete_codes = sql(_DELETE_CODES)
        self._insert = sql(_INSERT)
        self._vocabulary = sql(_VOCABULARY)
        self._old_terms = sql(_OLD_TERMS)
        self._drop_unused = sql(_DROP_UNUSED)
        self._add_terms = sql(_ADD_TERMS)
        self._analyze = sql(_ANALYZE)

    def known_prefixes(self, session: Session, words: Sequence[str]) -> set[str]:
        return set(session.scalars(self._known, {"words": list(words), "last": LAST_CHAR}))

    def known_words(self, session: Session, words: Sequence[str]) -> set[str]:
        return set(session.scalars(self._words, {"words": list(words)}))

    def neighbours(
        self, session: Session, words: Sequence[str], max_edits: int = 1
    ) -> dict[str, tuple[str, ...]]:
        session.execute(self._threshold, {"threshold": TRIGRAM_THRESHOLDS[max_edits]})
        similar: dict[str, list[str]] = defaultdict(list)
        for word, term in session.execute(self._similar, {"words": list(words)}):
            similar[word].append(term)
        return {word: corrections(word, similar[word], max_edits) for word in words}

    def matches(self, query: ExpandedQuery) -> Subquery:
        return self._matches.bindparams(
            ts_every=tsquery(query),
            ts_names=tsquery(query, "B"),
            ts_appellations=tsquery(query, "C"),
        ).subquery("matches")

    def write(
        self, session: Session, documents: Sequence[IndexDocument], codes: Sequence[str] | None
    ) -> None:
        before: set[str] = set()
        if codes is None:
            session.execute(self._delete_all)
        else:
            before = set(session.scalars(self._old_terms, {"codes": list(codes)}))
            session.execute(self._delete_codes, {"codes": list(codes)})
        if documents:
            session.execute(self._insert, _columns(documents))
        if codes is None:
            session.execute(self._vocabulary)
            session.execute(self._analyze)
            return
        if documents:
            texts = [
                " ".join((d.code, *d.noms, *d.toutes_appellations, d.texte)) for d in documents
            ]
            session.execute(self._add_terms, {"texts": texts})
        if before:
            session.execute(self._drop_unused, {"terms": sorted(before)})


def _columns(documents: Sequence[IndexDocument]) -> dict[str, list[str]]:
    """The documents as parallel arrays: one INSERT for the whole batch."""
    return {
        "code_rome": [d.code_rome for d in documents],
        "code": [d.code for d in documents],
        "noms": [" ; ".join(d.noms) for d in documents],
        "appellations": [" ; ".join(d.toutes_appellations) for d in documents],
        "texte": [d.texte for d in documents],
    }
