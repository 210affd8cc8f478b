"""The variant matrix and the variants batch picker in a real browser, at 1366 and 390 px:
readable, no horizontal overflow of the page, usable with the keyboard (issue 14 item 4)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from playwright.sync_api import expect

from agents_metiers.services.fiches.ecriture import empreinte_contenu
from agents_metiers.services.fiches.lecture import get_row
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import VarianteRow

# pydantic-ai's offline test model: the generation buttons are enabled (nothing is generated
# here, the tests only look at the forms).
REGLAGES = {"llm_model": "test"}
CODE = "M1805"
LARGEURS = {"1366": (1366, 900), "390": (390, 844)}


def PREPARER(runtime: Runtime) -> None:  # noqa: N802 (the hook's name, read by the conftest)
    """Variants of M1805 in each state: generated, reviewed, rejected, out of date."""
    now = datetime.now(UTC)
    etats = [
        ("fr", "18+", "standard", "epicene", "genere", False),
        ("fr", "18+", "falc", "feminin", "relue", False),
        ("en", "11-15", "standard", "masculin", "rejetee", False),
        ("en", "18+", "standard", "epicene", "relue", True),
    ]
    with runtime.sessions() as session:
        fiche = get_row(session, CODE)
        for langue, tranche, fmt, genre, statut, perimee in etats:
            session.add(
                VarianteRow(
                    code_rome=CODE,
                    langue=langue,
                    tranche_age=tranche,
                    format_contenu=fmt,
                    genre=genre,
                    nom=f"Variante {langue}",
                    fiche_version=fiche.version,
                    empreinte_source="ancienne" if perimee else empreinte_contenu(fiche),
                    date_creation=now,
                    date_maj=now,
                    statut=statut,
                    version=1,
                    relecture_falc=statut == "relue" and fmt == "falc",
                    contenu={"description": f"Texte de la variante {langue}."},
                )
            )
        session.commit()


def _sans_debordement(page: Any) -> None:
    # After a click that navigates, the heading can be there before the stylesheets: an
    # unstyled page is measured wider than the screen. Measure the page as the reader sees it.
    page.wait_for_load_state("load")
    largeurs = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert largeurs[0] <= largeurs[1], f"la page déborde : {largeurs}"


def _dans_la_largeur(page: Any, selecteur: str) -> None:
    """The elements fit in the viewport (a wide table scrolls inside its own box)."""
    bords = page.evaluate(
        "(s) => [...document.querySelectorAll(s)].map(e => e.getBoundingClientRect().right)",
        selecteur,
    )
    largeur = page.evaluate("() => document.documentElement.clientWidth")
    assert bords and max(bords) <= largeur, f"{selecteur} : {bords} > {largeur}"


def test_the_matrix_is_readable_and_keyboard_usable_at_1366_and_390(visite: Any) -> None:
    page = visite.page
    visite.connexion("editeur")
    for nom, (largeur, hauteur) in LARGEURS.items():
        page.set_viewport_size({"width": largeur, "height": hauteur})
        visite.aller(f"/fiches/{CODE}")
        matrice = page.locator("#matrice-variantes")
        expect(matrice).not_to_have_attribute("open", "")
        # Keyboard only: focus the summary, open it, reach a checkbox, tick it.
        matrice.locator("> summary").focus()
        page.keyboard.press("Enter")
        expect(matrice).to_have_attribute("open", "")
        expect(matrice).to_contain_text("4 combinaisons produites sur 90")
        expect(matrice.locator("table.matrice")).to_have_count(5)
        expect(matrice.locator("details.bloc-langue[open]")).to_have_count(2)
        for etat in ("Absente", "Générée, à relire", "Relue", "Rejetée", "Périmée, à régénérer"):
            expect(matrice.get_by_text(etat, exact=True).first).to_be_visible()
        # Languages without variants are folded: open Italian from the keyboard.
        italien = matrice.locator("details.bloc-langue", has=page.locator("#mv-it"))
        expect(italien).not_to_have_attribute("open", "")
        italien.locator("> summary").focus()
        page.keyboard.press("Enter")
        expect(italien).to_have_attribute("open", "")
        case = matrice.get_by_role(
            "checkbox",
            name=re.compile("Générer la variante Italien, 11-15 ans, Standard, Masculin"),
        )
        case.focus()
        page.keyboard.press("Space")
        expect(case).to_be_checked()
        _dans_la_largeur(page, "#matrice-variantes, #matrice-variantes .defilement")
        page.locator("details.variantes > summary").click()
        _dans_la_largeur(page, "details.variantes, #variante")  # the reading switcher too
        visite.capture(f"matrice-variantes-{nom}", "#matrice-variantes")
    lien = page.get_by_role("link", name=re.compile("Voir la variante Français, Adultes, Standard"))
    lien.click()
    expect(page).to_have_url(re.compile(rf"/fiches/{CODE}\?variante=\d+$"))
    expect(page.locator("#infos")).to_contain_text("Texte de la variante fr.")
    assert visite.externes == []
    assert visite.erreurs == []


def test_the_batch_picker_counts_before_launching_at_390(visite: Any) -> None:
    page = visite.page
    page.set_viewport_size({"width": 390, "height": 844})
    visite.connexion("editeur")
    visite.aller("/actions?onglet=variantes")
    choix = page.locator(".choix-variantes")
    expect(choix).to_be_visible()
    _dans_la_largeur(page, ".choix-variantes")
    visite.capture("centre-choix-variantes-390", ".choix-variantes")
    page.get_by_role("checkbox", name="Italien").check()
    page.get_by_role("checkbox", name="Anglais").uncheck()
    page.get_by_role("checkbox", name="Sélectionner M1805").check()
    page.get_by_role("button", name="Générer les variantes des fiches sélectionnées").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Générer ces variantes ?")
    expect(page.locator("main")).to_contain_text("12 variantes par fiche × 1 fiche")
    expect(page.locator("main")).to_contain_text("12 variantes à générer")
    _sans_debordement(page)
    visite.capture("centre-confirmation-variantes-390")
    page.get_by_role("button", name="Modifier le choix").click()
    expect(page.get_by_role("checkbox", name="Italien")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Anglais")).not_to_be_checked()
    expect(page.get_by_role("checkbox", name="Sélectionner M1805")).to_be_checked()
    # Forth again with one more fiche, then back: both stay ticked.
    page.get_by_role("checkbox", name="Sélectionner M1802").check()
    page.get_by_role("button", name="Générer les variantes des fiches sélectionnées").click()
    expect(page.locator("main")).to_contain_text("12 variantes par fiche × 2 fiches")
    page.get_by_role("button", name="Modifier le choix").click()
    expect(page.get_by_role("checkbox", name="Sélectionner M1805")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Sélectionner M1802")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Italien")).to_be_checked()
    assert visite.externes == []
    assert visite.erreurs == []
