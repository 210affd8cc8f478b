"""A ``Referentiel`` as the rows of the ``rome_*`` tables, and back (pure).

The importer writes these rows; the veille reads the stored ones back into a ``Referentiel``
to compare it with a newer export, and keeps a detected referential in the same shape
(staging) until it is applied. A referential rebuilt from rows has no competence tree: the
tree's groups are already in the competence items' ``attributs``.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any

from agents_metiers.rome.export import RomeVersionInfo
from agents_metiers.rome.referentiel import Appellation, FicheRome, Item, Lien, Referentiel

Rows = dict[str, list[dict[str, Any]]]
TABLES = ("fiches", "items", "liens", "appellations", "mobilites")


def _shallow(record: Any) -> dict[str, Any]:
    """A dataclass as a dict without ``asdict``'s deep copy (values are immutable)."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


def referentiel_rows(ref: Referentiel) -> Rows:
    """The rows of each ``rome_*`` table (fiches, items, liens, appellations, mobilites)."""
    numero = ref.version.numero
    return {
        "fiches": [
            {**_shallow(f), "definition": list(f.definition), "rome_version": numero}
            for f in ref.fiches.values()
        ],
        "items": [_shallow(item) for item in ref.items.values()],
        "liens": [_shallow(lien) for liens in ref.liens.values() for lien in liens],
        "appellations": [_shallow(a) for a in ref.appellations],
        "mobilites": [
            {"code_rome": code, "code_rome_cible": cible, "ordre": ordre}
            for code, targets in ref.mobilites.items()
            for cible, ordre in targets
        ],
    }


_NAMES: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in fields(cls)) for cls in (FicheRome, Item, Lien, Appellation)
}


def _only(cls: type, row: dict[str, Any]) -> dict[str, Any]:
    """The values of ``row`` that ``cls`` takes (a stored row has extra columns)."""
    return {name: row[name] for name in _NAMES[cls]}


def referentiel_from_rows(version: RomeVersionInfo, rows: Rows) -> Referentiel:
    """The ``Referentiel`` whose ``referentiel_rows`` are ``rows`` (tree: None)."""
    fiches = {}
    for row in rows["fiches"]:
        values = _only(FicheRome, row)
        values["definition"] = tuple(values["definition"] or ())
        fiches[row["code_rome"]] = FicheRome(**values)
    items = {(r["kind"], r["code"]): Item(**_only(Item, r)) for r in rows["items"]}
    liens: dict[str, list[Lien]] = {}
    for row in sorted(rows["liens"], key=lambda r: (r["code_rome"], r["position"])):
        liens.setdefault(row["code_rome"], []).append(Lien(**_only(Lien, row)))
    mobilites: dict[str, list[tuple[str, int]]] = {}
    for row in rows["mobilites"]:
        mobilites.setdefault(row["code_rome"], []).append((row["code_rome_cible"], row["ordre"]))
    for targets in mobilites.values():
        targets.sort(key=lambda target: (target[1], target[0]))
    appellations = sorted(
        (Appellation(**_only(Appellation, r)) for r in rows["appellations"]),
        key=lambda a: a.code_ogr,
    )
    return Referentiel(
        version=version,
        fiches=fiches,
        items=items,
        liens=liens,
        appellations=appellations,
        mobilites=mobilites,
        tree=None,
    )


def version_dict(version: RomeVersionInfo) -> dict[str, Any]:
    """``version`` as JSON-ready values (dates as ISO strings)."""
    return {
        "numero": version.numero,
        "titre": version.titre,
        "date_publication": _iso(version.date_publication),
        "date_validation": _iso(version.date_validation),
        "description": version.description,
    }


def version_from_dict(values: dict[str, Any]) -> RomeVersionInfo:
    return RomeVersionInfo(
        numero=int(values["numero"]),
        titre=values.get("titre"),
        date_publication=_date(values.get("date_publication")),
        date_validation=_date(values.get("date_validation")),
        description=values.get("description") or "",
    )


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
