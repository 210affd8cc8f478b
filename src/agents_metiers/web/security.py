"""Who is calling, what they may do, CSRF, rate limits and security headers.

Credentials: the ``Authorization: Bearer <jwt>`` header first, then the ``access_token`` cookie.
The account is re-read from the database on every request, so a deactivation or a role change
applies at once. An invalid or expired token makes the caller anonymous; ``require`` turns an
anonymous caller into a 401 and a missing permission into a 403.

CSRF: a cookie-authenticated POST/PUT/PATCH/DELETE (and the cookie-only refresh and logout)
must either send the ``X-CSRF-Token`` header equal to the readable ``csrf_token`` cookie (double
submit) or come from a trusted origin: its ``Origin`` header — or, when a browser sends none, the
origin of its ``Referer`` — is the app itself or one of ``CORS_ORIGINS`` (OWASP, "verifying
origin with standard headers"). Any other origin, or none without the token, is a 403. Bearer
requests are exempt (a browser never adds that header on its own).

CORS: only the exact origins of ``CORS_ORIGINS`` get CORS headers, credentials included (never
``*``); the middleware wraps the whole app, so error answers (401, 403, 422, 429) carry them too.
"""

from __future__ import annotations

import math
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Literal
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from limits import RateLimitItem, parse
from limits.errors import ConfigurationError as LimitsConfigurationError
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter, RateLimiter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from agents_metiers.config import Settings, normaliser_origine
from agents_metiers.domain.permissions import Permission
from agents_metiers.errors import (
    AuthenticationError,
    ConfigurationError,
    PermissionDeniedError,
    RateLimitedError,
)
from agents_metiers.services.comptes.auth import Principal, access_token_user_id, principal_for
from agents_metiers.web.deps import SessionDep
from agents_metiers.web.login_limits import LoginLimits, storage_errors

ACCESS_COOKIE = "access_token"
REFRESH_COOKIE = "refresh_token"
CSRF_COOKIE = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
REFRESH_COOKIE_PATH = "/api/auth"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
HSTS = "max-age=31536000; includeSubDomains"


# --- Who is calling --------------------------------------------------------------------------


# Declared as security schemes so that the OpenAPI schema documents both ways in.
_bearer_scheme = HTTPBearer(auto_error=False, description="Jeton d'accès (JWT)")
_cookie_scheme = APIKeyCookie(
    name=ACCESS_COOKIE, auto_error=False, description="Cookie posé par /api/auth/login"
)
BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer_scheme)]
CookieCredentials = Annotated[str | None, Depends(_cookie_scheme)]


def origine_appelante(request: Request) -> str | None:
    """The caller's origin from ``Origin``, else from ``Referer``; None when absent or malformed."""
    origin = request.headers.get("origin")
    if origin is not None:
        return normaliser_origine(origin)
    referer = request.headers.get("referer")
    if not referer:
        return None
    try:
        parts = urlsplit(referer)
    except ValueError:
        return None
    return normaliser_origine(f"{parts.scheme}://{parts.netloc}")


def origine_de_confiance(request: Request) -> bool:
    """True when the request comes from the app's own origin or one of ``CORS_ORIGINS``."""
    origine = origine_appelante(request)
    if origine is None:
        return False
    settings: Settings = request.app.state.settings
    propre = normaliser_origine(f"{request.url.scheme}://{request.url.netloc}")
    return origine == propre or origine in settings.origines_cors


