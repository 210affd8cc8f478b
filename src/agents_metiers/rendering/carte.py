"""The career map: the ROME mobilities of a fiche as a layered SVG graph.

Layers, top to bottom: the evolutions (``mobilite.evolutions``), the current occupation, the
related occupations (``mobilite.metiers_proches`` in ROME order). Mobilities carry real ROME
codes, so on the web every target with a code is a link (``href(code)``); in the PDF the same
drawing is static. The ``<desc>`` lists every target in words (text alternative).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape
from pydantic import BaseModel

from agents_metiers.rendering.libelles import libelles
from agents_metiers.rendering.nombres import pluriel
from agents_metiers.rendering.svg import DISCRET, couper_lignes, document, line, rect, text

NOEUD_L, NOEUD_H = 196.0, 62.0
ECART_X, ECART_Y = 24.0, 40.0
PAR_RANG = 4
MARGE = 12.0
COULEURS = {
    "actuel": ("#1e3a8a", "#ffffff"),
    "evolution": ("#cffafe", "#164e63"),
    "proche": ("#e0e7ff", "#1e1b4b"),
}
ARETES = {"evolution": "#0891b2", "proche": "#6366f1"}
CHAMP_NOM = {"masculin": "nom_masculin", "feminin": "nom_feminin", "epicene": "nom"}


def _as_mapping(fiche: BaseModel | Mapping[str, Any]) -> Mapping[str, Any]:
    return fiche.model_dump() if isinstance(fiche, BaseModel) else fiche


def _nom_cible(item: Mapping[str, Any], genre: str | None) -> str:
    champ = CHAMP_NOM.get(genre or "", "nom")
    return str(item.get(champ) or item.get("nom") or item.get("code_rome") or "")


def _ordre(item: Mapping[str, Any]) -> int:
    ordre = item.get("ordre")
    return ordre if isinstance(ordre, int) else 10**6


def _cibles(mobilite: Mapping[str, Any], cle: str, genre: str | None) -> list[dict[str, Any]]:
    items = [i for i in mobilite.get(cle) or [] if isinstance(i, Mapping)]
    if cle == "metiers_proches":
        items.sort(key=_ordre)
    return [
        {"code": i.get("code_rome") or None, "nom": _nom_cible(i, genre)}
        for i in items
        if i.get("nom") or i.get("code_rome")
    ]


def _rangs(items: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    return [list(items[i : i + PAR_RANG]) for i in range(0, len(items), PAR_RANG)]


def _noeud(x: float, y: float, node: dict[str, Any], kind: str, lien: str | None) -> str:
    fond, encre = COULEURS[kind]
    lignes = _lignes(node["nom"])
    parts = [rect(x, y, NOEUD_L, NOEUD_H, fill=fond, rx=8, css=f"am-carte-{kind}")]
    if node["code"]:
        parts.append(text(x + 10, y + 15, node["code"], size=10, fill=encre, weight="bold"))
    first = y + (30 if node["code"] else 22)
    for n, ligne in enumerate(lignes):
        parts.append(text(x + 10, first + n * 13, ligne, size=10.5, fill=encre))
    body = "".join(parts)
    if lien is None:
        return f'<g class="am-carte-noeud">{body}</g>'
    return (
        f'<a href="{escape(lien)}" class="am-carte-lien"><g class="am-carte-noeud">{body}</g></a>'
    )


def _lignes(nom: str) -> list[str]:
    return couper_lignes(nom, 30, max_lignes=3 if len(nom) > 60 else 2)


def _rang_x(count: int, largeur: float) -> list[float]:
    total = count * NOEUD_L + (count - 1) * ECART_X
    start = (largeur - total) / 2
    return [start + i * (NOEUD_L + ECART_X) for i in range(count)]


def carte_svg(
    fiche_detail: BaseModel | Mapping[str, Any],
    *,
    interactive: bool,
    href: Callable[[str], str],
    lang: str = "fr",
    nom: str | None = None,
    genre: str | None = None,
) -> Markup | None:
    """The map of ``fiche_detail``'s mobilities; None when it has none.

    ``href(code)`` gives the URL of a target fiche (used only when ``interactive``); ``nom``
    overrides the central title (a variant's name) and ``genre`` picks the targets' names
    (``masculin``, ``feminin``; epicene otherwise).
    """
    fiche = _as_mapping(fiche_detail)
    mobilite = fiche.get("mobilite") or {}
    evolutions = _cibles(mobilite, "evolutions", genre)
    proches = _cibles(mobilite, "metiers_proches", genre)
    if not evolutions and not proches:
        return None
    t = libelles(lang)
    code = str(fiche.get("code_rome") or "")
    titre = nom or str(fiche.get("nom_epicene") or fiche.get("nom_masculin") or code)
    # The incomplete row is the farthest from the centre, so that the trunk of the edges
    # passes through the middle gap of the full rows (PAR_RANG is even).
    rangs = [("evolution", r) for r in reversed(_rangs(evolutions))]
    rangs.append(("actuel", [{"code": code, "nom": titre}]))
    rangs += [("proche", r) for r in _rangs(proches)]
    colonnes = max(len(r) for _, r in rangs)
    largeur = 2 * MARGE + colonnes * NOEUD_L + (colonnes - 1) * ECART_X
    hauteur = 2 * MARGE + len(rangs) * NOEUD_H + (len(rangs) - 1) * ECART_Y + 22
    centre_y = MARGE + len(_rangs(evolutions)) * (NOEUD_H + ECART_Y)
    aretes: list[str] = []
    noeuds: list[str] = []
    for index, (kind, rang) in enumerate(rangs):
        y = MARGE + index * (NOEUD_H + ECART_Y)
        xs = _rang_x(len(rang), largeur)
        if kind != "actuel":
            aretes += _bus(kind, xs, y, largeur / 2, centre_y)
        for x, node in zip(xs, rang, strict=True):
            lien = href(node["code"]) if interactive and node["code"] and kind != "actuel" else None
            noeuds.append(_noeud(x, y, node, kind, lien))
    legende = _legende(t, hauteur - MARGE, bool(evolutions))
    cibles = [f"{n['nom']} ({n['code']})" if n["code"] else n["nom"] for n in evolutions + proches]
    cle = pluriel(len(cibles), "carte.desc", "carte.desc.pluriel", lang)
    desc = t[cle].format(nom=titre, code=code, n=len(cibles)) + " " + "; ".join(cibles)
    return document(
        kind="carte",
        width=largeur,
        height=hauteur,
        title=f"{t['carte.titre']} — {titre}",
        desc=desc + ".",
        body=[*aretes, *noeuds, *legende],
        role="group" if interactive else "img",
    )


def _bus(kind: str, xs: list[float], y: float, centre_x: float, centre_y: float) -> list[str]:
    """Edges of one row: a trunk from the central node, a bus along the row, one stub each."""
    dessous = kind == "proche"
    bus_y = y - ECART_Y / 2 if dessous else y + NOEUD_H + ECART_Y / 2
    depart = centre_y + NOEUD_H if dessous else centre_y
    stub_y = y if dessous else y + NOEUD_H
    centres = [x + NOEUD_L / 2 for x in xs]
    colour, dash = ARETES[kind], dessous
    edges = [
        line(centre_x, depart, centre_x, bus_y, stroke=colour, dash=dash),
        line(
            min(*centres, centre_x), bus_y, max(*centres, centre_x), bus_y, stroke=colour, dash=dash
        ),
    ]
    edges += [line(c, bus_y, c, stub_y, stroke=colour, dash=dash) for c in centres]
    return edges


def _legende(t: dict[str, str], y: float, evolutions: bool) -> list[str]:
    entries = [("actuel", t["carte.actuel"])]
    if evolutions:
        entries.append(("evolution", t["carte.evolutions"]))
    entries.append(("proche", t["carte.proches"]))
    body, x = [], MARGE
    for kind, label in entries:
        body.append(rect(x, y - 9, 12, 12, fill=COULEURS[kind][0], rx=3))
        body.append(text(x + 16, y + 1, label, size=10, fill=DISCRET))
        x += 30 + 6.2 * len(label)
    return body
