"""Rendering pages: the Jinja2 environment, the caller, the language, CSRF for HTML forms.

A page route returns ``page(request, ctx, "template.html", ...)``; when htmx asks for one block
(``HX-Request`` header and a ``block``), only that block is rendered (jinja2-fragments), so the
same URL serves the full page and its fragment.

Forms work without JavaScript: each carries the ``csrf_token`` hidden field, which POST routes
compare with the ``csrf_token`` cookie (double submit); htmx requests also send the value as
the ``X-CSRF-Token`` header (read from a ``<meta>``). The cookie is set on the first page seen.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context as JinjaContext
from jinja2_fragments import render_block
from markupsafe import Markup

from agents_metiers.config import Settings
from agents_metiers.domain.permissions import Permission
from agents_metiers.errors import AuthenticationError, InvalidInputError, PermissionDeniedError
from agents_metiers.rendering import libelles, nombres
from agents_metiers.services.comptes.auth import Principal, access_token_user_id, principal_for
from agents_metiers.web.deps import SessionDep
from agents_metiers.web.i18n import LANGUE_COOKIE, Traducteur, langue_interface, traducteur
from agents_metiers.web.security import (
    ACCESS_COOKIE,
    CSRF_COOKIE,
    RateLimitsDep,
    client_ip,
    samesite,
)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
STATIC = Path(__file__).resolve().parent.parent / "static"
CSRF_FIELD = "csrf_token"


def _date(value: datetime | date | str | None, fmt: str = "%d/%m/%Y") -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return str(value)
    return value.strftime(fmt)


ICONES = STATIC / "vendor" / "icones"
_ENTETE_SVG = re.compile(r"^.*?<svg\b[^>]*>", re.DOTALL)


@cache
def icone(nom: str) -> Markup:
    """A Lucide icon (copied from npm by ``make assets``) as inline, decorative SVG.

    Icons only decorate a visible label: hidden from assistive technologies, coloured with the
    text (``currentColor``). An icon absent from ``ICONES`` in the Makefile draws nothing.
    """
    if not re.fullmatch(r"[a-z0-9-]+", nom):
        raise ValueError(f"Nom d'icône invalide : {nom!r}")
    try:
        source = (ICONES / f"{nom}.svg").read_text(encoding="utf-8")
    except FileNotFoundError:
        return Markup("")
    corps = _ENTETE_SVG.sub("", source, count=1).strip()
    corps = " ".join(ligne.strip() for ligne in corps.splitlines())
    return Markup(
        '<svg class="icone" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" '
        'stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" '
        f'aria-hidden="true" focusable="false">{corps}'
    )


environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html", "xml", "svg"]),
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,
)
environment.filters["date"] = _date
environment.filters["milliers"] = nombres.nombre
environment.filters["nombre"] = nombres.nombre
environment.filters["pourcent"] = nombres.pourcent
environment.filters["euros"] = nombres.euros
environment.filters["lisible"] = nombres.lisible


def _filtre_libelle(table: str) -> Callable[[JinjaContext, Any], str]:
    """``{{ code|statut }}``: the label of ``code`` in ``table``, in the page's language."""

    @pass_context
    def filtre(context: JinjaContext, code: Any) -> str:
        texte = libelles.libelle(table, str(code))
        traduire = context.get("_")
        return traduire(texte) if callable(traduire) else texte

    return filtre


for _nom in libelles.TABLES:
    environment.filters[_nom] = _filtre_libelle(_nom)

# Figures of a structured field, by field: euros for salaries, shares for contracts.
CHIFFRES_CHAMPS: dict[str, Callable[[Any], str]] = {
    "salaires": nombres.euros,
    "types_contrats": nombres.pourcent,
}


