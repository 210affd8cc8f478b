"""Settings, read from the environment and an optional ``.env`` file.

Every setting is documented in ``docs/settings.md`` (a test keeps the two in step).
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from agents_metiers.errors import ConfigurationError

OFFICIAL_ROME_URL = "https://api.francetravail.fr/api-nomenclatureemploi/v1/open-data/csv"
# Public, so refused unless ENVIRONMENT=development (or test) is set explicitly; 32+ bytes
# so that HS256 signing does not warn in development.
DEFAULT_SECRET = "change-me-development-only-not-a-secret"
# Environments where the default key is accepted, when named explicitly.
_DEFAULT_SECRET_ENVIRONMENTS = ("development", "test")


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
    llm_model: str = Field(
        default="anthropic:claude-sonnet-4-6",
        pattern=r"^$|^test$|^(anthropic|openai):[\w.:/@-]+$",
    )
    llm_base_url: str | None = None
    anthropic_api_key: SecretStr | None = None
    openai_api_key: SecretStr | None = None
    llm_timeout_seconds: float = Field(default=120.0, gt=0, le=3600)
    llm_provider_retries: int = Field(default=2, ge=0, le=10)
    llm_output_retries: int = Field(default=2, ge=0, le=5)
    llm_max_concurrency: int = Field(default=4, ge=1, le=64)
    llm_max_tokens: int = Field(default=8192, ge=256, le=20000)
    llm_max_input_chars: int = Field(default=60000, ge=1000, le=1_000_000)
    llm_output_mode: Literal["tool", "native", "prompted"] = "tool"
    llm_price_input_per_mtok: Decimal | None = Field(default=None, ge=0)
    llm_price_output_per_mtok: Decimal | None = Field(default=None, ge=0)
    ai_daily_budget_usd: Decimal | None = Field(default=None, ge=0)
    rate_limit_ai: str = "30/hour"
    # Variantes and language checker (docs/variantes.md)
    variantes_par_appel: int = Field(default=1, ge=1, le=6)
    grammalecte_cli: str = "grammalecte-cli"
    grammalecte_timeout_seconds: float = Field(default=30.0, gt=0, le=600)
    # --- Jobs (docs/settings.md « Tâches ») ---
    jobs_backend: Literal["embedded", "procrastinate"] = "embedded"
    jobs_in_app: bool = True
    jobs_concurrency: int = Field(default=4, ge=1, le=64)
    jobs_poll_seconds: float = Field(default=2.0, gt=0, le=60)
    jobs_stale_seconds: float = Field(default=30.0, ge=1, le=3600)
    jobs_max_attempts: int = Field(default=3, ge=1, le=10)
    jobs_max_items: int = Field(default=2000, ge=1, le=100_000)
    # --- Labour-market sources (docs/settings.md « Marché du travail ») ---
    france_travail_client_id: str | None = None
    france_travail_client_secret: SecretStr | None = None
    france_travail_auth_url: str = (
        "https://entreprise.francetravail.fr/connexion/oauth2/access_token?realm=%2Fpartenaire"
    )
    france_travail_api_url: str = "https://api.francetravail.io/partenaire"
    api_alternance_url: str = "https://api.apprentissage.beta.gouv.fr/api"
    api_alternance_token: SecretStr | None = None
    marche_delai_page: float = Field(default=1.0, gt=0, le=30)
    marche_delai_tache: float = Field(default=20.0, gt=0, le=300)
    marche_tentatives: int = Field(default=3, ge=0, le=10)
    marche_cache_heures: float = Field(default=6.0, ge=0, le=24 * 30)
    marche_cache_referentiel_jours: float = Field(default=7.0, ge=0, le=365)
    marche_echantillon_min: int = Field(default=5, ge=2, le=1000)
    marche_seuil_tendance: float = Field(default=0.1, gt=0, lt=1)
    marche_rayon_km: int = Field(default=30, ge=1, le=200)
    # --- Web pages and PDF (docs/settings.md « Pages web et PDF ») ---
    # --- HTTP caching (docs/settings.md « Cache HTTP ») ---
    cache_public_max_age: int = Field(default=60, ge=0, le=86400)

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
        if self.environment == "production" and self.llm_model.strip() == "test":
            raise ConfigurationError(
                "LLM_MODEL=test est refusé en production : ce modèle de démonstration écrit "
                "un texte sans signification. Choisissez un vrai modèle, ou laissez vide."
            )
        return self

    def verifier_cle_secrete(self) -> None:
        """Start-up check: the default ``SECRET_KEY`` is public (it is in the source), so
        anyone could sign valid tokens, administrator included. It is accepted only when
        ``ENVIRONMENT`` names a development (or test) setup explicitly."""
        if self.secret_key.get_secret_value() not in ("", DEFAULT_SECRET):
            return
        if "environment" in self.model_fields_set and (
            self.environment in _DEFAULT_SECRET_ENVIRONMENTS
        ):
            return
        raise ConfigurationError(
            "SECRET_KEY n'est pas défini : la clé par défaut est publique et permettrait à "
            "n'importe qui de signer des jetons valides, administrateur compris. Définissez "
            "SECRET_KEY (au moins 32 caractères aléatoires), ou ENVIRONMENT=development sur "
            "un poste de développement."
        )

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
