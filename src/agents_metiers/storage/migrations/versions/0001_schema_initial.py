"""schema initial

Revision ID: 0001
Revises:
Create Date: 2026-11-21 09:18:07.791778
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "fiches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_rome", sa.String(length=5), nullable=False),
        sa.Column("code_ogr", sa.String(length=20), nullable=True),
        sa.Column("rome_version", sa.Integer(), nullable=True),
        sa.Column("code_rome_parent", sa.String(length=5), nullable=True),
        sa.Column("nom_masculin", sa.String(length=255), nullable=False),
        sa.Column("nom_feminin", sa.String(length=255), nullable=False),
        sa.Column("nom_epicene", sa.String(length=255), nullable=False),
        sa.Column("appellations", JSON_TYPE, nullable=False),
        sa.Column("domaine_professionnel", JSON_TYPE, nullable=True),
        sa.Column("tags", JSON_TYPE, nullable=False),
        sa.Column("themes", JSON_TYPE, nullable=False),
        sa.Column("secteurs_activite", JSON_TYPE, nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("description_courte", sa.String(length=500), nullable=True),
        sa.Column("missions_principales", JSON_TYPE, nullable=False),
        sa.Column("acces_metier", sa.Text(), nullable=True),
        sa.Column("niveau_formation", sa.String(length=100), nullable=True),
        sa.Column("formations", JSON_TYPE, nullable=False),
        sa.Column("certifications", JSON_TYPE, nullable=False),
        sa.Column("competences", JSON_TYPE, nullable=False),
        sa.Column("competences_transversales", JSON_TYPE, nullable=False),
        sa.Column("savoirs", JSON_TYPE, nullable=False),
        sa.Column("profil_riasec", JSON_TYPE, nullable=True),
        sa.Column("competences_dimensions", JSON_TYPE, nullable=True),
        sa.Column("preferences_interets", JSON_TYPE, nullable=True),
        sa.Column("traits_personnalite", JSON_TYPE, nullable=False),
        sa.Column("aptitudes", JSON_TYPE, nullable=False),
        sa.Column("contextes_travail", JSON_TYPE, nullable=False),
        sa.Column("conditions_travail", JSON_TYPE, nullable=False),
        sa.Column("environnements", JSON_TYPE, nullable=False),
        sa.Column("conditions_travail_detaillees", JSON_TYPE, nullable=True),
        sa.Column("statuts_professionnels", JSON_TYPE, nullable=False),
        sa.Column("mobilite", JSON_TYPE, nullable=True),
        sa.Column("salaires", JSON_TYPE, nullable=True),
        sa.Column("perspectives", JSON_TYPE, nullable=True),
        sa.Column("types_contrats", JSON_TYPE, nullable=True),
        sa.Column("sites_utiles", JSON_TYPE, nullable=False),
        sa.Column("statut", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("date_creation", sa.DateTime(timezone=True), nullable=False),
        sa.Column("date_maj", sa.DateTime(timezone=True), nullable=False),
        sa.Column("auteur", sa.String(length=255), nullable=True),
        sa.Column("score_completude", sa.Integer(), nullable=False),
        sa.Column("validation_ia_score", sa.Integer(), nullable=True),
        sa.Column("validation_ia_date", sa.DateTime(timezone=True), nullable=True),
        sa.Column("validation_ia_details", JSON_TYPE, nullable=True),
        sa.Column("rome_update_pending", sa.Boolean(), nullable=False),
        sa.Column("provenance", JSON_TYPE, nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fiches")),
        sa.UniqueConstraint("code_rome", name=op.f("uq_fiches_code_rome")),
    )
    with op.batch_alter_table("fiches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fiches_nom_masculin"), ["nom_masculin"], unique=False)
        batch_op.create_index(batch_op.f("ix_fiches_statut"), ["statut"], unique=False)

    op.create_table(
        "rome_appellations",
        sa.Column("code_ogr", sa.String(length=20), nullable=False),
        sa.Column("code_rome", sa.String(length=5), nullable=False),
        sa.Column("libelle_long", sa.Text(), nullable=False),
        sa.Column("libelle_court", sa.Text(), nullable=False),
        sa.Column("nom_masculin", sa.Text(), nullable=False),
        sa.Column("nom_feminin", sa.Text(), nullable=False),
        sa.Column("nom_epicene", sa.Text(), nullable=False),
        sa.Column("classification", sa.String(length=20), nullable=False),
        sa.Column("peu_usite", sa.Boolean(), nullable=False),
        sa.Column("origine", sa.String(length=100), nullable=True),
        sa.Column("tags", JSON_TYPE, nullable=False),
        sa.PrimaryKeyConstraint("code_ogr", name=op.f("pk_rome_appellations")),
    )
    with op.batch_alter_table("rome_appellations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rome_appellations_code_rome"), ["code_rome"], unique=False
        )

    op.create_table(
        "rome_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_from", sa.Integer(), nullable=True),
        sa.Column("version_to", sa.Integer(), nullable=False),
        sa.Column("code_rome", sa.String(length=5), nullable=False),
        sa.Column("nom_metier", sa.String(length=255), nullable=False),
        sa.Column("change_type", sa.String(length=20), nullable=False),
        sa.Column("fields_changed", JSON_TYPE, nullable=False),
        sa.Column("details", JSON_TYPE, nullable=False),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviewed", sa.Boolean(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviewed_by", sa.String(length=255), nullable=True),
        sa.Column("review_action", sa.String(length=30), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rome_changes")),
    )
    with op.batch_alter_table("rome_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rome_changes_code_rome"), ["code_rome"], unique=False)

    op.create_table(
        "rome_fiches",
        sa.Column("code_rome", sa.String(length=5), nullable=False),
        sa.Column("code_ogr", sa.String(length=20), nullable=False),
        sa.Column("code_fiche_metier", sa.String(length=20), nullable=True),
        sa.Column("libelle", sa.String(length=255), nullable=False),
        sa.Column("code_rome_parent", sa.String(length=5), nullable=True),
        sa.Column("code_grand_domaine", sa.String(length=1), nullable=True),
        sa.Column("code_domaine", sa.String(length=3), nullable=True),
        sa.Column("riasec_majeur", sa.String(length=1), nullable=True),
        sa.Column("riasec_mineur", sa.String(length=1), nullable=True),
        sa.Column("tags", JSON_TYPE, nullable=False),
        sa.Column("definition", JSON_TYPE, nullable=False),
        sa.Column("acces", sa.Text(), nullable=False),
        sa.Column("rome_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code_rome", name=op.f("pk_rome_fiches")),
    )
    op.create_table(
        "rome_items",
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("libelle", sa.Text(), nullable=False),
        sa.Column("attributs", JSON_TYPE, nullable=False),
        sa.PrimaryKeyConstraint("kind", "code", name=op.f("pk_rome_items")),
    )
    op.create_table(
        "rome_liens",
        sa.Column("code_rome", sa.String(length=5), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("coeur_metier", sa.String(length=20), nullable=True),
        sa.Column("principal", sa.Boolean(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code_rome", "kind", "code", name=op.f("pk_rome_liens")),
    )
    op.create_table(
        "rome_mobilites",
        sa.Column("code_rome", sa.String(length=5), nullable=False),
        sa.Column("code_rome_cible", sa.String(length=5), nullable=False),
        sa.Column("ordre", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code_rome", "code_rome_cible", name=op.f("pk_rome_mobilites")),
    )
    op.create_table(
        "rome_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("numero", sa.Integer(), nullable=False),
        sa.Column("titre", sa.String(length=255), nullable=True),
        sa.Column("date_publication", sa.Date(), nullable=True),
        sa.Column("date_validation", sa.Date(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("nb_fiches", sa.Integer(), nullable=False),
        sa.Column("courante", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rome_versions")),
        sa.UniqueConstraint("numero", name=op.f("uq_rome_versions_numero")),
    )
    op.create_table(
        "source_cache",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("source", sa.String(length=50), nullable=False),
        sa.Column("payload", JSON_TYPE, nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_source_cache")),
    )
    with op.batch_alter_table("source_cache", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_source_cache_source"), ["source"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("timestamp", sa.DateTime(timezone=True), nullable=False),
        sa.Column("type_evenement", sa.String(length=50), nullable=False),
        sa.Column("code_rome", sa.String(length=5), nullable=True),
        sa.Column("agent", sa.String(length=255), nullable=False),
        sa.Column("acteur", sa.String(length=10), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("donnees_avant", JSON_TYPE, nullable=True),
        sa.Column("donnees_apres", JSON_TYPE, nullable=True),
        sa.Column("cout", JSON_TYPE, nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_audit_events_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_audit_events_code_rome_timestamp", ["code_rome", "timestamp"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_audit_events_timestamp"), ["timestamp"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_events_type_evenement"), ["type_evenement"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_audit_events_user_id"), ["user_id"], unique=False)

    op.create_table(
        "jobs",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("type", sa.String(length=50), nullable=False),
        sa.Column("statut", sa.String(length=20), nullable=False),
        sa.Column("params", JSON_TYPE, nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("results", JSON_TYPE, nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_jobs_created_by_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_jobs_statut"), ["statut"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_type"), ["type"], unique=False)

    op.create_table(
        "refresh_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("family", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_refresh_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refresh_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_refresh_tokens_token_hash")),
    )
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_refresh_tokens_family"), ["family"], unique=False)
        batch_op.create_index(batch_op.f("ix_refresh_tokens_user_id"), ["user_id"], unique=False)

    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_rome", sa.String(length=5), nullable=False),
        sa.Column("numero", sa.Integer(), nullable=False),
        sa.Column("statut", sa.String(length=20), nullable=False),
        sa.Column("contenu", JSON_TYPE, nullable=False),
        sa.Column("auteur", sa.String(length=255), nullable=False),
        sa.Column("motif", sa.Text(), nullable=False),
        sa.Column("publiee", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["code_rome"],
            ["fiches.code_rome"],
            name=op.f("fk_revisions_code_rome_fiches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revisions")),
        sa.UniqueConstraint("code_rome", "numero", name=op.f("uq_revisions_code_rome")),
    )
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_revisions_code_rome"), ["code_rome"], unique=False)

    op.create_table(
        "variantes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_rome", sa.String(length=5), nullable=False),
        sa.Column("langue", sa.String(length=2), nullable=False),
        sa.Column("tranche_age", sa.String(length=5), nullable=False),
        sa.Column("format_contenu", sa.String(length=10), nullable=False),
        sa.Column("genre", sa.String(length=10), nullable=False),
        sa.Column("nom", sa.String(length=255), nullable=False),
        sa.Column("contenu", JSON_TYPE, nullable=False),
        sa.Column("statut", sa.String(length=20), nullable=False),
        sa.Column("metriques_lisibilite", JSON_TYPE, nullable=True),
        sa.Column("fiche_version", sa.Integer(), nullable=False),
        sa.Column("provenance", JSON_TYPE, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("date_creation", sa.DateTime(timezone=True), nullable=False),
        sa.Column("date_maj", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["code_rome"],
            ["fiches.code_rome"],
            name=op.f("fk_variantes_code_rome_fiches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_variantes")),
        sa.UniqueConstraint(
            "code_rome", "langue", "tranche_age", "format_contenu", "genre", name="uq_variante"
        ),
    )
    with op.batch_alter_table("variantes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_variantes_code_rome"), ["code_rome"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("variantes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_variantes_code_rome"))

    op.drop_table("variantes")
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_revisions_code_rome"))

    op.drop_table("revisions")
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_refresh_tokens_user_id"))
        batch_op.drop_index(batch_op.f("ix_refresh_tokens_family"))

    op.drop_table("refresh_tokens")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jobs_type"))
        batch_op.drop_index(batch_op.f("ix_jobs_statut"))

    op.drop_table("jobs")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_user_id"))
        batch_op.drop_index(batch_op.f("ix_audit_events_type_evenement"))
        batch_op.drop_index(batch_op.f("ix_audit_events_timestamp"))
        batch_op.drop_index("ix_audit_events_code_rome_timestamp")

    op.drop_table("audit_events")
    op.drop_table("users")
    with op.batch_alter_table("source_cache", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_cache_source"))

    op.drop_table("source_cache")
    op.drop_table("rome_versions")
    op.drop_table("rome_mobilites")
    op.drop_table("rome_liens")
    op.drop_table("rome_items")
    op.drop_table("rome_fiches")
    with op.batch_alter_table("rome_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rome_changes_code_rome"))

    op.drop_table("rome_changes")
    with op.batch_alter_table("rome_appellations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rome_appellations_code_rome"))

    op.drop_table("rome_appellations")
    with op.batch_alter_table("fiches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fiches_statut"))
        batch_op.drop_index(batch_op.f("ix_fiches_nom_masculin"))

    op.drop_table("fiches")
