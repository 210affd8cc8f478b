"""Batch commands and the job worker: ``enrich-batch``, ``validate-batch``, ``variants-batch``,
``publish-batch``, ``review-batch``, ``worker``.

A batch command queues a job like ``POST /api/jobs`` does, then runs it here with a progress bar
(embedded backend) or follows the workers' progress (procrastinate backend). Interrupting it
(Ctrl+C) leaves the job queued: ``agents-metiers worker`` (or the app) finishes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from agents_metiers.cli import output
from agents_metiers.cli.main import _runtime, app, handle_errors
from agents_metiers.errors import InvalidInputError
from agents_metiers.rendering.nombres import accord

if TYPE_CHECKING:
    from agents_metiers.services.jobs.lifecycle import JobOut
    from agents_metiers.services.runtime import Runtime

# The job services import the AI agents: loaded by the commands, not at start-up (cli.main).
# ruff: noqa: PLC0415

Codes = Annotated[
    list[str] | None, typer.Argument(help="Codes ROME (sinon : toutes les fiches de --statut).")
]
StatutOption = Annotated[
    str | None, typer.Option(help="Prendre toutes les fiches de ce statut (ex. brouillon).")
]
Concurrency = Annotated[
    int | None, typer.Option(min=1, max=64, help="Fiches traitées en parallèle (JOBS_CONCURRENCY).")
]


def _echecs(nombre: int) -> str:
    return accord(nombre, "échec", "échecs")


def _progress(job: JobOut, *, stderr: bool) -> Progress:
    return Progress(
        TextColumn(f"{job.label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[echecs]}"),
        TimeElapsedColumn(),
        console=output.err_console if stderr else output.console,
        disable=output.is_plain(),
    )


async def _follow(
    runtime: Runtime, job_id: str, concurrency: int | None, *, stderr: bool = False
) -> JobOut:
    """Run (embedded) or watch (procrastinate) the job until it ends, with a progress bar
    (on stderr with ``stderr``)."""
    from agents_metiers.services.jobs.lifecycle import EN_COURS, job_detail
    from agents_metiers.services.jobs.queue import dispatch
    from agents_metiers.services.jobs.workers import EmbeddedWorker

    with runtime.sessions() as session:
        job = job_detail(session, job_id, with_items=False)
    with _progress(job, stderr=stderr) as progress:
        bar = progress.add_task("job", total=job.total, echecs=_echecs(0))

        def refresh() -> JobOut:
            with runtime.sessions() as session:
                current = job_detail(session, job_id, with_items=False)
            finished = current.done + current.failed + current.cancelled
            progress.update(bar, completed=finished, echecs=_echecs(current.failed))
            if output.is_plain():
                ligne = f"{finished}/{current.total} ({_echecs(current.failed)})"
                if stderr:
                    output.progression(ligne)
                else:
                    output.info(ligne)
            return current

        if runtime.settings.jobs_backend == "procrastinate":
            await dispatch(runtime, job_id, worker=None)
            while (current := refresh()).statut in EN_COURS:
                await asyncio.sleep(1)
            return current
        worker = EmbeddedWorker(
            runtime, concurrency=concurrency, job_id=job_id, on_item_done=refresh
        )
        await worker.run(until_idle=True)
        return refresh()


def _run_batch(
    kind: str, codes: list[str] | None, statut: str | None, params: dict[str, Any], **opts: Any
) -> None:
    from agents_metiers.services.comptes.acteurs import Auteur
    from agents_metiers.services.jobs.lifecycle import JobCreate, creer_job, job_detail

    with _runtime(ai=True) as runtime:
        with runtime.sessions() as session:
            job = creer_job(
                runtime,
                session,
                JobCreate(type=kind, codes=codes or None, statut=statut, params=params),
                Auteur(nom="ligne de commande", acteur="systeme"),
            )
            job_id = job.id
        started = time.perf_counter()
        try:
            final = asyncio.run(_follow(runtime, job_id, opts.get("concurrency")))
        except KeyboardInterrupt:
            output.error(
                f"Interrompu : la tâche {job_id} reste en file ; « agents-metiers worker » "
                "la terminera."
            )
            raise typer.Exit(130) from None
        with runtime.sessions() as session:
            detail = job_detail(session, job_id)
    elapsed = time.perf_counter() - started
    output.info(
        f"Tâche {final.id} : {accord(final.done, 'réussie', 'réussies')}, "
        f"{final.failed} en échec, {accord(final.cancelled, 'annulée', 'annulées')} "
        f"sur {final.total}, en {elapsed:.1f} s."
    )
    for item in detail.items or []:
        if item.statut == "failed":
            output.info(f"  {item.code_rome} : {item.error}")
    if final.failed:
        raise typer.Exit(1)


@app.command("enrich-batch")
@handle_errors
def enrich_batch(
    codes: Codes = None,
    statut: StatutOption = None,
    instructions: Annotated[
        str | None, typer.Option(help="Consignes pour le rédacteur (2 000 caractères au plus).")
    ] = None,
    concurrency: Concurrency = None,
) -> None:
    """Enrichit des fiches par l'IA, en tâche (progression, reprise après arrêt)."""
    params = {"instructions": instructions} if instructions else {}
    _run_batch("enrich", codes, statut, params, concurrency=concurrency)


