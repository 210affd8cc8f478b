"""French typography, corrected deterministically (PRODUCT.md §6.4), pure.

Rules (Lexique des règles typographiques en usage à l'Imprimerie nationale, simplified):
- a non-breaking space (U+00A0) before « ; : ! ? » and inside « » quotes, replacing any
  ordinary space there (times "14:30", URLs "https://" and "?!" pairs are left alone);
- straight double quotes around a passage become « » quotes;
- three dots become the ellipsis character « … »;
- a straight apostrophe between letters becomes the typographic apostrophe « ’ »;
- no space before a comma or a full stop, one space between words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NBSP = "\u00a0"

_REGLES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("espaces multiples", re.compile(r"(?<=\S) {2,}(?=\S)"), " "),
    ("espace avant virgule ou point", re.compile(r"(?<=\w) +(?=[,.](?:\s|$))"), ""),
    ("points de suspension", re.compile(r"\.{3}"), "…"),
    ("apostrophe typographique", re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])"), "’"),
    ("guillemets français", re.compile(r"\"\s*([^\"\n]+?)\s*\""), f"«{NBSP}\\1{NBSP}»"),
    ("espace dans les guillemets", re.compile(r"«[ \t]*(?=\S)"), f"«{NBSP}"),
    ("espace dans les guillemets", re.compile(r"(?<=\S)[ \t]*»"), f"{NBSP}»"),
    (
        "espace insécable avant la ponctuation haute",
        re.compile(r"(?<=[^\s\d:/?!;])[ \t]*([;!?])(?=[\s\"»)]|$)"),
        f"{NBSP}\\1",
    ),
    (
        "espace insécable avant les deux-points",
        re.compile(r"(?<=[^\s\d/])[ \t]*:(?=\s|$)"),
        f"{NBSP}:",
    ),
)


@dataclass(frozen=True)
class CorrectionTypo:
    regle: str
    avant: str
    apres: str


def corriger_typographie(texte: str) -> tuple[str, list[CorrectionTypo]]:
    """``texte`` with the French typography rules applied, and one entry per rule applied."""
    corrections = []
    for nom, motif, remplacement in _REGLES:
        nouveau = motif.sub(remplacement, texte)
        if nouveau != texte:
            corrections.append(CorrectionTypo(regle=nom, avant=texte, apres=nouveau))
            texte = nouveau
    return texte, corrections
