"""Veille ROME commands: ``veille-rome`` (detect what a newer export changes) and
``rome-changes`` (list the detected changes). ``import-rome`` of a newer version lands here too.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from agents_metiers.cli import output
from agents_metiers.cli.main import _runtime, app, handle_errors
from agents_metiers.rendering.nombres import accord

if TYPE_CHECKING:
    from agents_metiers.services.veille.consultation import ChangeOut

# Each command imports what it calls, so that ``--help`` stays fast (cli/main.py).
# ruff: noqa: PLC0415


@app.command("veille-rome")
@handle_errors
def veille_rome(
    source: Annotated[
        str | None,
        typer.Argument(help="Dossier, zip ou URL du nouvel export (défaut : ROME_SOURCE)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Sortie JSON (forme de l'API).")] = False,
) -> None:
    """Compare le référentiel en base avec un export plus récent (aucune fiche n'est modifiée).

    Les changements détectés sont enregistrés ; rome-changes les liste, sync-rome les applique.
    """
    from agents_metiers.services.veille.detection import VeilleOptions, executer_veille
    from agents_metiers.services.veille.lancement import execution_out

    with _runtime(migrate_schema=True) as runtime:
        options = VeilleOptions(
            source=source or runtime.settings.rome_source,
            download_dir=runtime.settings.download_dir,
            arborescences=runtime.settings.rome_arborescences,
        )
        if as_json:  # stdout holds the JSON document only
            resultat = executer_veille(runtime.sessions, options)
        else:
            with output.ImportProgress() as progress:
                resultat = executer_veille(
                    runtime.sessions,
                    options,
                    progress=progress.step,
                    on_download=progress.download,
                )
    execution = execution_out(resultat)
    if as_json:
        output.raw(json.dumps(execution.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        output.veille_report(execution)


def _ligne(change: ChangeOut) -> str:
    sens = " [changement de sens]" if change.sens_modifie else ""
    revu = f" (revu : {change.review_action})" if change.reviewed else ""
    champs = ", ".join(change.fields_changed)
    titre = f"#{change.id} {change.code_rome} {change.change_type}{sens}"
    return f"{titre} — {change.nom_metier} : {champs}{revu}"


@app.command("rome-changes")
@handle_errors
def rome_changes(
    code: Annotated[str | None, typer.Option("--code", help="Un seul code ROME.")] = None,
    pending: Annotated[
        bool, typer.Option("--pending", help="Seulement les changements non revus.")
    ] = False,
    limit: Annotated[int, typer.Option(min=1, max=5000, help="Nombre de changements.")] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="Sortie JSON (forme de l'API).")] = False,
) -> None:
    """Liste les changements détectés par la veille ROME (les plus récents d'abord)."""
    from agents_metiers.services.veille.consultation import lister_changements

    with _runtime() as runtime, runtime.sessions() as session:
        page = lister_changements(
            session=session, code_rome=code, reviewed=False if pending else None, limit=limit
        )
    if as_json:
        output.raw(json.dumps(page.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    if not page.changes:
        output.info("Aucun changement détecté.")
        return
    for change in page.changes:
        output.info(_ligne(change))
    affiches = accord(len(page.changes), "changement affiché", "changements affichés")
    output.info(f"{affiches} sur {page.total}.")
