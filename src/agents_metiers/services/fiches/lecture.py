"""Use cases that read fiches: detail, list, search, statistics, export."""

from __future__ import annotations

import contextlib
import csv
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from pydantic import BaseModel
from sqlalchemy.orm import Session

from agents_metiers.domain.fiche import CODE_ROME_MESSAGE, Statut, is_code_rome, normaliser
from agents_metiers.errors import InvalidInputError, NotFoundError
from agents_metiers.services.fiches.schemas import (
    SUMMARY_COPIED,
    FicheDetail,
    FicheSummary,
    Publication,
    fiche_detail,
    fiche_summary,
)
from agents_metiers.services.fiches.search import autocomplete_codes, search_codes
from agents_metiers.storage import fiches as store
from agents_metiers.storage.fiches import SNAPSHOT_COLUMNS
from agents_metiers.storage.referentiel import current_version, referentiel_counts
from agents_metiers.storage.tables import FicheRow
from agents_metiers.storage.veille import changements_en_attente

MAX_LIMIT = 500
AUTOCOMPLETE_MAX = 50


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


def _publication(row: FicheRow, *, editeur: bool) -> Publication:
    publiee = row.version_publiee is not None
    return Publication(
        version_publiee=row.version_publiee,
        date_publication=row.date_publication,
        brouillon_en_attente=(publiee and row.version != row.version_publiee) if editeur else None,
    )


def contenu_visible(row: FicheRow, *, voir_brouillons: bool) -> Mapping[str, Any] | None:
    """What a reader sees of ``row``: the working copy for editors, else the published
    snapshot (None when the fiche is not published)."""
    if voir_brouillons:
        return {name: getattr(row, name) for name in SNAPSHOT_COLUMNS}
    return row.contenu_publie


def get_row(session: Session, code: str) -> FicheRow:
    """The fiche to act on (working copy); 422 for an impossible code, 404 for an unknown one."""
    code = check_code_rome(code)
    row = store.get_fiche(session=session, code_rome=code)
    if row is None:
        raise NotFoundError(f"Fiche {code} non trouvée.")
    return row


def get_detail(session: Session, code: str, *, voir_brouillons: bool = True) -> FicheDetail:
    """A fiche as its reader may see it; unpublished fiches do not exist for the public."""
    code = check_code_rome(code)
    row = store.get_fiche(session=session, code_rome=code)
    contenu = contenu_visible(row, voir_brouillons=voir_brouillons) if row else None
    if row is None or contenu is None:
        raise NotFoundError(f"Fiche {code} non trouvée.")
    nb = store.count_variantes(session=session, codes=[code]).get(code, 0)
    detail = fiche_detail(contenu, nb, _publication(row, editeur=voir_brouillons))
    # Live facts about the referential, whatever snapshot the reader sees.
    detail.rome_retire = row.rome_retire
    if voir_brouillons:
        detail.rome_changes_en_attente = changements_en_attente(session=session, code_rome=code)
    return detail


# What a list line needs (``FicheSummary``): lists never load the other columns.
SUMMARY_FIELDS = (
    *SUMMARY_COPIED,
    "competences",
    "competences_transversales",
    "formations",
    "salaires",
    "perspectives",
)
PUBLIC_COLUMNS = ("code_rome", "contenu_publie")


def _columns(voir_brouillons: bool) -> tuple[str, ...]:
    return SUMMARY_FIELDS if voir_brouillons else PUBLIC_COLUMNS


def _summaries(
    session: Session, rows: list[FicheRow], *, voir_brouillons: bool
) -> list[FicheSummary]:
    counts = store.count_variantes(session=session, codes=[r.code_rome for r in rows])
    summaries = []
    for row in rows:
        contenu = (
            {name: getattr(row, name) for name in SUMMARY_FIELDS}
            if voir_brouillons
            else row.contenu_publie
        )
        if contenu is not None:
            summaries.append(fiche_summary(contenu, counts.get(row.code_rome, 0)))
    return summaries


def _check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInputError(f"La limite doit être comprise entre 1 et {MAX_LIMIT}.")
    if offset < 0:
        raise InvalidInputError("Le décalage (offset) ne peut pas être négatif.")


