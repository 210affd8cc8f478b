"""The API's own description: index (``GET /api``, and ``GET /`` for JSON clients) and the
running version (``GET /api/git-version``, reference shape)."""

from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from agents_metiers import __version__
from agents_metiers.web.security import CurrentPrincipal

router = APIRouter(tags=["meta"])
SOURCE = Path(__file__).resolve().parent


def racine_api() -> dict[str, Any]:
    """The reference root object (its keys, plus ours)."""
    return {
        "message": "Agents Métiers API",
        "version": __version__,
        "endpoints": {
            "stats": "/api/stats",
            "fiches": "/api/fiches",
            "fiche_detail": "/api/fiches/{code_rome}",
            "variantes": "/api/fiches/{code_rome}/variantes",
            "openapi": "/openapi.json",
            "docs": "/docs",
        },
    }


class GitVersion(BaseModel):
    commit: str
    message: str


def _git(*args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(SOURCE), *args],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None


@cache
def version_construite() -> GitVersion:
    """The commit the app runs from when it runs from a git checkout, else the package
    version (an installed wheel has no history)."""
    commit = _git("rev-parse", "HEAD")
    if commit is None:
        return GitVersion(commit=__version__, message=f"Paquet agents-metiers {__version__}")
    return GitVersion(commit=commit, message=_git("log", "-1", "--format=%s") or "")


@router.get("/api", summary="Index of the API")
def root() -> dict[str, Any]:
    return racine_api()


@router.get("/api/git-version", response_model=GitVersion)
def git_version(_principal: CurrentPrincipal) -> GitVersion:
    """The running build (signed-in accounts only)."""
    return version_construite()
