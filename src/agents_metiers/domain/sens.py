"""Does a relabel change the job, or only its spelling? (veille ROME, docs/veille.md)

Two labels have the same meaning when, once normalised, they hold the same set of words:
- case, accents, ligatures, punctuation, brackets, hyphens, slashes and apostrophes ignored
  ("-CIP-" and "(CIP)" are the same word), single letters dropped ("spécialisé(e)");
- small grammatical words ignored (de, du, des, en, et, la, le, les, l', d', à, au, aux…);
- plural and feminine endings folded (techniciennes → technicien, conductrice → conducteur,
  experte → expert), so "Technicien / Technicienne" and "Technicien" hold the same words;
  word order ignored.
Anything else — a word added, removed or replaced — is a meaning change, to be reviewed.
"""

from __future__ import annotations

from agents_metiers.domain.fiche import normaliser

MOTS_VIDES = frozenset(
    {"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "ou"}
    | {"par", "pour", "sur", "dans", "avec", "un", "une"}
)
# Feminine endings and their masculine form, longest first.
FEMININS = (
    ("trices", "teur"),
    ("trice", "teur"),
    ("euses", "eur"),
    ("euse", "eur"),
    ("iennes", "ien"),
    ("ienne", "ien"),
    ("ennes", "en"),
    ("enne", "en"),
    ("onnes", "on"),
    ("onne", "on"),
    ("eres", "er"),
    ("ere", "er"),
    ("ives", "if"),
    ("ive", "if"),
)


def racine(mot: str) -> str:
    """``mot`` (normalised) without its feminine and plural endings."""
    for feminin, masculin in FEMININS:
        if mot.endswith(feminin) and len(mot) > len(feminin) + 1:
            return mot[: -len(feminin)] + masculin
    if len(mot) > 3 and mot[-1] in "sx":
        mot = mot[:-1]
    if len(mot) > 3 and mot.endswith("e"):
        mot = mot[:-1]
    return mot


def mots_significatifs(libelle: str) -> frozenset[str]:
    """The words that carry the meaning of ``libelle`` (see the module docstring)."""
    mots = normaliser(libelle).split()
    return frozenset(racine(mot) for mot in mots if len(mot) > 1 and mot not in MOTS_VIDES)


def sens_modifie(avant: str, apres: str) -> bool:
    """True when the relabel ``avant`` → ``apres`` is more than typography or grammar."""
    return mots_significatifs(avant) != mots_significatifs(apres)
