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


# Words whose meaning ROME writes with another word, for searches only (complete words):
# several keys are indexed words themselves (« femme de chambre », « dame de compagnie »,
# « docteur big data »), and a query being typed (« femme de p… ») must still find those.
SYNONYMES = MappingProxyType(
    {
        "docteur": ("medecin",),
        # everyday names of service jobs: « dame de cantine », « femme de ménage »
        "dame": ("employee",),
        "femme": ("employee",),
        # job ads' « SPL » (super poids lourd): ROME writes « véhicules Super Lourds »
        "spl": ("super",),
        "recruteur": ("recrutement",),
        "recruteuse": ("recrutement",),
        "assureur": ("assurances",),
        # « surveillant collège »: ROME writes « surveillant en milieu scolaire »
        "college": ("scolaire",),
    }
)


def formes_longues(word: str, *, mots_complets: bool = True) -> tuple[str, ...]:
    """The words ``word`` stands for, when it is a listed short form (or, in a search of
    complete words, a listed synonym)."""
    return FORMES_COURTES.get(word, ()) + (SYNONYMES.get(word, ()) if mots_complets else ())