def list_summaries(
    session: Session,
    *,
    statut: str | None = None,
    limit: int = 50,
    offset: int = 0,
    voir_brouillons: bool = True,
    tri: str = "code_rome",
) -> tuple[int, list[FicheSummary]]:
    """A page of fiches in ``tri`` order (``storage.fiches.TRIS``, ``-`` for descending; code
    order by default); the public sees published fiches only."""
    statut = check_statut(statut)
    _check_page(limit, offset)
    if tri.lstrip("-") not in store.TRIS:
        raise InvalidInputError(
            f"Tri inconnu : « {tri} ». Valeurs possibles : {', '.join(store.TRIS)}."
        )
    if not voir_brouillons and statut not in (None, Statut.PUBLIEE.value):
        return 0, []  # the public only ever sees published content
    published_only = not voir_brouillons
    statut = statut if voir_brouillons else None
    rows = store.list_fiches(
        session=session,
        statut=statut,
        published_only=published_only,
        limit=limit,
        offset=offset,
        columns=_columns(voir_brouillons),
        tri=tri,
    )
    total = store.count_fiches(session=session, statut=statut, published_only=published_only)
    return total, _summaries(session, rows, voir_brouillons=voir_brouillons)


def search(
    session: Session,
    query: str,
    *,
    statut: str | None = None,
    limit: int = 20,
    offset: int = 0,
    voir_brouillons: bool = True,
) -> tuple[int, list[FicheSummary]]:
    """Fiches matching ``query`` (codes, every name form, appellations, short description),
    best first: the number of matches and the requested page."""
    if not normaliser(query):
        raise InvalidInputError("La recherche est vide : indiquez un code ou un nom de métier.")
    statut = check_statut(statut)
    _check_page(limit, offset)
    page = search_codes(
        session,
        query,
        statut=statut,
        published_only=not voir_brouillons,
        limit=limit,
        offset=offset,
    )
    rows = store.get_fiches_by_codes(
        session=session, codes=page.codes, columns=_columns(voir_brouillons)
    )
    ordered = [rows[code] for code in page.codes if code in rows]
    return page.total, _summaries(session, ordered, voir_brouillons=voir_brouillons)


class AutocompleteItem(BaseModel):
    """Reference shape of ``/api/fiches/autocomplete`` items."""

    code_rome: str
    nom_masculin: str
    nom_feminin: str
    statut: str
    description_courte: str | None


def autocomplete(
    session: Session, query: str, *, limit: int = 8, voir_brouillons: bool = True
) -> list[AutocompleteItem]:
    """The best few fiches for what is being typed (reference shape)."""
    if not 1 <= limit <= AUTOCOMPLETE_MAX:
        raise InvalidInputError(f"La limite doit être comprise entre 1 et {AUTOCOMPLETE_MAX}.")
    if not normaliser(query):
        return []
    codes = autocomplete_codes(session, query, published_only=not voir_brouillons, limit=limit)
    rows = store.get_fiches_by_codes(session=session, codes=codes)
    items = []
    for code in codes:
        contenu = (
            contenu_visible(rows[code], voir_brouillons=voir_brouillons) if code in rows else None
        )
        if contenu is not None:
            items.append(AutocompleteItem.model_validate(dict(contenu)))
    return items


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


def export_fiches(
    session: Session, *, fmt: str, path: Path, voir_brouillons: bool = True
) -> ExportResult:
    """Write every fiche to ``path`` (JSON: full detail list; CSV: one line per fiche).

    Editors export working copies; the public export holds published snapshots only.
    """
    if fmt not in ("json", "csv"):
        raise InvalidInputError(f"Format d'export inconnu : « {fmt} » (json ou csv).")
    tmp = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            count = _write_export(session, fmt, handle, voir_brouillons)
        tmp.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise InvalidInputError(
            f"Impossible d'écrire l'export dans {path} ({exc.strerror or exc})."
        ) from exc
    return ExportResult(path=path, count=count)


def _write_export(session: Session, fmt: str, handle: TextIO, voir_brouillons: bool) -> int:
    count = 0
    variantes = store.count_all_variantes(session=session)
    writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS) if fmt == "csv" else None
    if writer:
        writer.writeheader()
    else:
        handle.write("[\n")
    for row in store.iter_fiches(session=session):
        contenu = contenu_visible(row, voir_brouillons=voir_brouillons)
        if contenu is None:
            continue
        publication = _publication(row, editeur=voir_brouillons)
        detail = fiche_detail(contenu, variantes.get(row.code_rome, 0), publication)
        if writer:
            writer.writerow(_csv_row(detail))
        else:
            prefix = ",\n" if count else ""
            handle.write(prefix + json.dumps(detail.model_dump(mode="json"), ensure_ascii=False))
        count += 1
    if not writer:
        handle.write("\n]\n")
    return count
