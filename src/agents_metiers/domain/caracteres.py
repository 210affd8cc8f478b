"""Control characters no stored text may hold (PRODUCT.md §10) — pure.

NUL (U+0000) is refused by PostgreSQL and would be stored by SQLite; the other C0 controls,
DEL and the C1 controls have no place in a fiche either. Tab, CR and LF are allowed in texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

_INTERDITS_TEXTE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_INTERDITS_LIGNE = re.compile("[\x00-\x1f\x7f-\x9f]")


def caractere_interdit(texte: str, *, ligne: bool = False) -> str | None:
    """The first forbidden character of ``texte`` as ``U+XXXX`` (``ligne``: no tab/CR/LF)."""
    trouve = (_INTERDITS_LIGNE if ligne else _INTERDITS_TEXTE).search(texte)
    return f"U+{ord(trouve.group()):04X}" if trouve else None


def textes(valeur: Any) -> Iterator[str]:
    """Every string of a JSON-like value (keys included), iteratively."""
    pile = [valeur]
    while pile:
        courant = pile.pop()
        if isinstance(courant, str):
            yield courant
        elif isinstance(courant, dict):
            pile.extend(courant.keys())
            pile.extend(courant.values())
        elif isinstance(courant, list | tuple):
            pile.extend(courant)


def premier_interdit(valeur: Any) -> str | None:
    """The first forbidden character found in any string of ``valeur``, or None."""
    for texte in textes(valeur):
        if code := caractere_interdit(texte):
            return code
    return None