@app.command("validate-batch")
@handle_errors
def validate_batch(
    codes: Codes = None, statut: StatutOption = None, concurrency: Concurrency = None
) -> None:
    """Valide des fiches par l'IA (rapport de qualité), en tâche."""
    _run_batch("validate", codes, statut, {}, concurrency=concurrency)


def _split(value: str | None) -> list[str] | None:
    return [part.strip() for part in value.split(",") if part.strip()] if value else None


@app.command("variants-batch")
@handle_errors
def variants_batch(  # noqa: PLR0917 (typer options are keyword by nature)
    codes: Codes = None,
    statut: StatutOption = None,
    langues: Annotated[str | None, typer.Option(help="Ex. fr,en (défaut : toutes).")] = None,
    tranches: Annotated[str | None, typer.Option(help="Ex. 11-15,18+ (défaut : toutes).")] = None,
    formats: Annotated[str | None, typer.Option(help="standard,falc (défaut : tous).")] = None,
    genres: Annotated[
        str | None, typer.Option(help="masculin,feminin,epicene (défaut : tous).")
    ] = None,
    concurrency: Concurrency = None,
) -> None:
    """Génère des variantes (langue × âge × format × genre) de fiches, en tâche."""
    params = {
        key: value
        for key, value in {
            "langues": _split(langues),
            "tranches": _split(tranches),
            "formats": _split(formats),
            "genres": _split(genres),
        }.items()
        if value
    }
    _run_batch("variants", codes, statut, params, concurrency=concurrency)


@app.command("publish-batch")
@handle_errors
def publish_batch(
    codes: Codes = None, statut: StatutOption = None, concurrency: Concurrency = None
) -> None:
    """Publie des fiches (par exemple toutes les fiches validées), en tâche."""
    _run_batch("publish", codes, statut, {}, concurrency=concurrency)


