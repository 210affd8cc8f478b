"""Gendered names checked against the ROME forms (PRODUCT.md §5.3), pure.

The referential states the masculine and feminine of every occupation and appellation
("Masc / Fém" labels, parsed by :mod:`agents_metiers.domain.noms`). Those forms are the
reference: a check reports names that contradict them, and a merge of proposed names (from an
editor or an AI) never replaces a ROME feminine form that a fiche already holds correctly —
the defect of the reference implementation, whose rules turned "Développeuse" back into
"Développeur" (REFERENCE_IMPLEMENTATION.md §10.15).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from agents_metiers.domain.noms import NomsGenres, noms_genres

GENRES = ("masculin", "feminin", "epicene")
_MARQUE_RESTANTE = re.compile(r"[^\W\d_]\((?:e|ne|le|se|fe|ère|euse|trice|rice|esse|sse)\)|\s/\s")


@dataclass(frozen=True)
class ProblemeNom:
    """One name that contradicts the ROME forms, with the expected value when known."""

    champ: str  # nom_masculin | nom_feminin | nom_epicene
    valeur: str
    attendu: str | None
    message: str


def _cle(texte: str) -> str:
    decompose = unicodedata.normalize("NFD", " ".join(texte.split()).casefold())
    return "".join(c for c in decompose if not unicodedata.combining(c))


def formes_rome(
    libelle_fiche: str | None, appellations: Iterable[Mapping[str, Any]] = ()
) -> dict[str, NomsGenres]:
    """ROME forms of a fiche, keyed by the folded masculine: its label and its appellations."""
    formes: dict[str, NomsGenres] = {}
    for appellation in appellations:
        masculin, feminin = appellation.get("nom_masculin"), appellation.get("nom_feminin")
        if masculin and feminin:
            epicene = appellation.get("nom_epicene") or masculin
            formes.setdefault(_cle(masculin), NomsGenres(masculin, feminin, epicene))
    if libelle_fiche:
        principal = noms_genres(libelle_fiche)
        formes[_cle(principal.masculin)] = principal
    return formes


def nom_pour_genre(noms: NomsGenres, genre: str) -> str:
    """The name a variant of ``genre`` (masculin, feminin, epicene) carries."""
    return {"masculin": noms.masculin, "feminin": noms.feminin}.get(genre, noms.epicene)


def verifier_noms(noms: NomsGenres, formes: Mapping[str, NomsGenres]) -> list[ProblemeNom]:
    """Problems of a fiche's three names against the ROME ``formes`` (empty when all is fine)."""
    problemes = [
        ProblemeNom(
            champ,
            valeur,
            None,
            f"Le nom « {valeur} » contient encore une double forme ou une marque entre "
            "parenthèses : écrivez le nom complet.",
        )
        for champ, valeur in _champs(noms)
        if _MARQUE_RESTANTE.search(valeur)
    ]
    rome = formes.get(_cle(noms.masculin))
    if rome is None:
        return problemes
    if _cle(rome.feminin) != _cle(noms.feminin):
        problemes.append(_feminin_contredit(noms, rome))
    genre_distinct = _cle(rome.masculin) != _cle(rome.feminin)
    if genre_distinct and _cle(noms.epicene) == _cle(noms.masculin):
        problemes.append(
            ProblemeNom(
                "nom_epicene",
                noms.epicene,
                rome.epicene,
                f"Le titre épicène « {noms.epicene} » ne nomme que la forme masculine : "
                f"le ROME permet « {rome.epicene} ».",
            )
        )
    return problemes


def _champs(noms: NomsGenres) -> list[tuple[str, str]]:
    return [
        ("nom_masculin", noms.masculin),
        ("nom_feminin", noms.feminin),
        ("nom_epicene", noms.epicene),
    ]


def _feminin_contredit(noms: NomsGenres, rome: NomsGenres) -> ProblemeNom:
    if _cle(noms.feminin) == _cle(noms.masculin):
        message = (
            f"Le nom féminin est identique au masculin (« {noms.feminin} ») alors que le ROME "
            f"donne « {rome.feminin} »."
        )
    else:
        message = (
            f"Le féminin de « {rome.masculin} » dans le ROME est « {rome.feminin} », "
            f"pas « {noms.feminin} »."
        )
    return ProblemeNom("nom_feminin", noms.feminin, rome.feminin, message)


def noms_surs(
    actuels: NomsGenres, proposes: NomsGenres, formes: Mapping[str, NomsGenres]
) -> NomsGenres:
    """Merge proposed names into the current ones without ever degrading a ROME form.

    When the masculine is a ROME name, its ROME feminine wins over any proposal (a correct
    current feminine is therefore kept); the epicene proposal is taken only when it names
    more than the masculine. Without ROME forms the proposal is taken as it is.
    """
    rome = formes.get(_cle(proposes.masculin)) or formes.get(_cle(actuels.masculin))
    if rome is None:
        return proposes
    epicene = proposes.epicene
    if _cle(epicene) == _cle(rome.masculin) and _cle(rome.masculin) != _cle(rome.feminin):
        epicene = actuels.epicene if _cle(actuels.epicene) != _cle(rome.masculin) else rome.epicene
    return NomsGenres(masculin=rome.masculin, feminin=rome.feminin, epicene=epicene)
