"""The ``agents-metiers`` command line: each command parses, calls one service, prints.

Start-up stays fast (``--help`` well under a second): this module and ``cli.jobs`` import only
typer and the product's light modules; each command imports the services it calls (the AI
libraries, WeasyPrint, uvicorn, procrastinate load only in the commands that use them). A test
(tests/cli/test_startup.py) keeps the heavy libraries out of the import of this module.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer

from agents_metiers.cli import francais, output
from agents_metiers.errors import AgentsMetiersError, InvalidInputError

if TYPE_CHECKING:
    from agents_metiers.config import Settings
    from agents_metiers.services.runtime import Runtime

# Each command imports what it calls (see the module docstring).
# ruff: noqa: PLC0415

francais.installer()  # Click's and Typer's own messages (usage, errors) in French

app = typer.Typer(
    help="Agents Métiers : fiches métiers du ROME 4.0 (import, consultation, export, serveur).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
users_app = typer.Typer(help="Gestion des comptes utilisateurs.", no_args_is_help=True)
app.add_typer(users_app, name="users")

P = ParamSpec("P")
R = TypeVar("R")


def handle_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn product errors into one sentence on stderr and exit code 1 (no traceback)."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except AgentsMetiersError as exc:
            output.error(exc.message)
        except Exception as exc:
            # pydantic is loaded by the command itself when it read the settings.
            from pydantic_core import ValidationError

            if not isinstance(exc, ValidationError):
                raise
            output.error(f"Configuration invalide : {exc.errors()[0]['msg']}.")
        except KeyboardInterrupt:
            output.error("Interrompu.")
        raise typer.Exit(1)

    return wrapper


def _settings() -> Settings:
    from agents_metiers.config import get_settings

    settings = get_settings()
    logging.basicConfig(level=settings.log_level, format="%(levelname)s %(name)s: %(message)s")
    if settings.log_level != "DEBUG":
        logging.getLogger("alembic").setLevel(logging.WARNING)
    return settings


@contextmanager
def _runtime(*, migrate_schema: bool = False, ai: bool = False) -> Iterator[Runtime]:
    """The database (and, with ``ai``, the AI client) for one command."""
    from agents_metiers.services.runtime import open_runtime

    runtime = open_runtime(_settings(), migrate_schema=migrate_schema, ai=ai)
    try:
        yield runtime
    finally:
        runtime.close()


@app.command()
@handle_errors
def init() -> None:
    """Crée ou met à jour le schéma de la base de données (migrations)."""
    with _runtime(migrate_schema=True) as runtime:
        output.info(f"Base prête : {runtime.engine.url.render_as_string(hide_password=True)}")


def _run_import(runtime: Runtime, source: str, arborescences: Path | None) -> None:
    from agents_metiers.services.rome_import import ImportOptions
    from agents_metiers.services.veille.importation import importer_ou_detecter
    from agents_metiers.services.veille.lancement import execution_out

    settings = runtime.settings
    options = ImportOptions(
        source=source,
        download_dir=settings.download_dir,
        arborescences=arborescences or settings.rome_arborescences,
    )
    with output.ImportProgress() as progress:
        resultat = importer_ou_detecter(
            runtime.sessions, options, progress=progress.step, on_download=progress.download
        )
    if resultat.veille is not None:
        output.info(
            "Le référentiel en base est plus ancien que cet export : rien n'a été importé, "
            "la veille ROME a relevé ce qui change."
        )
        output.veille_report(execution_out(resultat.veille))
    elif resultat.rapport is not None:
        output.import_report(resultat.rapport)


@app.command("import-rome")
@handle_errors
def import_rome_command(
    source: Annotated[
        str | None,
        typer.Argument(help="Dossier, zip ou URL de l'export CSV (défaut : ROME_SOURCE)."),
    ] = None,
    arborescences: Annotated[
        Path | None,
        typer.Option(help="Dossier des arborescences xlsx (défaut : à côté de l'export)."),
    ] = None,
) -> None:
    """Importe le référentiel ROME et construit toutes les fiches (idempotent)."""
    with _runtime(migrate_schema=True) as runtime:
        _run_import(runtime, source or runtime.settings.rome_source, arborescences)


@app.command()
@handle_errors
def stats() -> None:
    """Affiche les chiffres clés : fiches par statut, référentiel importé."""
    from agents_metiers.services.fiches import lecture as fiche_service

    with _runtime() as runtime, runtime.sessions() as session:
        output.stats(fiche_service.stats(session))


@app.command("list")
@handle_errors
def list_command(
    statut: Annotated[
        str | None, typer.Option(help="Filtrer : brouillon, enrichi, valide ou publiee.")
    ] = None,
    limit: Annotated[int, typer.Option(help="Nombre de fiches (1 à 500).")] = 50,
    offset: Annotated[int, typer.Option(help="Décalage.")] = 0,
) -> None:
    """Liste les fiches par code ROME."""
    from agents_metiers.services.fiches import lecture as fiche_service

    with _runtime() as runtime, runtime.sessions() as session:
        total, rows = fiche_service.list_summaries(
            session, statut=statut, limit=limit, offset=offset
        )
    output.summaries(rows, total=total)


@app.command()
@handle_errors
def show(
    code: Annotated[str, typer.Argument(help="Code ROME, ex. M1805.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Sortie JSON (forme de GET /api/fiches/{code}).")
    ] = False,
) -> None:
    """Affiche une fiche complète."""
    from agents_metiers.services.fiches import lecture as fiche_service

    with _runtime() as runtime, runtime.sessions() as session:
        detail = fiche_service.get_detail(session, code)
    if as_json:
        output.raw(json.dumps(detail.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        output.fiche(detail)


@app.command()
@handle_errors
def search(
    query: Annotated[str, typer.Argument(help="Code, nom (toutes formes) ou appellation.")],
    limit: Annotated[int, typer.Option(help="Nombre de résultats (1 à 500).")] = 20,
) -> None:
    """Cherche des fiches par code, nom masculin/féminin/épicène ou appellation."""
    from agents_metiers.services.fiches import lecture as fiche_service

    with _runtime() as runtime, runtime.sessions() as session:
        total, rows = fiche_service.search(session, query, limit=limit)
    output.summaries(rows, total=total)


FORMATS_EXPORT = ("json", "csv", "pdf")


@app.command()
@handle_errors
def export(
    output_path: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Fichier à écrire (sans --output : la sortie standard)."
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, csv ou pdf.")] = "json",
    codes: Annotated[
        list[str] | None,
        typer.Option("--code", help="pdf : fiche à exporter (répétable ; défaut : les publiées)."),
    ] = None,
) -> None:
    """Exporte les fiches en JSON (détail complet), CSV (une ligne par fiche) ou PDF (ZIP).

    Le PDF rassemble les fiches publiées. Sans --output, l'export va sur la sortie standard
    (le PDF seulement si elle n'est pas un terminal : redirigez-la vers un fichier).
    """
    from agents_metiers.services.fiches import lecture as fiche_service

    if fmt not in FORMATS_EXPORT:
        raise InvalidInputError(f"Format d'export inconnu : « {fmt} » (json, csv ou pdf).")
    if output_path is None:
        _export_stdout(fmt, codes)
        return
    if fmt == "pdf":
        from agents_metiers.rendering.pdf import exporter_pdfs

        with _runtime() as runtime:
            count = exporter_pdfs(runtime, output_path, codes=codes)
        output.info(f"{count} fiches exportées en PDF dans {output_path}")
        return
    with _runtime() as runtime, runtime.sessions() as session:
        result = fiche_service.export_fiches(session, fmt=fmt, path=output_path)
    output.info(f"{result.count} fiches exportées dans {result.path}")


def _export_stdout(fmt: str, codes: list[str] | None) -> None:
    """The export on stdout (the count on stderr, so that stdout holds the export only)."""
    from agents_metiers.services.fiches import lecture as fiche_service

    if fmt == "pdf":
        if sys.stdout.isatty():
            raise InvalidInputError(
                "Le ZIP des PDF ne s'affiche pas dans un terminal : indiquez --output FICHIER "
                "ou redirigez la sortie (> fiches.zip)."
            )
        from agents_metiers.rendering.pdf import ecrire_zip_pdfs

        with _runtime() as runtime:
            count = ecrire_zip_pdfs(runtime, sys.stdout.buffer, codes=codes)
        sys.stdout.buffer.flush()
        output.progression(f"{count} fiches exportées en PDF sur la sortie standard")
        return
    with _runtime() as runtime, runtime.sessions() as session:
        count = fiche_service.ecrire_export(session, fmt=fmt, handle=sys.stdout)
    sys.stdout.flush()
    output.progression(f"{count} fiches exportées sur la sortie standard")


@app.command()
@handle_errors
def serve(
    host: Annotated[str | None, typer.Option(help="Adresse d'écoute (défaut : HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (défaut : PORT).")] = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1, max=64, help="Processus uvicorn (plusieurs : PostgreSQL et Redis conseillés)."
        ),
    ] = 1,
) -> None:
    """Lance le serveur web ; importe d'abord le ROME si la base est vide."""
    import uvicorn

    from agents_metiers.services.deploiement import avertissements_processus
    from agents_metiers.services.rome_import import database_is_empty

    settings = _settings()
    settings.verifier_cle_secrete()
    for warning in avertissements_processus(settings, workers):
        output.warning(warning)
    with _runtime(migrate_schema=True) as runtime:
        if database_is_empty(runtime.sessions):
            output.info(f"Base vide : import du ROME depuis {runtime.settings.rome_source}")
            _run_import(runtime, runtime.settings.rome_source, None)
    uvicorn.run(
        "agents_metiers.web.app:app_from_environment",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        log_level=settings.log_level.lower(),
    )


@users_app.command("create")
@handle_errors
def users_create(
    email: Annotated[str, typer.Option(help="Adresse e-mail (identifiant).")],
    password: Annotated[
        str | None, typer.Option(help="Mot de passe (demandé au terminal si absent).")
    ] = None,
    role: Annotated[str, typer.Option(help="admin, editeur, relecteur ou lecteur.")] = "lecteur",
    name: Annotated[str | None, typer.Option(help="Nom affiché.")] = None,
) -> None:
    """Crée un compte (le premier administrateur se crée ainsi)."""
    from agents_metiers.services.comptes.users import create_user

    if password is None:
        if not sys.stdin.isatty():
            raise InvalidInputError("Mot de passe requis : indiquez --password.")
        password = typer.prompt("Mot de passe", hide_input=True, confirmation_prompt=True)
    with _runtime(migrate_schema=True) as runtime:
        user = create_user(runtime.sessions, email=email, password=password, role=role, name=name)
    output.info(f"Compte créé : {user.email} ({user.role})")


# Batch and worker commands live in their own module; importing it registers them on ``app``.
from agents_metiers.cli import jobs as _jobs  # noqa: E402, F401
from agents_metiers.cli import revue as _revue  # noqa: E402, F401
from agents_metiers.cli import veille as _veille  # noqa: E402, F401
