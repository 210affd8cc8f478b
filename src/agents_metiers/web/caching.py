"""HTTP caching: validators (``ETag``, ``Last-Modified``, 304) and ``Cache-Control``.

Rules (docs/security.md « Cache HTTP »):

- an answer that may carry drafts or tokens — any request with credentials, any editor
  page, the ``/api/auth/*`` token answers — is ``Cache-Control: no-store``;
- public reads answered to an anonymous caller (a published fiche's JSON, public lists and
  searches) are ``public, max-age=CACHE_PUBLIC_MAX_AGE`` with an ``ETag`` (and, for a fiche,
  ``Last-Modified``), and a matching ``If-None-Match`` / ``If-Modified-Since`` gets a 304;
- every answer says ``Vary: Authorization, Cookie``: the same URL answers differently to
  an editor.

``CacheHeadersMiddleware`` applies ``no-store`` to whatever a route left without a
``Cache-Control`` of its own, so a forgotten route errs on the private side.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import Request
from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

VARY = "Authorization, Cookie"
NO_STORE = "no-store"
_EXEMPT_PREFIXES = ("/static/",)


def anonyme(request: Request) -> bool:
    """True when the request carries no credentials at all (no ``Authorization`` header, no
    ``access_token`` cookie): only such answers may be stored by shared caches. A request
    with an invalid or expired token is read as anonymous but never cached."""
    return "authorization" not in request.headers and "access_token" not in request.cookies


def cache_public(request: Request) -> str:
    max_age: int = request.app.state.settings.cache_public_max_age
    return f"public, max-age={max_age}"


def etag_of(body: bytes) -> str:
    """A strong validator for ``body``."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _matches(if_none_match: str, etag: str) -> bool:
    candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in candidates or etag in candidates


def est_frais(request: Request, etag: str, last_modified: datetime | None = None) -> bool:
    """True when the client's copy is current (RFC 9110 §13.2.2: ``If-None-Match`` first,
    ``If-Modified-Since`` only without it)."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        return _matches(if_none_match, etag)
    since = request.headers.get("if-modified-since")
    if since is None or last_modified is None:
        return False
    try:
        client = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    if client.tzinfo is None:
        return False
    return last_modified.replace(microsecond=0) <= client


def http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def validateurs(
    response: Response, *, etag: str, last_modified: datetime | None, cache_control: str
) -> Response:
    """Set the validators and caching headers on ``response``."""
    response.headers["ETag"] = etag
    if last_modified is not None:
        response.headers["Last-Modified"] = http_date(last_modified)
    response.headers["Cache-Control"] = cache_control
    response.headers["Vary"] = VARY
    return response


def reponse_publique(
    request: Request,
    body: bytes,
    *,
    public: bool,
    etag: str | None = None,
    last_modified: datetime | None = None,
    media_type: str = "application/json",
) -> Response:
    """``body`` with its validators, or a 304 when the client's copy is current.

    ``public`` (an anonymous caller) makes it cacheable by shared caches; otherwise the
    answer is ``no-store`` and carries no validator.
    """
    if not public:
        response = Response(body, media_type=media_type)
        response.headers["Cache-Control"] = NO_STORE
        response.headers["Vary"] = VARY
        return response
    etag = etag or etag_of(body)
    control = cache_public(request)
    if est_frais(request, etag, last_modified):
        return validateurs(
            Response(status_code=304), etag=etag, last_modified=last_modified, cache_control=control
        )
    return validateurs(
        Response(body, media_type=media_type),
        etag=etag,
        last_modified=last_modified,
        cache_control=control,
    )


class CacheHeadersMiddleware:
    """``Cache-Control: no-store`` on every answer without one, ``Vary`` on every answer
    (static files excepted: they carry their own validators and no user data)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(_EXEMPT_PREFIXES):
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "cache-control" not in headers:
                    headers["Cache-Control"] = NO_STORE
                vary = [v.strip() for v in headers.get("vary", "").split(",") if v.strip()]
                missing = [v for v in ("Authorization", "Cookie") if v not in vary]
                if missing:
                    headers["Vary"] = ", ".join([*vary, *missing])
            await send(message)

        await self.app(scope, receive, send_with_headers)
