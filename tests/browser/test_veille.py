"""The veille ROME in a real browser: an admin runs it and syncs, a reviewer applies a meaning
change from the fiche's banner, the public sees a retired code's banner (screenshots at 1366
and 390 px)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from .conftest import ROME_MINI

MEANING = "Technicien / Technicienne en cybersécurité"


def _export(tmp_path: Path) -> Path:
    path = Path(__file__).parents[1] / "veille" / "exports.py"
    spec = importlib.util.spec_from_file_location("veille_exports_browser", path)
    assert spec and spec.loader
    exports = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(exports)
    export = exports.copier_export(ROME_MINI, tmp_path / "v61", 61)
    export.relibeller("M1802", MEANING)
    export.reformuler_definition("M1805", 2, "Conçoit et programme des logiciels sûrs.")
    export.supprimer_code("M1810")
    export.ajouter_codes({"M1899": ("M1805", "Ingénieur / Ingénieure en IA")})
    result: Path = export.path
    return result


def _captures(visite: Any, nom: str) -> None:
    for largeur in (1366, 390):
        visite.page.set_viewport_size({"width": largeur, "height": 900})
        visite.capture(f"{nom}-{largeur}")
    visite.page.set_viewport_size({"width": 1366, "height": 900})


def test_admin_runs_and_syncs_reviewer_applies_public_sees_retirement(
    visite: Any, tmp_path: Path
) -> None:
    page = visite.page
    visite.connexion("admin")
    visite.aller("/actions?onglet=veille")
    page.get_by_label(re.compile("Nouvel export ROME")).fill(str(_export(tmp_path)))
    page.get_by_role("button", name="Lancer la veille").click()
    expect(page.get_by_role("status")).to_contain_text("Veille terminée")
    expect(page.locator("#changement-1, article.changement").first).to_be_visible()
    expect(page.get_by_text("Changement de sens").first).to_be_visible()
    _captures(visite, "veille-01-onglet")
    page.get_by_role("button", name="Synchroniser avec le référentiel détecté").click()
    expect(page.get_by_role("status")).to_contain_text("Synchronisation terminée")
    _captures(visite, "veille-02-apres-sync")
    page.get_by_role("button", name=re.compile("Déconnexion")).click()

    visite.connexion("relecteur")
    visite.aller("/fiches/M1802")
    expect(page.locator(".veille-fiche")).to_contain_text(MEANING)
    _captures(visite, "veille-03-bandeau-fiche")
    page.locator(".veille-fiche").get_by_role("button", name="Appliquer les champs ROME").click()
    expect(page.get_by_role("status")).to_have_text("Changement ROME traité.")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Technicien ou technicienne en cybersécurité"
    )
    page.get_by_role("button", name=re.compile("Déconnexion")).click()

    visite.aller("/fiches/M1810")
    expect(page.get_by_text(re.compile("ne figure plus dans le référentiel ROME"))).to_be_visible()
    _captures(visite, "veille-04-public-retire")
    assert visite.externes == []
    assert visite.erreurs == []
