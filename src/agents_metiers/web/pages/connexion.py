"""Login, registration and logout forms (cookie session of ``/api/auth``, same service and
cookies). The registration page exists only when ``REGISTRATION_ENABLED`` (404 otherwise)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from agents_metiers.domain.users import PASSWORD_MIN_LENGTH, password_problem
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
from agents_metiers.web.security import REFRESH_COOKIE, RateLimitsDep, limit_register

router = APIRouter(include_in_schema=False)


def _suite(next_url: str) -> str:
    """Only a local path: never redirect to another site after login."""
    if next_url.startswith("/") and not next_url.startswith("//") and "\\" not in next_url:
        return next_url
    return "/"


def _inscription_ouverte(request: Request) -> bool:
    return bool(request.app.state.settings.registration_enabled)


@router.get("/login", response_class=HTMLResponse)
def formulaire(request: Request, ctx: ContexteDep, next: str = "/") -> HTMLResponse:
    return page(
        ctx, "login.html", suite=_suite(next), erreur=None, email="",
        inscription=_inscription_ouverte(request),
    )  # fmt: skip


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
            email=email, inscription=_inscription_ouverte(request),
        )  # fmt: skip
    response = redirection(ctx, _suite(suite))
    _set_auth_cookies(request, response, settings, pair)
    return response


def _verifier_inscription(request: Request) -> None:
    """The registration pages do not exist while registration is closed."""
    if not _inscription_ouverte(request):
        raise StarletteHTTPException(404)


@router.get(
    "/inscription", response_class=HTMLResponse, dependencies=[Depends(_verifier_inscription)]
)
def formulaire_inscription(ctx: ContexteDep) -> HTMLResponse:
    return page(ctx, "inscription.html", erreurs={}, valeurs={}, longueur_min=PASSWORD_MIN_LENGTH)


def _erreurs_inscription(nom: str, email: str, password: str, confirmation: str) -> dict[str, str]:
    """Per field, what is wrong (French sentences); the service checks the rest."""
    erreurs = {}
    if len(nom.strip()) < 2:
        erreurs["nom"] = "Indiquez votre nom (2 caractères au moins)."
    if not email.strip():
        erreurs["email"] = "Indiquez votre adresse e-mail."
    if problem := password_problem(password):
        erreurs["password"] = problem
    elif password != confirmation:
        erreurs["confirmation"] = "Les deux mots de passe ne sont pas identiques."
    return erreurs


@router.post(
    "/inscription",
    response_class=HTMLResponse,
    dependencies=[
        Depends(_verifier_inscription), Depends(verifier_csrf), Depends(limit_register)
    ],
)  # fmt: skip
def inscription(
    *, request: Request, ctx: ContexteDep, session: SessionDep, form: FormulaireDep
) -> Response:
    """Create a ``lecteur`` account (same service as ``POST /api/auth/register``), signed in."""
    settings = request.app.state.settings
    nom = form.texte("nom", max_length=255)
    email = form.texte("email", max_length=255)
    password = form.texte("password", max_length=128)
    confirmation = form.texte("confirmation", max_length=128)
    valeurs = {"nom": nom, "email": email}
    erreurs = _erreurs_inscription(nom, email, password, confirmation)
    if not erreurs:
        try:
            pair = auth_service.register(
                session, settings, email=email, password=password, name=nom.strip()
            )
        except AgentsMetiersError as exc:
            session.rollback()
            champ = "password" if "mot de passe" in exc.message else "email"
            erreurs[champ] = exc.message
        else:
            response = redirection(ctx, "/")
            _set_auth_cookies(request, response, settings, pair)
            return response
    return page(
        ctx, "inscription.html", status=422, erreurs=erreurs, valeurs=valeurs,
        longueur_min=PASSWORD_MIN_LENGTH,
    )  # fmt: skip


# Under /api/auth so that the browser sends the refresh cookie (path /api/auth) to revoke it.
@router.post("/api/auth/deconnexion", dependencies=[Depends(verifier_csrf)])
def deconnexion(request: Request, ctx: ContexteDep, session: SessionDep) -> RedirectResponse:
    auth_service.logout(session, request.cookies.get(REFRESH_COOKIE))
    response = redirection(ctx, "/")
    _clear_auth_cookies(response, request.app.state.settings)
    return response
