"""Settings, read from the environment and an optional ``.env`` file.

Every setting is documented in ``docs/settings.md`` (a test keeps the two in step).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from agents_metiers.errors import ConfigurationError

OFFICIAL_ROME_URL = "https://api.francetravail.fr/api-nomenclatureemploi/v1/open-data/csv"
# Refused in production; 32+ bytes so that HS256 signing does not warn in development.
DEFAULT_SECRET = "change-me-development-only-not-a-secret"


class Settings(BaseSettings):
    """The product's whole configuration."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    data_dir: Path = Field(default=Path("data"))
    database_url: str | None = None
    rome_source: str = OFFICIAL_ROME_URL
    rome_arborescences: Path | None = None
    secret_key: SecretStr = SecretStr(DEFAULT_SECRET)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    access_token_minutes: int = Field(default=15, ge=1, le=1440)
    refresh_token_days: int = Field(default=14, ge=1, le=365)
    registration_enabled: bool = False
    cookie_secure: bool = False
    rate_limit_storage_uri: str = "memory://"
    rate_limit_login_ip: str = "10/15 minutes"
    rate_limit_login_account: str = "5/15 minutes"
    rate_limit_register: str = "5/hour"
    rate_limit_write: str = "120/minute"
    # --- AI agents (docs/settings.md « IA ») ---
    # --- Jobs (docs/settings.md « Tâches ») ---
    # --- Labour-market sources (docs/settings.md « Marché du travail ») ---
    # --- Web pages and PDF (docs/settings.md « Pages web et PDF ») ---

    @model_validator(mode="after")
    def _refuse_default_secret_in_production(self) -> Settings:
        if self.environment == "production" and (
            self.secret_key.get_secret_value() in ("", DEFAULT_SECRET)
            or len(self.secret_key.get_secret_value()) < 32
        ):
            raise ConfigurationError(
                "SECRET_KEY doit être défini (au moins 32 caractères) en production : "
                "la valeur par défaut est refusée."
            )
        return self

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL, with the embedded SQLite default and the psycopg 3 driver."""
        if not self.database_url:
            return f"sqlite:///{(self.data_dir / 'agents_metiers.db').resolve()}"
        url = self.database_url
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url

    @property
    def download_dir(self) -> Path:
        return self.data_dir / "downloads"


@lru_cache
def get_settings() -> Settings:
    return Settings()