@pass_context
def _valeur(context: JinjaContext, value: Any, champ: str = "") -> str:
    """``{{ valeur|valeur("salaires") }}``: a stored value as a sentence (revision diffs):
    keys by their label in the page's language, figures in French format."""
    traduire = context.get("_")

    def cle_traduite(texte: str) -> str:
        return traduire(texte) if callable(traduire) else texte

    def cle(code: str) -> str:
        return cle_traduite(libelles.cle(code))

    if champ == "statut" and isinstance(value, str):
        return cle_traduite(libelles.statut(value))
    chiffre = CHIFFRES_CHAMPS.get(champ, lambda v: nombres.nombre(v, None))
    return nombres.lisible(value, cle=cle, chiffre=chiffre, ordre=tuple(libelles.CLES))


environment.filters["valeur"] = _valeur
environment.globals["EVENEMENTS"] = libelles.EVENEMENTS


@pass_context
def _accord(
    context: JinjaContext, compte: Any, singulier: str, forme_plurielle: str, /, **v: Any
) -> str:
    """``{{ accord(total, "{n} fiche trouvée", "{n} fiches trouvées", n=total|milliers) }}``:
    the form agreeing with ``n`` in the page's language, translated, placeholders filled."""
    langue = str(context.get("lang") or "fr")
    forme = nombres.pluriel(compte, singulier, forme_plurielle, langue)
    traduire = context.get("_")
    return str(traduire(forme, **v)) if callable(traduire) else forme.format(**v)


environment.globals["accord"] = _accord
environment.globals["icone"] = icone


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def principal_de(request: Request, session: SessionDep) -> Principal | None:
    """The caller from the ``access_token`` cookie (pages are cookie-only); CSRF is checked by
    the POST routes themselves, from the form field."""
    token = request.cookies.get(ACCESS_COOKIE)
    if not token:
        return None
    try:
        user_id = access_token_user_id(token, _settings(request))
    except AuthenticationError:
        return None
    return principal_for(session, user_id, "cookie")


@dataclass
class Contexte:
    """What every page knows: caller, UI language, CSRF token."""

    request: Request
    principal: Principal | None
    langue: str
    csrf: str
    nouveau_csrf: bool
    t: Traducteur = field(init=False)

    def __post_init__(self) -> None:
        self.t = traducteur(self.langue)

    def url_avec(self, **params: str | None) -> str:
        """The current URL with ``params`` replaced (``None`` removes one)."""
        query = dict(self.request.query_params)
        for key, value in params.items():
            if value is None:
                query.pop(key, None)
            else:
                query[key] = value
        return self.request.url.path + (f"?{urlencode(query)}" if query else "")

    def peut(self, permission: str) -> bool:
        return self.principal is not None and self.principal.can(Permission(permission))

    def exiger(self, permission: Permission) -> Principal:
        """The caller holding ``permission``: 401 page when anonymous, 403 page otherwise."""
        if self.principal is None:
            raise AuthenticationError("Connexion requise : connectez-vous pour continuer.")
        self.principal.auteur.exiger(permission)
        return self.principal


def _contexte(request: Request, session: SessionDep) -> Contexte:
    cookie = request.cookies.get(CSRF_COOKIE, "")
    return Contexte(
        request=request,
        principal=principal_de(request, session),
        langue=langue_interface(request),
        csrf=cookie or secrets.token_urlsafe(32),
        nouveau_csrf=not cookie,
    )


ContexteDep = Annotated[Contexte, Depends(_contexte)]


@dataclass(frozen=True)
class Formulaire:
    """The fields of a posted form (text values; lists for repeated names)."""

    valeurs: dict[str, list[str]]

    def texte(self, nom: str, *, max_length: int, defaut: str = "") -> str:
        """One field, cut to ``max_length`` (the services check the real limits)."""
        return (self.valeurs.get(nom) or [defaut])[-1][:max_length]

    def liste(self, nom: str) -> list[str]:
        return self.valeurs.get(nom, [])

    def entier(self, nom: str) -> int | None:
        valeur = self.texte(nom, max_length=12).strip()
        if not valeur:
            return None
        if not valeur.isdigit():
            raise InvalidInputError(f"Champ « {nom} » invalide : un nombre entier est attendu.")
        return int(valeur)

    def __contains__(self, nom: str) -> bool:
        return nom in self.valeurs


