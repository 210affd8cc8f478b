"""Masculine, feminine and epicene forms of ROME occupation labels.

ROME writes gendered labels in three ways, all handled here:

- a doublet around " / " with shared parts factored out:
  "Conducteur / Conductrice d'engins agricoles", "Artiste plasticien / plasticienne";
- a feminine marker in parentheses glued to a word (mostly the short labels):
  "Opérateur(trice) machine", "Accompagnant(e) éducatif(ve) et social(e)";
- a doublet glued by a slash without spaces: "Garde national/nationale de la chasse".

A " / " that does not separate two genders joins alternative names ("Chercheur /
Concepteur informatique", the second " / " of "Professeur / Professeure technique / Chef de
travaux"); it is kept, written "/" without spaces so that no output contains " / ".

A label is cut into pieces, each a (masculine, feminine) pair of texts, equal when the
piece is shared by both genders; the three names are then assembled from the pieces.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import takewhile

_SEPARATEUR = " / "

# Masculine ending -> feminine ending, tried in order for a parenthesised marker;
# "teur" comes before "eur" so that "Opérateur(trice)" gives "Opératrice".
_TERMINAISONS: tuple[tuple[str, str], ...] = (
    ("teur", "trice"),
    ("eur", "euse"),
    ("ier", "ière"),
    ("er", "ère"),
    ("if", "ive"),
    ("eur", "eure"),
)
# "(s)" and "(x)" mark a plural ("site(s)"), not a gender.
_MARQUES_PLURIEL = frozenset({"s", "x"})
_LETTRES_MARQUE = "a-zàâçéèêëîïôûùüÿœ"
_MARQUE = re.compile(rf"([^\W\d_]+)\(([{_LETTRES_MARQUE}]+)\)")
_MARQUE_COLLEE = re.compile(rf"([^\W\d_]\([{_LETTRES_MARQUE}]+\))(?=[^\W\d_])")
_MARQUE_DETACHEE = re.compile(r"(?<=[^\W\d_]) (\((?:e|ne|le|se|fe|ère|euse|trice|cienne)\))")
_DOUBLET_COLLE = re.compile(r"^([^\W\d_][\w'’-]*)/([^\W\d_][\w'’-]*)(\W*)$")
_PREFIXE_MINIMAL = 3
# A feminine ends in "e" (or "es": "Poseuses", a plural typo), except "Pizzaïola",
# "Camerawoman", "Barmaid"; requiring it keeps "prix" and "pricing" apart.
_FINS_FEMININES = ("e", "es", "a", "woman", "maid")
# Masculine and feminine sharing no stem (accents and case folded): "Homme / Femme de
# chambre", "Garçon / Serveuse de café", "Homme sage-femme / Sage-femme".
_PAIRES_SANS_RADICAL = frozenset(
    {
        ("homme", "femme"),
        ("homme", "sage-femme"),
        ("valet", "femme"),
        ("garcon", "fille"),
        ("garcon", "serveuse"),
        ("monsieur", "dame"),
        ("steward", "hotesse"),
        ("traminot", "employee"),
        ("man", "woman"),
    }
)

_Piece = tuple[str, str]


@dataclass(frozen=True)
class NomsGenres:
    """The names of one occupation: masculine, feminine and a readable epicene title."""

    masculin: str
    feminin: str
    epicene: str


@cache
def noms_genres(libelle: str) -> NomsGenres:
    """Split a ROME label ("Masc / Fém", "Opérateur(trice)", ...) into its gendered names.

    A label with no gender mark is already epicene: the three names equal it.
    """
    pieces = _pieces(_normaliser(libelle))
    masculin = _joindre(m for m, _ in pieces)
    feminin = _joindre(f for _, f in pieces)
    return NomsGenres(masculin, feminin, _epicene(pieces, masculin, feminin))


def _normaliser(libelle: str) -> str:
    texte = " ".join(libelle.split())
    # "Assistant/(e)" is a variant spelling of "Assistant(e)".
    texte = re.sub(r"(?<=[^\W\d_])/\(", "(", texte)
    # "Technicien (cienne)", "coordinateur (trice)": the marker is detached by a space.
    texte = _MARQUE_DETACHEE.sub(r"\1", texte)
    # A few short labels glue the next word to the marker: "supérieur(e)conception".
    return _MARQUE_COLLEE.sub(r"\1 ", texte)


# --- Words -------------------------------------------------------------------------


def _meme_mot(masculin: str, feminin: str) -> bool:
    """Whether two words look like one word in two genders ("réanimateur", "réanimatrice").

    Accents and case are ignored. Besides the pairs of `_PAIRES_SANS_RADICAL`, the words
    must be equal, or share a prefix of at least three letters covering at least half of
    the shorter word, the feminine ending in "e": this keeps "biologie" and
    "microbiologie", or "prix" and "pricing", apart. Compounds are compared part by part
    ("Accordeur-réparateur", "Accordeuse-réparatrice").
    """
    m, f = _replier(masculin), _replier(feminin)
    if (m, f) in _PAIRES_SANS_RADICAL:
        return True
    parties_m, parties_f = m.split("-"), f.split("-")
    if len(parties_m) > 1 and len(parties_m) == len(parties_f):
        return all(map(_meme_radical, parties_m, parties_f))
    return _meme_radical(m, f)


def _meme_radical(masculin: str, feminin: str) -> bool:
    if masculin == feminin:
        return True
    commun = 0
    while commun < min(len(masculin), len(feminin)) and masculin[commun] == feminin[commun]:
        commun += 1
    assez_long = commun >= _PREFIXE_MINIMAL and 2 * commun >= min(len(masculin), len(feminin))
    return assez_long and feminin.endswith(_FINS_FEMININES)


def _differents(masculin: str, feminin: str) -> bool:
    return _replier(masculin) != _replier(feminin)


def _replier(mot: str) -> str:
    """Casefolded word without accents: "Opérateur" and "Operateur" both give "operateur"."""
    decompose = unicodedata.normalize("NFD", mot.casefold())
    # Punctuation glued to a word is not part of it: "administratif," pairs "administrative,".
    return "".join(c for c in decompose if not unicodedata.combining(c)).strip(",;:.")


# --- " / " doublets ----------------------------------------------------------------


def _pieces(texte: str) -> list[_Piece]:
    segments = texte.split(_SEPARATEUR)
    if len({_replier(segment) for segment in segments}) == 1:
        # "Groupiste / Groupiste": both sides are the same epicene name.
        return _pieces_mots(segments[0].split(" "))
    # A few labels put the feminine first: "Opératrice / Opérateur de saisie éditique".
    for inverse in (False, True):
        coupure = _indice_coupure(segments, inverse)
        if coupure is not None:
            gauche = "/".join(segments[: coupure + 1]).split(" ")
            droite = "/".join(segments[coupure + 1 :]).split(" ")
            return _pieces_doublet(gauche, droite, inverse)
    return _pieces_mots("/".join(segments).split(" "))


def _indice_coupure(segments: Sequence[str], inverse: bool) -> int | None:
    """Index of the segment ending the masculine side of the " / " doublet, if any.

    The cut is the first " / " whose right side starts with the feminine of words of
    the left side.
    """
    for i in range(len(segments) - 1):
        gauche, droite = segments[i].split(" "), segments[i + 1].split(" ")
        if _alignement(gauche, droite, inverse) is not None:
            return i
    return None


def _alignement(gauche: Sequence[str], droite: Sequence[str], inverse: bool) -> int | None:
    """Index of the first word of L that R puts in the feminine, if R does.

    From that word on, L and R must pair word by word for a while, with at least one
    pair differing: "Aide carreleur / Aide carreleuse" aligns at 0, "Artiste plasticien /
    plasticienne" at 1, but "Sound designer / Designer sonore" does not align (two names).
    """
    for j in range(len(gauche)):
        voisins = zip(gauche[j:], droite, strict=False)
        paires = takewhile(lambda p: _apparies(*p, inverse), voisins)
        if any(_differents(m, f) for m, f in paires):
            return j
    return None


def _apparies(gauche: str, droite: str, inverse: bool) -> bool:
    return _meme_mot(droite, gauche) if inverse else _meme_mot(gauche, droite)


def _pieces_doublet(gauche: list[str], droite: list[str], inverse: bool) -> list[_Piece]:
    """Pieces of "L / R" where L ends with the masculine and R starts with the feminine.

    L is a shared prefix then the masculine; R is the feminine then a shared suffix:
    "Médecin anesthésiste réanimateur / réanimatrice (MAR)".
    """
    debut = _alignement(gauche, droite, inverse) or 0
    masculin = gauche[debut:]
    n = _longueur_feminin(masculin, droite, inverse)
    feminin = droite[:n]
    # Words equal on both sides are shared: "Secrétaire général / Secrétaire générale".
    avant = _longueur_commune(masculin, feminin)
    apres = _longueur_commune(masculin[avant:][::-1], feminin[avant:][::-1])
    fin_m, fin_f = len(masculin) - apres, len(feminin) - apres
    tete_f = _initiale_comme(masculin[avant], " ".join(feminin[avant:fin_f]))
    tete = (" ".join(masculin[avant:fin_m]), tete_f)
    return [
        *_pieces_mots([*gauche[:debut], *masculin[:avant]]),
        (tete[1], tete[0]) if inverse else tete,
        *_pieces_mots([*masculin[fin_m:], *droite[n:]]),
    ]


def _longueur_feminin(masculin: Sequence[str], droite: Sequence[str], inverse: bool) -> int:
    """Number of words of R naming the feminine.

    It runs up to the feminine of the last masculine word ("Agent général / Agente
    générale d'assurance": 2), else as many words as the masculine ("Homme / Femme de
    pied": 1).
    """
    for j, mot in enumerate(droite[: len(masculin) + 1]):
        if _apparies(masculin[-1], mot, inverse):
            return j + 1
    return min(len(masculin), len(droite))


def _longueur_commune(masculin: Sequence[str], feminin: Sequence[str]) -> int:
    """Leading words equal on both sides, leaving at least one word on each side."""
    n = 0
    limite = min(len(masculin), len(feminin)) - 1
    while n < limite and not _differents(masculin[n], feminin[n]):
        n += 1
    return n


# --- Words with a marker -----------------------------------------------------------


def _pieces_mots(mots: Iterable[str]) -> list[_Piece]:
    return [_genrer_mot(mot) for mot in mots if mot]


def _genrer_mot(mot: str) -> _Piece:
    """Masculine and feminine of one word: "Opérateur(trice)", "national/nationale"."""
    colle = _DOUBLET_COLLE.match(mot)
    if colle and _differents(colle[1], colle[2]) and _meme_mot(colle[1], colle[2]):
        return colle[1] + colle[3], colle[2] + colle[3]
    masculin = _MARQUE.sub(lambda m: _marque(m[1], m[2])[0], mot)
    feminin = _MARQUE.sub(lambda m: _marque(m[1], m[2])[1], mot)
    return masculin, feminin


def _marque(radical: str, marque: str) -> _Piece:
    """Masculine and feminine of a word written radical(marque): "Opérateur", "trice"."""
    if marque in _MARQUES_PLURIEL:
        return f"{radical}({marque})", f"{radical}({marque})"
    if marque == "e":
        return _marque_e(radical)
    for fin_masculine, fin_feminine in _TERMINAISONS:
        if radical.endswith(fin_masculine):
            feminin = radical[: -len(fin_masculine)] + fin_feminine
            # "(se)" and "(rice)" are tails of "euse" and "trice"; "(teuse)",
            # "(bleuse)" repeat letters of the stem; both land on the same feminine.
            if feminin.endswith(marque) or marque.endswith(fin_feminine):
                return radical, feminin
    return _marque_ajoutee(radical, marque)


def _marque_e(radical: str) -> _Piece:
    if radical.endswith("er"):
        # "Magasinier(e)", "Conseiller(e)": the feminine takes a grave accent.
        return radical, radical[:-2] + "ère"
    if radical.endswith("e"):
        # Typo "supérieure(e)": the marker is already part of the stem.
        return radical[:-1], radical
    if radical.endswith(("ien", "el")):
        # "Technicien(e)" is a slip for "Technicien(ne)".
        return radical, radical + radical[-1] + "e"
    return radical, radical + "e"


def _marque_ajoutee(radical: str, marque: str) -> _Piece:
    """Markers appended to the stem: "Technicien(ne)", "Chef(fe)", "Maître(sse)"."""
    for k in range(len(marque) - 1, 1, -1):
        if radical.endswith(marque[:k]):
            # "Technicien(cienne)": the marker repeats the end of the stem.
            return radical, radical[:-k] + marque
    consonne = marque[0]
    if len(marque) == 2 and marque[1] == "e" and not radical.endswith(consonne):
        # "Che(fe)", "Technicie(ne)": the stem lost the consonant the marker doubles.
        return radical + consonne, radical + consonne + marque
    if len(marque) >= 4 and consonne in radical[:-1]:
        # "Administratreur(trice)": the marker replaces the end from its first letter.
        coupe = radical.rindex(consonne, 0, len(radical) - 1)
        return radical, radical[:coupe] + marque
    return radical, radical + marque


# --- Assembly ----------------------------------------------------------------------


def _epicene(pieces: Sequence[_Piece], masculin: str, feminin: str) -> str:
    """Readable title naming both genders once: "Développeur ou développeuse informatique"."""
    if masculin == feminin:
        return masculin
    if feminin.casefold() in masculin.casefold():
        # "Homme sage-femme" / "Sage-femme": the feminine name covers both.
        return feminin
    genres = [i for i, (m, f) in enumerate(pieces) if m != f]
    debut, fin = genres[0], genres[-1] + 1
    tete_m = _joindre(m for m, _ in pieces[debut:fin])
    tete_f = _joindre(f for _, f in pieces[debut:fin])
    avant = (m for m, _ in pieces[:debut])
    apres = (m for m, _ in pieces[fin:])
    return _joindre([*avant, tete_m, "ou", _initiale_comme("a", tete_f), *apres])


def _initiale_comme(modele: str, texte: str) -> str:
    """Give texte the initial case of modele; acronyms ("IDE", "BIM") keep theirs."""
    if texte[1:2].isupper():
        return texte
    initiale = texte[:1].upper() if modele[:1].isupper() else texte[:1].lower()
    return initiale + texte[1:]


def _joindre(parties: Iterable[str]) -> str:
    return " ".join(p for p in parties if p)
