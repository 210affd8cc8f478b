"""Use case: import the official ROME export (PRODUCT.md §5.1–5.2).

The whole import is one transaction: the referential tables, the fiches, the version record
and the audit event are committed together, or nothing is (a failed import leaves the
database exactly as it was).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx2
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from agents_metiers.errors import RomeSourceError
from agents_metiers.rome.export import RomeExport, open_export
from agents_metiers.rome.importer import (
    ImportReport,
    Progress,
    record_version,
    write_fiches,
    write_referentiel,
)
from agents_metiers.rome.referentiel import Referentiel, load_referentiel
from agents_metiers.services.exploration.transitions import recalculer_transitions
from agents_metiers.services.fiches.audit import record_event
from agents_metiers.services.veille.reimport import reimport_sans_changement
from agents_metiers.storage.referentiel import current_version
from agents_metiers.storage.search import reindex_fiches
from agents_metiers.storage.tables import FicheRow

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportOptions:
    source: str
    download_dir: Path
    arborescences: Path | None = None
    transport: httpx2.BaseTransport | None = None


def import_rome(
    sessions: sessionmaker[Session],
    options: ImportOptions,
    *,
    progress: Progress | None = None,
    on_download: Callable[[int, int | None], None] | None = None,
) -> ImportReport:
    """Read ``options.source`` (folder, zip or URL) and store referential and fiches."""
    export = open_export(
        options.source,
        download_dir=options.download_dir,
        transport=options.transport,
        on_progress=on_download,
        arborescences=options.arborescences,
    )
    export.check_complete()
    return importer_export(sessions, export, progress=progress)


def importer_export(
    sessions: sessionmaker[Session], export: RomeExport, *, progress: Progress | None = None
) -> ImportReport:
    """Import an opened export into an empty base; on a base that holds a referential, only
    a re-import of the same, unchanged version is accepted (a no-op, checked by a diff)."""
    if progress:
        progress("lecture", 0, 1)
    ref = _referentiel(export)
    if progress:
        progress("lecture", 1, 1)
    with sessions() as session:
        stored = current_version(session=session)
        if stored is not None:
            return reimport_sans_changement(session, ref, stored.numero, export.source_label)
    now = datetime.now(UTC)
    with sessions.begin() as session:
        write_referentiel(session, ref)
        record_version(session, ref, export.source_label, now)
        report = write_fiches(session, ref, now=now, progress=progress)
        reindex_fiches(session)
        voisins = recalculer_transitions(session)
        record_event(
            session,
            type_evenement="rome.import",
            agent="import-rome",
            acteur="systeme",
            description=(
                f"Import ROME v{report.version} : {report.fiches_creees} fiches créées, "
                f"{report.fiches_mises_a_jour} mises à jour, "
                f"{report.fiches_inchangees} inchangées."
            ),
            donnees_apres={
                "source": export.source_label,
                "version": report.version,
                "creees": report.fiches_creees,
                "mises_a_jour": report.fiches_mises_a_jour,
                "inchangees": report.fiches_inchangees,
                "absentes": report.fiches_absentes,
                "champs_preserves": report.champs_preserves,
                "transitions": voisins.lignes,
            },
            now=now,
        )
    logger.debug("import ROME v%s terminé : %s", report.version, report)
    return report


def _referentiel(export: RomeExport) -> Referentiel:
    try:
        return load_referentiel(export)
    except (KeyError, ValueError) as exc:
        raise RomeSourceError(
            f"L'export ROME {export.source_label} est illisible : valeur ou colonne inattendue "
            f"({exc})."
        ) from exc


def database_is_empty(sessions: sessionmaker[Session]) -> bool:
    with sessions() as session:
        return not session.scalar(select(func.count()).select_from(FicheRow))
