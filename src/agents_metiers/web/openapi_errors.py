"""Error responses as the OpenAPI document describes them: ``{"detail": "<phrase>"}``, and the
last touches that make the generated document true to what the app accepts and sends."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from agents_metiers.domain.fiche import Statut
from agents_metiers.domain.variantes import AXES


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

AUTH = error_responses(401)
ADMIN = error_responses(401, 403)

_ERREUR = {"$ref": "#/components/schemas/ErrorBody"}
CODE_ROME_CHEMIN = r"^[A-Za-z]\d{4}$"
"""A code in a path: one letter and four digits, any case (``m1805`` is read as ``M1805``).
ROME 4.0 codes use the letters A to N; other letters are the team's own fiches."""
_STATUTS = [s.value for s in Statut]
# (path prefix, query parameter) → the values the route accepts (others: 422 with a sentence)
_ENUMS: dict[tuple[str, str], list[str]] = {
    ("/api/fiches", "statut"): _STATUTS,
    ("/api/referentiel", "statut"): _STATUTS,
    ("/api/fiches/{code_rome}/pdf", "langue"): list(AXES["langue"]),
    ("/api/fiches/{code_rome}/pdf", "genre"): list(AXES["genre"]),
    ("/api/fiches/{code_rome}/pdf", "tranche_age"): list(AXES["tranche_age"]),
    ("/api/fiches/{code_rome}/pdf", "format"): list(AXES["format_contenu"]),
}


def _parametres(chemin: str, operation: dict[str, Any]) -> None:
    for parametre in operation.get("parameters", []):
        nom, lieu = parametre.get("name"), parametre.get("in")
        if lieu == "path" and nom == "code_rome":
            parametre["schema"] = {"type": "string", "pattern": CODE_ROME_CHEMIN}
        if lieu != "query":
            continue
        for (prefixe, cle), valeurs in _ENUMS.items():
            exact = prefixe.endswith("/pdf")
            if cle == nom and (chemin == prefixe if exact else chemin.startswith(prefixe)):
                titre = parametre.get("schema", {}).get("title")
                parametre["schema"] = {"type": "string", "enum": valeurs}
                if titre:
                    parametre["schema"]["title"] = titre


def document_verite(schema: dict[str, Any]) -> dict[str, Any]:
    """The generated document made true to what the app sends.

    - Every operation may answer 422: the input guard (``web/garde.py``) refuses control
      characters in any path, query or body, and validation errors are one French sentence —
      so every 422 is ``{"detail": "<phrase>"}`` (``ErrorBody``), never FastAPI's list of
      errors, whose schemas are removed.
    - A route that counts requests (429) also answers 503 when the rate-limit storage stops
      answering (``web/login_limits.py``).
    - A ``code_rome`` in a path has its pattern; enumerated query values list their values.
    """
    composants = schema.setdefault("components", {}).setdefault("schemas", {})
    composants["ErrorBody"] = ErrorBody.model_json_schema()
    for url, chemin in schema.get("paths", {}).items():
        for operation in chemin.values():
            _parametres(url, operation)
            reponses = operation.setdefault("responses", {})
            reponses["422"] = {
                "description": _DESCRIPTIONS[422],
                "content": {"application/json": {"schema": _ERREUR}},
            }
            if "429" in reponses and "503" not in reponses:
                reponses["503"] = {
                    "description": "Le stockage des limites de requêtes (Redis) ne répond pas",
                    "content": {"application/json": {"schema": _ERREUR}},
                }
    for nom in ("HTTPValidationError", "ValidationError"):
        composants.pop(nom, None)
    return schema