def check_csrf(request: Request) -> None:
    """The double-submit token, or a trusted ``Origin`` / ``Referer``; 403 otherwise."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    header = request.headers.get(CSRF_HEADER, "")
    if cookie and secrets.compare_digest(cookie.encode(), header.encode()):
        return
    if origine_de_confiance(request):
        return
    raise PermissionDeniedError(
        "Jeton CSRF absent ou invalide, et origine de la requête non reconnue : "
        "rechargez la page puis recommencez."
    )


def samesite(settings: Settings, *, refresh: bool = False) -> Literal["lax", "strict", "none"]:
    """``COOKIE_SAMESITE``; the refresh cookie stays ``strict`` unless cross-site is asked."""
    if refresh and settings.cookie_samesite != "none":
        return "strict"
    return settings.cookie_samesite


def get_principal(
    request: Request, session: SessionDep, bearer: BearerCredentials, cookie: CookieCredentials
) -> Principal | None:
    """The calling user, or None for an anonymous visitor (no, invalid or expired token)."""
    via: Literal["bearer", "cookie"]
    if bearer is not None and bearer.credentials:
        token, via = bearer.credentials, "bearer"
    elif cookie:
        token, via = cookie, "cookie"
    else:
        return None
    try:
        user_id = access_token_user_id(token, request.app.state.settings)
    except AuthenticationError as exc:
        request.state.auth_problem = exc.message
        return None
    principal = principal_for(session, user_id, via)
    if principal is not None and via == "cookie" and request.method not in SAFE_METHODS:
        check_csrf(request)
    return principal


OptionalPrincipal = Annotated[Principal | None, Depends(get_principal)]


def voit_brouillons(principal: Principal | None) -> bool:
    """Editors and above read working copies; everyone else reads published snapshots."""
    return principal is not None and principal.can(Permission.LIRE_BROUILLONS)


EXIGENCES: set[Callable[..., Principal]] = set()
"""The dependencies made by ``require``: a route that depends on one answers 401 and 403
(``web/openapi_errors.py`` declares them from there)."""


@cache
def require(permission: Permission) -> Callable[..., Principal]:
    """A dependency yielding the caller when they hold ``permission`` (401 / 403 otherwise)."""

    def dependency(request: Request, principal: OptionalPrincipal) -> Principal:
        if principal is None:
            problem = getattr(request.state, "auth_problem", None)
            raise AuthenticationError(
                problem or "Connexion requise : connectez-vous pour continuer."
            )
        principal.auteur.exiger(permission)
        return principal

    EXIGENCES.add(dependency)
    return dependency


CurrentPrincipal = Annotated[Principal, Depends(require(Permission.LIRE_PUBLIE))]
"""Any signed-in account (anonymous → 401)."""
AdminPrincipal = Annotated[Principal, Depends(require(Permission.GERER_UTILISATEURS))]
OperatorPrincipal = Annotated[Principal, Depends(require(Permission.OPERER))]


# --- Rate limits -----------------------------------------------------------------------------


def _parsed(name: str, value: str) -> RateLimitItem:
    try:
        return parse(value)
    except ValueError:
        raise ConfigurationError(
            f"{name.upper()} invalide : « {value} » (attendu par exemple « 10/15 minutes »)."
        ) from None


def rate_limit_storage(settings: Settings) -> Storage:
    """The counters' storage (``RATE_LIMIT_STORAGE_URI``); a shared one must answer at start-up.

    Keys are prefixed with ``RATE_LIMIT_KEY_PREFIX`` (installations sharing one Redis); storage
    errors are raised as ``StorageError`` (then 503, see ``storage_errors``).
    """
    uri = settings.rate_limit_storage_uri
    try:
        storage = storage_from_string(
            uri, key_prefix=settings.rate_limit_key_prefix, wrap_exceptions=True
        )
    except LimitsConfigurationError as exc:
        raise ConfigurationError(
            f"RATE_LIMIT_STORAGE_URI inutilisable (« {uri} ») : {exc}"
        ) from None
    if not isinstance(storage, Storage):
        raise ConfigurationError(
            f"RATE_LIMIT_STORAGE_URI inutilisable (« {uri} ») : "
            "les stockages asynchrones (async+…) ne sont pas pris en charge."
        )
    if not storage.check():
        raise ConfigurationError(
            f"RATE_LIMIT_STORAGE_URI injoignable (« {uri} ») : démarrez le serveur "
            "(par exemple Redis) ou corrigez l'adresse."
        )
    return storage


@dataclass
class RateLimits:
    """The app's limiter (one storage per app instance) and its configured limits."""

    limiter: RateLimiter
    storage: Storage
    login: LoginLimits
    register: RateLimitItem
    write: RateLimitItem
    pdf_anonymous: RateLimitItem

    @classmethod
    def from_settings(cls, settings: Settings) -> RateLimits:
        storage = rate_limit_storage(settings)
        limiter = MovingWindowRateLimiter(storage)
        login_ip = _parsed("rate_limit_login_ip", settings.rate_limit_login_ip)
        return cls(
            limiter=limiter,
            storage=storage,
            login=LoginLimits.from_settings(settings, storage, limiter, login_ip),
            register=_parsed("rate_limit_register", settings.rate_limit_register),
            write=_parsed("rate_limit_write", settings.rate_limit_write),
            pdf_anonymous=_parsed("rate_limit_pdf_anonymous", settings.rate_limit_pdf_anonymous),
        )

    def hit(self, item: RateLimitItem, key: str, message: str) -> None:
        """Count one request for ``key``; 429 with the wait in seconds when over the limit."""
        with storage_errors():
            if self.limiter.hit(item, key):
                return
            reset_time, _remaining = self.limiter.get_window_stats(item, key)
        wait = max(1, math.ceil(reset_time - time.time()))
        minutes = math.ceil(wait / 60)
        raise RateLimitedError(
            f"{message} Réessayez dans {minutes} minute{'s' if minutes > 1 else ''}.", wait
        )


