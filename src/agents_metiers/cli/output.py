"""Printing for the CLI: rich on a terminal, plain lines otherwise (pipes, CI)."""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from agents_metiers.rendering import libelles
from agents_metiers.rendering.nombres import accord

if TYPE_CHECKING:
    from agents_metiers.rome.importer import ImportReport
    from agents_metiers.services.fiches.schemas import FicheDetail, FicheSummary
    from agents_metiers.services.veille.lancement import VeilleExecution

_plain = bool(os.environ.get("CI")) or not sys.stdout.isatty()
console = Console(no_color=_plain, highlight=False, soft_wrap=_plain)
err_console = Console(stderr=True, no_color=_plain, highlight=False, soft_wrap=True)

PHASES = {
    "lecture": "Lecture de l'export",
    "fiches": "Construction des fiches",
    "comparaison": "Comparaison avec le référentiel en base",
    "enregistrement": "Enregistrement des changements",
}


def is_plain() -> bool:
    """Whether output goes to a pipe or CI (no colours, no live progress bars)."""
    return _plain


def info(message: str) -> None:
    console.print(message, markup=False)


def progression(message: str) -> None:
    """A progress line on stderr (stdout keeps the result)."""
    err_console.print(message, markup=False)


def raw(text: str) -> None:
    sys.stdout.write(text + "\n")


def error(message: str) -> None:
    err_console.print(f"Erreur : {message}", markup=False)


def warning(message: str) -> None:
    err_console.print(f"Attention : {message}", markup=False)


class ImportProgress:
    """Progress of an import: bars on a terminal, one line per phase otherwise."""

    def __init__(self) -> None:
        self._progress: Progress | None = None
        self._tasks: dict[str, TaskID] = {}
        self._announced: set[str] = set()

    def __enter__(self) -> ImportProgress:
        if not _plain:
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                DownloadColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            )
            self._progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._progress:
            self._progress.stop()

    def _update(self, key: str, label: str, done: int, total: int | None) -> None:
        if self._progress is None:
            if key not in self._announced:
                self._announced.add(key)
                info(f"{label}…")
            return
        if key not in self._tasks:
            self._tasks[key] = self._progress.add_task(label, total=total)
        self._progress.update(self._tasks[key], completed=done, total=total)

    def step(self, phase: str, done: int, total: int) -> None:
        self._update(phase, PHASES.get(phase, phase), done, total)

    def download(self, done: int, total: int | None) -> None:
        self._update("download", "Téléchargement de l'export ROME", done, total)


def import_report(report: ImportReport) -> None:
    info(
        f"ROME version {report.version} importée : {report.total} fiches "
        f"({report.fiches_creees} créées, {report.fiches_mises_a_jour} mises à jour, "
        f"{report.fiches_inchangees} inchangées)."
    )
    if report.champs_preserves:
        info(f"{report.champs_preserves} champs édités conservés (non écrasés par le ROME).")
    if report.fiches_absentes:
        info(f"{report.fiches_absentes} fiches absentes de cet export ont été conservées.")


def veille_report(execution: VeilleExecution) -> None:
    """Counts, meaning changes and warnings of a finished run, then what to do next."""
    e = execution
    info(
        f"Veille ROME v{e.version_stockee} → v{e.version_detectee} : {e.nouvelles} nouveaux "
        f"codes, {e.modifiees} modifiés ({e.relibellees} relibellés, {e.sens_modifies} "
        f"changements de sens), {e.supprimees} supprimés, {e.inchangees} inchangés."
    )
    info(
        f"{e.changements_enregistres} changements enregistrés ({e.deja_signales} déjà "
        f"signalés), {e.fiches_marquees} fiches marquées « mise à jour ROME en attente »."
    )
    for sens in e.changements_de_sens:
        info(
            f"  Changement de sens {sens['code_rome']} : « {sens['avant']} » → « {sens['apres']} »"
        )
    for avertissement in e.avertissements:
        info(f"  Attention : {avertissement}")
    if e.changements_enregistres:
        info(
            "Aucune fiche n'a été modifiée : revoyez les changements "
            "(« agents-metiers rome-changes ») puis synchronisez (« agents-metiers sync-rome »)."
        )


def stats(figures: dict[str, Any]) -> None:
    info(f"Fiches : {figures['total']}")
    for key, value in figures.items():
        if key.startswith("statut_"):
            info(f"  {libelles.statut(key.removeprefix('statut_'))} : {value}")
    version = figures["rome_version"]
    info(f"Référentiel ROME : {'version ' + str(version) if version else 'non importé'}")
    for key, value in figures["referentiel"].items():
        info(f"  {key.replace('_', ' ')} : {value}")


def summaries(rows: list[FicheSummary], *, total: int) -> None:
    if not rows:
        info("Aucune fiche.")
        return
    if _plain:
        for row in rows:
            raw(f"{row.code_rome}\t{row.statut}\t{row.score_completude}\t{row.nom_epicene}")
    else:
        table = Table("Code", "Métier", "Statut", "Complétude")
        for row in rows:
            table.add_row(
                row.code_rome,
                row.nom_epicene,
                libelles.statut(row.statut),
                f"{row.score_completude} %",
            )
        console.print(table)
    info(f"{accord(len(rows), 'fiche affichée', 'fiches affichées')} sur {total}.")


def _section(title: str, lines: list[str]) -> None:
    if lines:
        info(f"\n{title}")
        for line in lines:
            info(f"  - {line}")


def fiche(detail: FicheDetail) -> None:
    info(f"{detail.code_rome} — {detail.nom_epicene}")
    info(f"Masculin : {detail.nom_masculin} | Féminin : {detail.nom_feminin}")
    domaine = detail.domaine_professionnel or {}
    info(f"Domaine : {domaine.get('grand_domaine')} › {domaine.get('domaine')}")
    info(
        f"Statut : {libelles.statut(detail.statut)} | version {detail.version} | "
        f"ROME v{detail.rome_version} | complétude {detail.score_completude} %"
    )
    info(f"\n{detail.description}")
    _section("Missions", detail.missions_principales)
    info(f"\nAccès : {detail.acces_metier or '—'} (niveau : {detail.niveau_formation or '—'})")
    _section("Savoir-faire", detail.competences)
    _section("Savoir-être", detail.competences_transversales)
    _section("Savoirs", detail.savoirs)
    _section("Contextes de travail", detail.conditions_travail + detail.environnements)
    riasec = detail.profil_riasec or {}
    info(f"\nRIASEC : {riasec.get('majeur') or '—'}{riasec.get('mineur') or ''}")
    proches = (detail.mobilite or {}).get("metiers_proches") or []
    _section("Métiers proches", [f"{p['code_rome']} {p['nom']}" for p in proches])
    _section("Appellations", detail.autres_appellations)
