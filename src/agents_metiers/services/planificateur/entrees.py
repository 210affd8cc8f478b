"""What the scheduler can run: each entry is on or off, with its own cron expression.

An entry creates one ordinary job (visible in ``GET /api/jobs``); it never calls the AI.
- ``veille-rome``: the veille of the ROME referential on ``ROME_SOURCE`` (job kind
  ``veille-rome``, when this installation has it); off by default: it needs the network.
- ``veille-marche``: market figures of every fiche (job kind ``veille-marche``).
- ``marche-publiees``: market figures of the published fiches only, more often; the job writes
  draft revisions and never unpublishes (the public keeps reading the published snapshot).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from croniter import croniter  # type: ignore[import-untyped]
from sqlalchemy import select
from sqlalchemy.orm import Session

from agents_metiers.errors import ServiceUnavailableError
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.jobs.lifecycle import KINDS, JobCreate, creer_job
from agents_metiers.storage.tables import FicheRow

if TYPE_CHECKING:
    from agents_metiers.config import Settings
    from agents_metiers.services.runtime import Runtime

AUTEUR = Auteur(nom="planificateur", acteur="systeme")
Lancement = Callable[["Runtime", Session], str]
"""Create the entry's job (committed) and return its id; a product error says why not."""


def _veille_rome(runtime: Runtime, session: Session) -> str:
    if "veille-rome" not in KINDS:
        raise ServiceUnavailableError(
            "Veille ROME indisponible sur cette installation : le type de tâche « veille-rome » "
            "n'existe pas dans cette version."
        )
    # The veille package comes with that job kind; imported by name so that this module does
    # not depend on it.
    lancement = importlib.import_module("agents_metiers.services.veille.lancement")
    job = lancement.creer_tache_veille(runtime, session, runtime.settings.rome_source, AUTEUR)
    return str(job.id)


def _veille_marche(runtime: Runtime, session: Session) -> str:
    codes = list(session.scalars(select(FicheRow.code_rome).order_by(FicheRow.code_rome)))
    return creer_job(runtime, session, JobCreate(type="veille-marche", codes=codes), AUTEUR).id


def _marche_publiees(runtime: Runtime, session: Session) -> str:
    body = JobCreate(type="veille-marche", statut="publiee")
    return creer_job(runtime, session, body, AUTEUR).id


@dataclass(frozen=True)
class Entree:
    nom: str
    libelle: str
    type_tache: str
    lancer: Lancement

    def actif(self, settings: Settings) -> bool:
        return bool(getattr(settings, f"schedule_{self.nom.replace('-', '_')}_enabled"))

    def cron(self, settings: Settings) -> str:
        return str(getattr(settings, f"schedule_{self.nom.replace('-', '_')}_cron"))

    def precedente(self, settings: Settings, now: datetime) -> datetime:
        """The latest planned time at or before ``now`` (in ``SCHEDULE_TIMEZONE``)."""
        moment: datetime = croniter(self.cron(settings), now.astimezone(_zone(settings))).get_prev(
            datetime
        )
        return moment

    def suivante(self, settings: Settings, now: datetime) -> datetime:
        moment: datetime = croniter(self.cron(settings), now.astimezone(_zone(settings))).get_next(
            datetime
        )
        return moment


def _zone(settings: Settings) -> ZoneInfo:
    return ZoneInfo(settings.schedule_timezone)


ENTREES: tuple[Entree, ...] = (
    Entree("veille-rome", "Veille du référentiel ROME", "veille-rome", _veille_rome),
    Entree("veille-marche", "Veille métiers et salaires", "veille-marche", _veille_marche),
    Entree(
        "marche-publiees",
        "Chiffres du marché des fiches publiées",
        "veille-marche",
        _marche_publiees,
    ),
)
