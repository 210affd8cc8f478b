"""Error responses as the OpenAPI document describes them: ``{"detail": "<phrase>"}``, and the
last touches that make the generated document true to what the app accepts and sends."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel
from starlette.routing import BaseRoute

from agents_metiers.domain.fiche import Statut
from agents_metiers.domain.variantes import AXES
from agents_metiers.web.security import EXIGENCES, get_principal, get_rate_limits


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

_ECRITURES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _appels(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for dependance in dependant.dependencies:
        if dependance.call is not None:
            yield dependance.call
        yield from _appels(dependance)


def erreurs_de_la_route(route: Any) -> set[int]:
    """The error statuses an API route (``APIRoute`` or FastAPI's ``RouteContext``) can send,
    read from what it depends on:

    - 401 and 403 when it requires a permission (``security.require``);
    - 403 on a write that reads the caller (a cookie session needs the CSRF token);
    - 429 when it counts requests (it reads ``security.get_rate_limits``; the 503 of a
      silent rate-limit storage follows, see ``document_verite``);
    - 404 when its path names a resource (``/{code_rome}``, ``/{job_id}``…);
    - 409 on a write that requires a permission (a stale version, a forbidden transition, a
      duplicate or a concurrent write of the same fiche);
    - 422 always (the input guard, see ``document_verite``).

    What only a handler knows (the 401 of a wrong password, the 503 of an unconfigured
    service…) stays in the route's own ``responses``.
    """
    appels = set(_appels(route.dependant))
    ecriture = bool(set(route.methods or ()) & _ECRITURES)
    authentifiee = bool(appels & EXIGENCES)
    codes = {422}
    if authentifiee:
        codes |= {401, 403}
    if ecriture and get_principal in appels:
        codes.add(403)
    if get_rate_limits in appels:
        codes.add(429)
    if "{" in route.path_format:
        codes.add(404)
    if ecriture and authentifiee:
        codes.add(409)
    return codes


def routes_api(routes: Sequence[BaseRoute]) -> Iterator[Any]:
    """The API operations of ``routes`` as FastAPI resolves them (the included routers' routes
    with their prefixes and dependencies), those of the OpenAPI document only."""
    for contexte in iter_route_contexts(routes):
        if isinstance(contexte.original_route, APIRoute) and contexte.include_in_schema:
            yield contexte


def _erreur(code: int) -> dict[str, Any]:
    contenu = {"application/json": {"schema": _ERREUR}}
    return {"description": _DESCRIPTIONS[code], "content": contenu}


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


def document_verite(schema: dict[str, Any], routes: Sequence[BaseRoute]) -> dict[str, Any]:
    """The generated document made true to what the app sends.

    - Each operation of ``routes`` declares the errors it can send, computed from its
      dependencies (``erreurs_de_la_route``), besides those its route declares itself.

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
    for route in routes_api(routes):
        for methode in route.methods:
            reponses = schema["paths"][route.path_format][methode.lower()]["responses"]
            for code in sorted(erreurs_de_la_route(route)):
                reponses.setdefault(str(code), _erreur(code))
    for url, chemin in schema.get("paths", {}).items():
        for operation in chemin.values():
            _parametres(url, operation)
            reponses = operation.setdefault("responses", {})
            reponses["422"] = _erreur(422)
            if "429" in reponses and "503" not in reponses:
                reponses["503"] = {
                    "description": "Le stockage des limites de requêtes (Redis) ne répond pas",
                    "content": {"application/json": {"schema": _ERREUR}},
                }
    for nom in ("HTTPValidationError", "ValidationError"):
        composants.pop(nom, None)
    return schema