def client_ip(request: Request) -> str:
    """The peer address (behind a proxy, run uvicorn with ``--proxy-headers``)."""
    return request.client.host if request.client else "inconnu"


def get_rate_limits(request: Request) -> RateLimits:
    limits: RateLimits = request.app.state.rate_limits
    return limits


RateLimitsDep = Annotated[RateLimits, Depends(get_rate_limits)]


def limit_register(request: Request, limits: RateLimitsDep) -> None:
    """Dependency: count a registration per client address."""
    limits.hit(limits.register, f"register:ip:{client_ip(request)}", "Trop de créations de compte.")


def write_rate_limit(request: Request, limits: RateLimitsDep, principal: OptionalPrincipal) -> None:
    """Dependency for write routes: count the request per user (per address when anonymous)."""
    key = f"user:{principal.user_id}" if principal else f"ip:{client_ip(request)}"
    limits.hit(limits.write, f"write:{key}", "Trop de modifications en peu de temps.")


def limit_pdf_anonymous(request: Request, limits: RateLimits) -> None:
    """Count one PDF rendering asked by an anonymous visitor, per client address."""
    limits.hit(
        limits.pdf_anonymous,
        f"pdf:ip:{client_ip(request)}",
        "Trop de PDF demandés en peu de temps.",
    )


# --- Security headers ------------------------------------------------------------------------


class SecurityHeadersMiddleware:
    """Adds the security headers to every HTTP response (a route may set its own first)."""

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.headers = [
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"same-origin"),
            (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
            (b"permissions-policy", PERMISSIONS_POLICY.encode()),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        if hsts:
            self.headers.append((b"strict-transport-security", HSTS.encode()))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(n, v) for n, v in self.headers if n not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


CORS_HEADERS = [
    "Accept",
    "Accept-Language",
    "Authorization",
    "Content-Type",
    CSRF_HEADER,
    "If-Modified-Since",
    "If-None-Match",
]
CORS_EXPOSED = ["Content-Disposition", "ETag", "Last-Modified", "Location", "Retry-After"]


def install_security(app: FastAPI, settings: Settings) -> None:
    """Wire the security headers, CORS for ``CORS_ORIGINS`` and this app's rate limiter."""
    app.add_middleware(SecurityHeadersMiddleware, hsts=settings.environment == "production")
    if settings.origines_cors:
        # Added last, so outermost: error answers of the app get the CORS headers too.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=sorted(settings.origines_cors),
            allow_credentials=True,
            allow_methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
            allow_headers=CORS_HEADERS,
            expose_headers=CORS_EXPOSED,
            max_age=600,
        )
    app.state.rate_limits = RateLimits.from_settings(settings)
