"""Veille métiers / salaires (PRODUCT.md §6.6): refresh one fiche's market figures.

``veiller_fiche`` follows the jobs contract: the source calls happen outside any
transaction; the write is one short transaction that checks the fiche version it read. The
fiche changes (new draft revision, provenance ``france_travail`` with period and date) only
when a figure really changed, and a figure the sources did not give never replaces a stored
one. Every run leaves one ``marche_historique`` row per fiche, changed or not.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from agents_metiers.errors import ServiceUnavailableError
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.audit import record_event
from agents_metiers.services.fiches.ecriture import ecrire_fiche, nouvelle_revision
from agents_metiers.services.fiches.lecture import check_code_rome, get_row
from agents_metiers.services.indisponible import check_region
from agents_metiers.services.marche.blocs import marche_fiche
from agents_metiers.storage.tables import FicheRow, MarcheHistoriqueRow

if TYPE_CHECKING:
    from agents_metiers.services.runtime import Runtime

CHAMPS = ("perspectives", "types_contrats", "salaires")
NIVEAUX = ("junior", "confirme", "senior")


def _perspectives(existant: dict[str, Any] | None, data: dict[str, Any]) -> dict[str, Any]:
    nouveau = dict(existant or {})
    if data["tension"]:
        nouveau["tension"] = data["tension"]["tension"]
    if data["tendance"]:
        nouveau["tendance"] = data["tendance"]["tendance"]
    if data["sources"]["offres"].get("disponible") and data["nb_offres"] is not None:
        nouveau["nombre_offres"] = data["nb_offres"]
    return nouveau


def _salaires(existant: dict[str, Any] | None, data: dict[str, Any], now: datetime) -> Any:
    par_niveau = data["salaires_par_niveau"] or {}
    nouveau = dict(existant or {})
    for niveau in NIVEAUX:
        valeur = par_niveau.get(niveau)
        if valeur:
            nouveau[niveau] = {k: valeur[k] for k in ("min", "max", "median")}
    if {n: nouveau.get(n) for n in NIVEAUX} == {n: (existant or {}).get(n) for n in NIVEAUX}:
        return existant
    nouveau["source"] = "France Travail — salaires annoncés dans les offres d'emploi"
    nouveau["date_maj"] = now.isoformat()
    return nouveau


def valeurs_nouvelles(row: FicheRow, data: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The market fields after the run: sourced figures merged over the stored ones."""
    return {
        "perspectives": _perspectives(row.perspectives, data),
        "types_contrats": data["types_contrats"] or row.types_contrats,
        "salaires": _salaires(row.salaires, data, now),
    }


def _figures(data: dict[str, Any]) -> dict[str, Any]:
    keys = ("nb_offres", "types_contrats", "salaires", "salaires_par_niveau", "tension", "tendance")
    return {key: data.get(key) for key in keys}


def _appliquer(
    row: FicheRow, changes: dict[str, Any], data: dict[str, Any], auteur: Auteur, now: datetime
) -> None:
    provenance = dict(row.provenance or {})
    for champ, valeur in changes.items():
        setattr(row, champ, valeur)
        provenance[champ] = {
            "source": "france_travail",
            "periode": data["periode"],
            "date": now.date().isoformat(),
            "auteur": auteur.nom,
        }
    row.provenance = provenance


def _ecrire(
    runtime: Runtime,
    code: str,
    *,
    version_lue: int,
    data: dict[str, Any],
    auteur: Auteur,
    params: dict[str, Any],
) -> tuple[list[str], int]:
    now = datetime.now(UTC)
    conflit = (
        f"La fiche {code} a été modifiée pendant la veille (version {{version}}) : "
        "relancez la veille pour cette fiche."
    )
    with (
        runtime.sessions() as session,
        ecrire_fiche(session, code, version=version_lue, conflit=conflit) as ecriture,
    ):
        row = ecriture.row
        nouvelles = valeurs_nouvelles(row, data, now)
        changes = {c: v for c, v in nouvelles.items() if v != getattr(row, c)}
        if changes:
            avant = {c: getattr(row, c) for c in changes}
            _appliquer(row, changes, data, auteur, now)
            nouvelle_revision(
                ecriture, auteur, motif="Veille marché du travail", now=now, veille=True
            )
            record_event(
                session,
                type_evenement="veille.marche",
                **auteur.signature(),
                code_rome=code,
                description=f"Veille marché : {', '.join(changes)} mis à jour ({code}).",
                donnees_avant=avant,
                donnees_apres={**changes, "periode": data["periode"]},
            )
        session.add(
            MarcheHistoriqueRow(
                run_id=str(params["job_id"]) if params.get("job_id") else None,
                code_rome=code,
                territoire=params.get("region") or "FR",
                figures=_figures(data),
                sources=data["sources"],
                champs_modifies=list(changes),
                fiche_version=row.version,
                fetched_at=now,
            )
        )
    return list(changes), row.version


async def veiller_fiche(
    runtime: Runtime, code: str, auteur: Auteur, params: dict[str, Any]
) -> dict[str, Any]:
    """Refresh tension, trend, offers count, contract mix and salaries of one fiche
    (France, or ``params["region"]``); job kind ``veille-marche``."""
    code = check_code_rome(code)
    region = check_region(params.get("region"))
    with runtime.sessions() as session:
        version_lue = get_row(session, code).version
    data = await marche_fiche(runtime, code, region, tache=True)
    data.pop("_page", None)
    if not data["disponible"]:
        raise ServiceUnavailableError(data["message"] or "Données du marché indisponibles.")
    champs, version = _ecrire(
        runtime, code, version_lue=version_lue, data=data, auteur=auteur, params=params
    )
    return {
        "code_rome": code,
        "modifie": bool(champs),
        "champs": champs,
        "version": version,
        "periode": data["periode"],
        "sources_indisponibles": [
            nom for nom, bloc in data["sources"].items() if not bloc.get("disponible")
        ],
    }
