"""Settings, read from the environment and an optional ``.env`` file.

Every setting is documented in ``docs/settings.md`` (a test keeps the two in step).
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationInfo, field_validator, model_validator
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
    refresh_token_grace_seconds: float = Field(default=10.0, ge=0, le=120)
    registration_enabled: bool = False
    cookie_secure: bool = False
    cookie_samesite: Literal["lax", "strict", "none"] = "lax"
    cors_origins: str = ""
    rate_limit_storage_uri: str = "memory://"
    rate_limit_key_prefix: str = Field(default="agents-metiers", pattern=r"^[\w.:-]{1,64}$")
    rate_limit_login_ip: str = "10/15 minutes"
    login_failures_before_lock: int = Field(default=5, ge=1, le=1000)
    login_lock_seconds: int = Field(default=60, ge=1, le=86_400)
    login_lock_max_seconds: int = Field(default=3600, ge=1, le=86_400)
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
    jobs_lease_seconds: float = Field(default=30.0, ge=1, le=3600)
    jobs_ai_mode: Literal["direct", "batch"] = "direct"
    jobs_batch_poll_seconds: float = Field(default=60.0, gt=0, le=3600)
    # --- Scheduler (docs/settings.md « Planificateur ») ---
    schedule_timezone: str = "Europe/Paris"
    schedule_veille_rome_enabled: bool = False
    schedule_veille_rome_cron: str = "0 3 * * 1"
    schedule_veille_marche_enabled: bool = False
    schedule_veille_marche_cron: str = "0 4 1 * *"
    schedule_marche_publiees_enabled: bool = False
    schedule_marche_publiees_cron: str = "30 4 * * 1"
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
    pdf_cache: bool = True
    pdf_cache_max_mb: int = Field(default=1024, ge=1, le=1024 * 1024)
    pdf_workers: int = Field(default=2, ge=1, le=16)
    pdf_queue_max: int = Field(default=8, ge=0, le=1000)
    pdf_warmup: bool = True
    rate_limit_pdf_anonymous: str = "30/minute"
    # --- HTTP caching (docs/settings.md « Cache HTTP ») ---
    cache_public_max_age: int = Field(default=60, ge=0, le=86400)

    @field_validator(
        "schedule_veille_rome_cron", "schedule_veille_marche_cron", "schedule_marche_publiees_cron"
    )
    @classmethod
    def _cron(cls, value: str, info: ValidationInfo) -> str:
        from croniter import croniter  # type: ignore[import-untyped]  # noqa: PLC0415

        if not croniter.is_valid(value):
            raise ConfigurationError(
                f"{str(info.field_name).upper()} invalide : « {value} » n'est pas une expression "
                "cron (cinq champs, par exemple « 0 3 * * 1 » pour le lundi à 3 h)."
            )
        return value

    @field_validator("schedule_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # noqa: PLC0415

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigurationError(
                f"SCHEDULE_TIMEZONE invalide : « {value} » (attendu par exemple « Europe/Paris »)."
            ) from None
        return value

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
        if self.cookie_samesite == "none" and not (
            self.cookie_secure or self.environment == "production"
        ):
            raise ConfigurationError(
                "COOKIE_SAMESITE=none exige COOKIE_SECURE=true : les navigateurs refusent un "
                "cookie SameSite=None qui n'est pas Secure (HTTPS)."
            )
        origines_exactes(self.cors_origins)  # a malformed CORS_ORIGINS fails at start-up
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
    def origines_cors(self) -> frozenset[str]:
        """``CORS_ORIGINS`` as exact, normalised origins (``scheme://host[:port]``)."""
        return origines_exactes(self.cors_origins)

    @property
    def download_dir(self) -> Path:
        return self.data_dir / "downloads"


_DEFAULT_PORTS = {"http": 80, "https": 443}


def normaliser_origine(valeur: str) -> str | None:
    """``scheme://host[:port]`` in lower case without the default port, or None when
    ``valeur`` is not an exact origin (a path, a wildcard, credentials, another scheme…)."""
    try:
        parts = urlsplit(valeur)
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if (
        parts.scheme.lower() not in _DEFAULT_PORTS
        or not host
        or "*" in valeur
        or parts.username is not None
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
    ):
        return None
    scheme = parts.scheme.lower()
    if ":" in host:
        host = f"[{host}]"
    suffix = "" if port in (None, _DEFAULT_PORTS[scheme]) else f":{port}"
    return f"{scheme}://{host}{suffix}"


def origines_exactes(liste: str) -> frozenset[str]:
    """A comma-separated list of origins, normalised; a sentence for the first bad one."""
    origines = set()
    for brute in (part.strip() for part in liste.split(",")):
        if not brute:
            continue
        origine = normaliser_origine(brute)
        if origine is None:
            raise ConfigurationError(
                f"CORS_ORIGINS : « {brute} » n'est pas une origine exacte (attendu par exemple "
                "« https://front.example.org » ou « http://127.0.0.1:3000 », sans chemin ni "
                "« * »)."
            )
        origines.add(origine)
    return frozenset(origines)


@lru_cache
def get_settings() -> Settings:
    return Settings()
