"""SVG charts of a fiche, rendered on the server: the same markup in the page and the PDF.

Each function takes the fiche's own data and returns a ``Markup`` ``<svg>`` — or ``None`` when
there is nothing real to draw (no default tension, no projected series, no zero salary:
PRODUCT.md §2.3). Values follow PRODUCT.md §3: salaries in gross annual euros, tension,
contract shares, RIASEC and competence dimensions as fractions 0–1 (a 0–100 RIASEC or
dimension profile from older data is recognised and scaled). Labels come from
``libelles(lang)``; every data-borne label is escaped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup

from agents_metiers.rendering import nombres
from agents_metiers.rendering.libelles import libelles, mois_court
from agents_metiers.rendering.svg import (
    DISCRET,
    GRILLE,
    document,
    line,
    num,
    polar,
    polygon,
    rect,
    text,
)

NIVEAUX = ("junior", "confirme", "senior")
MESURES = ("min", "median", "max")
COULEURS_MESURES = {"min": "#93c5fd", "median": "#2563eb", "max": "#1e3a8a"}
CONTRATS = ("cdi", "cdd", "interim", "autre")
COULEURS_CONTRATS = {"cdi": "#2563eb", "cdd": "#f59e0b", "interim": "#10b981", "autre": "#9ca3af"}
RIASEC = ("realiste", "investigateur", "artistique", "social", "entreprenant", "conventionnel")
DIMENSIONS = (
    "technique",
    "relationnel",
    "analytique",
    "creatif",
    "organisationnel",
    "leadership",
    "numerique",
)
# Older dimension keys (REFERENCE_IMPLEMENTATION.md §1.3) read as the current ones.
DIMENSIONS_ANCIENNES = {
    "intellectuel": "analytique",
    "realisation": "organisationnel",
    "management": "leadership",
    "expression": "creatif",
}
SEUIL_FORTE, SEUIL_MODEREE = 0.7, 0.4
MOIS_RE = re.compile(r"^(\d{4})-(\d{2})")


def _nombre(value: Any) -> float | None:
    """A finite number, or None (booleans and strings are not figures)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _pct(fraction: float) -> str:
    return nombres.pourcent(fraction)


def _euros(value: float) -> str:
    return nombres.euros(value)


def _keur(value: float) -> str:
    return f"{value / 1000:.0f} k€"


# --- salaries ---------------------------------------------------------------------------------


def _salaires_connus(salaires: Mapping[str, Any]) -> dict[str, dict[str, float]]:
    known: dict[str, dict[str, float]] = {}
    for niveau in NIVEAUX:
        level = salaires.get(niveau)
        if not isinstance(level, Mapping):
            continue
        values = {m: v for m in MESURES if (v := _nombre(level.get(m))) is not None and v > 0}
        if values:
            known[niveau] = values
    return known


def salaires_svg(salaires: Mapping[str, Any] | None, *, lang: str = "fr") -> Markup | None:
    """Grouped bars min / median / max per experience level (k€); None without any figure."""
    known = _salaires_connus(salaires or {})
    if not known:
        return None
    t = libelles(lang)
    width, height, left, top, bottom = 460.0, 250.0, 52.0, 16.0, 54.0
    plot_h = height - top - bottom
    top_value = max(v for values in known.values() for v in values.values())
    graduations = _graduations(top_value)
    scale = graduations[-1]
    body = []
    for value in graduations:
        y = top + plot_h - plot_h * value / scale
        body.append(line(left, y, width - 8, y))
        body.append(text(left - 6, y + 4, _keur(value), size=10, anchor="end", fill=DISCRET))
    group_w = (width - left - 8) / len(NIVEAUX)
    bar_w = group_w / 4.5
    phrases = []
    for g, niveau in enumerate(NIVEAUX):
        x0 = left + g * group_w + (group_w - 3 * bar_w) / 2
        for b, mesure in enumerate(MESURES):
            montant = known.get(niveau, {}).get(mesure)
            if montant is None:
                continue
            h = plot_h * montant / scale
            body.append(
                rect(x0 + b * bar_w, top + plot_h - h, bar_w - 2, h, fill=COULEURS_MESURES[mesure])
            )
        body.append(text(left + (g + 0.5) * group_w, top + plot_h + 16, t[niveau], anchor="middle"))
        if niveau in known:
            parts = ", ".join(f"{t[m].lower()} {_euros(v)}" for m, v in known[niveau].items())
            phrases.append(f"{t[niveau]} : {parts}")
    body.extend(_legende([(t[m], COULEURS_MESURES[m]) for m in MESURES], left, height - 14))
    source = (salaires or {}).get("source")
    return document(
        kind="salaires",
        width=width,
        height=height,
        title=t["salaires.titre"],
        desc="; ".join(phrases) + "." + (f" {t['source']} : {source}." if source else ""),
        body=body,
    )


