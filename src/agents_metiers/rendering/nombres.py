"""French number formats and readable values, for pages, charts, PDF and CLI (pure).

One helper for every figure on screen: « 1 234 » (narrow no-break space), « 3,5 » (decimal
comma), « 100 % », « 35 000 € ». ``lisible`` turns any stored value (a salary level, a list,
an object) into a sentence: never a Python ``repr`` (``{'min': …}``, ``[]``, ``None``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

ESPACE = "\u202f"  # narrow no-break space, between thousands (« % » and « € » follow a space)
VIDE = "—"


def _fini(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def nombre(value: Any, decimales: int | None = 0) -> str:
    """12345 → « 12 345 »; 3.5 with ``decimales=1`` → « 3,5 »; not a number → « ».

    ``decimales=None``: a whole number without decimals, any other with one (« 2,5 »)."""
    fini = _fini(value)
    if fini is None:
        return ""
    if decimales is None:
        decimales = 0 if fini.is_integer() else 1
    texte = f"{fini:,.{decimales}f}"
    return texte.replace(",", ESPACE).replace(".", ",")


def pourcent(fraction: Any) -> str:
    """0.5 → « 50 % »; 1.0 → « 100 % » (never « 100.0 % »)."""
    fini = _fini(fraction)
    return "" if fini is None else f"{nombre(fini * 100)} %"


def euros(value: Any) -> str:
    """35000 → « 35 000 € »."""
    fini = _fini(value)
    return "" if fini is None else f"{nombre(fini)} €"


def _scalaire(value: Any, chiffre: Callable[[Any], str]) -> str:
    if value is None or value == "":
        return VIDE
    if isinstance(value, bool):
        return "oui" if value else "non"
    if _fini(value) is not None:
        return chiffre(value)
    return str(value)


def lisible(
    value: Any,
    *,
    cle: Callable[[str], str] = str,
    chiffre: Callable[[Any], str] = lambda v: nombre(v, None),
    ordre: Sequence[str] = (),
) -> str:
    """A stored value as a person reads it.

    Objects become « clé : valeur » pairs joined by « · » (keys through ``cle``, e.g. the label
    table), lists their items joined by « ; », numbers go through ``chiffre`` (``euros`` for
    salaries, ``pourcent`` for shares), keys named in ``ordre`` first, in that order (« min ·
    médian · max »). ``None``, ``""``, ``[]`` and ``{}`` read « — ».
    """
    if isinstance(value, Mapping):
        rang = {k: i for i, k in enumerate(ordre)}
        cles = sorted(value, key=lambda k: rang.get(str(k), len(rang)))
        paires = [
            f"{cle(str(k))} : {lisible(value[k], cle=cle, chiffre=chiffre, ordre=ordre)}"
            for k in cles
            if value[k] not in (None, "", [], {})
        ]
        return " · ".join(paires) or VIDE
    if isinstance(value, list | tuple):
        items = [lisible(v, cle=cle, chiffre=chiffre, ordre=ordre) for v in value]
        return " ; ".join(i for i in items if i != VIDE) or VIDE
    return _scalaire(value, chiffre)


def pluriel(n: Any, singulier: str, forme_plurielle: str, langue: str = "fr") -> str:
    """The form that agrees with ``n``: in French 0 and 1 take the singular (« 0 fiche »,
    « 1 fiche trouvée »), in English only 1 does (« 0 sheets »)."""
    fini = _fini(n)
    if fini is None:
        return forme_plurielle
    seul = abs(fini) < 2 if langue == "fr" else abs(fini) == 1
    return singulier if seul else forme_plurielle


def accord(n: Any, singulier: str, forme_plurielle: str, langue: str = "fr") -> str:
    """The count followed by the words agreeing with it: ``accord(2, "fiche traitée",
    "fiches traitées")`` → « 2 fiches traitées », « 1 fiche traitée », « 0 fiche traitée »,
    « 1 234 fiches traitées » (never « fiche(s) »)."""
    return f"{nombre(n, None)} {pluriel(n, singulier, forme_plurielle, langue)}"
