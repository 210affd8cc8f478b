"""How relevant the stored transitions are: the share of ROME-listed mobilities they find.

``rappel_mobilites`` is the recall@k of ``rome_transitions`` against ``rome_mobilites``
(micro-averaged: found mobilities / listed mobilities), on one half of the source codes:
half 0 (even CRC32 of the code) was used to tune the similarity, half 1 is the report.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from agents_metiers.storage import exploration as store
from agents_metiers.storage.tables import RomeTransitionRow


def moitie(code_rome: str) -> int:
    """0 for the tuning half, 1 for the report half."""
    return zlib.crc32(code_rome.encode()) % 2


def rappel(
    voisins: Mapping[str, Sequence[str]],
    mobilites: Mapping[str, set[str]],
    *,
    demi: int,
    k: int = 10,
) -> float:
    """Share of the ROME mobilities of the ``demi`` half among the ``k`` first ``voisins``
    (code → neighbour codes, best first)."""
    listees = {c: cibles for c, cibles in mobilites.items() if moitie(c) == demi}
    total = sum(len(cibles) for cibles in listees.values())
    if total == 0:
        return 0.0
    trouves = sum(len(cibles & set(voisins.get(c, ())[:k])) for c, cibles in listees.items())
    return trouves / total


def rappel_mobilites(session: Session, *, demi: int, k: int = 10) -> float:
    """Share of the mobilities of the ``demi`` half found among the ``k`` first stored
    transitions."""
    trouves: dict[str, list[str]] = defaultdict(list)
    rows = session.execute(
        select(RomeTransitionRow.code_rome, RomeTransitionRow.code_rome_cible)
        .where(RomeTransitionRow.rang <= k)
        .order_by(RomeTransitionRow.code_rome, RomeTransitionRow.rang)
    )
    for code, cible in rows:
        trouves[code].append(cible)
    return rappel(trouves, store.mobilites(session=session), demi=demi, k=k)
