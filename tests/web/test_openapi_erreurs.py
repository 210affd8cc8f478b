"""Each operation of the OpenAPI document declares the errors it can send, computed from its
dependencies (``web/openapi_errors.py``): no 429 on a route that counts nothing, no 401 on a
route that needs no sign-in."""

from __future__ import annotations

from typing import Any

from agents_metiers.services.runtime import Runtime
from agents_metiers.web.app import create_app
from agents_metiers.web.openapi_errors import _appels, routes_api
from agents_metiers.web.security import EXIGENCES, get_rate_limits

# The sign-in routes answer 401 to wrong credentials: authenticating is their job.
AUTHENTIFIANTES = {("POST", "/api/auth/login"), ("POST", "/api/auth/refresh")}


def _operations(db: Runtime) -> list[tuple[str, str, set[str], set[Any]]]:
    app = create_app(db.settings, runtime=db)
    document = app.openapi()
    found = []
    for route in routes_api(app.routes):
        appels = set(_appels(route.dependant))
        for methode in route.methods:
            reponses = document["paths"][route.path_format][methode.lower()]["responses"]
            found.append((methode, route.path_format, set(reponses), appels))
    return found


def test_429_only_where_requests_are_counted_and_401_only_where_a_sign_in_is_required(
    db: Runtime,
) -> None:
    operations = _operations(db)
    assert len(operations) > 50
    for methode, chemin, codes, appels in operations:
        compte = get_rate_limits in appels
        assert ("429" in codes) == compte, (methode, chemin, codes)
        assert ("503" in codes) or not compte, (methode, chemin, codes)
        authentifiee = bool(appels & EXIGENCES)
        if (methode, chemin) not in AUTHENTIFIANTES:
            assert ("401" in codes) == authentifiee, (methode, chemin, codes)
        if authentifiee:
            assert "403" in codes, (methode, chemin, codes)
        assert "422" in codes, (methode, chemin)
        assert ("404" in codes) or "{" not in chemin, (methode, chemin, codes)


def test_public_reads_declare_only_what_they_send(db: Runtime) -> None:
    par_route = {(m, c): codes for m, c, codes, _ in _operations(db)}
    assert par_route[("GET", "/api/stats")] == {"200", "422"}
    assert par_route[("GET", "/api/fiches")] == {"200", "422"}
    assert par_route[("GET", "/api/fiches/{code_rome}")] == {"200", "404", "422"}
    assert {"401", "403", "404", "409", "429", "503"} <= par_route[
        ("PATCH", "/api/fiches/{code_rome}")
    ]
    assert {"401", "403", "429"} <= par_route[("POST", "/api/jobs")]
    assert "409" not in par_route[("GET", "/api/jobs")]
    # A rate-limited public route: the anonymous PDF.
    assert {"404", "429", "503"} <= par_route[("GET", "/api/fiches/{code_rome}/pdf")]
