"""How relevant the stored transitions are: the share of ROME-listed mobilities they find.

``rappel_mobilites`` is the recall@k of ``rome_transitions`` against ``rome_mobilites``
(micro-averaged: found mobilities / listed mobilities), on one half of the source codes:
half 0 (even CRC32 of the code) was used to tune the similarity, half 1 is the report.
"""

from __future__ import annotations

import zlib
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from agents_metiers.storage import exploration as store
from agents_metiers.storage.tables import RomeTransitionRow


def moitie(code_rome: str) -> int:
    """0 for the tuning half, 1 for the report half."""
    return zlib.crc32(code_rome.encode()) % 2


def rappel_mobilites(session: Session, *, demi: int, k: int = 10) -> float:
    """Share of the mobilities of the ``demi`` half found among the ``k`` first transitions."""
    trouves: dict[str, set[str]] = defaultdict(set)
    rows = session.execute(
        select(RomeTransitionRow.code_rome, RomeTransitionRow.code_rome_cible).where(
            RomeTransitionRow.rang <= k
        )
    )
    for code, cible in rows:
        trouves[code].add(cible)
    listees = {
        c: cibles for c, cibles in store.mobilites(session=session).items() if moitie(c) == demi
    }
    total = sum(len(cibles) for cibles in listees.values())
    if total == 0:
        return 0.0
    return sum(len(cibles & trouves[code]) for code, cibles in listees.items()) / total
