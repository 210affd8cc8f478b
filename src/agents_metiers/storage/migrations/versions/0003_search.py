"""search: index tables (SQLite FTS5; PostgreSQL tsvector, pg_trgm, unaccent)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 10:00:00

The ``search_*`` objects are not in ``Base.metadata``: ``storage.db.compared_with_metadata``
leaves them out of the schema comparison. See docs/search.md.
"""

from __future__ import annotations

from alembic import op
from sqlalchemy.orm import Session

from agents_metiers.storage.search import reindex_fiches

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SQLITE_UPGRADE = (
    "CREATE VIRTUAL TABLE search_fiches USING fts5("
    "code_rome UNINDEXED, code, noms, appellations, texte, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
    "CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fiches, 'row')",
    "CREATE TABLE search_terms (term TEXT PRIMARY KEY) WITHOUT ROWID",
    "CREATE TABLE search_forms (code_rome VARCHAR(5) NOT NULL, rang INTEGER NOT NULL, "
    "form TEXT NOT NULL)",
    "CREATE INDEX ix_search_forms_form ON search_forms (form, rang, code_rome)",
    "CREATE INDEX ix_search_forms_code_rome ON search_forms (code_rome)",
)
SQLITE_DOWNGRADE = (
    "DROP TABLE search_forms",
    "DROP TABLE search_terms",
    "DROP TABLE search_vocab",
    "DROP TABLE search_fiches",
)

# GIN indexes without ``fastupdate``: a rebuilt index would otherwise sit in the pending
# list, scanned linearly by every query until the next vacuum (15 ms instead of 0.4 ms).
POSTGRESQL_UPGRADE = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TABLE search_fiches (code_rome VARCHAR(5) PRIMARY KEY, document tsvector NOT NULL)",
    "CREATE INDEX ix_search_fiches_document ON search_fiches USING gin (document) "
    "WITH (fastupdate = off)",
    'CREATE TABLE search_terms (term TEXT COLLATE "C" PRIMARY KEY)',
    "CREATE INDEX ix_search_terms_trgm ON search_terms USING gin (term gin_trgm_ops) "
    "WITH (fastupdate = off)",
    "CREATE TABLE search_forms (code_rome VARCHAR(5) NOT NULL, rang SMALLINT NOT NULL, "
    'form TEXT COLLATE "C" NOT NULL)',
    "CREATE INDEX ix_search_forms_form ON search_forms (form, rang, code_rome)",
    "CREATE INDEX ix_search_forms_code_rome ON search_forms (code_rome)",
)
# The extensions stay: other objects of the database may use them.
POSTGRESQL_DOWNGRADE = (
    "DROP TABLE search_forms",
    "DROP TABLE search_terms",
    "DROP TABLE search_fiches",
)

STATEMENTS = {
    "sqlite": (SQLITE_UPGRADE, SQLITE_DOWNGRADE),
    "postgresql": (POSTGRESQL_UPGRADE, POSTGRESQL_DOWNGRADE),
}


def upgrade() -> None:
    connection = op.get_bind()
    for statement in STATEMENTS[connection.dialect.name][0]:
        op.execute(statement)
    # Databases that already hold fiches get their index now. The function reads only
    # columns that exist at this revision (names, appellations, short description).
    with Session(bind=connection) as session:
        reindex_fiches(session)


def downgrade() -> None:
    for statement in STATEMENTS[op.get_bind().dialect.name][1]:
        op.execute(statement)
