"""The detected referential kept beside the applied one until it is promoted.

A run that finds changes stores the detected referential as the rows of the ``rome_*`` tables
(``rome/referentiel_rows.py``), JSON compressed with gzip, in ``rome_veille_staging``. Review
reads it (``fiche_detectee``: the fiche exactly as an import of that version would build it)
and sync promotes it (``promouvoir_referentiel``) inside the caller's transaction, which then
drops the staging of that run and of the older ones (they were measured against the
referential being replaced).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from agents_metiers.errors import NotFoundError
from agents_metiers.rome.fiche_builder import build_fiche
from agents_metiers.rome.importer import record_version, write_referentiel
from agents_metiers.rome.referentiel import Referentiel
from agents_metiers.rome.referentiel_rows import (
    referentiel_from_rows,
    referentiel_rows,
    version_dict,
    version_from_dict,
)
from agents_metiers.services.exploration.transitions import recalculer_transitions
from agents_metiers.storage.tables import RomeVeilleRunRow, RomeVeilleStagingRow

# The last decoded staging, keyed by run and content digest (run ids restart on a fresh base).
_cache: dict[tuple[int, str], Referentiel] = {}


def encoder(ref: Referentiel) -> bytes:
    """``ref`` as gzip-compressed JSON rows."""
    payload = {"version": version_dict(ref.version), "rows": referentiel_rows(ref)}
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=1)


def decoder(contenu: bytes) -> Referentiel:
    payload: dict[str, Any] = json.loads(gzip.decompress(contenu))
    return referentiel_from_rows(version_from_dict(payload["version"]), payload["rows"])


def mettre_en_attente(*, session: Session, run_id: int, ref: Referentiel) -> None:
    """Stage ``ref`` as the referential detected by run ``run_id`` (caller's transaction)."""
    session.add(
        RomeVeilleStagingRow(run_id=run_id, version=ref.version.numero, contenu=encoder(ref))
    )


def referentiel_detecte(*, session: Session, run_id: int) -> Referentiel:
    """The referential detected by run ``run_id``; NotFoundError when none is staged."""
    row = session.get(RomeVeilleStagingRow, run_id)
    if row is None:
        raise NotFoundError(
            f"Aucun référentiel détecté n'est en attente pour l'exécution de veille {run_id} "
            "(exécution inconnue, sans changement, ou déjà appliquée)."
        )
    key = (run_id, hashlib.sha256(row.contenu).hexdigest())
    if key not in _cache:
        _cache.clear()
        _cache[key] = decoder(row.contenu)
    return _cache[key]


def fiche_detectee(*, session: Session, run_id: int, code_rome: str) -> dict[str, Any] | None:
    """``build_fiche`` of the detected version (None when the code is not in it)."""
    ref = referentiel_detecte(session=session, run_id=run_id)
    if code_rome not in ref.fiches:
        return None
    return build_fiche(ref, code_rome)


def promouvoir_referentiel(*, session: Session, run_id: int, now: datetime | None = None) -> None:
    """Write the detected referential into the ``rome_*`` tables and make it the current
    version, inside the caller's transaction; the staging of this run (and older) is dropped."""
    ref = referentiel_detecte(session=session, run_id=run_id)
    run = session.get(RomeVeilleRunRow, run_id)
    source = run.source if run is not None else f"veille {run_id}"
    write_referentiel(session, ref)
    record_version(session, ref, source, now or datetime.now(UTC))
    recalculer_transitions(session)  # the skills-based transitions follow the referential
    session.execute(delete(RomeVeilleStagingRow).where(RomeVeilleStagingRow.run_id <= run_id))


def run_en_attente(*, session: Session) -> int | None:
    """The newest run whose detected referential is still staged, if any."""
    return session.scalar(
        select(RomeVeilleStagingRow.run_id).order_by(RomeVeilleStagingRow.run_id.desc()).limit(1)
    )
