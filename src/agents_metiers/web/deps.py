"""Request plumbing shared by the routes (named ``Annotated`` dependencies)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from agents_metiers.errors import InvalidInputError
from agents_metiers.services.runtime import Runtime


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def get_session(runtime: Annotated[Runtime, Depends(get_runtime)]) -> Iterator[Session]:
    with runtime.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


NUL_MESSAGE = "La requête contient un caractère nul (U+0000), qui n'est accepté nulle part."


async def reject_nul_characters(request: Request) -> None:
    """No text the product stores or searches may hold U+0000 (PostgreSQL refuses it):
    refuse it once for the whole request — path, query and JSON body."""
    raw_target = request.scope.get("raw_path", b"") + b"?" + request.scope.get("query_string", b"")
    if b"%00" in raw_target or "\x00" in request.url.path:
        raise InvalidInputError(NUL_MESSAGE)
    body = await request.body()
    if b"\x00" in body or b"\\u0000" in body:
        raise InvalidInputError(NUL_MESSAGE)
