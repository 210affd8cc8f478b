"""SVG building blocks shared by the charts and the career map.

Every piece of text goes through ``markupsafe.escape``; no ``style`` attribute and no script
is ever written (the pages' Content-Security-Policy forbids both), only SVG presentation
attributes and classes. A chart is an ``<svg role="img">`` whose ``<title>`` and ``<desc>``
(referenced by ``aria-labelledby``) hold the full text alternative: every value in words.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable

from markupsafe import Markup, escape

FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
TEXTE = "#1f2937"
GRILLE = "#d1d5db"
DISCRET = "#6b7280"


def num(value: float) -> str:
    """A coordinate with at most one decimal (compact and stable output)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def identifiant(kind: str, *parts: object) -> str:
    """A deterministic element id: the same data gives the same SVG (page and PDF alike)."""
    digest = hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()[:8]
    return f"am-{kind}-{digest}"


def text(
    x: float,
    y: float,
    content: object,
    *,
    size: float = 11,
    anchor: str = "start",
    fill: str = TEXTE,
    weight: str | None = None,
    css: str | None = None,
) -> str:
    weight_attr = f' font-weight="{weight}"' if weight else ""
    class_attr = f' class="{css}"' if css else ""
    return (
        f'<text x="{num(x)}" y="{num(y)}" font-size="{num(size)}" text-anchor="{anchor}" '
        f'fill="{fill}"{weight_attr}{class_attr}>{escape(content)}</text>'
    )


def rect(
    x: float, y: float, w: float, h: float, *, fill: str, rx: float = 0, css: str | None = None
) -> str:
    class_attr = f' class="{css}"' if css else ""
    radius = f' rx="{num(rx)}"' if rx else ""
    return (
        f'<rect x="{num(x)}" y="{num(y)}" width="{num(max(w, 0))}" height="{num(max(h, 0))}"'
        f'{radius} fill="{fill}"{class_attr}/>'
    )


def line(
    x1: float, y1: float, x2: float, y2: float, *, stroke: str = GRILLE, dash: bool = False
) -> str:
    dash_attr = ' stroke-dasharray="4 3"' if dash else ""
    return (
        f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" '
        f'stroke="{stroke}" stroke-width="1"{dash_attr}/>'
    )


def polygon(
    points: Iterable[tuple[float, float]], *, fill: str, stroke: str, opacity: float
) -> str:
    coords = " ".join(f"{num(x)},{num(y)}" for x, y in points)
    return (
        f'<polygon points="{coords}" fill="{fill}" fill-opacity="{opacity}" '
        f'stroke="{stroke}" stroke-width="1.5"/>'
    )


def polar(cx: float, cy: float, radius: float, index: int, count: int) -> tuple[float, float]:
    """The point at ``radius`` on axis ``index`` of ``count`` (the first axis points up)."""
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return cx + radius * math.cos(angle), cy + radius * math.sin(angle)


def document(
    *,
    kind: str,
    width: float,
    height: float,
    title: str,
    desc: str,
    body: Iterable[str],
    role: str = "img",
) -> Markup:
    """The whole ``<svg>`` element: accessible, scalable, self-contained.

    ``role="img"`` for a picture; ``"group"`` when it holds links that must stay reachable.
    """
    ident = identifiant(kind, title, desc)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(width)} {num(height)}" '
        f'width="{num(width)}" height="{num(height)}" role="{role}" '
        f'aria-labelledby="{ident}-t {ident}-d" class="am-chart am-chart-{kind}" '
        f'font-family="{FONT}">'
        f'<title id="{ident}-t">{escape(title)}</title>'
        f'<desc id="{ident}-d">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def couper_lignes(label: str, largeur: int, max_lignes: int = 3) -> list[str]:
    """``label`` cut into lines of about ``largeur`` characters (SVG text does not wrap)."""
    lignes: list[str] = []
    courante = ""
    for mot in label.split():
        if courante and len(courante) + 1 + len(mot) > largeur:
            lignes.append(courante)
            courante = mot
        else:
            courante = f"{courante} {mot}".strip()
    if courante:
        lignes.append(courante)
    if len(lignes) > max_lignes:
        lignes = lignes[:max_lignes]
        lignes[-1] = lignes[-1][: max(largeur - 1, 1)].rstrip() + "…"
    return lignes
