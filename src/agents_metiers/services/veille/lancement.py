"""Starting a veille ROME from the API, the CLI or a job: which source, run now or queue.

The source is the configured ``ROME_SOURCE``, the official URL, or a folder, zip or URL given
by an administrator. A URL that is not one of the configured ones must lead to a public
address: a host that resolves to a loopback, private, link-local or reserved address is
refused. A local source runs within the request; a URL (a download) runs as a job of kind
``veille-rome`` with a single item.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from agents_metiers.config import OFFICIAL_ROME_URL, Settings
from agents_metiers.errors import InvalidInputError
from agents_metiers.rome.download import is_url
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.jobs.lifecycle import ITEM_REFERENTIEL, creer_job_referentiel
from agents_metiers.services.runtime import Runtime
from agents_metiers.services.veille.detection import (
    VeilleOptions,
    VeilleResultat,
    executer_veille,
)
from agents_metiers.storage.tables import JobRow

JOB_KIND = "veille-rome"


class VeilleDemande(BaseModel):
    source: str | None = Field(default=None, max_length=2000)


class VeilleExecution(BaseModel):
    """A finished run: the reference counts (``total_api`` = codes in the new export) + more."""

    run_id: int
    statut: str = "terminee"
    total_api: int
    nouvelles: int
    modifiees: int
    supprimees: int
    inchangees: int
    erreurs: int
    relibellees: int
    sens_modifies: int
    version_stockee: int
    version_detectee: int
    changements_enregistres: int
    deja_signales: int
    fiches_marquees: int
    changements_de_sens: list[dict[str, Any]]
    avertissements: list[str]


def execution_out(resultat: VeilleResultat) -> VeilleExecution:
    c = resultat.compteurs
    return VeilleExecution(
        run_id=resultat.run_id,
        total_api=c["nouvelles"] + c["modifiees"] + c["inchangees"],
        changements_de_sens=resultat.sens_modifies,
        avertissements=resultat.avertissements,
        **{k: v for k, v in c.items() if k in VeilleExecution.model_fields},
    )


def source_veille(settings: Settings, demandee: str | None) -> str:
    """The source to read: the one asked (checked) or the configured ``ROME_SOURCE``."""
    source = (demandee or "").strip() or settings.rome_source
    try:
        url = is_url(source)
    except ValueError as exc:
        raise InvalidInputError(f"L'URL « {source} » est mal formée.") from exc
    if url:
        if source not in (settings.rome_source, OFFICIAL_ROME_URL):
            _verifier_hote_public(source)
        return source
    if "://" in source:
        raise InvalidInputError(
            f"La source « {source} » n'est ni un dossier, ni un zip, ni une URL http(s)."
        )
    if not _existe(Path(source)):
        raise InvalidInputError(
            f"Le chemin {source} n'existe pas : indiquez le dossier de l'export ROME, son zip "
            "ou une URL http(s)."
        )
    return source


def _existe(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # a name too long, a permission refused on the way
        return False


def _verifier_hote_public(url: str) -> None:
    try:
        host = urlsplit(url).hostname
    except ValueError as exc:
        raise InvalidInputError(f"L'URL « {url} » est mal formée.") from exc
    if not host:
        raise InvalidInputError(f"L'URL « {url} » n'a pas de nom d'hôte.")
    try:
        adresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError, ValueError) as exc:
        raise InvalidInputError(
            f"L'hôte {host} de l'URL est introuvable : impossible d'y lire un export ROME."
        ) from exc
    for adresse in adresses:
        ip = ipaddress.ip_address(str(adresse).split("%", 1)[0])
        if not ip.is_global or ip.is_multicast:
            raise InvalidInputError(
                f"L'URL {url} mène à une adresse interne ({ip}) : seules les sources configurées "
                "(ROME_SOURCE, URL officielle) peuvent être internes."
            )


def executer_maintenant(runtime: Runtime, source: str) -> VeilleExecution:
    """Run the veille on ``source`` now (the caller checked it)."""
    options = VeilleOptions(source=source, download_dir=runtime.settings.download_dir)
    return execution_out(executer_veille(runtime.sessions, options))


def creer_tache_veille(runtime: Runtime, session: Session, source: str, auteur: Auteur) -> JobRow:
    """Queue a ``veille-rome`` job (one item: the referential) and commit it, through the
    jobs' own creation (permission ``OPERER`` of the kind checked there)."""
    return creer_job_referentiel(
        runtime,
        session,
        JOB_KIND,
        auteur,
        params={"source": source},
        description=f"Veille ROME mise en file (source : {source}).",
        donnees={"source": source},
    )


async def veiller_rome(
    runtime: Runtime, code: str, auteur: Auteur, params: dict[str, Any]
) -> dict[str, Any]:
    """Job kind ``veille-rome``: its single item runs the veille on ``params["source"]``."""
    if code != ITEM_REFERENTIEL or "source" not in params:
        raise InvalidInputError(
            "La veille ROME porte sur tout le référentiel : lancez-la avec POST /api/veille/rome "
            "ou « agents-metiers veille-rome »."
        )
    options = VeilleOptions(source=params["source"], download_dir=runtime.settings.download_dir)
    resultat = await asyncio.to_thread(
        executer_veille, runtime.sessions, options, job_id=params.get("job_id")
    )
    return execution_out(resultat).model_dump()
