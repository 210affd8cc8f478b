"""Provenance badges have the same colours on the pages and in the PDF."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "agents_metiers"
SOURCES = ("rome", "ia", "humain", "france_travail", "la_bonne_alternance", "marche")
VARIABLES = {"var(--am-ambre)": "#92400e", "var(--am-vert)": "#166534", "var(--am-cyan)": "#155e75"}


def _couleurs(css: str) -> dict[str, tuple[str, str]]:
    couleurs = {}
    for selecteurs, corps in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        fond = re.search(r"background:\s*([^;]+);", corps)
        texte = re.search(r"(?<![-\w])color:\s*([^;]+);", corps)
        for source in SOURCES:
            if re.search(rf"\.provenance-{source}\b", selecteurs) and fond and texte:
                valeur = texte.group(1).strip()
                couleurs[source] = (fond.group(1).strip(), VARIABLES.get(valeur, valeur))
    return couleurs


def test_provenance_badges_share_one_palette_between_pages_and_pdf() -> None:
    pages = _couleurs((SRC / "web" / "static" / "app.css").read_text(encoding="utf-8"))
    pdf = _couleurs((SRC / "rendering" / "templates" / "pdf.css").read_text(encoding="utf-8"))
    assert set(pages) == set(SOURCES)
    assert pages == pdf
