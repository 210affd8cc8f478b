"""Nothing internal on screen: every page, as a visitor, a reader and the team sees it.

The database has published fiches, a draft, revisions whose diff holds structured values
(salaries by level, lists), audit events of every kind (logins, accounts, workflow, edits),
and no labour-market source configured. No page may show a visitor a setting name, a raw
status, an event code, a snake_case field name or a Python repr; the team may read setting
names only inside the dedicated « configure » hints (``class="configurer"``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import httpx2
import pytest

from agents_metiers.domain.users import Role
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches import edition
from agents_metiers.services.fiches.inputs import FicheUpdate
from agents_metiers.services.runtime import Runtime

from .conftest import Login, publier

pytestmark = pytest.mark.anyio

EDITEUR = Auteur(nom="Camille Éditrice", user_id=None, role=Role.EDITEUR)

PAGES_PUBLIQUES = (
    "/",
    "/?lang=en",
    "/fiches",
    "/fiches?search=developpeur",
    "/fiches?q=informatique&lang=en",
    "/fiches?q=zzzzzzzz",
    "/fiches/M1805",
    "/fiches/M1805?lang=en",
    "/fiches/M1805/carte",
    "/fiches/M1805/marche",
    "/fiches/M1805/marche?lang=en",
    "/explorer",
    "/comparer?codes=M1805,M1802",
    "/comparer?codes=M1805,M1802&lang=en",
    "/dashboard",
    "/guide",
    "/login",
    "/fiches/Z9999",
    "/une-adresse-inconnue",
    "/actions",
)
PAGES_EQUIPE = (
    *PAGES_PUBLIQUES,
    "/fiches/M1805?de=4&a=5",
    "/fiches/M1805?de=5&a=6",
    "/fiches/M1805?de=1&a=6&lang=en",
    "/fiches/M1805/modifier",
    "/fiches/J1104",
    "/fiches/M1805/supprimer",
    "/actions?onglet=enrichir",
    "/actions?onglet=valider",
    "/actions?onglet=publier",
    "/actions?onglet=variantes",
    "/actions?onglet=historique",
    "/actions?onglet=veille",
    "/actions?onglet=export",
)

# What a person must never read (visible text, titles, labels, placeholders).
REGLAGE = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")  # FRANCE_TRAVAIL_CLIENT_ID
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")  # traits_personnalite, en_validation
EVENEMENT = re.compile(r"\b(?:auth|user|fiche|job|veille|variantes?|langue|rome)\.[a-z_]+\b")
STATUT_BRUT = re.compile(r"\b(?:publiee|valide → |enrichi → |en_validation)")
REPR = ("{'", "['", "[]", "{}", "None", "True", "False", "': ")
DECIMALE_ANGLAISE = re.compile(r"\b\d+\.\d+\s?%")
URL = re.compile(r"(?:https?://|www\.)\S+")
ATTRIBUTS_LUS = ("title", "aria-label", "placeholder", "alt", "aria-description")


class TexteVisible(HTMLParser):
    """The text a person reads or hears: text nodes and read attributes, outside scripts and
    styles; what sits inside ``class="configurer"`` elements is kept apart."""

    VIDES = frozenset({"br", "img", "input", "meta", "link", "hr", "source", "wbr", "col"})

    def __init__(self) -> None:
        super().__init__()
        self.texte: list[str] = []
        self.configurer: list[str] = []
        self._pile: list[tuple[str, bool]] = []  # (tag, masqué ou « configurer »)

    def _cache(self) -> bool:
        return any(flag == "cache" for _, flag in self._pile)

    def _dans_configurer(self) -> bool:
        return any(flag == "configurer" for _, flag in self._pile)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        valeurs = dict(attrs)
        classes = (valeurs.get("class") or "").split()
        flag = ""
        if tag in ("script", "style", "template"):
            flag = "cache"
        elif "configurer" in classes:
            flag = "configurer"
        for nom in ATTRIBUTS_LUS:
            if valeurs.get(nom):
                self._ajouter(str(valeurs[nom]), flag == "configurer")
        if tag not in self.VIDES:
            self._pile.append((tag, flag))  # type: ignore[arg-type]

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._pile) - 1, -1, -1):
            if self._pile[i][0] == tag:
                del self._pile[i:]
                break

    def handle_data(self, data: str) -> None:
        if not self._cache():
            self._ajouter(data, False)

    def _ajouter(self, texte: str, configurer: bool) -> None:
        (self.configurer if configurer or self._dans_configurer() else self.texte).append(texte)


def lire(html: str) -> TexteVisible:
    parser = TexteVisible()
    parser.feed(html)
    return parser


def problemes(texte: str, *, reglages_permis: bool = False) -> list[str]:
    texte = URL.sub(" ", texte)
    trouves = [] if reglages_permis else REGLAGE.findall(texte)
    trouves += SNAKE.findall(texte) + EVENEMENT.findall(texte) + STATUT_BRUT.findall(texte)
    trouves += DECIMALE_ANGLAISE.findall(texte)
    trouves += [r for r in REPR if r in texte]
    return trouves


@pytest.fixture
def base_complete(imported: Runtime) -> Runtime:
    """Three published fiches, one edited after publication (structured revisions), and the
    rest of the mini ROME in draft."""
    for code in ("M1805", "M1802", "M1810"):
        publier(imported, code)
    with imported.sessions() as session:
        edition.modifier(
            session,
            "M1805",
            FicheUpdate.model_validate(
                {
                    "motif": "Salaires de l'enquête 2026",
                    "salaires": {
                        "junior": {"min": 30000, "median": 35000, "max": 40000},
                        "senior": {"min": 52000, "median": 60500, "max": 75000},
                        "source": "Enquête interne",
                    },
                    "traits_personnalite": ["Rigueur", "Curiosité"],
                    "sites_utiles": [{"nom": "Onisep", "url": "https://www.onisep.fr"}],
                    "types_contrats": {"cdi": 0.7, "cdd": 0.2, "interim": 0.1},
                }
            ),
            EDITEUR,
        )
    with imported.sessions() as session:
        edition.modifier(
            session,
            "M1805",
            FicheUpdate.model_validate(
                {"traits_personnalite": ["Rigueur"], "salaires": {"junior": {"min": 31000}}}
            ),
            EDITEUR,
        )
    return imported


async def _visiter(client: httpx2.AsyncClient, pages: tuple[str, ...]) -> dict[str, str]:
    lus: dict[str, str] = {}
    for url in pages:
        response = await client.get(url)
        assert response.status_code in (200, 401, 403, 404), (url, response.status_code)
        lus[url] = response.text
        client.cookies.delete("lang")  # ``?lang=en`` is remembered: the next page is in French
    return lus


def _bilan(lus: dict[str, str], *, equipe: bool) -> dict[str, list[str]]:
    bilan: dict[str, list[str]] = {}
    for url, html in lus.items():
        vu = lire(html)
        trouves = problemes(" ".join(vu.texte))
        trouves += problemes(" ".join(vu.configurer), reglages_permis=equipe)
        if trouves:
            bilan[url] = sorted(set(trouves))
    return bilan


async def test_a_visitor_never_reads_an_internal_name(
    base_complete: Runtime, client: httpx2.AsyncClient
) -> None:
    lus = await _visiter(client, PAGES_PUBLIQUES)
    bilan = _bilan(lus, equipe=False)
    assert bilan == {}, "\n".join(f"{url}: {found}" for url, found in bilan.items())
    for url in ("/fiches/M1805/marche", "/comparer?codes=M1805,M1802"):
        assert "Données du marché du travail indisponibles" in lus[url], url
        assert 'class="configurer"' not in lus[url]
    assert "Labour-market data unavailable" in lus["/fiches/M1805/marche?lang=en"]


async def test_a_reader_account_never_reads_an_internal_name(
    base_complete: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    await login("lecteur")
    lus = await _visiter(client, PAGES_PUBLIQUES)
    bilan = _bilan(lus, equipe=False)
    assert bilan == {}, "\n".join(f"{url}: {found}" for url, found in bilan.items())
    assert "Données du marché du travail indisponibles" in lus["/fiches/M1805/marche"]
    # The error pages keep the session header: the reader is still signed in.
    for url in ("/fiches/Z9999", "/actions", "/une-adresse-inconnue"):
        assert "Déconnexion" in lus[url] and 'href="/login"' not in lus[url], url


@pytest.mark.parametrize("role", ["editeur", "admin"])
async def test_the_team_reads_setting_names_only_in_configure_hints(
    base_complete: Runtime, client: httpx2.AsyncClient, login: Login, role: str
) -> None:
    await login(role)
    lus = await _visiter(client, PAGES_EQUIPE)
    bilan = _bilan(lus, equipe=True)
    assert bilan == {}, "\n".join(f"{url}: {found}" for url, found in bilan.items())
    # The team is told which setting to configure…
    marche = lire(lus["/fiches/M1805/marche"])
    assert any("FRANCE_TRAVAIL_CLIENT_ID" in t for t in marche.configurer)
    # …reads statuses, events and fields by their labels…
    assert "Publiée" in lus["/fiches/M1805"]
    diff = lire(lus["/fiches/M1805?de=4&a=5"])  # revisions 5 and 6 are the two edits
    texte = re.sub(r"[ \t\n]+", " ", " ".join(diff.texte))
    assert "Traits de personnalité" in texte and "Sites utiles" in texte
    assert (
        "Junior : — → minimum : 30\u202f000 € · médian : 35\u202f000 € · maximum : 40\u202f000 €"
        in texte
    )
    assert "CDI : — → 70 %" in texte
    suite = re.sub(r"[ \t\n]+", " ", " ".join(lire(lus["/fiches/M1805?de=5&a=6"]).texte))
    assert "− Curiosité" in suite and "31\u202f000 €" in suite
    if role == "admin":
        tableau = " ".join(lire(lus["/dashboard"]).texte)
        assert "Connexion" in tableau and "Compte créé" in tableau
