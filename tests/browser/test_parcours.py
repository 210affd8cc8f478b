"""The reader's and the editorial team's journeys in a real browser (PRODUCT.md §9)."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

SECTIONS = ("infos", "profil", "competences", "domaine", "contextes", "statistiques",
            "services", "mobilite")  # fmt: skip


def test_reader_searches_reads_switches_region_and_follows_the_career_map(visite: Any) -> None:
    page = visite.page
    visite.aller("/")
    page.get_by_label("Rechercher un métier").fill("développeu")
    suggestion = page.locator("#suggestions a[href='/fiches/M1805']")
    expect(suggestion).to_be_visible()
    visite.capture("01-accueil-autocompletion")
    suggestion.click()
    expect(page).to_have_url(re.compile(r"/fiches/M1805$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Développeur ou développeuse informatique"
    )
    for section in SECTIONS:
        expect(page.locator(f"section#{section}")).to_be_attached()
    expect(page.get_by_role("tab", name=re.compile("Savoir-être"))).to_be_visible()  # tabs on
    visite.capture("02-fiche-M1805")

    page.get_by_label("Région").select_option("53")
    expect(page.locator("#marche")).to_contain_text("Région : Bretagne")
    expect(page.locator("#marche")).to_contain_text("Données du marché du travail indisponibles")
    visite.capture("03-fiche-region")

    page.get_by_role("link", name=re.compile("Voir la carte complète")).click()
    expect(page).to_have_url(re.compile(r"/fiches/M1805/carte$"))
    visite.capture("04-carte")
    page.locator(".carte-liste a[href='/fiches/M1802']").click()
    expect(page).to_have_url(re.compile(r"/fiches/M1802$"))
    assert visite.externes == []
    assert visite.erreurs == []


def test_editor_saves_a_draft_and_a_reviewer_publishes_it(visite: Any) -> None:
    page = visite.page
    visite.connexion("editeur")
    visite.aller("/fiches/M1805")
    page.get_by_role("button", name="Modifier", exact=True).click()
    description = "Conçoit, développe et met au point des applications informatiques."
    page.get_by_label("Description", exact=True).fill(description)
    page.get_by_label("Motif de la modification").fill("Description plus concrète")
    visite.capture("05-edition")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("status")).to_have_text("Brouillon enregistré.")
    expect(page.get_by_text("Brouillon en attente de publication")).to_be_visible()
    page.get_by_role("button", name=re.compile("Déconnexion")).click()

    visite.aller("/fiches/M1805")
    expect(page.locator("#infos")).not_to_contain_text(description)  # still the published one

    visite.connexion("relecteur")
    visite.aller("/fiches/M1805")
    visite.capture("06-relecture")
    page.get_by_role("button", name="Publier la fiche").click()
    expect(page.get_by_role("status")).to_have_text("Fiche publiée avec succès.")
    visite.aller("/actions?onglet=historique")
    expect(page.get_by_role("heading", name="Historique")).to_be_visible()
    visite.capture("07-centre-de-controle")
    page.get_by_role("button", name=re.compile("Déconnexion")).click()

    visite.aller("/fiches/M1805")
    expect(page.locator("#infos")).to_contain_text(description)
    visite.capture("08-fiche-publiee")
    assert visite.externes == []
    assert visite.erreurs == []


def test_pages_work_in_english_and_on_a_phone(visite: Any) -> None:
    page = visite.page
    page.set_viewport_size({"width": 390, "height": 844})
    visite.aller("/fiches?lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Occupation sheets")
    visite.capture("09-catalogue-mobile-en")
    assert visite.externes == []
    assert visite.erreurs == []
