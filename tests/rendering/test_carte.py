"""The career map: links on the web, static in the PDF, escaped names, ROME order."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest

from agents_metiers.rendering.carte import carte_svg

SVG = "{http://www.w3.org/2000/svg}"


def _fiche(**mobilite: Any) -> dict[str, Any]:
    return {
        "code_rome": "M1805",
        "nom_epicene": "Développeur ou développeuse informatique",
        "mobilite": {"metiers_proches": [], "evolutions": [], **mobilite},
    }


PROCHES = [
    {
        "code_rome": "M1810",
        "nom": "Technicien ou technicienne",
        "nom_feminin": "Technicienne",
        "ordre": 2,
    },
    {"code_rome": "M1802", "nom": "Expert ou experte", "nom_feminin": "Experte", "ordre": 1},
]


def _href(code: str) -> str:
    return f"/fiches/{code}"


def test_no_mobility_gives_no_map() -> None:
    assert carte_svg(_fiche(), interactive=True, href=_href) is None
    assert carte_svg({"code_rome": "M1805", "mobilite": None}, interactive=True, href=_href) is None


def test_interactive_map_links_every_target_with_a_code() -> None:
    evolutions = [{"nom": "Chef de projet", "type": "ascendante"}]
    svg = carte_svg(
        _fiche(metiers_proches=PROCHES, evolutions=evolutions), interactive=True, href=_href
    )
    root = ET.fromstring(str(svg))
    links = [a.get("href") for a in root.iter(f"{SVG}a")]
    assert links == ["/fiches/M1802", "/fiches/M1810"]  # the evolution has no code
    assert root.get("role") == "group"


def test_static_map_has_no_link() -> None:
    svg = carte_svg(_fiche(metiers_proches=PROCHES), interactive=False, href=_href)
    root = ET.fromstring(str(svg))
    assert list(root.iter(f"{SVG}a")) == []
    assert root.get("role") == "img"


def test_targets_are_listed_in_rome_order_in_the_text_alternative() -> None:
    svg = carte_svg(_fiche(metiers_proches=PROCHES), interactive=False, href=_href)
    desc = ET.fromstring(str(svg)).findtext(f"{SVG}desc") or ""
    assert desc.index("M1802") < desc.index("M1810")
    assert "2 métiers liés." in desc


@pytest.mark.parametrize(
    ("lang", "attendu"),
    [("fr", "1 métier lié."), ("en", "1 related occupation.")],
)
def test_text_alternative_agrees_with_a_single_target(lang: str, attendu: str) -> None:
    proches = PROCHES[:1]
    svg = carte_svg(_fiche(metiers_proches=proches), interactive=False, href=_href, lang=lang)
    desc = ET.fromstring(str(svg)).findtext(f"{SVG}desc") or ""
    assert attendu in desc
    assert "(s)" not in desc


def test_gender_picks_the_target_names() -> None:
    svg = carte_svg(_fiche(metiers_proches=PROCHES), interactive=False, href=_href, genre="feminin")
    assert "Experte (M1802)" in str(svg)


def test_hostile_names_and_links_are_escaped() -> None:
    proches = [{"code_rome": "M1802", "nom": '<script>x</script>"', "ordre": 1}]
    svg = carte_svg(
        _fiche(metiers_proches=proches), interactive=True, href=lambda c: f'/f/{c}"><script>'
    )
    assert "<script" not in str(svg)
    assert "style=" not in str(svg)
    root = ET.fromstring(str(svg))
    assert next(root.iter(f"{SVG}a")).get("href") == '/f/M1802"><script>'
