"""Fuzzing the OpenAPI spec against the real app, in process: no input gives a server error.

Schemathesis generates requests from ``/openapi.json`` for every operation, anonymous and as
an admin (so that write routes get past authentication), on SQLite and PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation.case import Case

from agents_metiers.config import Settings
from agents_metiers.services.comptes.auth import issue_access_token
from agents_metiers.services.comptes.users import create_user
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime
from agents_metiers.web.app import create_app

EXAMPLES = 25


@pytest.fixture
def fuzz_target(db: Runtime, rome_mini: Path) -> tuple[Any, dict[str, str]]:
    import_rome(
        db.sessions, ImportOptions(source=str(rome_mini), download_dir=db.settings.download_dir)
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
    admin = create_user(
        db.sessions, email="fuzz@exemple.fr", password="MotDePasse123", role="admin", name=None
    )
    return app, {"Authorization": f"Bearer {issue_access_token(admin, app_settings)}"}


def _acceptable(case: Case, status: int) -> bool:
    """Below 500, or the 503 an operation documents (its engine is not configured here)."""
    documented = case.operation.definition.raw.get("responses", {})
    return status < 500 or (status == 503 and "503" in documented)


def test_no_input_gives_a_server_error(fuzz_target: tuple[Any, dict[str, str]]) -> None:
    app, admin = fuzz_target
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def no_server_error(case: Case) -> None:
            for headers in (None, admin):
                response = case.call(headers=headers)
                assert _acceptable(case, response.status_code), (
                    f"{case.method} {case.formatted_path} → {response.status_code}: "
                    f"{response.text[:300]}"
                )

        no_server_error()