PAS_SALAIRES = (2_000, 5_000, 10_000, 20_000, 25_000, 50_000, 100_000, 200_000, 250_000, 500_000)


def _graduations(top_value: float, intervalles: int = 5) -> list[float]:
    """Round axis ticks from 0 to at least ``top_value``: the smallest step of ``PAS_SALAIRES``
    giving at most ``intervalles`` intervals (70 000 € → 0, 20, 40, 60, 80 k€; never 17,5 k€)."""
    top_value = max(top_value, 1.0)
    pas = next(
        (p for p in PAS_SALAIRES if math.ceil(top_value / p) <= intervalles),
        10 ** math.ceil(math.log10(top_value / intervalles)),
    )
    return [float(pas * i) for i in range(math.ceil(top_value / pas) + 1)]


def _legende(items: Sequence[tuple[str, str]], x: float, y: float) -> list[str]:
    body = []
    for label, colour in items:
        body.append(rect(x, y - 9, 10, 10, fill=colour, rx=2))
        body.append(text(x + 14, y, label, size=10))
        x += 24 + 6.5 * len(label)
    return body


# --- contract mix -------------------------------------------------------------------------------


def contrats_svg(types_contrats: Mapping[str, Any] | None, *, lang: str = "fr") -> Markup | None:
    """Donut of the contract mix; shares are each value over their total (fractions expected)."""
    values = {k: v for k in CONTRATS if (v := _nombre((types_contrats or {}).get(k))) and v > 0}
    total = sum(values.values())
    if total <= 0:
        return None
    t = libelles(lang)
    cx, cy, r_out, r_in = 90.0, 90.0, 80.0, 48.0
    body, angle, phrases = [], 0.0, []
    for key, value in values.items():
        share = value / total
        body.append(
            _secteur(cx, cy, r_out, r_in, start=angle, share=share, fill=COULEURS_CONTRATS[key])
        )
        angle += share
        phrases.append(f"{t[key]} {_pct(share)}")
    for i, key in enumerate(values):
        y = 40 + i * 26
        body.append(rect(196, y - 11, 14, 14, fill=COULEURS_CONTRATS[key], rx=2))
        body.append(text(216, y, f"{t[key]} : {_pct(values[key] / total)}", size=12))
    return document(
        kind="contrats",
        width=340,
        height=180,
        title=t["contrats.titre"],
        desc=", ".join(phrases) + ".",
        body=body,
    )


def _secteur(
    cx: float, cy: float, r_out: float, r_in: float, *, start: float, share: float, fill: str
) -> str:
    """One ring sector from ``start`` (fraction of a turn) spanning ``share``."""
    if share >= 0.9999:
        middle = (r_out + r_in) / 2
        return (
            f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(middle)}" fill="none" '
            f'stroke="{fill}" stroke-width="{num(r_out - r_in)}"/>'
        )
    a0 = 2 * math.pi * start - math.pi / 2
    a1 = 2 * math.pi * (start + share) - math.pi / 2
    large = 1 if share > 0.5 else 0

    def point(radius: float, angle: float) -> str:
        return f"{num(cx + radius * math.cos(angle))} {num(cy + radius * math.sin(angle))}"

    return (
        f'<path d="M {point(r_out, a0)} A {num(r_out)} {num(r_out)} 0 {large} 1 {point(r_out, a1)} '
        f'L {point(r_in, a1)} A {num(r_in)} {num(r_in)} 0 {large} 0 {point(r_in, a0)} Z" '
        f'fill="{fill}" stroke="#ffffff" stroke-width="1"/>'
    )


