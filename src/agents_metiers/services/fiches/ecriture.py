"""The one write path of a fiche: every writer changes a fiche through ``ecrire_fiche``.

PATCH, creation (``inserer_fiche``), deletion, rollback, workflow transitions, AI results,
variant generation (which reads the fiche's content), market watch and the ROME sync all
take the fiche here. The context manager

1. takes the fiche's row with a lock — ``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite a
   write statement first, which takes the database's write lock (writers queue behind it,
   the engine's busy timeout makes them wait) — and reads its latest values;
2. refuses a stale ``version`` (the one the client or the job read) with a 409;
3. hands the locked row to the caller, who changes it and calls ``nouvelle_revision`` (the
   only place that allocates a revision number: the row's ``version`` + 1, under the lock);
4. commits, or rolls everything back on any error. A lost race that still reaches the
   database (unique revision number, deadlock, lock timeout) becomes a 409
   (``EcritureConcurrenteError``), never a 500.

Without ``version`` (older clients never send one) the writers are serialized by the lock
and each one applies to the latest content.

Four eyes (PRODUCT.md §4): when a revision changes the *content* (``empreinte_contenu``)
of a ``valide`` fiche, the fiche goes back to the status the transition table names
(``statut_apres_modification``: ``enrichi``) with a ``fiche.relecture_requise`` event, so
that nobody publishes content that no reviewer validated. The event is named after the
cause (``domain.evenements.evenement_relecture``): the author's kind, or ``veille`` when the
writer says so, so the audit log types a person's edit, an AI write and a watch apart.

Use, e.g. for the ROME sync::

    with ecrire_fiche(session, code, version=version_lue) as ecriture:
        modifies = appliquer_champs(ecriture, champs, auteur, "Synchronisation ROME")
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from agents_metiers.domain.completude import score_completude
from agents_metiers.domain.evenements import evenement_relecture
from agents_metiers.domain.fiche import Statut
from agents_metiers.domain.workflow import LIBELLES_STATUT, statut_apres_modification
from agents_metiers.errors import ConflictError, EcritureConcurrenteError, NotFoundError
from agents_metiers.rome.importer import search_text
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.audit import record_event
from agents_metiers.services.fiches.lecture import check_code_rome
from agents_metiers.services.fiches.revisions import record_revision
from agents_metiers.storage.fiches import SNAPSHOT_COLUMNS, snapshot
from agents_metiers.storage.tables import FicheRow, RevisionRow

# Bookkeeping columns: workflow state, history, derived figures and AI reports. A change of
# these alone is not a change of the content (variants stay current, four eyes not needed).
_HORS_CONTENU = frozenset(
    {
        "statut",
        "version",
        "date_creation",
        "date_maj",
        "auteur",
        "score_completude",
        "validation_ia_score",
        "validation_ia_date",
        "validation_ia_details",
        "rome_update_pending",
        "provenance",
    }
)
CONTENT_COLUMNS: tuple[str, ...] = tuple(c for c in SNAPSHOT_COLUMNS if c not in _HORS_CONTENU)

# PostgreSQL: serialization failure, deadlock, lock not available.
_SQLSTATES_CONFLIT = frozenset({"40001", "40P01", "55P03"})


def empreinte_contenu(fiche: FicheRow | Mapping[str, Any]) -> str:
    """SHA-256 of a fiche's content (``CONTENT_COLUMNS``), stable across backends."""
    contenu = snapshot(fiche)
    texte = json.dumps(
        {c: contenu.get(c) for c in CONTENT_COLUMNS}, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(texte.encode()).hexdigest()


@dataclass
class EcritureFiche:
    """A fiche taken for writing: the session, the locked row, its content's fingerprint."""

    session: Session
    row: FicheRow
    empreinte: str


def verrouiller(session: Session, code: str) -> FicheRow:
    """The fiche's row, locked for the rest of the transaction and freshly read; 404 if none."""
    code = check_code_rome(code)
    query = select(FicheRow).where(FicheRow.code_rome == code)
    if session.get_bind().dialect.name == "sqlite":
        # No row locks: a (no-op) write takes the database's write lock before the read.
        session.execute(
            update(FicheRow)
            .where(FicheRow.code_rome == code)
            .values(version=FicheRow.version)
            .execution_options(synchronize_session=False)
        )
    else:
        query = query.with_for_update()
    row = session.scalar(query.execution_options(populate_existing=True))
    if row is None:
        raise NotFoundError(f"Fiche {code} non trouvée.")
    return row


def message_version(code: str, actuelle: int, lue: int) -> str:
    return (
        f"La fiche {code} a été modifiée entre-temps (version {actuelle}, vous modifiez la "
        f"version {lue}) : rechargez-la avant d'enregistrer."
    )


def _est_conflit(exc: DBAPIError) -> bool:
    """A lost race: duplicate key, deadlock, serialization failure or lock timeout."""
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if isinstance(exc, IntegrityError):
        return sqlstate == "23505" or "UNIQUE constraint failed" in str(exc.orig)
    if isinstance(exc, OperationalError):
        return sqlstate in _SQLSTATES_CONFLIT or "database is locked" in str(exc.orig)
    return False


@contextmanager
def transaction_fiche(session: Session, code: str) -> Iterator[None]:
    """Commit what the block did; roll back on any error; a lost race becomes a 409."""
    try:
        yield
        session.commit()
    except DBAPIError as exc:
        session.rollback()
        if _est_conflit(exc):
            raise EcritureConcurrenteError(
                f"La fiche {code} est modifiée au même moment par une autre action : "
                "rien n'a été enregistré, rechargez-la et réessayez."
            ) from exc
        raise
    except BaseException:
        session.rollback()
        raise


@contextmanager
def ecrire_fiche(
    session: Session, code: str, *, version: int | None = None, conflit: str | None = None
) -> Iterator[EcritureFiche]:
    """Lock fiche ``code``, check ``version``, let the block write, commit (see module doc).

    ``version``: the version the writer read (None: apply to the latest). ``conflit``: the
    sentence of the 409 when it is stale (``{version}`` is replaced by the current one).
    """
    with transaction_fiche(session, check_code_rome(code)):
        row = verrouiller(session, code)
        if version is not None and version != row.version:
            raise ConflictError(
                conflit.format(version=row.version)
                if conflit
                else message_version(row.code_rome, row.version, version)
            )
        yield EcritureFiche(session=session, row=row, empreinte=empreinte_contenu(row))


def _derives(row: FicheRow) -> None:
    """Fields computed from the content: completeness score, search text."""
    content = {name: getattr(row, name) for name in SNAPSHOT_COLUMNS}
    row.score_completude = score_completude(content)
    row.search_text = search_text(row.code_rome, content)


def _renvoyer_en_relecture(ecriture: EcritureFiche, auteur: Auteur, *, veille: bool) -> None:
    row = ecriture.row
    ancien = Statut(row.statut)
    row.statut = statut_apres_modification(ancien).value
    record_event(
        ecriture.session,
        type_evenement=evenement_relecture("veille" if veille else auteur.acteur),
        **auteur.signature(),
        code_rome=row.code_rome,
        description=(
            f"Le contenu de la fiche {row.code_rome}, {LIBELLES_STATUT[ancien]}, a changé : "
            f"elle redevient {LIBELLES_STATUT[Statut(row.statut)]} et doit être relue de nouveau."
        ),
        donnees_avant={"statut": ancien.value, "version": row.version},
        donnees_apres={"statut": row.statut, "version": row.version + 1},
    )


def nouvelle_revision(
    ecriture: EcritureFiche,
    auteur: Auteur,
    *,
    motif: str = "",
    now: datetime | None = None,
    veille: bool = False,
) -> RevisionRow:
    """Number and store the fiche's new revision (``version`` + 1, under the lock).

    When the content changed since the last revision: the derived fields are recomputed and
    a ``valide`` fiche goes back to review (four eyes). ``veille``: the change comes from a
    watch (ROME referential, labour market), whoever approved or launched it.
    """
    row = ecriture.row
    empreinte = empreinte_contenu(row)
    if empreinte != ecriture.empreinte:
        _derives(row)
        if statut_apres_modification(Statut(row.statut)).value != row.statut:
            _renvoyer_en_relecture(ecriture, auteur, veille=veille)
        ecriture.empreinte = empreinte
    now = now or datetime.now(UTC)
    row.version += 1
    row.date_maj = now
    return record_revision(ecriture.session, row, auteur, motif=motif, now=now)


@contextmanager
def inserer_fiche(
    session: Session, row: FicheRow, auteur: Auteur, *, motif: str
) -> Iterator[EcritureFiche]:
    """Add a new fiche as revision 1, let the block add its events, commit; a duplicate
    code (a lost race included) is a 409."""
    try:
        with transaction_fiche(session, row.code_rome):
            session.add(row)
            session.flush()  # the column defaults (empty lists…) before the derived fields
            _derives(row)
            record_revision(session, row, auteur, motif=motif)
            yield EcritureFiche(session=session, row=row, empreinte=empreinte_contenu(row))
    except EcritureConcurrenteError:
        raise ConflictError(f"La fiche {row.code_rome} existe déjà.") from None
