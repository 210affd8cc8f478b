"""``import-rome`` as one entry point: first import, no-op re-import, or the veille.

On an empty base the export is imported. On a base that holds a referential, a newer version
goes through the veille (detection only: nothing is merged, the user reviews then syncs); the
same version unchanged is a no-op; anything else is refused with a sentence (``reimport``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from agents_metiers.rome.importer import ImportReport, Progress
from agents_metiers.services.rome_import import ImportOptions, importer_export
from agents_metiers.services.veille.detection import (
    VeilleOptions,
    VeilleResultat,
    detecter,
    lire_export,
)
from agents_metiers.storage.referentiel import current_version


@dataclass(frozen=True)
class ResultatImportation:
    """Exactly one of the two: the import's report, or the veille run it became."""

    rapport: ImportReport | None = None
    veille: VeilleResultat | None = None


def importer_ou_detecter(
    sessions: sessionmaker[Session],
    options: ImportOptions,
    *,
    progress: Progress | None = None,
    on_download: Callable[[int, int | None], None] | None = None,
) -> ResultatImportation:
    """Import ``options.source``, or run the veille on it when it is a newer version."""
    veille_options = VeilleOptions(
        source=options.source,
        download_dir=options.download_dir,
        arborescences=options.arborescences,
        transport=options.transport,
    )
    export = lire_export(veille_options, on_download)
    with sessions() as session:
        stored = current_version(session=session)
    if stored is not None and export.version.numero > stored.numero:
        return ResultatImportation(veille=detecter(sessions, export, progress=progress))
    return ResultatImportation(rapport=importer_export(sessions, export, progress=progress))