async def lire_formulaire(request: Request) -> Formulaire:
    """The posted form. The body is read first, so that the app-wide check of the raw body
    and this parser can both read it (FastAPI ``Form`` parameters would consume it)."""
    await request.body()
    form = await request.form()
    valeurs: dict[str, list[str]] = {}
    for nom, valeur in form.multi_items():
        if isinstance(valeur, str):
            valeurs.setdefault(nom, []).append(valeur)
    return Formulaire(valeurs)


FormulaireDep = Annotated[Formulaire, Depends(lire_formulaire)]


async def verifier_csrf(request: Request, form: FormulaireDep) -> None:
    """A form post must carry the ``csrf_token`` field (or header) equal to the cookie."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = form.texte(CSRF_FIELD, max_length=200) or request.headers.get("X-CSRF-Token", "")
    if not cookie or not secrets.compare_digest(cookie.encode(), sent.encode()):
        raise PermissionDeniedError(
            "Jeton CSRF absent ou invalide : rechargez la page puis recommencez."
        )


def limiter_ecritures(request: Request, ctx: ContexteDep, limits: RateLimitsDep) -> None:
    """The write rate limit of the API (same counter per user), for cookie form posts
    (``write_rate_limit`` would check the CSRF header, which a plain form cannot send)."""
    cle = f"user:{ctx.principal.user_id}" if ctx.principal else f"ip:{client_ip(request)}"
    limits.hit(limits.write, f"write:{cle}", "Trop de modifications en peu de temps.")


FORM_POST = [Depends(verifier_csrf), Depends(limiter_ecritures)]
"""Dependencies of every form post: CSRF field, then the write rate limit."""

FORM_POST_SAISIE = [Depends(verifier_csrf)]
"""Dependencies of a form post that often only redraws the form with the pending input (the
edit form's list buttons: add, remove, move an item; the variants batch's confirmation page;
nothing is written): the CSRF field only. Such a route counts the write itself, with
``limiter_ecritures``, when it saves."""


def _finish(ctx: Contexte, response: HTMLResponse | RedirectResponse) -> None:
    settings = _settings(ctx.request)
    secure = settings.cookie_secure or settings.environment == "production"
    if ctx.nouveau_csrf:
        response.set_cookie(
            CSRF_COOKIE, ctx.csrf, max_age=settings.refresh_token_days * 86400, path="/",
            secure=secure, samesite=samesite(settings),
        )  # fmt: skip
    if ctx.request.query_params.get("lang") == ctx.langue:
        response.set_cookie(
            LANGUE_COOKIE, ctx.langue, max_age=365 * 86400, path="/", secure=secure,
            samesite="lax",
        )  # fmt: skip
    response.headers["Vary"] = "Authorization, Cookie, HX-Request"
    # Signed in: the page may show drafts. Anonymous: it embeds the visitor's CSRF token.
    response.headers.setdefault(
        "Cache-Control", "no-store" if ctx.principal else "private, no-cache"
    )


def contexte_template(ctx: Contexte, values: dict[str, Any]) -> dict[str, Any]:
    return {
        "request": ctx.request,
        "ctx": ctx,
        "_": ctx.t,
        "lang": ctx.langue,
        "principal": ctx.principal,
        "csrf": ctx.csrf,
        **values,
    }


def page(
    ctx: Contexte,
    template: str,
    *,
    status: int = 200,
    block: str | None = None,
    **values: Any,
) -> HTMLResponse:
    """The full page, or only ``block`` for an htmx request."""
    context = contexte_template(ctx, values)
    if block and ctx.request.headers.get("HX-Request") == "true":
        html = render_block(environment, template, block, context)
    else:
        html = environment.get_template(template).render(context)
    response = HTMLResponse(html, status_code=status)
    _finish(ctx, response)
    return response


def redirection(ctx: Contexte, url: str) -> RedirectResponse:
    """POST then 303 (forms work without JavaScript)."""
    response = RedirectResponse(url, status_code=303)
    _finish(ctx, response)
    return response
