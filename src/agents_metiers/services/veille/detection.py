"""Use case: run the veille ROME — compare the stored referential with a newer export.

A run is committed ``en_cours`` first, then finished in one transaction with everything it
found: its changes (``rome_changes``), the ``rome_update_pending`` flag on the affected
fiches, the staged referential and the audit events. When anything fails (unreadable export,
older version, interruption) that transaction never happens: the run is marked ``echouee``
with the sentence, and nothing else changes. No fiche content is ever touched here.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import httpx2
from sqlalchemy.orm import Session, sessionmaker

from agents_metiers.errors import (
    AgentsMetiersError,
    ConflictError,
    InvalidInputError,
    RomeSourceError,
    ServiceUnavailableError,
)
from agents_metiers.rome.diff import DELETED, MODIFIED, NEW, Changement, Comparaison, comparer
from agents_metiers.rome.download import download_export, is_url
from agents_metiers.rome.export import RomeExport, open_export
from agents_metiers.rome.referentiel import Referentiel, load_referentiel
from agents_metiers.rome.referentiel_rows import referentiel_from_rows, version_from_dict
from agents_metiers.services.fiches.audit import record_event
from agents_metiers.services.veille import staging
from agents_metiers.storage import veille as store
from agents_metiers.storage.referentiel import current_version, stored_rows
from agents_metiers.storage.tables import RomeChangeRow, RomeVeilleRunRow

logger = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
T = TypeVar("T")
# A run still ``en_cours`` after this long was interrupted (process killed): marked failed.
RUN_PERIME = timedelta(hours=1)
INTERROMPUE = "Exécution interrompue avant la fin : aucun changement n'a été enregistré."


@dataclass(frozen=True)
class VeilleOptions:
    source: str
    download_dir: Path
    arborescences: Path | None = None
    transport: httpx2.BaseTransport | None = None


@dataclass
class VeilleResultat:
    run_id: int
    compteurs: dict[str, int]
    sens_modifies: list[dict[str, Any]] = field(default_factory=list)
    avertissements: list[str] = field(default_factory=list)


def executer_veille(
    sessions: sessionmaker[Session],
    options: VeilleOptions,
    *,
    job_id: str | None = None,
    progress: Progress | None = None,
    on_download: Callable[[int, int | None], None] | None = None,
) -> VeilleResultat:
    """Detect what ``options.source`` changes against the stored referential and record it."""
    run_id = _ouvrir(sessions, options.source, job_id)
    export = _protege(sessions, run_id, lambda: lire_export(options, on_download))
    return _protege(sessions, run_id, lambda: _detecter(sessions, run_id, export, progress))


def detecter(
    sessions: sessionmaker[Session],
    export: RomeExport,
    *,
    job_id: str | None = None,
    progress: Progress | None = None,
) -> VeilleResultat:
    """The veille on an export already opened (``import-rome`` of a newer version)."""
    run_id = _ouvrir(sessions, export.source_label, job_id)
    return _protege(sessions, run_id, lambda: _detecter(sessions, run_id, export, progress))


def _detecter(
    sessions: sessionmaker[Session], run_id: int, export: RomeExport, progress: Progress | None
) -> VeilleResultat:
    _etape(progress, "lecture", 0)
    detecte = _referentiel(export)
    _etape(progress, "comparaison", 0)
    with sessions() as session:
        stocke = _referentiel_stocke(session, detecte)
    comparaison = comparer(stocke, detecte)
    _etape(progress, "enregistrement", 0)
    with sessions.begin() as session:
        resultat = _enregistrer(session, run_id, comparaison, detecte)
    _etape(progress, "enregistrement", 1)
    return resultat


def _protege(sessions: sessionmaker[Session], run_id: int, action: Callable[[], T]) -> T:
    """Run ``action``; any failure marks the run ``echouee`` with its sentence, then propagates."""
    try:
        return action()
    except AgentsMetiersError as exc:
        _echouer(sessions, run_id, exc.message)
        raise
    except BaseException:
        _echouer(sessions, run_id, INTERROMPUE)
        raise


def _etape(progress: Progress | None, step: str, done: int) -> None:
    if progress is not None:
        progress(step, done, 1)


def _ouvrir(sessions: sessionmaker[Session], source: str, job_id: str | None) -> int:
    now = datetime.now(UTC)
    with sessions.begin() as session:
        for run in store.executions_en_cours(session=session):
            if now - _aware(run.started_at) < RUN_PERIME:
                raise ConflictError(
                    f"Une veille ROME est déjà en cours (exécution {run.id}, commencée le "
                    f"{_aware(run.started_at):%d/%m/%Y à %H:%M} UTC) : attendez sa fin."
                )
            store.terminer(run, statut=store.ECHOUEE, now=now, erreur=INTERROMPUE)
        run = RomeVeilleRunRow(
            started_at=now,
            statut=store.EN_COURS,
            source=source,
            compteurs={},
            avertissements=[],
            job_id=job_id,
        )
        session.add(run)
        session.flush()
        return run.id


def _aware(moment: datetime) -> datetime:
    """SQLite gives naive datetimes back: they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def lire_export(
    options: VeilleOptions, on_download: Callable[[int, int | None], None] | None = None
) -> RomeExport:
    """Open and check the export: a download failure is a 503, a bad export a 422."""
    source: str | Path = options.source
    if is_url(options.source):
        try:
            source = download_export(
                options.source,
                options.download_dir,
                transport=options.transport,
                on_progress=on_download,
            )
        except RomeSourceError as exc:
            raise ServiceUnavailableError(exc.message) from exc
    try:
        export = open_export(
            source, download_dir=options.download_dir, arborescences=options.arborescences
        )
        export.check_complete()
    except RomeSourceError as exc:
        raise InvalidInputError(exc.message) from exc
    return export


