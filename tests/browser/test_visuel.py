"""Every page at 1366 and 390 px in Debian's chromium: a screenshot of each, axe-core (npm,
served from ``static/vendor``) with no serious or critical violation, no horizontal overflow.

One context per width; the public pages are seen signed out, then the team pages signed in as
the administrator (one login per width). Problems are collected over all pages and reported
together, so one run lists everything to fix.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Request, Route, expect
from tests.browser.conftest import ACCOUNTS, PASSWORD, SCREENSHOTS

AXE = Path(__file__).resolve().parents[2] / "src/agents_metiers/web/static/vendor/axe.min.js"

# (screenshot name, path) — the visitor's pages, signed out.
PUBLIQUES = [
    ("accueil", "/"),
    ("catalogue", "/fiches"),
    ("catalogue-recherche", "/fiches?q=informatique"),
    ("fiche", "/fiches/M1805"),
    ("carte", "/fiches/M1805/carte"),
    ("comparaison", "/comparer?codes=M1805,M1802"),
    ("explorer", "/explorer"),
    ("guide", "/guide"),
    ("tableau-de-bord", "/dashboard"),
    ("connexion", "/login"),
    ("introuvable", "/fiches/Z9999"),
    ("docs-api", "/docs"),
]
# The team's pages, signed in as the administrator (the job page is added once a job exists).
EQUIPE = [
    ("equipe-tableau-de-bord", "/dashboard"),
    ("equipe-catalogue", "/fiches"),
    ("equipe-fiche", "/fiches/M1805"),
    ("equipe-fiche-brouillon", "/fiches/J1506"),
    ("edition", "/fiches/M1805/modifier"),
    ("suppression", "/fiches/J1506/supprimer"),
    ("centre-enrichir", "/actions"),
    ("centre-valider", "/actions?onglet=valider"),
    ("centre-publier", "/actions?onglet=publier"),
    ("centre-variantes", "/actions?onglet=variantes"),
    ("centre-veille", "/actions?onglet=veille"),
    ("centre-export", "/actions?onglet=export"),
    ("centre-historique", "/actions?onglet=historique"),
    ("equipe-explorer", "/explorer"),
]

# Pages drawn by JavaScript after load: the element that says they are ready.
PRETES = {"/docs": ".swagger-ui .opblock"}

AXE_RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ["violations"]});
  return r.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3)
      .map(n => n.target.join(" ")).join(" | ")}`);
}"""
DEBORDEMENT = """() => {
  const largeur = window.innerWidth;
  if (document.documentElement.scrollWidth <= largeur) { return null; }
  const fautifs = [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > largeur + 1)
    .filter(e => !e.closest(".table-defilante, pre, .swagger-ui .opblock-body"))
    .slice(0, 5)
    .map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === "string"
      ? "." + e.className.trim().split(/\\s+/).join(".") : ""));
  return `${document.documentElement.scrollWidth} px > ${largeur} px : ${fautifs.join(", ")}`;
}"""


def _examiner(page: Page, base: str, nom: str, path: str, largeur: int) -> list[str]:
    """Visit, screenshot, axe and overflow check of one page; the problems found."""
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    if path in PRETES:
        page.locator(PRETES[path]).first.wait_for()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"visuel-{largeur}-{nom}.png"), full_page=True)
    problemes = []
    page.add_script_tag(url="/static/vendor/axe.min.js")
    problemes += [f"{path} @{largeur}px axe {v}" for v in page.evaluate(AXE_RUN)]
    if debordement := page.evaluate(DEBORDEMENT):
        problemes.append(f"{path} @{largeur}px déborde : {debordement}")
    return problemes


def _connexion(page: Page, base: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Adresse e-mail").fill(ACCOUNTS["admin"])
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"^(?!.*/login).*$"))


def _lot(page: Page, base: str) -> str:
    """A publication job on two fiches, created through the API as the signed-in admin."""
    csrf = page.locator('meta[name="csrf-token"]').get_attribute("content") or ""
    reponse = page.request.post(
        base + "/api/jobs",
        data={"type": "publish", "codes": ["M1805", "J1506"]},
        headers={"X-CSRF-Token": csrf},
    )
    assert reponse.ok, reponse.text()
    job_id: str = reponse.json()["id"]
    return f"/actions/lots/{job_id}"


@pytest.mark.parametrize("largeur", [390, 1366])
def test_every_page_is_accessible_and_fits_the_width(
    browser: Browser, server: str, largeur: int
) -> None:
    if not AXE.exists():
        pytest.fail(f"{AXE} absent : lancez `make assets` (axe-core depuis npm).")
    context = browser.new_context(
        locale="fr-FR", viewport={"width": largeur, "height": 900 if largeur > 800 else 844}
    )
    page = context.new_page()
    externes: list[str] = []

    def garder_local(route: Route, request: Request) -> None:
        if request.url.startswith(server):
            route.continue_()
        else:
            externes.append(request.url)
            route.abort()

    page.route("**/*", garder_local)
    problemes: list[str] = []
    try:
        for nom, path in PUBLIQUES:
            problemes += _examiner(page, server, nom, path, largeur)
        if largeur < 960:  # the header's menu: a <details>, opened from the keyboard
            page.goto(server + "/")
            expect(page.get_by_role("button", name="Connexion", exact=True)).to_be_visible()
            page.locator(".menu-etroit summary").focus()
            page.keyboard.press("Enter")
            expect(page.get_by_role("link", name="Explorer", exact=True)).to_be_visible()
            page.screenshot(path=str(SCREENSHOTS / f"visuel-{largeur}-menu-ouvert.png"))
        _connexion(page, server)
        pages_equipe: list[tuple[str, Any]] = [*EQUIPE, ("lot", _lot(page, server))]
        for nom, path in pages_equipe:
            problemes += _examiner(page, server, nom, path, largeur)
    finally:
        context.close()
    assert externes == []
    assert problemes == [], "\n".join(problemes)
