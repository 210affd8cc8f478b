"""SQLite: an FTS5 table (``unicode61 remove_diacritics 2``) and its fts5vocab view.

``search_fiches`` has one column per field so that column filters tell where the words
are and bm25 weighs them (code 10, names 5, appellations 2, short description 1).
``search_terms`` copies the vocabulary of the index (read through the fts5vocab table
``search_vocab``, too slow to scan at each query): typo corrections are the words of
about the same length one edit away, found with rapidfuzz.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Boolean, Float, String, Subquery, TextClause, text
from sqlalchemy.orm import Session

from agents_metiers.storage.search.documents import IndexDocument
from agents_metiers.storage.search.terms import LAST_CHAR, ExpandedQuery, corrections, form

# SQL templates: ``{p}`` is the prefix of the index's tables (``search`` for the working
# copies, ``search_publique`` for the published content; see ``portee``).
_MATCHES = """
    SELECT code_rome, bm25({p}_fiches, 0, 10, 5, 2, 1) AS score,
        rowid IN (SELECT rowid FROM {p}_fiches WHERE {p}_fiches MATCH :fts_names)
            AS in_names,
        rowid IN (SELECT rowid FROM {p}_fiches WHERE {p}_fiches MATCH :fts_appellations)
            AS in_appellations
    FROM {p}_fiches
    WHERE {p}_fiches MATCH :fts_every
    """
_PREFIX_EXISTS = "SELECT 1 FROM {p}_terms WHERE term >= :low AND term < :high LIMIT 1"
_WORD_EXISTS = "SELECT 1 FROM {p}_terms WHERE term = :word"
_SAME_LENGTH = "SELECT term FROM {p}_terms WHERE length(term) BETWEEN :shortest AND :longest"
_DELETE_ALL = "DELETE FROM {p}_fiches"
# By rowid, found through the indexed ``code`` column: a filter on the UNINDEXED ``code_rome``
# would scan the whole table.
_DELETE_CODE = (
    "DELETE FROM {p}_fiches WHERE rowid IN "
    "(SELECT rowid FROM {p}_fiches WHERE {p}_fiches MATCH :match)"
)
_ADD_TERM = "INSERT OR IGNORE INTO {p}_terms (term) VALUES (:term)"
_OLD_TEXTS = "SELECT code, noms, appellations, texte FROM {p}_fiches WHERE {p}_fiches MATCH :match"
_STILL_USED = "SELECT 1 FROM {p}_fiches WHERE {p}_fiches MATCH :match LIMIT 1"
_DROP_TERM = "DELETE FROM {p}_terms WHERE term = :term"
_INSERT = (
    "INSERT INTO {p}_fiches (code_rome, code, noms, appellations, texte) "
    "VALUES (:code_rome, :code, :noms, :appellations, :texte)"
)
_OPTIMIZE = "INSERT INTO {p}_fiches ({p}_fiches) VALUES ('optimize')"
_VOCABULARY = (
    "DELETE FROM {p}_terms WHERE term NOT IN (SELECT term FROM {p}_vocab)",
    "INSERT OR IGNORE INTO {p}_terms (term) SELECT term FROM {p}_vocab",
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
    def __init__(self, prefix: str = "search") -> None:
        self.tables: tuple[str, ...] = (f"{prefix}_fiches", f"{prefix}_forms", f"{prefix}_terms")

        def sql(template: str) -> TextClause:
            return text(template.format(p=prefix))

        self._matches = sql(_MATCHES).columns(
            code_rome=String, score=Float, in_names=Boolean, in_appellations=Boolean
        )
        self._prefix_exists = sql(_PREFIX_EXISTS)
        self._same_length = sql(_SAME_LENGTH)
        self._word_exists = sql(_WORD_EXISTS)
        self._delete_all = sql(_DELETE_ALL)
        self._delete_code = sql(_DELETE_CODE)
        self._add_term = sql(_ADD_TERM)
        self._old_texts = sql(_OLD_TEXTS)
        self._still_used = sql(_STILL_USED)
        self._drop_term = sql(_DROP_TERM)
        self._insert = sql(_INSERT)
        self._optimize = sql(_OPTIMIZE)
        self._vocabulary = tuple(map(sql, _VOCABULARY))

    def known_prefixes(self, session: Session, words: Sequence[str]) -> set[str]:
        return {
            word
            for word in words
            if session.execute(self._prefix_exists, {"low": word, "high": word + LAST_CHAR}).first()
        }

    def known_words(self, session: Session, words: Sequence[str]) -> set[str]:
        return {w for w in words if session.execute(self._word_exists, {"word": w}).first()}

    def neighbours(
        self, session: Session, words: Sequence[str], max_edits: int = 1
    ) -> dict[str, tuple[str, ...]]:
        lengths = {
            "shortest": min(map(len, words)) - max_edits,
            "longest": max(map(len, words)) + max_edits,
        }
        vocabulary = list(session.scalars(self._same_length, lengths))
        return {word: corrections(word, vocabulary, max_edits) for word in words}

    def matches(self, query: ExpandedQuery) -> Subquery:
        every = match_expression(query)
        return self._matches.bindparams(
            fts_every=every,
            fts_names=f"{{noms}} : ({every})",
            fts_appellations=f"{{appellations}} : ({every})",
        ).subquery("matches")

    def write(
        self, session: Session, documents: Sequence[IndexDocument], codes: Sequence[str] | None
    ) -> None:
        if codes is None:
            session.execute(self._delete_all)
            if documents:
                session.execute(self._insert, [_row(d) for d in documents])
            session.execute(self._optimize)
            for statement in self._vocabulary:
                session.execute(statement)
            return
        matches = [{"match": f'code : "{form(code)}"'} for code in codes]
        before = {
            word
            for match in matches
            for texts in session.execute(self._old_texts, match)
            for text_ in texts
            for word in text_.split()
        }
        if matches:
            session.execute(self._delete_code, matches)
        if documents:
            session.execute(self._insert, [_row(d) for d in documents])
        # The vocabulary (for typo correction) follows without a rescan: the new words are
        # added, and each word the rewritten fiches no longer use is dropped if no other
        # fiche has it (one indexed lookup per word).
        after = {word for d in documents for text_ in _texts(d) for word in text_.split()}
        if after:
            session.execute(self._add_term, [{"term": word} for word in sorted(after)])
        for word in sorted(before - after):
            if session.execute(self._still_used, {"match": _phrase(word)}).first() is None:
                session.execute(self._drop_term, {"term": word})


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