def _referentiel(export: RomeExport) -> Referentiel:
    try:
        return load_referentiel(export)
    except (KeyError, ValueError) as exc:
        raise InvalidInputError(
            f"L'export ROME {export.source_label} est illisible : valeur ou colonne inattendue "
            f"({exc})."
        ) from exc


def _referentiel_stocke(session: Session, detecte: Referentiel) -> Referentiel:
    version = current_version(session=session)
    numero = detecte.version.numero
    if version is None:
        raise InvalidInputError(
            "Aucun référentiel ROME n'est encore importé : la veille compare la base avec un "
            "nouvel export, importez d'abord le ROME avec « agents-metiers import-rome »."
        )
    if numero < version.numero:
        raise InvalidInputError(
            f"L'export fourni est la version {numero} du ROME, plus ancienne que la version "
            f"{version.numero} en base : rien n'a été modifié."
        )
    if numero == version.numero:
        raise InvalidInputError(
            f"L'export fourni est la version {numero} du ROME, celle qui est déjà en base : "
            "il n'y a rien à détecter."
        )
    info = version_from_dict({"numero": version.numero, "description": version.description})
    return referentiel_from_rows(info, stored_rows(session=session))


def _enregistrer(
    session: Session, run_id: int, comparaison: Comparaison, detecte: Referentiel
) -> VeilleResultat:
    now = datetime.now(UTC)
    run = session.get(RomeVeilleRunRow, run_id)
    assert run is not None
    connus = store.signatures_connues(
        session=session,
        version_from=comparaison.version_avant,
        version_to=comparaison.version_apres,
    )
    nouveaux = [c for c in comparaison.changements if _signature(c) not in connus]
    for changement in nouveaux:
        session.add(_ligne(changement, comparaison, run_id, now))
    touches = {c.code_rome for c in nouveaux if c.change_type in (MODIFIED, DELETED)}
    fiches_marquees = store.marquer_fiches(session=session, codes=touches)
    if nouveaux:
        staging.mettre_en_attente(session=session, run_id=run_id, ref=detecte)
    compteurs = _compteurs(comparaison, len(nouveaux), fiches_marquees)
    run.version_stockee = comparaison.version_avant
    run.version_detectee = comparaison.version_apres
    run.compteurs = compteurs
    run.avertissements = comparaison.avertissements
    store.terminer(run, statut=store.TERMINEE, now=now)
    _auditer(session, run, comparaison, nouveaux, now)
    return VeilleResultat(
        run_id=run_id,
        compteurs=compteurs,
        sens_modifies=[_sens(c) for c in comparaison.changements if c.sens_modifie],
        avertissements=comparaison.avertissements,
    )


