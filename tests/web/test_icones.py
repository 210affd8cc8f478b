"""Icons: every ``icone("…")`` of the templates is copied by ``make assets``; drawn as
decorative inline SVG."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from agents_metiers.web.pages.rendu import ICONES, TEMPLATES, icone

RACINE = Path(__file__).resolve().parents[2]


def _liste_makefile() -> set[str]:
    makefile = (RACINE / "Makefile").read_text(encoding="utf-8")
    bloc = re.search(r"^ICONES := (.*?)(?<!\\)\n", makefile, re.MULTILINE | re.DOTALL)
    assert bloc, "ICONES absent du Makefile"
    return set(bloc.group(1).replace("\\\n", " ").split())


def test_every_icon_used_by_a_template_is_copied_by_make_assets() -> None:
    utilisees = {
        nom
        for gabarit in TEMPLATES.glob("*.html")
        for nom in re.findall(r"icone\(\"([a-z0-9-]+)\"\)", gabarit.read_text(encoding="utf-8"))
    }
    assert utilisees, "aucune icône trouvée dans les gabarits"
    assert utilisees <= _liste_makefile()


def test_an_icon_is_decorative_inline_svg_in_the_text_colour() -> None:
    if not (ICONES / "menu.svg").exists():
        pytest.skip("icônes absentes : lancez `make assets`")
    svg = str(icone("menu"))
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert 'aria-hidden="true"' in svg and 'focusable="false"' in svg
    assert 'stroke="currentColor"' in svg and "<!--" not in svg
    assert str(icone("icone-qui-n-existe-pas")) == ""


def test_an_icon_name_cannot_leave_the_icon_folder() -> None:
    with pytest.raises(ValueError):
        icone("../secret")
