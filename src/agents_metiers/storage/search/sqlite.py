"""SQLite: an FTS5 table (``unicode61 remove_diacritics 2``) and its fts5vocab view.

``search_fiches`` has one column per field so that column filters tell where the words
are and bm25 weighs them (code 10, names 5, appellations 2, short description 1).
``search_terms`` copies the vocabulary of the index (read through the fts5vocab table
``search_vocab``, too slow to scan at each query): typo corrections are the words of
about the same length one edit away, found with rapidfuzz.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Boolean, Float, String, Subquery, text
from sqlalchemy.orm import Session

from agents_metiers.storage.search.documents import IndexDocument
from agents_metiers.storage.search.terms import LAST_CHAR, ExpandedQuery, corrections, form

_MATCHES = text(
    """
    SELECT code_rome, bm25(search_fiches, 0, 10, 5, 2, 1) AS score,
        rowid IN (SELECT rowid FROM search_fiches WHERE search_fiches MATCH :fts_names)
            AS in_names,
        rowid IN (SELECT rowid FROM search_fiches WHERE search_fiches MATCH :fts_appellations)
            AS in_appellations
    FROM search_fiches
    WHERE search_fiches MATCH :fts_every
    """
).columns(code_rome=String, score=Float, in_names=Boolean, in_appellations=Boolean)

_PREFIX_EXISTS = text("SELECT 1 FROM search_terms WHERE term >= :low AND term < :high LIMIT 1")
_SAME_LENGTH = text(
    "SELECT term FROM search_terms WHERE length(term) BETWEEN :shortest AND :longest"
)
_DELETE_ALL = text("DELETE FROM search_fiches")
# By rowid, found through the indexed ``code`` column: a filter on the UNINDEXED ``code_rome``
# would scan the whole table.
_DELETE_CODE = text(
    "DELETE FROM search_fiches WHERE rowid IN "
    "(SELECT rowid FROM search_fiches WHERE search_fiches MATCH :match)"
)
_ADD_TERM = text("INSERT OR IGNORE INTO search_terms (term) VALUES (:term)")
_OLD_TEXTS = text(
    "SELECT code, noms, appellations, texte FROM search_fiches WHERE search_fiches MATCH :match"
)
_STILL_USED = text("SELECT 1 FROM search_fiches WHERE search_fiches MATCH :match LIMIT 1")
_DROP_TERM = text("DELETE FROM search_terms WHERE term = :term")
_INSERT = text(
    "INSERT INTO search_fiches (code_rome, code, noms, appellations, texte) "
    "VALUES (:code_rome, :code, :noms, :appellations, :texte)"
)
_OPTIMIZE = text("INSERT INTO search_fiches (search_fiches) VALUES ('optimize')")
_VOCABULARY = (
    text("DELETE FROM search_terms WHERE term NOT IN (SELECT term FROM search_vocab)"),
    text("INSERT OR IGNORE INTO search_terms (term) SELECT term FROM search_vocab"),
)


def _phrase(word: str) -> str:
    """``word`` as an FTS5 string: never read as an operator, whatever it holds."""
    return '"' + word.replace('"', '""') + '"'


def match_expression(query: ExpandedQuery) -> str:
    """Every required word (as a prefix, or one of its corrections), ANDed."""
    groups = []
    for word in query.terms.required:
        options = [_phrase(word) + "*", *map(_phrase, query.alternatives(word))]
        groups.append("(" + " OR ".join(options) + ")")
    return " AND ".join(groups)


class Fts5Backend:
    tables: tuple[str, ...] = ("search_fiches", "search_forms", "search_terms")

    def known_prefixes(self, session: Session, words: Sequence[str]) -> set[str]:
        return {
            word
            for word in words
            if session.execute(_PREFIX_EXISTS, {"low": word, "high": word + LAST_CHAR}).first()
        }

    def neighbours(
        self, session: Session, words: Sequence[str], max_edits: int = 1
    ) -> dict[str, tuple[str, ...]]:
        lengths = {
            "shortest": min(map(len, words)) - max_edits,
            "longest": max(map(len, words)) + max_edits,
        }
        vocabulary = list(session.scalars(_SAME_LENGTH, lengths))
        return {word: corrections(word, vocabulary, max_edits) for word in words}

    def matches(self, query: ExpandedQuery) -> Subquery:
        every = match_expression(query)
        return _MATCHES.bindparams(
            fts_every=every,
            fts_names=f"{{noms}} : ({every})",
            fts_appellations=f"{{appellations}} : ({every})",
        ).subquery("matches")

    def write(
        self, session: Session, documents: Sequence[IndexDocument], codes: Sequence[str] | None
    ) -> None:
        if codes is None:
            session.execute(_DELETE_ALL)
            if documents:
                session.execute(_INSERT, [_row(d) for d in documents])
            session.execute(_OPTIMIZE)
            for statement in _VOCABULARY:
                session.execute(statement)
            return
        matches = [{"match": f'code : "{form(code)}"'} for code in codes]
        before = {
            word
            for match in matches
            for texts in session.execute(_OLD_TEXTS, match)
            for text_ in texts
            for word in text_.split()
        }
        if matches:
            session.execute(_DELETE_CODE, matches)
        if documents:
            session.execute(_INSERT, [_row(d) for d in documents])
        # The vocabulary (for typo correction) follows without a rescan: the new words are
        # added, and each word the rewritten fiches no longer use is dropped if no other
        # fiche has it (one indexed lookup per word).
        after = {word for d in documents for text_ in _texts(d) for word in text_.split()}
        if after:
            session.execute(_ADD_TERM, [{"term": word} for word in sorted(after)])
        for word in sorted(before - after):
            if session.execute(_STILL_USED, {"match": _phrase(word)}).first() is None:
                session.execute(_DROP_TERM, {"term": word})


def _texts(document: IndexDocument) -> tuple[str, ...]:
    return (document.code, *document.noms, *document.toutes_appellations, document.texte)


def _row(document: IndexDocument) -> dict[str, str]:
    return {
        "code_rome": document.code_rome,
        "code": document.code,
        "noms": " ; ".join(document.noms),
        "appellations": " ; ".join(document.toutes_appellations),
        "texte": document.texte,
    }