def _signature(changement: Changement) -> tuple[str, str, str]:
    details = json.dumps(changement.details, sort_keys=True)
    return changement.code_rome, changement.change_type, details


def _ligne(
    changement: Changement, comparaison: Comparaison, run_id: int, now: datetime
) -> RomeChangeRow:
    return RomeChangeRow(
        version_from=comparaison.version_avant,
        version_to=comparaison.version_apres,
        code_rome=changement.code_rome,
        nom_metier=changement.nom_metier[:255],
        change_type=changement.change_type,
        fields_changed=changement.fields_changed,
        details=changement.details,
        detected_at=now,
        reviewed=False,
        run_id=run_id,
        sens_modifie=changement.sens_modifie,
    )


def _compteurs(comparaison: Comparaison, nouveaux: int, fiches_marquees: int) -> dict[str, int]:
    return {
        "version_stockee": comparaison.version_avant,
        "version_detectee": comparaison.version_apres,
        "nouvelles": comparaison.compte(NEW),
        "modifiees": comparaison.compte(MODIFIED),
        "supprimees": comparaison.compte(DELETED),
        "inchangees": comparaison.inchangees,
        "relibellees": comparaison.relibellees,
        "sens_modifies": comparaison.sens_modifies,
        "erreurs": len(comparaison.avertissements),
        "changements_enregistres": nouveaux,
        "deja_signales": len(comparaison.changements) - nouveaux,
        "fiches_marquees": fiches_marquees,
    }


def _sens(changement: Changement) -> dict[str, Any]:
    libelle = changement.details["libelle"]
    return {"code_rome": changement.code_rome, "avant": libelle["avant"], "apres": libelle["apres"]}


def _auditer(
    session: Session,
    run: RomeVeilleRunRow,
    comparaison: Comparaison,
    nouveaux: list[Changement],
    now: datetime,
) -> None:
    c = run.compteurs
    record_event(
        session,
        type_evenement="veille.executee",
        agent="veille-rome",
        acteur="systeme",
        description=(
            f"Veille ROME v{comparaison.version_avant} → v{comparaison.version_apres} : "
            f"{c['nouvelles']} codes nouveaux, {c['modifiees']} modifiés, {c['supprimees']} "
            f"supprimés, {c['sens_modifies']} changements de sens, "
            f"{c['changements_enregistres']} changements enregistrés."
        ),
        donnees_apres={"run_id": run.id, "source": run.source, **c},
        now=now,
    )
    for changement in nouveaux:
        if changement.sens_modifie:
            libelle = changement.details["libelle"]
            record_event(
                session,
                type_evenement="veille.sens_modifie",
                code_rome=changement.code_rome,
                agent="veille-rome",
                acteur="systeme",
                description=(
                    f"Le code {changement.code_rome} change de métier : « {libelle['avant']} » "
                    f"devient « {libelle['apres']} » (à revoir avant synchronisation)."
                ),
                donnees_avant={"libelle": libelle["avant"]},
                donnees_apres={"libelle": libelle["apres"], "run_id": run.id},
                now=now,
            )


def _echouer(sessions: sessionmaker[Session], run_id: int, message: str) -> None:
    now = datetime.now(UTC)
    with sessions.begin() as session:
        run = session.get(RomeVeilleRunRow, run_id)
        if run is not None:
            store.terminer(run, statut=store.ECHOUEE, now=now, erreur=message)
        record_event(
            session,
            type_evenement="veille.echouee",
            agent="veille-rome",
            acteur="systeme",
            description=f"Veille ROME échouée : {message}",
            donnees_apres={"run_id": run_id},
            now=now,
        )
    logger.info("veille ROME %s échouée : %s", run_id, message)
