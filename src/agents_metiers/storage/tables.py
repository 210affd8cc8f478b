"""SQLAlchemy tables for the whole data model (PRODUCT.md §3).

Two families live side by side:
- the **referential** (``rome_*``): the official ROME export as imported, replaced as a whole
  on each import — never edited by users;
- the **editorial** aggregate (``fiches`` and what hangs off it): built from the referential,
  then enriched, reviewed and published. ``fiches.provenance`` records, per field, where its
  value comes from; a re-import only rewrites fields whose provenance is still ``rome``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime on every database: stored in UTC; SQLite, which keeps no
    offset, gives naive values back, which are UTC and are returned as such."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            return value.astimezone(UTC)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


JsonType = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JsonType, list[Any]: JsonType}  # noqa: RUF012


# --- referential ---------------------------------------------------------------------------


class RomeVersionRow(Base):
    """One imported export of the referential."""

    __tablename__ = "rome_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    numero: Mapped[int] = mapped_column(Integer, unique=True)
    titre: Mapped[str | None] = mapped_column(String(255))
    date_publication: Mapped[date | None] = mapped_column(Date)
    date_validation: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime())
    nb_fiches: Mapped[int] = mapped_column(Integer)
    courante: Mapped[bool] = mapped_column(Boolean, default=False)


class RomeFicheRow(Base):
    """A fiche as the referential states it (identity, texts, tags, RIASEC, domain)."""

    __tablename__ = "rome_fiches"

    code_rome: Mapped[str] = mapped_column(String(5), primary_key=True)
    code_ogr: Mapped[str] = mapped_column(String(20))
    code_fiche_metier: Mapped[str | None] = mapped_column(String(20))
    libelle: Mapped[str] = mapped_column(String(255))
    code_rome_parent: Mapped[str | None] = mapped_column(String(5))
    code_grand_domaine: Mapped[str | None] = mapped_column(String(1))
    code_domaine: Mapped[str | None] = mapped_column(String(3))
    riasec_majeur: Mapped[str | None] = mapped_column(String(1))
    riasec_mineur: Mapped[str | None] = mapped_column(String(1))
    tags: Mapped[dict[str, Any]] = mapped_column(default=dict)
    definition: Mapped[list[Any]] = mapped_column(default=list)
    acces: Mapped[str] = mapped_column(Text, default="")
    rome_version: Mapped[int] = mapped_column(Integer)


class RomeItemRow(Base):
    """Any labelled item of the referential, keyed by kind and code.

    Kinds: ``competence`` (macro-compétences and compétences, savoir-être included),
    ``savoir``, ``contexte``, ``centre_interet``, ``secteur``, ``sous_secteur``, ``theme``,
    ``secteur_naf``, ``grand_domaine``, ``domaine``.
    """

    __tablename__ = "rome_items"

    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    libelle: Mapped[str] = mapped_column(Text)
    attributs: Mapped[dict[str, Any]] = mapped_column(default=dict)


class RomeLienRow(Base):
    """A link between a fiche and an item (savoir-faire, savoir, contexte, secteur…)."""

    __tablename__ = "rome_liens"

    code_rome: Mapped[str] = mapped_column(String(5), primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    coeur_metier: Mapped[str | None] = mapped_column(String(20))
    principal: Mapped[bool | None] = mapped_column(Boolean)
    position: Mapped[int] = mapped_column(Integer, default=0)


class RomeAppellationRow(Base):
    __tablename__ = "rome_appellations"

    code_ogr: Mapped[str] = mapped_column(String(20), primary_key=True)
    code_rome: Mapped[str] = mapped_column(String(5), index=True)
    libelle_long: Mapped[str] = mapped_column(Text)
    libelle_court: Mapped[str] = mapped_column(Text)
    nom_masculin: Mapped[str] = mapped_column(Text)
    nom_feminin: Mapped[str] = mapped_column(Text)
    nom_epicene: Mapped[str] = mapped_column(Text)
    classification: Mapped[str] = mapped_column(String(20))
    peu_usite: Mapped[bool] = mapped_column(Boolean, default=False)
    origine: Mapped[str | None] = mapped_column(String(100))
    tags: Mapped[dict[str, Any]] = mapped_column(default=dict)


class RomeMobiliteRow(Base):
    __tablename__ = "rome_mobilites"

    code_rome: Mapped[str] = mapped_column(String(5), primary_key=True)
    code_rome_cible: Mapped[str] = mapped_column(String(5), primary_key=True)
    ordre: Mapped[int] = mapped_column(Integer)


class RomeTransitionRow(Base):
    """A precomputed nearest fiche by skills (explorer, issue 13): the top-k of each fiche,
    rebuilt as a whole after each import or sync (services/exploration/transitions.py)."""

    __tablename__ = "rome_transitions"

    code_rome: Mapped[str] = mapped_column(String(5), primary_key=True)
    code_rome_cible: Mapped[str] = mapped_column(String(5), primary_key=True)
    rang: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    mobilite_rome: Mapped[bool] = mapped_column(Boolean, default=False)


class RomeChangeRow(Base):
    """A difference detected between the stored referential and a newer export (§5.4)."""

    __tablename__ = "rome_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_from: Mapped[int | None] = mapped_column(Integer)
    version_to: Mapped[int] = mapped_column(Integer)
    code_rome: Mapped[str] = mapped_column(String(5), index=True)
    nom_metier: Mapped[str] = mapped_column(String(255))
    change_type: Mapped[str] = mapped_column(String(20))
    fields_changed: Mapped[list[Any]] = mapped_column(default=list)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    detected_at: Mapped[datetime] = mapped_column(UtcDateTime())
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False)
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    reviewed_by: Mapped[str | None] = mapped_column(String(255))
    review_action: Mapped[str | None] = mapped_column(String(30))
    # --- veille ROME (issue 12) ---
    run_id: Mapped[int | None] = mapped_column(Integer, index=True)
    sens_modifie: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    # --- veille ROME review and sync (issue 12, migration 0013) ---
    # Fields of the fiche a person or the AI wrote that the referential also changed: sync
    # kept them and left the change to a reviewer (``apply`` takes the referential's values).
    conflits: Mapped[list[Any] | None] = mapped_column()


class RomeVeilleRunRow(Base):
    """One veille run: ``en_cours`` while it works, then ``terminee`` with its changes (in
    one transaction) or ``echouee`` with the sentence that says why."""

    __tablename__ = "rome_veille_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    statut: Mapped[str] = mapped_column(String(20), index=True)
    source: Mapped[str] = mapped_column(Text)
    version_stockee: Mapped[int | None] = mapped_column(Integer)
    version_detectee: Mapped[int | None] = mapped_column(Integer)
    compteurs: Mapped[dict[str, Any]] = mapped_column(default=dict)
    avertissements: Mapped[list[Any]] = mapped_column(default=list)
    erreur: Mapped[str | None] = mapped_column(Text)
    job_id: Mapped[str | None] = mapped_column(String(36))


class RomeVeilleStagingRow(Base):
    """The referential a run detected, kept beside the applied one until it is promoted:
    the ``rome_*`` rows as gzip-compressed JSON (see services/veille/staging.py)."""

    __tablename__ = "rome_veille_staging"

    run_id: Mapped[int] = mapped_column(
        ForeignKey("rome_veille_runs.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer)
    contenu: Mapped[bytes] = mapped_column(LargeBinary)


# --- editorial -----------------------------------------------------------------------------


class FicheRow(Base):
    """The editorial fiche: one per code ROME, every field of PRODUCT.md §3."""

    __tablename__ = "fiches"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_rome: Mapped[str] = mapped_column(String(5), unique=True)
    code_ogr: Mapped[str | None] = mapped_column(String(20))
    rome_version: Mapped[int | None] = mapped_column(Integer)
    code_rome_parent: Mapped[str | None] = mapped_column(String(5))
    nom_masculin: Mapped[str] = mapped_column(String(255), index=True)
    nom_feminin: Mapped[str] = mapped_column(String(255))
    nom_epicene: Mapped[str] = mapped_column(String(255))
    appellations: Mapped[list[Any]] = mapped_column(default=list)
    domaine_professionnel: Mapped[dict[str, Any] | None] = mapped_column()
    tags: Mapped[dict[str, Any]] = mapped_column(default=dict)
    themes: Mapped[list[Any]] = mapped_column(default=list)
    secteurs_activite: Mapped[list[Any]] = mapped_column(default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    description_courte: Mapped[str | None] = mapped_column(String(500))
    missions_principales: Mapped[list[Any]] = mapped_column(default=list)
    acces_metier: Mapped[str | None] = mapped_column(Text)
    niveau_formation: Mapped[str | None] = mapped_column(String(100))
    formations: Mapped[list[Any]] = mapped_column(default=list)
    certifications: Mapped[list[Any]] = mapped_column(default=list)
    competences: Mapped[list[Any]] = mapped_column(default=list)
    competences_transversales: Mapped[list[Any]] = mapped_column(default=list)
    savoirs: Mapped[list[Any]] = mapped_column(default=list)
    profil_riasec: Mapped[dict[str, Any] | None] = mapped_column()
    competences_dimensions: Mapped[dict[str, Any] | None] = mapped_column()
    preferences_interets: Mapped[dict[str, Any] | None] = mapped_column()
    traits_personnalite: Mapped[list[Any]] = mapped_column(default=list)
    aptitudes: Mapped[list[Any]] = mapped_column(default=list)
    contextes_travail: Mapped[list[Any]] = mapped_column(default=list)
    conditions_travail: Mapped[list[Any]] = mapped_column(default=list)
    environnements: Mapped[list[Any]] = mapped_column(default=list)
    conditions_travail_detaillees: Mapped[dict[str, Any] | None] = mapped_column()
    statuts_professionnels: Mapped[list[Any]] = mapped_column(default=list)
    mobilite: Mapped[dict[str, Any] | None] = mapped_column()
    salaires: Mapped[dict[str, Any] | None] = mapped_column()
    perspectives: Mapped[dict[str, Any] | None] = mapped_column()
    types_contrats: Mapped[dict[str, Any] | None] = mapped_column()
    sites_utiles: Mapped[list[Any]] = mapped_column(default=list)
    statut: Mapped[str] = mapped_column(String(20), default="brouillon", index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    date_creation: Mapped[datetime] = mapped_column(UtcDateTime())
    date_maj: Mapped[datetime] = mapped_column(UtcDateTime())
    auteur: Mapped[str | None] = mapped_column(String(255))
    score_completude: Mapped[int] = mapped_column(Integer, default=0)
    validation_ia_score: Mapped[int | None] = mapped_column(Integer)
    validation_ia_date: Mapped[datetime | None] = mapped_column(UtcDateTime())
    validation_ia_details: Mapped[dict[str, Any] | None] = mapped_column()
    rome_update_pending: Mapped[bool] = mapped_column(Boolean, default=False)
    # The referential no longer has this code: the fiche stays online, with a banner, until a
    # reviewer acknowledges, unpublishes or archives it (veille ROME, issue 12).
    rome_retire: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    provenance: Mapped[dict[str, Any]] = mapped_column(default=dict)
    search_text: Mapped[str] = mapped_column(Text, default="")
    # The published snapshot (§4): what the public sees until the next publish, while the
    # columns above hold the working copy that editors change.
    contenu_publie: Mapped[dict[str, Any] | None] = mapped_column()
    version_publiee: Mapped[int | None] = mapped_column(Integer)
    date_publication: Mapped[datetime | None] = mapped_column(UtcDateTime())


# --- public read model (docs/lecture-publique.md) -------------------------------------------
# Written only by ``services.fiches.publication.rafraichir_lecture_publique`` (publish,
# unpublish, delete): the published content of each published fiche, in queryable form.


class FichePubliqueRow(Base):
    """One published fiche as the public reads it (one row per live publication)."""

    __tablename__ = "fiches_publiques"

    code_rome: Mapped[str] = mapped_column(
        ForeignKey("fiches.code_rome", ondelete="CASCADE"), primary_key=True
    )
    version_publiee: Mapped[int] = mapped_column(Integer)
    date_publication: Mapped[datetime] = mapped_column(UtcDateTime())
    nom_masculin: Mapped[str] = mapped_column(String(255))
    nom_feminin: Mapped[str] = mapped_column(String(255))
    nom_epicene: Mapped[str] = mapped_column(String(255), index=True)
    description_courte: Mapped[str | None] = mapped_column(String(500))
    code_grand_domaine: Mapped[str | None] = mapped_column(String(1), index=True)
    grand_domaine: Mapped[str | None] = mapped_column(String(255))
    code_domaine: Mapped[str | None] = mapped_column(String(3), index=True)
    domaine: Mapped[str | None] = mapped_column(String(255))
    riasec_majeur: Mapped[str | None] = mapped_column(String(1), index=True)
    riasec_mineur: Mapped[str | None] = mapped_column(String(1))
    transition_eco: Mapped[str | None] = mapped_column(String(100))
    transition_num: Mapped[bool] = mapped_column(Boolean)
    transition_demo: Mapped[bool] = mapped_column(Boolean)
    emploi_cadre: Mapped[bool] = mapped_column(Boolean)
    emploi_reglemente: Mapped[bool] = mapped_column(Boolean)
    # A list line (``FicheSummary`` without ``nb_variantes``, counted at read time).
    resume: Mapped[dict[str, Any]] = mapped_column()
    # The public JSON detail (``FicheDetail`` without ``nb_variantes``), serialised once per
    # published version, and its validator (``ETag`` base).
    document: Mapped[str] = mapped_column(Text)
    etag: Mapped[str] = mapped_column(String(64))


class PubliqueAppellationRow(Base):
    """An appellation of a published fiche, with its three gendered forms."""

    __tablename__ = "publiques_appellations"

    code_rome: Mapped[str] = mapped_column(
        ForeignKey("fiches_publiques.code_rome", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_ogr: Mapped[str | None] = mapped_column(String(20))
    libelle: Mapped[str] = mapped_column(Text)
    nom_masculin: Mapped[str | None] = mapped_column(Text)
    nom_feminin: Mapped[str | None] = mapped_column(Text)
    nom_epicene: Mapped[str | None] = mapped_column(Text)
    principale: Mapped[bool] = mapped_column(Boolean)


class PubliqueItemRow(Base):
    """A coded item of a published fiche: ``secteur``, ``centre_interet``, ``savoir_faire``,
    ``savoir`` or ``savoir_etre`` (``storage.publique.KINDS``)."""

    __tablename__ = "publiques_items"
    __table_args__ = (Index("ix_publiques_items_kind_code", "kind", "code"),)

    code_rome: Mapped[str] = mapped_column(
        ForeignKey("fiches_publiques.code_rome", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str | None] = mapped_column(String(20))
    libelle: Mapped[str] = mapped_column(Text)
    principal: Mapped[bool | None] = mapped_column(Boolean)


class RevisionRow(Base):
    """A snapshot of a fiche's content after a change, with its author and reason."""

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("code_rome", "numero"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code_rome: Mapped[str] = mapped_column(
        ForeignKey("fiches.code_rome", ondelete="CASCADE"), index=True
    )
    numero: Mapped[int] = mapped_column(Integer)
    statut: Mapped[str] = mapped_column(String(20))
    contenu: Mapped[dict[str, Any]] = mapped_column()
    auteur: Mapped[str] = mapped_column(String(255))
    acteur: Mapped[str] = mapped_column(String(10), default="humain", server_default="systeme")
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    motif: Mapped[str] = mapped_column(Text, default="")
    publiee: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class VarianteRow(Base):
    """A fiche adapted to a language, age band, format and gender (§3 Variante)."""

    __tablename__ = "variantes"
    __table_args__ = (
        UniqueConstraint(
            "code_rome", "langue", "tranche_age", "format_contenu", "genre", name="uq_variante"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code_rome: Mapped[str] = mapped_column(
        ForeignKey("fiches.code_rome", ondelete="CASCADE"), index=True
    )
    langue: Mapped[str] = mapped_column(String(2))
    tranche_age: Mapped[str] = mapped_column(String(5))
    format_contenu: Mapped[str] = mapped_column(String(10))
    genre: Mapped[str] = mapped_column(String(10))
    nom: Mapped[str] = mapped_column(String(255))
    contenu: Mapped[dict[str, Any]] = mapped_column(default=dict)
    statut: Mapped[str] = mapped_column(String(20), default="genere")
    metriques_lisibilite: Mapped[dict[str, Any] | None] = mapped_column()
    fiche_version: Mapped[int] = mapped_column(Integer)
    # SHA-256 of the fiche content it was generated from (issue 11; NULL before 0009).
    empreinte_source: Mapped[str | None] = mapped_column(String(64))
    provenance: Mapped[dict[str, Any]] = mapped_column(default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)
    date_creation: Mapped[datetime] = mapped_column(UtcDateTime())
    date_maj: Mapped[datetime] = mapped_column(UtcDateTime())
    # --- variantes: human review (issue 4, §6.5) ---
    relu_par: Mapped[str | None] = mapped_column(String(255))
    relu_par_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    relu_le: Mapped[datetime | None] = mapped_column(UtcDateTime())
    relecture_falc: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    commentaire_relecture: Mapped[str | None] = mapped_column(Text)


# --- people, audit, operations -------------------------------------------------------------


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="lecteur")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class RefreshTokenRow(Base):
    """Opaque refresh tokens, stored hashed; ``family`` links rotations for reuse detection."""

    __tablename__ = "refresh_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    family: Mapped[str] = mapped_column(String(64), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class AuditEventRow(Base):
    """Who did what, when, with the before/after and, for AI calls, the cost (§2.6)."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_code_rome_timestamp", "code_rome", "timestamp"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    timestamp: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    type_evenement: Mapped[str] = mapped_column(String(50), index=True)
    code_rome: Mapped[str | None] = mapped_column(String(5))
    agent: Mapped[str] = mapped_column(String(255))
    acteur: Mapped[str] = mapped_column(String(10))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    donnees_avant: Mapped[dict[str, Any] | None] = mapped_column()
    donnees_apres: Mapped[dict[str, Any] | None] = mapped_column()
    cout: Mapped[dict[str, Any] | None] = mapped_column()


class JobRow(Base):
    """A persisted background job (§11): one row per batch, one ``JobItemRow`` per fiche."""

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    type: Mapped[str] = mapped_column(String(50), index=True)
    statut: Mapped[str] = mapped_column(String(20), index=True)
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    total: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # --- jobs (issue 4, §11) ---
    auteur: Mapped[dict[str, Any]] = mapped_column(default=dict)
    resultat: Mapped[dict[str, Any] | None] = mapped_column()
    # --- final step taken over from a dead worker (issue « tâches ») ---
    # Who runs the finalizer of a ``finalizing`` job (a ``job_workers`` id, or
    # ``procrastinate:<item id>``), and how many times it was started.
    finalizer_worker: Mapped[str | None] = mapped_column(String(120))
    finalizer_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class JobItemRow(Base):
    """One fiche of a job: claimed by one worker at a time, result or error when finished."""

    __tablename__ = "job_items"
    __table_args__ = (Index("ix_job_items_job_statut", "job_id", "statut"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    code_rome: Mapped[str] = mapped_column(String(5))
    statut: Mapped[str] = mapped_column(String(20), index=True)
    result: Mapped[dict[str, Any] | None] = mapped_column()
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[str | None] = mapped_column(String(120))
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class JobWorkerRow(Base):
    """A live job worker; its items are taken over when its heartbeat goes stale."""

    __tablename__ = "job_workers"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    hostname: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    heartbeat_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class LeaseRow(Base):
    """A named lease: the one process that may run a role (job worker, scheduler) until expiry."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(120))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())


class PlanificateurExecutionRow(Base):
    """One run of a schedule entry: the job it created, or why none could be created.

    Unique per entry and planned time: two processes can never run the same occurrence.
    """

    __tablename__ = "planificateur_executions"
    __table_args__ = (
        UniqueConstraint("entree", "prevue_a", name="uq_planificateur_executions_entree_prevue_a"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entree: Mapped[str] = mapped_column(String(50))
    prevue_a: Mapped[datetime] = mapped_column(UtcDateTime())
    lancee_a: Mapped[datetime] = mapped_column(UtcDateTime())
    job_id: Mapped[str | None] = mapped_column(String(36))
    erreur: Mapped[str | None] = mapped_column(Text)


class SourceCacheRow(Base):
    """A cached response of an external source, valid until ``expires_at``."""

    __tablename__ = "source_cache"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    source: Mapped[str] = mapped_column(String(50), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column()
    fetched_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())


# --- AI agents (issue 4, §6): validation reports and AI usage ---------------------------------


class ValidationReportRow(Base):
    """A persisted AI quality report (§6.2) with the automatic checks of the same version."""

    __tablename__ = "validation_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_rome: Mapped[str] = mapped_column(
        ForeignKey("fiches.code_rome", ondelete="CASCADE"), index=True
    )
    fiche_version: Mapped[int] = mapped_column(Integer)
    score: Mapped[int] = mapped_column(Integer)
    verdict: Mapped[str] = mapped_column(String(20))
    rapport: Mapped[dict[str, Any]] = mapped_column()
    controles: Mapped[dict[str, Any]] = mapped_column()
    modele: Mapped[str] = mapped_column(String(200))
    usage: Mapped[dict[str, Any]] = mapped_column()
    cout_micro_usd: Mapped[int | None] = mapped_column(BigInteger)  # millionths of USD
    auteur: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class IaUsageRow(Base):
    """One AI call, successful or not: what it cost, for the daily budget (§10)."""

    __tablename__ = "ia_usages"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    code_rome: Mapped[str | None] = mapped_column(String(5))
    action: Mapped[str] = mapped_column(String(30))
    modele: Mapped[str] = mapped_column(String(200))
    succes: Mapped[bool] = mapped_column(Boolean)
    requetes: Mapped[int] = mapped_column(Integer, default=0)
    tokens_entree: Mapped[int] = mapped_column(Integer, default=0)
    tokens_sortie: Mapped[int] = mapped_column(Integer, default=0)
    cout_micro_usd: Mapped[int | None] = mapped_column(BigInteger)  # millionths of USD


# --- labour market (issue 5: veille métiers / salaires, §6.6) ------------------------------


class MarcheHistoriqueRow(Base):
    """What one veille run read for one fiche: figures, sources, periods, and whether the
    fiche changed (the history of the market data, run by run)."""

    __tablename__ = "marche_historique"
    __table_args__ = (
        Index("ix_marche_historique_code_rome_fetched_at", "code_rome", "fetched_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[str | None] = mapped_column(String(64), index=True)
    code_rome: Mapped[str] = mapped_column(String(5))
    territoire: Mapped[str] = mapped_column(String(3))
    figures: Mapped[dict[str, Any]] = mapped_column()
    sources: Mapped[dict[str, Any]] = mapped_column()
    champs_modifies: Mapped[list[Any]] = mapped_column(default=list)
    fiche_version: Mapped[int | None] = mapped_column(Integer)
    fetched_at: Mapped[datetime] = mapped_column(UtcDateTime())