# --- tension ----------------------------------------------------------------------------------


def niveau_tension(tension: float) -> str:
    """The label key of a tension value: ``tension.forte``, ``.moderee`` or ``.faible``."""
    if tension >= SEUIL_FORTE:
        return "tension.forte"
    return "tension.moderee" if tension >= SEUIL_MODEREE else "tension.faible"


def tension_svg(tension: float | None, *, lang: str = "fr") -> Markup | None:
    """Horizontal gauge 0–100 %; None when the tension is unknown or not a 0–1 fraction."""
    value = _nombre(tension)
    if value is None or not 0 <= value <= 1:
        return None
    t = libelles(lang)
    niveau = niveau_tension(value)
    colour = {"tension.forte": "#16a34a", "tension.moderee": "#eab308"}.get(niveau, "#dc2626")
    width, bar_x, bar_w = 320.0, 10.0, 300.0
    body = [
        rect(bar_x, 30, bar_w, 18, fill="#e5e7eb", rx=9),
        rect(bar_x, 30, bar_w * value, 18, fill=colour, rx=9),
        text(bar_x, 20, f"{t['tension.titre']} : {_pct(value)}", size=12, weight="bold"),
        text(bar_x, 68, t[niveau], size=12, fill=colour, weight="bold"),
        text(bar_x + bar_w, 68, "100 %", size=10, anchor="end", fill=DISCRET),
    ]
    return document(
        kind="tension",
        width=width,
        height=80,
        title=t["tension.titre"],
        desc=f"{_pct(value)} — {t[niveau]}.",
        body=body,
    )


# --- radars -------------------------------------------------------------------------------------


def _fractions(profil: Mapping[str, Any] | None, axes: Sequence[str]) -> dict[str, float] | None:
    """The axis values as 0–1 fractions (a 0–100 profile is scaled); None when all are 0."""
    raw = {axis: _nombre((profil or {}).get(axis)) or 0.0 for axis in axes}
    top = max(raw.values(), default=0.0)
    if top <= 0 or min(raw.values()) < 0:
        return None
    divisor = 100.0 if top > 1 else 1.0
    return {axis: min(value / divisor, 1.0) for axis, value in raw.items()}


def code_dominant(profil: Mapping[str, Any] | None, longueur: int = 3) -> str | None:
    """The dominant RIASEC code (e.g. ``ICE``): axes by weight, ties in RIASEC order."""
    values = _fractions(profil, RIASEC)
    if values is None:
        return None
    ranked = sorted(RIASEC, key=lambda axis: -values[axis])
    return "".join(axis[0].upper() for axis in ranked[:longueur] if values[axis] > 0)


def _radar(
    *, kind: str, values: dict[str, float], t: dict[str, str], title: str, extra: str = ""
) -> Markup:
    axes = list(values)
    width, height = 380.0, 300.0
    cx, cy, radius = width / 2, height / 2 + 4, 100.0
    body = []
    for ring in (0.25, 0.5, 0.75, 1.0):
        ring_points = [polar(cx, cy, radius * ring, i, len(axes)) for i in range(len(axes))]
        body.append(polygon(ring_points, fill="none", stroke=GRILLE, opacity=0))
    for i, axis in enumerate(axes):
        x, y = polar(cx, cy, radius, i, len(axes))
        body.append(line(cx, cy, x, y))
        lx, ly = polar(cx, cy, radius + 16, i, len(axes))
        anchor = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        body.append(text(lx, ly + 4, t[axis], size=11, anchor=anchor))
    points = [polar(cx, cy, radius * values[a], i, len(axes)) for i, a in enumerate(axes)]
    body.append(polygon(points, fill="#2563eb", stroke="#1d4ed8", opacity=0.3))
    desc = ", ".join(f"{t[a]} {_pct(values[a])}" for a in axes) + "." + extra
    return document(kind=kind, width=width, height=height, title=title, desc=desc, body=body)


