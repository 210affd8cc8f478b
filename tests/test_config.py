"""Settings: defaults, database URL handling, production safety."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents_metiers.config import OFFICIAL_ROME_URL, Settings
from agents_metiers.errors import ConfigurationError
from agents_metiers.web.app import create_app


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_default_database_is_a_sqlite_file_under_the_data_dir(tmp_path: Path) -> None:
    url = settings(data_dir=tmp_path).sqlalchemy_url
    assert url == f"sqlite:///{tmp_path.resolve() / 'agents_metiers.db'}"


def test_default_rome_source_is_the_official_url() -> None:
    assert settings().rome_source == OFFICIAL_ROME_URL


@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_postgres_urls_use_psycopg3(scheme: str) -> None:
    url = settings(database_url=f"{scheme}://u:p@h:5432/db").sqlalchemy_url
    assert url == "postgresql+psycopg://u:p@h:5432/db"


def test_production_refuses_the_default_secret() -> None:
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        settings(environment="production")


def test_production_refuses_a_short_secret() -> None:
    with pytest.raises(ConfigurationError):
        settings(environment="production", secret_key="court")


def test_production_accepts_a_long_secret() -> None:
    assert settings(environment="production", secret_key="x" * 40).environment == "production"


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROME_SOURCE", "/srv/rome.zip")
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    loaded = settings()
    assert (loaded.rome_source, loaded.log_level) == ("/srv/rome.zip", "DEBUG")


def test_production_refuses_the_demonstration_model() -> None:
    secret = "x" * 40
    with pytest.raises(ConfigurationError, match="LLM_MODEL=test"):
        settings(environment="production", secret_key=secret, llm_model="test")
    assert settings(environment="development", llm_model="test").llm_model == "test"


# --- the default SECRET_KEY (issue 11 item 3) -----------------------------------------------


def test_the_default_secret_is_refused_without_an_explicit_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ENVIRONMENT", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    implicit = settings()
    assert implicit.environment == "development"  # the default, not a choice
    with pytest.raises(ConfigurationError, match="ENVIRONMENT=development"):
        implicit.verifier_cle_secrete()


def test_an_explicit_development_environment_accepts_the_default_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ENVIRONMENT", "development")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    settings().verifier_cle_secrete()


def test_a_real_secret_needs_no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ENVIRONMENT", raising=False)
    settings(secret_key="une-vraie-cle-secrete-de-plus-de-32-caracteres").verifier_cle_secrete()


def test_the_app_refuses_to_start_with_the_default_secret(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("ENVIRONMENT", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="SECRET_KEY n'est pas défini"):
        create_app(settings(data_dir=tmp_path))
