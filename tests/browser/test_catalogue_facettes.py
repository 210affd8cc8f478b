"""The /fiches filter panel in a real browser, on a wide screen and on a phone (390 px)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect


@pytest.mark.parametrize(
    ("largeur", "nom"), [(1366, "10-catalogue-facettes"), (390, "11-catalogue-facettes-mobile")]
)
def test_an_editor_filters_the_catalogue_by_facets(visite: Any, largeur: int, nom: str) -> None:
    page = visite.page
    page.set_viewport_size({"width": largeur, "height": 900})
    visite.connexion("editeur")
    visite.aller("/fiches?q=infirmiere")
    page.get_by_text("Filtrer par domaine").click()
    page.select_option("#f-grand_domaine", "J")
    page.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(re.compile(r"grand_domaine=J"))
    expect(page.locator("#resultats")).to_contain_text("J1506")
    expect(page.locator("#resultats")).not_to_contain_text("M1805")
    # The filter panel and each of its selects fit the screen (a phone too).
    for element in [
        page.locator("details.facettes"),
        *page.locator("details.facettes select").all(),
    ]:
        box = element.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= largeur
    visite.capture(nom)
    assert visite.externes == []
    assert visite.erreurs == []
