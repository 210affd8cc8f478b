"""Authentication routes (reference paths and shapes, PRODUCT.md §8, §10) and detailed health.

Cookie contract: ``access_token`` (HttpOnly, SameSite=Lax, path /), ``refresh_token``
(HttpOnly, SameSite=Strict, path /api/auth), ``csrf_token`` (readable by scripts, SameSite=Lax,
path /; send it back as ``X-CSRF-Token`` on cookie-authenticated writes).
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from agents_metiers.config import Settings
from agents_metiers.errors import AuthenticationError
from agents_metiers.services.comptes import auth as auth_service
from agents_metiers.services.comptes.auth import TokenPair
from agents_metiers.storage.db import schema_is_current
from agents_metiers.storage.referentiel import current_version
from agents_metiers.web.deps import SessionDep, get_runtime
from agents_metiers.web.openapi_errors import error_responses
from agents_metiers.web.security import (
    ACCESS_COOKIE,
    CSRF_COOKIE,
    REFRESH_COOKIE,
    REFRESH_COOKIE_PATH,
    CurrentPrincipal,
    OperatorPrincipal,
    RateLimits,
    RateLimitsDep,
    check_csrf,
    client_ip,
    limit_register,
    samesite,
)

router = APIRouter(prefix="/api/auth", tags=["auth"])
health_router = APIRouter(tags=["meta"])


class LoginRequest(BaseModel):
    email: str = Field(min_length=3, max_length=255)
    password: str = Field(min_length=1, max_length=128)


class RegisterRequest(BaseModel):
    email: str = Field(min_length=3, max_length=255)
    password: str = Field(min_length=1, max_length=128)
    name: str = Field(min_length=2, max_length=255)


class UserPublic(BaseModel):
    id: int
    email: str
    name: str
    role: str


class AuthResponse(BaseModel):
    """Reference shape ``{token, user}`` plus the permissions of the account."""

    token: str
    user: UserPublic
    permissions: list[str]


class MeResponse(UserPublic):
    permissions: list[str]


class MessageResponse(BaseModel):
    message: str


class HealthDetails(BaseModel):
    status: str
    db: str
    schema_current: bool | None
    rome_version: int | None


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(_settings)]


def _secure(settings: Settings) -> bool:
    return settings.cookie_secure or settings.environment == "production"


def _set_auth_cookies(
    request: Request, response: Response, settings: Settings, pair: TokenPair
) -> None:
    secure = _secure(settings)
    session_age = settings.refresh_token_days * 86400
    response.set_cookie(
        ACCESS_COOKIE,
        pair.access_token,
        max_age=settings.access_token_minutes * 60,
        path="/",
        secure=secure,
        httponly=True,
        samesite=samesite(settings),
    )
    response.set_cookie(
        REFRESH_COOKIE,
        pair.refresh_token,
        max_age=session_age,
        path=REFRESH_COOKIE_PATH,
        secure=secure,
        httponly=True,
        samesite=samesite(settings, refresh=True),
    )
    # The CSRF token lives as long as the session: pages that read it keep working after a refresh.
    csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
    response.set_cookie(
        CSRF_COOKIE, csrf, max_age=session_age, path="/", secure=secure, samesite=samesite(settings)
    )


def _clear_auth_cookies(response: Response, settings: Settings) -> None:
    secure = _secure(settings)
    same = samesite(settings)
    response.delete_cookie(ACCESS_COOKIE, path="/", secure=secure, httponly=True, samesite=same)
    response.delete_cookie(
        REFRESH_COOKIE,
        path=REFRESH_COOKIE_PATH,
        secure=secure,
        httponly=True,
        samesite=samesite(settings, refresh=True),
    )
    response.delete_cookie(CSRF_COOKIE, path="/", secure=secure, samesite=same)


def _auth_response(pair: TokenPair) -> AuthResponse:
    principal = auth_service.principal_for_user(pair.user, via="bearer")
    return AuthResponse(
        token=pair.access_token,
        user=UserPublic(
            id=principal.user_id, email=principal.email, name=principal.name, role=principal.role
        ),
        permissions=[p.value for p in principal.permissions],
    )


def checked_login(
    request: Request, session: Session, limits: RateLimits, email: str, password: str
) -> TokenPair:
    """Log in within the login limits: failures are counted, a success resets the account."""
    ip = client_ip(request)
    limits.login.check(ip, email)
    try:
        pair = auth_service.login(
            session, request.app.state.settings, email=email, password=password
        )
    except AuthenticationError:
        limits.login.failed(ip, email)
        raise
    limits.login.succeeded(email)
    return pair


@router.post(
    "/register",
    dependencies=[Depends(limit_register)],
    responses=error_responses(403, 409),  # registration closed; e-mail already used
)
def register(
    payload: RegisterRequest,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
) -> AuthResponse:
    """Create a ``lecteur`` account and sign it in (only when ``REGISTRATION_ENABLED``)."""
    pair = auth_service.register(
        session, settings, email=payload.email, password=payload.password, name=payload.name
    )
    _set_auth_cookies(request, response, settings, pair)
    return _auth_response(pair)


@router.post("/login", responses=error_responses(401))  # wrong credentials
def login(
    *,
    payload: LoginRequest,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    limits: RateLimitsDep,
) -> AuthResponse:
    """Sign in: the access token in the body and in cookies, with a new refresh token."""
    pair = checked_login(request, session, limits, payload.email, payload.password)
    _set_auth_cookies(request, response, settings, pair)
    return _auth_response(pair)


@router.post("/refresh", response_model=AuthResponse, responses=error_responses(401, 403))
def refresh(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    """Rotate the ``refresh_token`` cookie; a refused token also clears the cookies.
    Protected like a cookie write: the CSRF header or a trusted ``Origin``."""
    if request.cookies.get(REFRESH_COOKIE):
        check_csrf(request)
    try:
        pair = auth_service.rotate_refresh_token(
            session, settings, request.cookies.get(REFRESH_COOKIE, "")
        )
    except AuthenticationError as exc:
        refused = JSONResponse({"detail": exc.message}, status_code=exc.status_code)
        _clear_auth_cookies(refused, settings)
        return refused
    response = JSONResponse(_auth_response(pair).model_dump())
    _set_auth_cookies(request, response, settings, pair)
    return response


@router.post("/logout", responses=error_responses(403))
def logout(
    request: Request, response: Response, session: SessionDep, settings: SettingsDep
) -> MessageResponse:
    """Close the session of the ``refresh_token`` cookie and clear the cookies.
    Protected like a cookie write: the CSRF header or a trusted ``Origin``."""
    if request.cookies.get(REFRESH_COOKIE):
        check_csrf(request)
    auth_service.logout(session, request.cookies.get(REFRESH_COOKIE))
    _clear_auth_cookies(response, settings)
    return MessageResponse(message="Déconnecté")


@router.get("/me")
def me(principal: CurrentPrincipal) -> MeResponse:
    """The signed-in account, as it is now in the database, with its permissions."""
    return MeResponse(
        id=principal.user_id,
        email=principal.email,
        name=principal.name,
        role=principal.role,
        permissions=[p.value for p in principal.permissions],
    )


@health_router.get(
    "/health/detailed",
    response_model=HealthDetails,
    responses={
        503: {"model": HealthDetails, "description": "Base injoignable"},
    },
)
def health_detailed(request: Request, session: SessionDep, _: OperatorPrincipal) -> Response:
    """Database, schema and referential state (administrators)."""
    try:
        schema_current = schema_is_current(get_runtime(request).engine)
        version = current_version(session=session)
    except SQLAlchemyError:
        degraded = HealthDetails(
            status="degraded", db="connection error", schema_current=None, rome_version=None
        )
        return JSONResponse(degraded.model_dump(), status_code=503)
    details = HealthDetails(
        status="ok" if schema_current else "degraded",
        db="connected",
        schema_current=schema_current,
        rome_version=version.numero if version else None,
    )
    return JSONResponse(details.model_dump())
