"""Login and logout forms (cookie session of ``/api/auth``, same service and cookies)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from agents_metiers.errors import AgentsMetiersError
from agents_metiers.services.comptes import auth as auth_service

# The API module owns the cookie contract; the login form sets exactly the same cookies.
from agents_metiers.web.api.auth import _clear_auth_cookies, _set_auth_cookies, checked_login
from agents_metiers.web.deps import SessionDep
from agents_metiers.web.pages.rendu import (
    ContexteDep,
    FormulaireDep,
    page,
    redirection,
    verifier_csrf,
)
from agents_metiers.web.security import REFRESH_COOKIE, RateLimitsDep

router = APIRouter(include_in_schema=False)


def _suite(next_url: str) -> str:
    """Only a local path: never redirect to another site after login."""
    if next_url.startswith("/") and not next_url.startswith("//") and "\\" not in next_url:
        return next_url
    return "/"


@router.get("/login", response_class=HTMLResponse)
def formulaire(ctx: ContexteDep, next: str = "/") -> HTMLResponse:
    return page(ctx, "login.html", suite=_suite(next), erreur=None, email="")


@router.post("/login", response_class=HTMLResponse, dependencies=[Depends(verifier_csrf)])
def connexion(
    *,
    request: Request,
    ctx: ContexteDep,
    session: SessionDep,
    limits: RateLimitsDep,
    form: FormulaireDep,
) -> Response:
    settings = request.app.state.settings
    email = form.texte("email", max_length=320)
    password = form.texte("password", max_length=1024)
    suite = form.texte("suite", max_length=500, defaut="/")
    try:
        pair = checked_login(request, session, limits, email, password)
    except AgentsMetiersError as exc:
        return page(
            ctx, "login.html", status=exc.status_code, suite=_suite(suite), erreur=exc.message,
            email=email,
        )  # fmt: skip
    response = redirection(ctx, _suite(suite))
    _set_auth_cookies(request, response, settings, pair)
    return response


# Under /api/auth so that the browser sends the refresh cookie (path /api/auth) to revoke it.
@router.post("/api/auth/deconnexion", dependencies=[Depends(verifier_csrf)])
def deconnexion(request: Request, ctx: ContexteDep, session: SessionDep) -> RedirectResponse:
    auth_service.logout(session, request.cookies.get(REFRESH_COOKIE))
    response = redirection(ctx, "/")
    _clear_auth_cookies(response, request.app.state.settings)
    return response
