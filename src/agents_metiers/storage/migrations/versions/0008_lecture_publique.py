"""lecture publique: the public read model and the public search index (issue 11)

Revision ID: 0008
Revises: 0014

Applied last despite its number: its backfill builds each published fiche's public form with
today's code, which reads the columns the migrations 0009–0014 add.
Create Date: 2026-12-03 13:00:00

``fiches_publiques``, ``publiques_appellations`` and ``publiques_items`` hold the published
content in queryable form; ``search_publique_*`` is a search index of the same shape as
``search_*`` (migration 0003), built from them. Fiches already published get both now.
See docs/lecture-publique.md.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from agents_metiers.services.fiches.publication import reconstruire_lecture_publique

revision = "0008"
down_revision = "0014"
branch_labels = None
depends_on = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

SQLITE_UPGRADE = (
    "CREATE VIRTUAL TABLE search_publique_fiches USING fts5("
    "code_rome UNINDEXED, code, noms, appellations, texte, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
    "CREATE VIRTUAL TABLE search_publique_vocab USING fts5vocab(search_publique_fiches, 'row')",
    "CREATE TABLE search_publique_terms (term TEXT PRIMARY KEY) WITHOUT ROWID",
    "CREATE TABLE search_publique_forms (code_rome VARCHAR(5) NOT NULL, rang INTEGER NOT NULL, "
    "form TEXT NOT NULL)",
    "CREATE INDEX ix_search_publique_forms_form ON search_publique_forms (form, rang, code_rome)",
    "CREATE INDEX ix_search_publique_forms_code_rome ON search_publique_forms (code_rome)",
)
SQLITE_DOWNGRADE = (
    "DROP TABLE search_publique_forms",
    "DROP TABLE search_publique_terms",
    "DROP TABLE search_publique_vocab",
    "DROP TABLE search_publique_fiches",
)
POSTGRESQL_UPGRADE = (
    "CREATE TABLE search_publique_fiches (code_rome VARCHAR(5) PRIMARY KEY, "
    "document tsvector NOT NULL)",
    "CREATE INDEX ix_search_publique_fiches_document ON search_publique_fiches "
    "USING gin (document) WITH (fastupdate = off)",
    'CREATE TABLE search_publique_terms (term TEXT COLLATE "C" PRIMARY KEY)',
    "CREATE INDEX ix_search_publique_terms_trgm ON search_publique_terms "
    "USING gin (term gin_trgm_ops) WITH (fastupdate = off)",
    "CREATE TABLE search_publique_forms (code_rome VARCHAR(5) NOT NULL, rang SMALLINT NOT NULL, "
    'form TEXT COLLATE "C" NOT NULL)',
    "CREATE INDEX ix_search_publique_forms_form ON search_publique_forms (form, rang, code_rome)",
    "CREATE INDEX ix_search_publique_forms_code_rome ON search_publique_forms (code_rome)",
)
POSTGRESQL_DOWNGRADE = (
    "DROP TABLE search_publique_forms",
    "DROP TABLE search_publique_terms",
    "DROP TABLE search_publique_fiches",
)
STATEMENTS = {
    "sqlite": (SQLITE_UPGRADE, SQLITE_DOWNGRADE),
    "postgresql": (POSTGRESQL_UPGRADE, POSTGRESQL_DOWNGRADE),
}


def _fk_fiche(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["code_rome"],
        ["fiches_publiques.code_rome"],
        name=op.f(f"fk_{table}_code_rome_fiches_publiques"),
        ondelete="CASCADE",
    )


def _create_tables() -> None:
    op.create_table(
        "fiches_publiques",
        sa.Column("code_rome", sa.String(length=5), nullable=False),
        sa.Column("version_publiee", sa.Integer(), nullable=False),
        sa.Column("date_publication", sa.DateTime(timezone=True), nullable=False),
        sa.Column("nom_masculin", sa.String(length=255), nullable=False),
        sa.Column("nom_feminin", sa.String(length=255), nullable=False),
        sa.Column("nom_epicene", sa.String(length=255), nullable=False),
        sa.Column("description_courte", sa.String(length=500), nullable=True),
        sa.Column("code_grand_domaine", sa.String(length=1), nullable=True),
        sa.Column("grand_domaine", sa.String(length=255), nullable=True),
        sa.Column("code_domaine", sa.String(length=3), nullable=True),
        sa.Column("domaine", sa.String(length=255), nullable=True),
        sa.Column("riasec_majeur", sa.String(length=1), nullable=True),
        sa.Column("riasec_mineur", sa.String(length=1), nullable=True),
        sa.Column("transition_eco", sa.String(length=100), nullable=True),
        sa.Column("transition_num", sa.Boolean(), nullable=False),
        sa.Column("transition_demo", sa.Boolean(), nullable=False),
        sa.Column("emploi_cadre", sa.Boolean(), nullable=False),
        sa.Column("emploi_reglemente", sa.Boolean(), nullable=False),
        sa.Column("resume", JSON_TYPE, nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("etag", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["code_rome"],
            ["fiches.code_rome"],
            name=op.f("fk_fiches_publiques_code_rome_fiches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("code_rome", name=op.f("pk_fiches_publiques")),
    )
    for column in ("nom_epicene", "code_grand_domaine", "code_domaine", "riasec_majeur"):
        op.create_index(op.f(f"ix_fiches_publiques_{column}"), "fiches_publiques", [column])
    op.create_table(
        "publiques_appellations",
        sa.Column("code_rome", sa.String(length=5), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code_ogr", sa.String(length=20), nullable=True),
        sa.Column("libelle", sa.Text(), nullable=False),
        sa.Column("nom_masculin", sa.Text(), nullable=True),
        sa.Column("nom_feminin", sa.Text(), nullable=True),
        sa.Column("nom_epicene", sa.Text(), nullable=True),
        sa.Column("principale", sa.Boolean(), nullable=False),
        _fk_fiche("publiques_appellations"),
        sa.PrimaryKeyConstraint("code_rome", "position", name=op.f("pk_publiques_appellations")),
    )
    op.create_table(
        "publiques_items",
        sa.Column("code_rome", sa.String(length=5), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=True),
        sa.Column("libelle", sa.Text(), nullable=False),
        sa.Column("principal", sa.Boolean(), nullable=True),
        _fk_fiche("publiques_items"),
        sa.PrimaryKeyConstraint("code_rome", "kind", "position", name=op.f("pk_publiques_items")),
    )
    op.create_index("ix_publiques_items_kind_code", "publiques_items", ["kind", "code"])


def upgrade() -> None:
    connection = op.get_bind()
    _create_tables()
    for statement in STATEMENTS[connection.dialect.name][0]:
        op.execute(statement)
    with Session(bind=connection) as session:
        reconstruire_lecture_publique(session)


def downgrade() -> None:
    for statement in STATEMENTS[op.get_bind().dialect.name][1]:
        op.execute(statement)
    op.drop_index("ix_publiques_items_kind_code", table_name="publiques_items")
    op.drop_table("publiques_items")
    op.drop_table("publiques_appellations")
    for column in ("nom_epicene", "code_grand_domaine", "code_domaine", "riasec_majeur"):
        op.drop_index(op.f(f"ix_fiches_publiques_{column}"), table_name="fiches_publiques")
    op.drop_table("fiches_publiques")
