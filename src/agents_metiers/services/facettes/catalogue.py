"""Facets of the catalogue: values, the fiches each value holds, counts over a result.

For the team, the values come from the ROME referential (``storage.facettes``), read once
per import; for the public, from the public read model, read again only when a publication
changes it. Both are kept in memory. Values are checked against the referential; a selection
keeps the fiches holding, for every facet given, one of its values; counts are taken over
the fiches a list shows (working copies for the team, published fiches for the public), so
that a value's count is what the list shows once that value is added.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from threading import Lock
from typing import Any

from sqlalchemy.orm import Session

from agents_metiers.domain.fiche import Statut, normaliser
from agents_metiers.errors import InvalidInputError
from agents_metiers.services.fiches.lecture import check_statut
from agents_metiers.services.fiches.search import MAX_PARTIAL, search_codes
from agents_metiers.storage import facettes as store

FACETTES = (
    "grand_domaine",
    "domaine",
    "secteur",
    "centre_interet",
    "riasec",
    "transition",
    "emploi_cadre",
    "emploi_reglemente",
)
RIASEC = {
    "R": "Réaliste",
    "I": "Investigateur",
    "A": "Artistique",
    "S": "Social",
    "E": "Entreprenant",
    "C": "Conventionnel",
}
TRANSITIONS = {
    "eco": "Transition écologique",
    "num": "Transition numérique",
    "demo": "Transition démographique",
}
# ROME's "Emploi Vert" and "Emploi stratégique pour la Transition écologique" count as
# ecological transition jobs; "Emploi Blanc" and "Emploi Brun" do not.
_ECO = frozenset({"Emploi Vert", "Emploi stratégique pour la Transition écologique"})
OUI_NON = {"oui": "Oui", "non": "Non"}

Selection = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class Valeur:
    code: str
    libelle: str
    total: int


@dataclass(frozen=True)
class Index:
    """Per facet, per value: its label and the codes ROME of the fiches holding it."""

    libelles: dict[str, dict[str, str]]
    fiches: dict[str, dict[str, frozenset[str]]]


def _transitions(tags: Mapping[str, Any]) -> set[str]:
    found = {"eco"} if tags.get("transition_eco") in _ECO else set()
    return found | {t for t in ("num", "demo") if tags.get(f"transition_{t}") is True}


def _oui_non(value: Any) -> set[str]:
    return {"oui"} if value is True else {"non"} if value is False else set()


def _values(fiche: Mapping[str, Any]) -> dict[str, set[str]]:
    tags = fiche["tags"]
    single = {f: {fiche[f]} if fiche[f] else set() for f in ("grand_domaine", "domaine", "riasec")}
    return single | {
        "secteur": fiche["secteur"],
        "centre_interet": fiche["centre_interet"],
        "transition": _transitions(tags),
        "emploi_cadre": _oui_non(tags.get("emploi_cadre")),
        "emploi_reglemente": _oui_non(tags.get("emploi_reglemente")),
    }


def build_index(referentiel: store.RomeFacettes) -> Index:
    fiches: dict[str, dict[str, set[str]]] = {f: {} for f in FACETTES}
    for code_rome, fiche in referentiel.fiches.items():
        for facette, values in _values(fiche).items():
            for value in values:
                fiches[facette].setdefault(value, set()).add(code_rome)
    libelles = {kind: dict(referentiel.libelles.get(kind, {})) for kind in store.LABELLED}
    libelles |= {"riasec": RIASEC, "transition": TRANSITIONS}
    libelles |= {"emploi_cadre": OUI_NON, "emploi_reglemente": OUI_NON}
    return Index(
        libelles={f: {v: libelles[f].get(v, v) for v in fiches[f]} for f in FACETTES},
        fiches={f: {v: frozenset(c) for v, c in fiches[f].items()} for f in FACETTES},
    )


_CACHE: dict[tuple[str, bool], tuple[object, Index]] = {}
_LOCK = Lock()


def index(session: Session, *, publique: bool = False) -> Index:
    """The facets of the current referential import (``publique``: of the public read
    model), rebuilt only when that changes."""
    slot = (str(session.get_bind().engine.url), publique)
    version: object = store.public_key(session) if publique else store.version_key(session)
    with _LOCK:
        cached = _CACHE.get(slot)
    if cached is not None and cached[0] == version:
        return cached[1]
    found = build_index(store.load_public(session) if publique else store.load(session))
    with _LOCK:
        _CACHE[slot] = (version, found)
    return found


def check(session: Session, selection: Selection) -> dict[str, tuple[str, ...]]:
    """``selection`` without empty values; a facet or a value that does not exist is refused
    with a sentence naming it."""
    asked = {
        f: tuple(dict.fromkeys(v.strip() for v in vs if v.strip())) for f, vs in selection.items()
    }
    asked = {f: wanted for f, wanted in asked.items() if wanted}
    if not asked:
        return {}  # nothing to check: the referential is not even read
    known = index(session).libelles
    checked: dict[str, tuple[str, ...]] = {}
    for facette, wanted in asked.items():
        if facette not in known:
            raise InvalidInputError(
                f"Facette inconnue : « {facette} ». Facettes possibles : {', '.join(FACETTES)}."
            )
        unknown = [v for v in wanted if v not in known[facette]]
        if unknown:
            raise InvalidInputError(
                f"Valeur inconnue pour la facette « {facette} » : « {unknown[0]} ». "
                f"Consultez /api/referentiel/facettes pour les valeurs possibles."
            )
        checked[facette] = wanted
    return checked


def retained(
    session: Session, selection: Mapping[str, Sequence[str]], *, publique: bool = False
) -> frozenset[str] | None:
    """Codes ROME holding, for every facet of a checked ``selection``, one of its values
    (None when nothing is selected: no restriction)."""
    if not selection:
        return None
    fiches = index(session, publique=publique).fiches
    kept: frozenset[str] | None = None
    for facette, values in selection.items():
        holding = frozenset().union(*(fiches[facette].get(v, frozenset()) for v in values))
        kept = holding if kept is None else kept & holding
    return kept


def counts(
    session: Session, codes: Iterable[str], *, publique: bool = False
) -> dict[str, list[Valeur]]:
    """Per facet, its values held by at least one of ``codes``, with how many, most first."""
    shown = frozenset(codes)
    idx = index(session, publique=publique)
    result: dict[str, list[Valeur]] = {}
    for facette in FACETTES:
        values = [
            Valeur(code, idx.libelles[facette][code], len(held & shown))
            for code, held in idx.fiches[facette].items()
        ]
        kept = [v for v in values if v.total]
        result[facette] = sorted(kept, key=lambda v: (-v.total, v.code))
    return result


def shown_codes(
    session: Session,
    *,
    statut: str | None,
    published_only: bool,
    retained_codes: Collection[str] | None,
) -> list[str]:
    """Codes of the fiches a list without a query shows."""
    codes = store.visible_codes(session, statut=statut, published_only=published_only)
    return codes if retained_codes is None else [c for c in codes if c in retained_codes]


def du_resultat(
    session: Session,
    *,
    search: str | None,
    statut: str | None,
    voir_brouillons: bool,
    selection: Selection,
) -> dict[str, list[Valeur]]:
    """The facet counts over what ``GET /api/fiches`` lists with the same parameters."""
    publique = not voir_brouillons
    kept = retained(session, check(session, selection), publique=publique)
    statut = check_statut(statut)
    if publique and statut not in (None, Statut.PUBLIEE.value):
        return counts(session, [], publique=True)
    statut = statut if voir_brouillons else None
    if search and normaliser(search):
        page = search_codes(
            session,
            search,
            statut=statut,
            published_only=not voir_brouillons,
            codes=kept,
            limit=MAX_PARTIAL,
            offset=0,
        )
        return counts(session, page.codes, publique=publique)
    shown = shown_codes(session, statut=statut, published_only=publique, retained_codes=kept)
    return counts(session, shown, publique=publique)
