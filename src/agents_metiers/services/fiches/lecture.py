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
from agents_metiers.services.fiches.search import (
    appellations_trouvees,
    autocomplete_codes,
    search_codes,
)
from agents_metiers.storage import fiches as store
from agents_metiers.storage import publique
from agents_metiers.storage.fiches import SNAPSHOT_COLUMNS
from agents_metiers.storage.publique import DocumentPublic
from agents_metiers.storage.referentiel import current_version, referentiel_counts
from agents_metiers.storage.search.libelles import appellation_labels
from agents_metiers.storage.tables import FichePubliqueRow, FicheRow
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


def document_public(session: Session, code: str) -> DocumentPublic:
    """The public JSON of a published fiche, serialised at publication (read model)."""
    code = check_code_rome(code)
    document = publique.get_document(session=session, code_rome=code)
    if document is None:
        raise NotFoundError(f"Fiche {code} non trouvée.")
    return document


def get_detail(session: Session, code: str, *, voir_brouillons: bool = True) -> FicheDetail:
    """A fiche as its reader may see it: the working copy for editors, the public read model
    for everyone else (unpublished fiches do not exist for the public)."""
    if not voir_brouillons:
        return FicheDetail.model_validate_json(document_public(session, code).corps)
    row = get_row(session, code)
    contenu = {name: getattr(row, name) for name in SNAPSHOT_COLUMNS}
    nb = store.count_variantes(session=session, codes=[row.code_rome]).get(row.code_rome, 0)
    detail = fiche_detail(contenu, nb, _publication(row, editeur=True))
    # Live facts about the referential (the public document gets ``rome_retire`` at read time).
    detail.rome_retire = row.rome_retire
    detail.rome_changes_en_attente = changements_en_attente(
        session=session, code_rome=row.code_rome
    )
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


def _summaries(session: Session, rows: list[FicheRow]) -> list[FicheSummary]:
    """List lines of working copies (editors)."""
    counts = store.count_variantes(session=session, codes=[r.code_rome for r in rows])
    return [
        fiche_summary(
            {name: getattr(row, name) for name in SUMMARY_FIELDS}, counts.get(row.code_rome, 0)
        )
        for row in rows
    ]


def _resumes(session: Session, rows: list[FichePubliqueRow]) -> list[FicheSummary]:
    """List lines of published fiches, from the public read model."""
    counts = store.count_variantes(session=session, codes=[r.code_rome for r in rows])
    return [
        FicheSummary.model_validate({**row.resume, "nb_variantes": counts.get(row.code_rome, 0)})
        for row in rows
    ]


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
    codes: frozenset[str] | None = None,
) -> tuple[int, list[FicheSummary]]:
    """A page of fiches in ``tri`` order (``storage.fiches.TRIS``, ``-`` for descending; code
    order by default); the public sees published fiches only."""
    statut = check_statut(statut)
    _check_page(limit, offset)
    if tri.lstrip("-") not in store.TRIS:
        raise InvalidInputError(
            f"Tri inconnu : « {tri} ». Valeurs possibles : {', '.join(store.TRIS)}."
        )
    if not voir_brouillons:
        return _public_list(
            session, statut=statut, limit=limit, offset=offset, tri=tri, codes=codes
        )
    rows = store.list_fiches(
        session=session,
        statut=statut,
        limit=limit,
        offset=offset,
        columns=SUMMARY_FIELDS,
        tri=tri,
        codes=codes,
    )
    total = store.count_fiches(session=session, statut=statut, codes=codes)
    return total, _summaries(session, rows)


def _public_list(
    session: Session,
    *,
    statut: str | None,
    limit: int,
    offset: int,
    tri: str,
    codes: frozenset[str] | None,
) -> tuple[int, list[FicheSummary]]:
    if statut not in (None, Statut.PUBLIEE.value):
        return 0, []  # the public only ever sees published content
    tri = tri if tri.lstrip("-") in publique.TRIS else "code_rome"
    rows = publique.list_fiches(session=session, limit=limit, offset=offset, tri=tri, codes=codes)
    return publique.count_fiches(session=session, codes=codes), _resumes(session, rows)


