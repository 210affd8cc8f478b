"""An editor edits a list of the fiche with the keyboard only, with and without JavaScript
(htmx swaps the list; without it the page comes back with the pending form), then saves."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

Visite = Any  # the ``visite`` fixture (tests/browser/conftest.py)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def _clavier(visite: Visite, premiere: str, seconde: str) -> None:
    """Add two formations, move the second above the first, save: keys only."""
    page = visite.page
    visite.connexion("editeur")
    visite.aller("/fiches/M1805/modifier")
    items = page.locator("#liste-formations ol > li")
    n = items.count()
    page.locator("#ajouter-formations").focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#formations-{n}")).to_be_focused()
    page.keyboard.type(premiere)
    for _ in range(2 if n == 0 else 3):  # (↑,) ✕, then « Ajouter »
        page.keyboard.press("Tab")
    expect(page.locator("#ajouter-formations")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(f"#formations-{n + 1}")).to_be_focused()
    expect(page.locator(f"#formations-{n}")).to_have_value(premiere)  # pending input kept
    page.keyboard.type(seconde)
    page.keyboard.press("Tab")  # the new item's first button: ↑
    expect(page.locator(f"#monter-formations-{n + 1}")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(f"#formations-{n}")).to_have_value(seconde)
    expect(page.locator(f"#formations-{n + 1}")).to_have_value(premiere)
    # the focus follows the moved item (its ↑ button, or ↓ once at the top)
    expect(page.locator(f"#{'descendre' if n == 0 else 'monter'}-formations-{n}")).to_be_focused()
    page.locator("#motif").focus()
    page.keyboard.type("Formations d'accès")
    page.keyboard.press("Enter")  # the form's default button saves
    expect(page).to_have_url(re.compile(r"/fiches/M1805\?message=modifiee$"))
    visite.aller("/fiches/M1805/modifier")
    valeurs = [items.nth(i).locator("textarea").input_value() for i in range(items.count())]
    assert valeurs[-2:] == [seconde, premiere]


def test_an_editor_adds_and_moves_a_list_item_with_the_keyboard(visite: Visite) -> None:
    _clavier(visite, "BTS SIO option SLAM", "BUT informatique")
    assert visite.externes == []
    assert visite.erreurs == []


def test_the_same_keyboard_edit_works_without_javascript(visite: Visite, browser: Browser) -> None:
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 1366, "height": 900}, java_script_enabled=False
    )
    try:
        sans_js = replace(visite, page=context.new_page())
        _clavier(sans_js, "Licence professionnelle", "Titre professionnel développeur web")
    finally:
        context.close()


@pytest.mark.parametrize("largeur", [1366, 390])
def test_the_edit_page_fits_the_screen(visite: Any, largeur: int) -> None:
    page = visite.page
    page.set_viewport_size({"width": largeur, "height": 900})
    visite.connexion("editeur")
    visite.aller("/fiches/M1802/modifier")
    page.locator("#ajouter-sites_utiles").click()
    expect(page.locator("#sites_utiles-0-nom")).to_be_focused()
    visite.capture(f"20-edition-{largeur}")
    assert page.evaluate("document.documentElement.scrollWidth") <= largeur
    for champ in ("salaires-junior-min", "types_contrats-cdi", "sites_utiles-0-url"):
        boite = page.locator(f"#{champ}").bounding_box()
        assert boite is not None and boite["x"] + boite["width"] <= largeur
    page.locator("#salaires-junior-min").fill("beaucoup")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    erreur = page.locator("#erreur-salaires-junior-min")
    expect(erreur).to_contain_text("Nombre entier attendu")
    expect(page.get_by_role("alert")).to_contain_text("Rien n'a été enregistré")
    erreur.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / f"21-edition-erreur-{largeur}.png"))  # the viewport
    page.wait_for_load_state("load")  # measured with its stylesheets, as the reader sees it
    assert page.evaluate("document.documentElement.scrollWidth") <= largeur
    assert visite.externes == []
    # Chromium logs the 422 status of the page itself; nothing else may fail
    assert [e for e in visite.erreurs if "status of 422" not in e] == []
