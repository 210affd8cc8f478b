"""The OpenAPI document tells the truth: schemathesis' response conformance checks on the app.

For every operation of ``/openapi.json``, schemathesis generates requests (a bounded number per
operation), sends them in process to the real ASGI app — anonymous and as an authenticated
editor — on seeded data (the mini ROME export, two fiches published) and checks each answer:
the status code is documented (a 500 never is), the content type is the documented one, the
body matches the documented schema. A path ``code_rome`` is mostly drawn from the seeded fiches
so that the checks see real 200s, not only 404s. An exception escaping the app counts as a
violation. Runs on SQLite and PostgreSQL; prints the figures.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import httpx2
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.generation.case import Case
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from agents_metiers.config import Settings
from agents_metiers.domain.users import Role
from agents_metiers.domain.workflow import Action
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.comptes.auth import issue_access_token
from agents_metiers.services.comptes.users import create_user
from agents_metiers.services.fiches.workflow import transitionner
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime
from agents_metiers.web.app import create_app

EXAMPLES = 12
CODES = ("J1104", "J1124", "J1506", "M1802", "M1805", "M1810")
PUBLISHED = ("M1805", "J1506")
CHECKS = [
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def seeded_app(db: Runtime, rome_mini: Path) -> tuple[Any, dict[str, str]]:
    import_rome(
        db.sessions, ImportOptions(source=str(rome_mini), download_dir=db.settings.download_dir)
    )
    with db.sessions() as session:
        for code in PUBLISHED:
            transitionner(
                session,
                code,
                Action.PUBLIER,
                Auteur(nom="seed", role=Role.ADMIN),
                motif="jeu d'essai",
                force=True,
            )
    overrides = {
        "rate_limit_write": "100000/minute",
        "rate_limit_login_ip": "100000/minute",
        "login_failures_before_lock": 1000,
        "rate_limit_register": "100000/minute",
    }
    app_settings = Settings(**{**db.settings.model_dump(), **overrides, "_env_file": None})
    runtime = Runtime(settings=app_settings, engine=db.engine, sessions=db.sessions)
    app = create_app(app_settings, runtime=runtime)
    app.state.runtime = runtime  # what the lifespan does; the ASGI client does not run it
    editor = create_user(
        db.sessions, email="editeur@exemple.fr", password="MotDePasse123", role="editeur", name=None
    )
    return app, {"Authorization": f"Bearer {issue_access_token(editor, app_settings)}"}


def _violations(case: Case, response: Any) -> list[str]:
    try:
        case.validate_response(response, checks=CHECKS)
    except FailureGroup as group:
        failures: list[Any] = list(group.exceptions)
    except Failure as failure:
        failures = [failure]
    else:
        return []
    return [
        f"{case.method} {case.operation.path} → {response.status_code}: "
        f"{getattr(f, 'title', type(f).__name__)} — {str(getattr(f, 'message', f))[:300]}"
        for f in failures
    ]


def test_every_answer_matches_the_openapi_document(
    seeded_app: tuple[Any, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    app, editor = seeded_app
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40
    cases = Counter[str]()
    violations: list[str] = []

    for operation in operations:
        seeded = st.sampled_from([None, *CODES])

        @given(case=operation.as_strategy(), code=seeded)
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def conforms(case: Case, code: str | None) -> None:
            if code is not None and "code_rome" in (case.path_parameters or {}):
                case.path_parameters["code_rome"] = code
            for headers in (None, editor):
                cases[case.operation.label] += 1
                try:
                    response = case.call(headers=headers)
                except Exception as exc:  # an exception inside the app is a server error
                    violations.append(f"{case.method} {case.operation.path}: {exc!r}"[:400])
                    continue
                violations.extend(_violations(case, response))

        conforms()

    distinct = sorted(set(violations))
    with capsys.disabled():
        print(
            f"\nschemathesis : {len(operations)} opérations, {sum(cases.values())} requêtes, "
            f"{len(violations)} violations ({len(distinct)} distinctes)"
        )
    assert not distinct, "\n".join(distinct[:80])


@pytest.mark.anyio
async def test_the_document_describes_errors_codes_and_enums_as_sent(
    client: httpx2.AsyncClient,
) -> None:
    spec = (await client.get("/openapi.json")).json()
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    erreur = {"$ref": "#/components/schemas/ErrorBody"}
    for chemin, item in spec["paths"].items():
        for methode, operation in item.items():
            reponses = operation["responses"]
            assert reponses["422"]["content"]["application/json"]["schema"] == erreur, chemin
            if "429" in reponses:
                assert "503" in reponses, (methode, chemin)
            for parametre in operation.get("parameters", []):
                if parametre["name"] == "code_rome" and parametre["in"] == "path":
                    assert parametre["schema"]["pattern"] == r"^[A-Za-z]\d{4}$"
    liste = spec["paths"]["/api/fiches"]["get"]["parameters"]
    statut = next(p for p in liste if p["name"] == "statut")
    assert statut["schema"]["enum"] == ["brouillon", "enrichi", "valide", "publiee"]
    pdf = spec["paths"]["/api/fiches/{code_rome}/pdf"]["get"]["parameters"]
    assert next(p for p in pdf if p["name"] == "langue")["schema"]["enum"] == [
        "fr",
        "en",
        "es",
        "de",
        "it",
    ]
    me = spec["paths"]["/api/auth/me"]["get"]["responses"]
    assert {"200", "401", "422"} <= set(me)


@pytest.mark.anyio
async def test_a_malformed_code_in_a_path_is_a_422_with_a_sentence(
    client: httpx2.AsyncClient,
) -> None:
    response = await client.get("/api/fiches/M18O5/offres")
    assert response.status_code == 422
    assert "code ROME" in response.json()["detail"]