@dataclass(frozen=True)
class Recherche:
    """A page of search results: ``total`` counts what is listed; ``ignores`` are the query
    words left out when no fiche held them all; ``suggestion`` a spelling to try when
    nothing matched."""

    total: int
    fiches: list[FicheSummary]
    ignores: tuple[str, ...] = ()
    suggestion: str | None = None


def _page(session: Session, codes: list[str], *, voir_brouillons: bool) -> list[FicheSummary]:
    """List lines of ``codes``, in that order: published content for the public."""
    if not voir_brouillons:
        publiques = publique.get_fiches(session=session, codes=codes)
        return _resumes(session, [publiques[c] for c in codes if c in publiques])
    rows = store.get_fiches_by_codes(session=session, codes=codes, columns=SUMMARY_FIELDS)
    return _summaries(session, [rows[code] for code in codes if code in rows])


def rechercher(
    session: Session,
    query: str,
    *,
    statut: str | None = None,
    limit: int = 20,
    offset: int = 0,
    voir_brouillons: bool = True,
    codes: frozenset[str] | None = None,
) -> Recherche:
    """Fiches matching ``query`` (codes, every name form, appellations, short description),
    best first, each with the appellation that matched when its name does not hold the
    words; the best partial matches when no fiche holds every word."""
    if not normaliser(query):
        raise InvalidInputError("La recherche est vide : indiquez un code ou un nom de métier.")
    statut = check_statut(statut)
    _check_page(limit, offset)
    page = search_codes(
        session,
        query,
        statut=statut,
        published_only=not voir_brouillons,
        codes=codes,
        limit=limit,
        offset=offset,
    )
    summaries = _page(session, page.codes, voir_brouillons=voir_brouillons)
    if page.query is not None and summaries:
        noms = {s.code_rome: (s.nom_masculin, s.nom_feminin, s.nom_epicene) for s in summaries}
        labels = appellation_labels(session, list(noms), publiees=not voir_brouillons)
        trouvees = appellations_trouvees(page.query, noms, labels)
        summaries = [
            s.model_copy(update={"appellation_trouvee": trouvees.get(s.code_rome)})
            for s in summaries
        ]
    return Recherche(page.total, summaries, page.ignores, page.suggestion)


def search(
    session: Session,
    query: str,
    *,
    statut: str | None = None,
    limit: int = 20,
    offset: int = 0,
    voir_brouillons: bool = True,
) -> tuple[int, list[FicheSummary]]:
    """``rechercher``'s number of matches and page of fiches."""
    found = rechercher(
        session, query, statut=statut, limit=limit, offset=offset, voir_brouillons=voir_brouillons
    )
    return found.total, found.fiches


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
    rows: Mapping[str, FicheRow | FichePubliqueRow] = (
        store.get_fiches_by_codes(session=session, codes=codes, columns=AUTOCOMPLETE_FIELDS)
        if voir_brouillons
        else publique.get_fiches(session=session, codes=codes)
    )
    return [
        AutocompleteItem(
            code_rome=row.code_rome,
            nom_masculin=row.nom_masculin,
            nom_feminin=row.nom_feminin,
            statut=row.statut if isinstance(row, FicheRow) else Statut.PUBLIEE.value,
            description_courte=row.description_courte,
        )
        for row in (rows[code] for code in codes if code in rows)
    ]


AUTOCOMPLETE_FIELDS = tuple(AutocompleteItem.model_fields)


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
    _check_format(fmt)
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


def _check_format(fmt: str) -> None:
    if fmt not in ("json", "csv"):
        raise InvalidInputError(f"Format d'export inconnu : « {fmt} » (json ou csv).")


def ecrire_export(
    session: Session, *, fmt: str, handle: TextIO, voir_brouillons: bool = True
) -> int:
    """Write every fiche to an open text stream (``export`` to stdout); the count written."""
    _check_format(fmt)
    return _write_export(session, fmt, handle, voir_brouillons)


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
