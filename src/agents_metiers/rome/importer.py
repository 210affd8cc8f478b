"""Write a loaded referential into the database (inside the caller's transaction).

The ``rome_*`` tables are replaced as a whole. Editorial fiches are merged field by field:
a ROME field is rewritten only while its provenance is still ``rome`` (or unset), so an
edited or AI-written field survives every re-import. A fiche whose ROME fields did not change
is not touched at all (same version, same ``date_maj``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from agents_metiers.domain.completude import score_completude
from agents_metiers.domain.fiche import Source, Statut, normaliser
from agents_metiers.rome.fiche_builder import IDENTITY_FIELDS, ROME_FIELDS, build_fiche
from agents_metiers.rome.referentiel import Referentiel
from agents_metiers.rome.referentiel_rows import referentiel_rows
from agents_metiers.storage.fiches import snapshot
from agents_metiers.storage.referentiel import REFERENTIEL_TABLES
from agents_metiers.storage.tables import (
    FicheRow,
    RevisionRow,
    RomeVersionRow,
)

BATCH = 5000
Progress = Callable[[str, int, int], None]


@dataclass
class ImportReport:
    version: int
    fiches_creees: int = 0
    fiches_mises_a_jour: int = 0
    fiches_inchangees: int = 0
    fiches_absentes: int = 0
    champs_preserves: int = 0

    @property
    def total(self) -> int:
        return self.fiches_creees + self.fiches_mises_a_jour + self.fiches_inchangees


def _batches(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def _replace(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    session.execute(delete(table))
    for batch in _batches(rows):
        # render_nulls keeps rows with and without NULLs in one multi-row INSERT
        session.execute(insert(table).execution_options(render_nulls=True), batch)


def write_referentiel(session: Session, ref: Referentiel) -> None:
    """Replace the stored referential tables with ``ref``."""
    rows = referentiel_rows(ref)
    for name, table in REFERENTIEL_TABLES.items():
        _replace(session, table, rows[name])


def record_version(session: Session, ref: Referentiel, source: str, now: datetime) -> None:
    info = ref.version
    row = session.scalar(select(RomeVersionRow).where(RomeVersionRow.numero == info.numero))
    if row is None:
        row = RomeVersionRow(numero=info.numero)
        session.add(row)
    row.titre = info.titre
    row.date_publication = info.date_publication
    row.date_validation = info.date_validation
    row.description = info.description
    row.source = source
    row.imported_at = now
    row.nb_fiches = len(ref.fiches)
    session.execute(update(RomeVersionRow).values(courante=False))
    row.courante = True


def search_text(code: str, fields: dict[str, Any]) -> str:
    """Every name form of the fiche and of its appellations, normalised for search."""
    forms = [code, fields.get("nom_masculin"), fields.get("nom_feminin"), fields.get("nom_epicene")]
    for appellation in fields.get("appellations") or []:
        forms += [appellation.get(k) for k in ("libelle", "nom_masculin", "nom_feminin")]
    seen: dict[str, None] = {}
    for form in forms:
        if form:
            seen.setdefault(normaliser(form), None)
    return " | ".join(seen)


def _stamp(version: int, today: str) -> dict[str, Any]:
    return {"source": Source.ROME.value, "version": version, "date": today}


def _new_fiche(code: str, fields: dict[str, Any], version: int, now: datetime) -> dict[str, Any]:
    stamp = _stamp(version, now.date().isoformat())
    return {
        "code_rome": code,
        **fields,
        "statut": Statut.BROUILLON.value,
        "version": 1,
        "date_creation": now,
        "date_maj": now,
        "auteur": "import-rome",
        "rome_update_pending": False,
        "score_completude": score_completude(fields),
        "provenance": dict.fromkeys(ROME_FIELDS, stamp),
        "search_text": search_text(code, fields),
        **{
            key: []
            for key in (
                "formations",
                "certifications",
                "traits_personnalite",
                "aptitudes",
                "sites_utiles",
            )
        },
    }


def _is_rome_owned(provenance: dict[str, Any], field: str) -> bool:
    source = (provenance.get(field) or {}).get("source")
    return source in (None, Source.ROME.value)


# Non-ROME fields that also count in the completeness score.
_SCORED = (
    "formations",
    "salaires",
    "perspectives",
    "traits_personnalite",
    "aptitudes",
    "sites_utiles",
    "types_contrats",
)


def _merge(row: FicheRow, fields: dict[str, Any], version: int, now: datetime) -> tuple[bool, int]:
    """Apply ROME values to ``row``; returns (changed, number of fields kept for editors)."""
    provenance = dict(row.provenance or {})
    changed, kept = False, 0
    for field in IDENTITY_FIELDS:
        if getattr(row, field) != fields[field]:
            setattr(row, field, fields[field])
            changed = True
    for field in ROME_FIELDS:
        if not _is_rome_owned(provenance, field):
            kept += 1
            continue
        stamped_version = (provenance.get(field) or {}).get("version")
        if getattr(row, field) != fields[field] or stamped_version != version:
            setattr(row, field, fields[field])
            provenance[field] = _stamp(version, now.date().isoformat())
            changed = True
    if changed:
        row.provenance = provenance
        row.version += 1
        row.date_maj = now
        content = {column: getattr(row, column) for column in ROME_FIELDS + _SCORED}
        row.score_completude = score_completude(content)
        row.search_text = search_text(row.code_rome, content)
    return changed, kept


def write_fiches(
    session: Session,
    ref: Referentiel,
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Create missing fiches and merge ROME fields into existing ones."""
    now = now or datetime.now(UTC)
    version = ref.version.numero
    report = ImportReport(version=version)
    existing = {row.code_rome: row for row in session.scalars(select(FicheRow))}
    report.fiches_absentes = len(set(existing) - set(ref.fiches))
    new_rows: list[dict[str, Any]] = []
    updated: list[FicheRow] = []
    codes = sorted(ref.fiches)
    for index, code in enumerate(codes, start=1):
        fields = build_fiche(ref, code)
        row = existing.get(code)
        if row is None:
            new_rows.append(_new_fiche(code, fields, version, now))
            report.fiches_creees += 1
        else:
            changed, kept = _merge(row, fields, version, now)
            report.champs_preserves += kept
            if changed:
                report.fiches_mises_a_jour += 1
                updated.append(row)
            else:
                report.fiches_inchangees += 1
        if progress and (index % 100 == 0 or index == len(codes)):
            progress("fiches", index, len(codes))
    for batch in _batches(new_rows):
        session.execute(insert(FicheRow).execution_options(render_nulls=True), batch)
    revisions = [_revision(values, version, now) for values in new_rows]
    revisions += [_revision(snapshot(row), version, now) for row in updated]
    for batch in _batches(revisions):
        session.execute(insert(RevisionRow), batch)
    session.flush()
    return report


def _revision(values: dict[str, Any], version: int, now: datetime) -> dict[str, Any]:
    """Every fiche the import creates or changes gets a revision (author: the import)."""
    return {
        "code_rome": values["code_rome"],
        "numero": values["version"],
        "statut": values["statut"],
        # A new fiche is not retired; the column's default applies at insert, not to ``values``.
        "contenu": snapshot({"rome_retire": False, **values}),
        "auteur": "import-rome",
        "acteur": "systeme",
        "user_id": None,
        "motif": f"Import du ROME v{version}",
        "publiee": False,
        "created_at": now,
    }
