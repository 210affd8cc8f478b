"""A real browser (Debian's chromium, driven by Playwright) against the real app served by
uvicorn in a thread, on a SQLite database holding the mini ROME export.

Skipped with a message when ``/usr/bin/chromium`` is absent, unless ``REQUIRE_BROWSER=1``
(``.ci/run`` sets it), where a missing browser fails. Every request the page makes to a host
other than the test server is blocked and recorded; screenshots go to
``artifacts/screenshots/`` (a CI artefact).
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, Request, Route, expect, sync_playwright

from agents_metiers.config import Settings
from agents_metiers.domain.users import Role
from agents_metiers.domain.workflow import Action
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.comptes.users import create_user
from agents_metiers.services.fiches.workflow import transitionner
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime, open_runtime
from agents_metiers.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
ROME_MINI = Path(__file__).resolve().parents[1] / "fixtures" / "rome_mini"
PASSWORD = "MotDePasse123"
ACCOUNTS = {
    "editeur": "editrice@exemple.fr",
    "relecteur": "relecteur@exemple.fr",
    "admin": "admin@exemple.fr",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _prepare(settings: Settings, extra: Callable[[Runtime], None] | None = None) -> None:
    runtime = open_runtime(settings, migrate_schema=True)
    try:
        import_rome(
            runtime.sessions,
            ImportOptions(source=str(ROME_MINI), download_dir=settings.download_dir),
        )
        for role, email in ACCOUNTS.items():
            create_user(
                runtime.sessions, email=email, password=PASSWORD, role=role, name=role.capitalize()
            )
        admin = Auteur(nom="preparation", role=Role.ADMIN)
        with runtime.sessions() as session:
            for code in ("M1805", "M1802", "M1810"):
                for action in (Action.SOUMETTRE, Action.VALIDER, Action.PUBLIER):
                    transitionner(session, code, action, admin)
        if extra is not None:
            extra(runtime)
    finally:
        runtime.close()


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[str]:
    """The app on a free local port; yields its base URL. A test module may set
    ``REGLAGES`` (extra settings) and ``PREPARER`` (a function given the runtime, to add
    data before the server starts)."""
    data = tmp_path_factory.mktemp("navigateur")
    settings = Settings(
        data_dir=data,
        database_url=f"sqlite:///{data / 'pages.db'}",
        environment="test",
        _env_file=None,
        **getattr(request.module, "REGLAGES", {}),
    )  # type: ignore[call-arg]
    _prepare(settings, getattr(request.module, "PREPARER", None))
    port = _free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", ws="none",
        lifespan="on",
    )  # fmt: skip
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("Le serveur de test n'a pas démarré.")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 mais {CHROMIUM} est absent (apt-get install chromium).")
        pytest.skip(f"{CHROMIUM} absent : tests navigateur ignorés (apt-get install chromium).")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


@dataclass
class Visite:
    """A browser tab with what it did: blocked external requests, console errors."""

    page: Page
    base: str
    externes: list[str] = field(default_factory=list)
    erreurs: list[str] = field(default_factory=list)

    def aller(self, path: str) -> None:
        self.page.goto(self.base + path)

    def connexion(self, role: str) -> None:
        """Sign in through the login form as the prepared account of ``role``."""
        self.aller("/login")
        self.page.get_by_label("Adresse e-mail").fill(ACCOUNTS[role])
        self.page.get_by_label("Mot de passe").fill(PASSWORD)
        self.page.get_by_role("button", name="Se connecter").click()
        expect(self.page.get_by_role("button", name=re.compile("Déconnexion"))).to_be_visible()

    def capture(self, nom: str, selecteur: str | None = None) -> None:
        """The whole page, or only the element ``selecteur`` designates."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        chemin = str(SCREENSHOTS / f"{nom}.png")
        if selecteur is None:
            self.page.screenshot(path=chemin, full_page=True)
        else:
            self.page.locator(selecteur).screenshot(path=chemin)


@pytest.fixture
def visite(browser: Browser, server: str) -> Iterator[Visite]:
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    visit = Visite(page=page, base=server)

    def garder_local(route: Route, request: Request) -> None:
        if urlsplit(request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            visit.externes.append(request.url)
            route.abort()

    page.route("**/*", garder_local)
    page.on("console", lambda msg: visit.erreurs.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: visit.erreurs.append(str(exc)))
    yield visit
    context.close()
