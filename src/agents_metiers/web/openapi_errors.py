"""Error responses as the OpenAPI document describes them: ``{"detail": "<phrase>"}``."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class ErrorBody(BaseModel):
    """Every error: one French sentence for the user."""

    detail: str


_DESCRIPTIONS = {
    400: "Requête impossible à honorer telle quelle",
    401: "Connexion requise ou session expirée",
    403: "Rôle insuffisant ou jeton CSRF manquant",
    404: "Fiche (ou ressource) inconnue",
    409: "Transition interdite, doublon ou version périmée",
    422: "Paramètre ou corps invalide",
    429: "Trop de requêtes (en-tête Retry-After)",
    503: "Service non configuré ou indisponible",
}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": ErrorBody, "description": _DESCRIPTIONS[code]} for code in codes}


READ = error_responses(404, 422)
WRITE = error_responses(401, 403, 404, 409, 422, 429)
STAFF_READ = error_responses(401, 403, 404, 422)