@app.command("review-batch")
@handle_errors
def review_batch(  # noqa: PLR0917 (typer options are keyword by nature)
    as_email: Annotated[
        str,
        typer.Option(
            "--as",
            help="Adresse du compte relecteur (ou administrateur) au nom duquel relire : "
            "il signe chaque révision et chaque événement du journal.",
        ),
    ],
    statut: StatutOption = None,
    domaine: Annotated[
        str | None,
        typer.Option(help="Grand domaine (ex. M) ou domaine professionnel (ex. M18)."),
    ] = None,
    codes: Annotated[
        str | None,
        typer.Option(
            help="Codes ROME séparés par des virgules (ex. M1805,M1802) : ces fiches sont "
            "relues quel que soit leur contenu."
        ),
    ] = None,
    publier: Annotated[
        bool, typer.Option("--publier", help="Publier aussi chaque fiche validée.")
    ] = False,
    concurrency: Concurrency = None,
) -> None:
    """Relit et valide des fiches en lot au nom d'un relecteur, et les publie avec --publier.

    Par statut ou domaine, seules les fiches dont le contenu est encore entièrement celui du
    ROME sont prises (ni texte d'IA ni modification humaine, jamais une fiche renvoyée par un
    relecteur) ; les autres sont ignorées avec leur raison, et doivent être nommées par
    --codes. Progression sur la sortie d'erreur, bilan à la fin.
    """
    from agents_metiers.services.comptes.users import auteur_par_email
    from agents_metiers.services.jobs.lifecycle import JobCreate, creer_job, job_detail

    liste = _split(codes)
    if liste is None and statut is None and domaine is None:
        raise InvalidInputError("Indiquez les fiches à relire : --statut, --domaine ou --codes.")
    if liste is not None and (statut is not None or domaine is not None):
        raise InvalidInputError("--codes ne se combine ni avec --statut ni avec --domaine.")
    with _runtime() as runtime:
        with runtime.sessions() as session:
            auteur = auteur_par_email(session, as_email)
            job = creer_job(
                runtime,
                session,
                JobCreate(
                    type="review",
                    codes=liste,
                    statut=statut,
                    domaine=domaine,
                    params={"decision": "validate", "publier": publier},
                ),
                auteur,
            )
            job_id = job.id
        try:
            asyncio.run(_follow(runtime, job_id, concurrency, stderr=True))
        except KeyboardInterrupt:
            output.error(
                f"Interrompu : la tâche {job_id} reste en file ; « agents-metiers worker » "
                "la terminera."
            )
            raise typer.Exit(130) from None
        with runtime.sessions() as session:
            detail = job_detail(session, job_id)
    _bilan_relecture(detail, publier=publier)
    if detail.failed:
        raise typer.Exit(1)


def _bilan_relecture(detail: JobOut, *, publier: bool) -> None:
    items = detail.items or []
    actions = [(item.result or {}).get("action") for item in items if item.statut == "done"]
    faites = actions.count("publiee" if publier else "validee")
    ignorees = [
        i for i in items if i.statut == "done" and (i.result or {}).get("action") == "ignoree"
    ]
    fiches = (
        accord(faites, "fiche validée et publiée", "fiches validées et publiées")
        if publier
        else accord(faites, "fiche validée", "fiches validées")
    )
    output.info(
        f"Relecture en lot par {detail.auteur} (tâche {detail.id}) : {fiches}, "
        f"{accord(len(ignorees), 'ignorée', 'ignorées')}, {detail.failed} en échec, "
        f"{accord(detail.cancelled, 'annulée', 'annulées')} sur {detail.total}."
    )
    for item in ignorees:
        output.info(f"  {item.code_rome} ignorée : {(item.result or {}).get('message')}")
    for item in items:
        if item.statut == "failed":
            output.info(f"  {item.code_rome} en échec : {item.error}")


@app.command()
@handle_errors
def worker(concurrency: Concurrency = None) -> None:
    """Exécute les tâches en file et le planificateur jusqu'à Ctrl+C.

    Un seul processus à la fois, élu par le bail en base ; avec JOBS_BACKEND=procrastinate,
    ce sont les workers procrastinate.
    """
    with _runtime(migrate_schema=True, ai=True) as runtime:
        backend = runtime.settings.jobs_backend
        output.info(f"Worker démarré (file : {backend}) ; Ctrl+C pour l'arrêter.")
        asyncio.run(_work(runtime, concurrency or runtime.settings.jobs_concurrency))
        output.info("Worker arrêté.")


async def _work(runtime: Runtime, concurrency: int) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    if runtime.settings.jobs_backend == "procrastinate":
        from agents_metiers.services.jobs.procrastinate_backend import run_worker

        await run_worker(runtime, concurrency=concurrency, stop=stop)
    else:
        from agents_metiers.services.jobs.titulaire import TravauxLocaux, tenir

        await tenir(runtime, stop, TravauxLocaux(), concurrency=concurrency)
