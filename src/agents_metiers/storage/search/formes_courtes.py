"""Short forms readers type that ROME never writes, and the words they stand for.

Most short forms need no list: a query word matches every indexed word it starts
(``prof`` → ``professeur``, ``kine`` → ``kinesitherapeute``, ``educ`` → ``educateur``,
``assistante mat`` → ``assistante maternelle``), and the acronyms ROME writes in its labels
(``DRH``, ``IDE``, ``PNC``, ``VTC``, ``ATSEM``…) are words of the indexed appellations. This
list holds only what neither gives: clipped words whose letters do not start the full word
and familiar names. Keys and values are normalised words (``terms.words``); a value is
accepted in place of its key, the key itself still matching as a prefix. Keep it short: each
entry is documented in docs/search.md and tested.
"""

from __future__ import annotations

from types import MappingProxyType

FORMES_COURTES = MappingProxyType(
    {
        "math": ("mathematiques",),
        "maths": ("mathematiques",),
        "prof": ("enseignant", "enseignante"),
        "profs": ("professeur", "professeure", "enseignant", "enseignante"),
        "veto": ("veterinaire",),
        "cuistot": ("cuisinier", "cuisiniere"),
        "toubib": ("medecin",),
        "mecano": ("mecanicien", "mecanicienne"),
        "flic": ("policier", "policiere"),
        "nounou": ("nourrice",),
    }
)


def formes_longues(word: str) -> tuple[str, ...]:
    """The words ``word`` stands for, when it is a listed short form."""
    return FORMES_COURTES.get(word, ())
