"""Nothing internal on screen, in a real browser at 1366 and 390 px: labels, readable diffs,
market unavailable for visitors, disabled actions with their reason, error pages signed in."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

LARGEURS = {"1366": {"width": 1366, "height": 900}, "390": {"width": 390, "height": 844}}
INTERNE = re.compile(
    r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b(?:publiee|auth\.connexion|user\.cree)\b|\{'"
)


@pytest.mark.parametrize("largeur", sorted(LARGEURS))
def test_visitor_pages_show_labels_only(visite: Any, largeur: str) -> None:
    page = visite.page
    page.set_viewport_size(LARGEURS[largeur])
    visite.aller("/fiches")
    expect(page.get_by_text("3 fiches trouvées")).to_be_visible()
    expect(page.locator("th", has_text="Complétude")).to_have_count(0)
    visite.capture(f"libelles-catalogue-public-{largeur}")
    visite.aller("/fiches/M1805/marche")
    expect(page.locator(".indisponible").first).to_have_text(
        "Données du marché du travail indisponibles."
    )
    assert not INTERNE.search(page.locator("main").inner_text())
    visite.capture(f"libelles-marche-visiteur-{largeur}")


@pytest.mark.parametrize("largeur", sorted(LARGEURS))
def test_team_pages_show_labels_reasons_and_readable_diffs(visite: Any, largeur: str) -> None:
    page = visite.page
    page.set_viewport_size(LARGEURS[largeur])
    visite.connexion("admin")

    # A revision whose diff lists items added and removed, never a repr.
    visite.aller("/fiches/M1810/modifier")
    items = page.locator('textarea[name="missions_principales"]')
    n = items.count()
    page.locator("#ajouter-missions_principales").click()
    expect(items).to_have_count(n + 1)
    page.locator(f"#missions_principales-{n}").fill(f"Mission ajoutée ({largeur} px)")
    page.get_by_role("button", name=re.compile("Enregistrer")).click()
    page.get_by_role("link", name="Voir les changements").first.click()
    diff = page.locator("dl.diff")
    expect(diff).to_contain_text("Missions principales")
    expect(diff).to_contain_text(f"+ Mission ajoutée ({largeur} px)")
    assert not INTERNE.search(page.locator("#revisions").inner_text())
    page.locator("#revisions").scroll_into_view_if_needed()
    visite.capture(f"libelles-diff-{largeur}")

    visite.aller("/dashboard")
    activite = page.locator(".activite")
    expect(activite).to_contain_text("Connexion")
    expect(activite).to_contain_text("Fiche publiée")
    assert not INTERNE.search(page.locator("main").inner_text())
    visite.capture(f"libelles-tableau-de-bord-{largeur}")

    visite.aller("/actions?onglet=enrichir")
    bouton = page.get_by_role("button", name="Enrichir les fiches sélectionnées")
    expect(bouton).to_be_disabled()
    expect(page.locator("#lot-indisponible")).to_contain_text("Action indisponible")
    visite.capture(f"libelles-centre-indisponible-{largeur}")

    visite.aller("/fiches/Z9999")
    expect(page.get_by_role("button", name=re.compile("Déconnexion"))).to_be_visible()
    expect(page.get_by_role("link", name="Connexion")).to_have_count(0)
    visite.capture(f"libelles-erreur-connecte-{largeur}")
