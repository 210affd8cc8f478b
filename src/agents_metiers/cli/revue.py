"""Veille ROME commands, review and sync side: ``sync-rome``, ``review-change``."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from agents_metiers.cli import output
from agents_metiers.cli.main import _runtime, app, handle_errors
from agents_metiers.rendering.nombres import accord

if TYPE_CHECKING:
    from agents_metiers.services.comptes.acteurs import Auteur
    from agents_metiers.services.veille.sync import SyncResultat

# The veille services load SQLAlchemy and the jobs: imported by the commands, not at start-up
# (cli.main).
# ruff: noqa: PLC0415

ACTIONS_AIDE = "acknowledge, apply, re_enrich"  # services.veille.revue.ACTIONS (tested)
JsonOption = Annotated[bool, typer.Option("--json", help="Sortie JSON (forme de l'API).")]


def _auteur_cli() -> Auteur:
    from agents_metiers.services.comptes.acteurs import Auteur

    return Auteur(nom="ligne de commande", acteur="systeme")


@app.command("sync-rome")
@handle_errors
def sync_rome(as_json: JsonOption = False) -> None:
    """Applique les changements ROME détectés qui ne demandent pas de revue.

    Le référentiel détecté devient ensuite le référentiel en base ; les changements de sens
    et les conflits attendent une revue (review-change).
    """
    from agents_metiers.services.veille.sync import synchroniser

    progress = Progress(
        TextColumn("Synchronisation ROME"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=output.console,
        disable=output.is_plain() or as_json,
        transient=True,
    )
    with _runtime() as runtime, runtime.sessions() as session, progress:
        task = progress.add_task("sync", total=None)

        def avancer(_step: str, done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        resultat = synchroniser(session, _auteur_cli(), progress=avancer)
    if as_json:
        output.raw(json.dumps(resultat.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        _rapport(resultat)


def _rapport(resultat: SyncResultat) -> None:
    output.info(
        f"Référentiel ROME v{resultat.version} en base. "
        f"{accord(resultat.appliquees, 'changement appliqué', 'changements appliqués')} "
        f"({accord(resultat.fiches_modifiees, 'fiche modifiée', 'fiches modifiées')}), "
        f"{accord(resultat.nouvelles_fiches, 'nouvelle fiche', 'nouvelles fiches')} en brouillon, "
        f"{accord(resultat.retirees, 'code retiré signalé', 'codes retirés signalés')}, "
        f"{resultat.conflits} en conflit, "
        f"{accord(resultat.en_attente_revue, 'changement', 'changements')} de sens en attente "
        "de revue."
    )
    for conflit in resultat.liste_conflits:
        output.info(
            f"  Conflit n° {conflit.change_id} {conflit.code_rome} ({conflit.nom_metier}) : "
            f"{', '.join(conflit.champs)} — "
            + ("modifié" if len(conflit.champs) < 2 else "modifiés")
            + " par l'équipe, à revoir."
        )


@app.command("review-change")
@handle_errors
def review_change(
    change_id: Annotated[int, typer.Argument(help="Numéro du changement (rome-changes).")],
    action: Annotated[str, typer.Argument(help=f"Action : {ACTIONS_AIDE}.")],
    as_email: Annotated[
        str | None,
        typer.Option("--as", help="Adresse du compte au nom duquel agir (relecteur ou admin)."),
    ] = None,
) -> None:
    """Traite un changement ROME détecté : acknowledge, apply ou re_enrich."""
    from agents_metiers.services.comptes.users import auteur_par_email
    from agents_metiers.services.jobs.queue import dispatch
    from agents_metiers.services.veille.revue import reviser

    with _runtime(ai=action == "re_enrich") as runtime, runtime.sessions() as session:
        auteur = auteur_par_email(session, as_email) if as_email else _auteur_cli()
        resultat = reviser(runtime, session, change_id, action, auteur)
        if resultat.job_id is not None:
            asyncio.run(dispatch(runtime, resultat.job_id, worker=None))
    change = resultat.changement
    suite = (
        f" Tâche d'enrichissement {resultat.job_id} en file : « agents-metiers worker » "
        "la traitera."
        if resultat.job_id
        else ""
    )
    output.info(
        f"Changement n° {change.id} ({change.code_rome}, {change.nom_metier}) traité : "
        f"{change.review_action}.{suite}"
    )