def riasec_svg(profil: Mapping[str, Any] | None, *, lang: str = "fr") -> Markup | None:
    """Radar of the six RIASEC axes, with the dominant code in the text alternative."""
    values = _fractions(profil, RIASEC)
    if values is None:
        return None
    t = libelles(lang)
    dominant = code_dominant(profil)
    extra = f" {t['riasec.dominant']} : {dominant}." if dominant else ""
    return _radar(kind="riasec", values=values, t=t, title=t["riasec.titre"], extra=extra)


def dimensions_svg(dimensions: Mapping[str, Any] | None, *, lang: str = "fr") -> Markup | None:
    """Radar of the seven competence dimensions (``competences_dimensions``)."""
    merged = dict(dimensions or {})
    for ancienne, actuelle in DIMENSIONS_ANCIENNES.items():
        if merged.get(actuelle) is None and merged.get(ancienne) is not None:
            merged[actuelle] = merged[ancienne]
    values = _fractions(merged, DIMENSIONS)
    if values is None:
        return None
    t = libelles(lang)
    return _radar(kind="dimensions", values=values, t=t, title=t["dimensions.titre"])


# --- recruitment series -----------------------------------------------------------------------


def _mois(label: Any, lang: str) -> tuple[str, str]:
    """(month, year) of a ``YYYY-MM`` label; other labels are kept (cut to 12 characters)."""
    found = MOIS_RE.match(str(label))
    if found and 1 <= int(found[2]) <= 12:
        return mois_court(lang, int(found[2])), found[1]
    return str(label)[:12], ""


def recrutements_svg(
    series: Sequence[Mapping[str, Any]] | None, *, lang: str = "fr"
) -> Markup | None:
    """Bars of job offers per month (``[{mois: "2026-01", nb_offres: 120}, …]``, oldest first)."""
    points = [
        (str(p.get("mois", "")), v)
        for p in series or []
        if (v := _nombre(p.get("nb_offres"))) is not None and v >= 0
    ]
    if not points or max(v for _, v in points) <= 0:
        return None
    t = libelles(lang)
    width, height, left, top, bottom = 460.0, 220.0, 44.0, 18.0, 40.0
    plot_h = height - top - bottom
    top_value = max(v for _, v in points)
    slot = (width - left - 8) / len(points)
    body = [line(left, top + plot_h, width - 8, top + plot_h)]
    for i, (mois, value) in enumerate(points):
        h = plot_h * value / top_value
        x = left + i * slot
        body.append(rect(x + slot * 0.15, top + plot_h - h, slot * 0.7, h, fill="#2563eb", rx=2))
        body.append(
            text(x + slot / 2, top + plot_h - h - 4, f"{value:.0f}", size=9, anchor="middle")
        )
        nom_mois, annee = _mois(mois, lang)
        body.append(text(x + slot / 2, top + plot_h + 13, nom_mois, size=8.5, anchor="middle"))
        if annee and (i == 0 or annee != _mois(points[i - 1][0], lang)[1]):
            body.append(text(x + slot / 2, top + plot_h + 25, annee, size=8.5, anchor="middle"))
    desc = ", ".join(f"{' '.join(_mois(m, lang))} : {v:.0f} {t['offres']}" for m, v in points)
    desc += "."
    return document(
        kind="recrutements",
        width=width,
        height=height,
        title=t["recrutements.titre"],
        desc=desc,
        body=body,
    )
