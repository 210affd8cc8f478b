"""Use cases that read fiches: detail, list, search, statistics, export."""

from __future__ import annotations

import contextlib
import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.orm import Session

from agents_metiers.domain.fiche import CODE_ROME_MESSAGE, Statut, is_code_rome, normaliser
from agents_metiers.errors import InvalidInputError, NotFoundError
from agents_metiers.services.schemas import FicheDetail, FicheSummary, fiche_detail, fiche_summary
from agents_metiers.storage import fiches as store
from agents_metiers.storage.referentiel import current_version, referentiel_counts
from agents_metiers.storage.tables import FicheRow

MAX_LIMIT = 500


def check_code_rome(code: str) -> str:
    """The code, upper-cased; an impossible code is a clear error, not a miss."""
    normalised = code.strip().upper()
    if not is_code_rome(normalised):
        raise InvalidInputError(f"« {code} » n'est pas un code ROME valide. {CODE_ROME_MESSAGE}")
    return normalised


def check_statut(statut: str | None) -> str | None:
    if statut is None:
        return None
    valeurs = [s.value for s in Statut]
    if statut not in valeurs:
        raise InvalidInputError(
            f"Statut invalide : « {statut} ». Valeurs possibles : {', '.join(valeurs)}."
        )
    return statut


def get_detail(session: Session, code: str) -> FicheDetail:
    code = check_code_rome(code)
    row = store.get_fiche(session=session, code_rome=code)
    if row is None:
        raise NotFoundError(f"Fiche {code} non trouvée.")
    return fiche_detail(row, store.count_variantes(session=session, codes=[code]).get(code, 0))


def _summaries(session: Session, rows: list[FicheRow]) -> list[FicheSummary]:
    counts = store.count_variantes(session=session, codes=[r.code_rome for r in rows])
    return [fiche_summary(row, counts.get(row.code_rome, 0)) for row in rows]


def _check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInputError(f"La limite doit être comprise entre 1 et {MAX_LIMIT}.")
    if offset < 0:
        raise InvalidInputError("Le décalage (offset) ne peut pas être négatif.")


def list_summaries(
    session: Session, *, statut: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[int, list[FicheSummary]]:
    statut = check_statut(statut)
    _check_page(limit, offset)
    rows = store.list_fiches(session=session, statut=statut, limit=limit, offset=offset)
    return store.count_fiches(session=session, statut=statut), _summaries(session, rows)


def _rank(row: FicheRow, query: str) -> int:
    """Code first, then names that equal, start with, or contain the query."""
    if row.code_rome.lower() == query.replace(" ", ""):
        return 1000
    names = [normaliser(n) for n in (row.nom_masculin, row.nom_feminin, row.nom_epicene)]
    if query in names:
        return 800
    if any(name.startswith(query) for name in names):
        return 600
    if any(f" {query}" in f" {name}" for name in names):
        return 400
    if any(query in name for name in names):
        return 200
    return 100  # matched through an appellation


def search(
    session: Session, query: str, *, statut: str | None = None, limit: int = 20, offset: int = 0
) -> tuple[int, list[FicheSummary]]:
    """Fiches matching every word of ``query`` in any name form or appellation, best first.

    Returns the number of matches and the requested page of them.
    """
    normalised = normaliser(query)
    if not normalised:
        raise InvalidInputError("La recherche est vide : indiquez un code ou un nom de métier.")
    statut = check_statut(statut)
    _check_page(limit, offset)
    rows = store.search_candidates(session=session, tokens=normalised.split(), statut=statut)
    rows.sort(key=lambda row: (-_rank(row, normalised), row.code_rome))
    return len(rows), _summaries(session, rows[offset : offset + limit])


def stats(session: Session) -> dict[str, Any]:
    counts = store.count_by_statut(session=session)
    version = current_version(session=session)
    return {
        "total": sum(counts.values()),
        **{f"statut_{s.value}": counts.get(s.value, 0) for s in Statut},
        "rome_version": version.numero if version else None,
        "rome_importe_le": version.imported_at.isoformat() if version else None,
        "referentiel": referentiel_counts(session=session),
    }


@dataclass(frozen=True)
class ExportResult:
    path: Path
    count: int


CSV_COLUMNS = (
    "code_rome",
    "nom_masculin",
    "nom_feminin",
    "nom_epicene",
    "statut",
    "version",
    "rome_version",
    "score_completude",
    "description_courte",
    "niveau_formation",
    "code_domaine",
    "domaine",
    "riasec_majeur",
    "riasec_mineur",
    "nb_competences",
    "nb_savoirs",
    "nb_appellations",
    "metiers_proches",
    "date_maj",
)


def _csv_row(detail: FicheDetail) -> dict[str, Any]:
    domaine = detail.domaine_professionnel or {}
    riasec = detail.profil_riasec or {}
    proches = (detail.mobilite or {}).get("metiers_proches") or []
    return {
        **detail.model_dump(include=set(CSV_COLUMNS), mode="json"),
        "code_domaine": domaine.get("code_domaine"),
        "domaine": domaine.get("domaine"),
        "riasec_majeur": riasec.get("majeur"),
        "riasec_mineur": riasec.get("mineur"),
        "nb_competences": len(detail.competences),
        "nb_savoirs": len(detail.savoirs),
        "nb_appellations": len(detail.appellations),
        "metiers_proches": " ".join(p["code_rome"] for p in proches),
    }


def export_fiches(session: Session, *, fmt: str, path: Path) -> ExportResult:
    """Write every fiche to ``path`` (JSON: full detail list; CSV: one line per fiche)."""
    if fmt not in ("json", "csv"):
        raise InvalidInputError(f"Format d'export inconnu : « {fmt} » (json ou csv).")
    tmp = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            count = _write_export(session, fmt, handle)
        tmp.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise InvalidInputError(
            f"Impossible d'écrire l'export dans {path} ({exc.strerror or exc})."
        ) from exc
    return ExportResult(path=path, count=count)


def _write_export(session: Session, fmt: str, handle: TextIO) -> int:
    count = 0
    variantes = store.count_all_variantes(session=session)
    writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS) if fmt == "csv" else None
    if writer:
        writer.writeheader()
    else:
        handle.write("[\n")
    for row in store.iter_fiches(session=session):
        detail = fiche_detail(row, variantes.get(row.code_rome, 0))
        if writer:
            writer.writerow(_csv_row(detail))
        else:
            prefix = ",\n" if count else ""
            handle.write(prefix + json.dumps(detail.model_dump(mode="json"), ensure_ascii=False))
        count += 1
    if not writer:
        handle.write("\n]\n")
    return count
