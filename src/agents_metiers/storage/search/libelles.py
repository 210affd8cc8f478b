"""The appellation labels of some fiches, as written, to show which one a query matched."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agents_metiers.storage.tables import FicheRow, PubliqueAppellationRow, RomeAppellationRow


def _libelles(appellations: Any) -> list[str]:
    if not isinstance(appellations, list):
        return []
    labels = (a.get("libelle") for a in appellations if isinstance(a, dict))
    return [label for label in labels if isinstance(label, str)]


def appellation_labels(
    session: Session, codes: Sequence[str], *, publiees: bool
) -> dict[str, list[str]]:
    """Per code, its current appellation labels (the published ones, from the public read
    model, when ``publiees``; else the working copy's), then the labels of the appellations
    ROME marks "peu usité"."""
    if not codes:
        return {}
    found: dict[str, list[str]] = defaultdict(list)
    if publiees:
        published = (
            select(PubliqueAppellationRow.code_rome, PubliqueAppellationRow.libelle)
            .where(PubliqueAppellationRow.code_rome.in_(codes))
            .order_by(PubliqueAppellationRow.code_rome, PubliqueAppellationRow.position)
        )
        for code, libelle in session.execute(published):
            found[code].append(libelle)
    else:
        working = select(FicheRow.code_rome, FicheRow.appellations).where(
            FicheRow.code_rome.in_(codes)
        )
        for code, value in session.execute(working):
            found[code] += _libelles(value)
    peu_usites = (
        select(RomeAppellationRow.code_rome, RomeAppellationRow.libelle_long)
        .where(RomeAppellationRow.peu_usite.is_(True), RomeAppellationRow.code_rome.in_(codes))
        .order_by(RomeAppellationRow.code_ogr)
    )
    for code, libelle in session.execute(peu_usites):
        found[code].append(libelle)
    return dict(found)
