"""A reader explores by interests, opens a result, follows a transition and compares."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect


@pytest.mark.parametrize(("largeur", "hauteur"), [(1366, 900), (390, 844)])
def test_reader_answers_opens_a_result_follows_a_transition_and_compares(
    visite: Any, largeur: int, hauteur: int
) -> None:
    page = visite.page
    page.set_viewport_size({"width": largeur, "height": hauteur})
    visite.aller("/explorer")
    for numero in range(1, 6):
        page.locator(f"input[name=q_I{numero}][value='1']").check()
    page.locator("input[name=q_C4][value='1']").check()
    page.get_by_label("Je suis passionné / passionnée par les nouvelles technologies").check()
    visite.capture(f"10-explorer-questionnaire-{largeur}")
    page.get_by_role("button", name="Voir les métiers").click()
    resultats = page.locator(".resultats-explorer")
    expect(resultats).to_contain_text("Investigateur (I)")
    expect(page.locator("input[name=q_I1][value='1']")).to_be_checked()
    visite.capture(f"11-explorer-resultats-{largeur}")

    resultats.locator("a").first.click()
    expect(page).to_have_url(re.compile(r"/fiches/M18\d\d$"))
    section = page.locator("section#transitions")
    expect(section).to_contain_text("Métiers proches par les compétences")
    expect(section.locator("summary").first).to_have_text(
        re.compile(r"\d+ compétences en commun, \d+ à acquérir")
    )
    section.locator("summary").first.click()
    expect(section.locator("details").first).to_have_attribute("open", "")
    section.scroll_into_view_if_needed()
    visite.capture(f"12-fiche-transitions-{largeur}")

    section.locator("li > a").first.click()
    expect(page).to_have_url(re.compile(r"/fiches/M18\d\d$"))
    page.locator("section#transitions").get_by_role(
        "link", name=re.compile("Comparer avec le plus proche")
    ).click()
    expect(page).to_have_url(re.compile(r"/comparer\?codes=M18\d\d,M18\d\d$"))
    expect(page.locator(".comparaison article")).to_have_count(2)
    expect(page.get_by_role("heading", name="Compétences communes")).to_be_visible()
    visite.capture(f"13-comparaison-{largeur}")
    page.wait_for_load_state("load")  # measured with its stylesheets, as the reader sees it
    largeur_page = page.evaluate("document.documentElement.scrollWidth")
    assert largeur_page <= largeur, "no horizontal scrolling, on a phone too"
    assert visite.externes == []
    assert visite.erreurs == []


def test_explorer_form_is_usable_with_the_keyboard(visite: Any) -> None:
    page = visite.page
    visite.aller("/explorer")
    page.locator("input[name=q_R1][value='1']").focus()
    page.keyboard.press("Space")
    expect(page.locator("input[name=q_R1][value='1']")).to_be_checked()
    page.keyboard.press("ArrowRight")  # radios of one question move together
    expect(page.locator("input[name=q_R1][value='0']")).to_be_checked()
