"""What serving with several workers requires: warnings, and the refusal of a private database."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents_metiers.config import Settings
from agents_metiers.errors import ConfigurationError
from agents_metiers.services.deploiement import avertissements_processus


def _settings(tmp_path: Path, **values: object) -> Settings:
    return Settings(data_dir=tmp_path, _env_file=None, **values)  # type: ignore[call-arg, arg-type]


def test_one_worker_needs_nothing(tmp_path: Path) -> None:
    assert avertissements_processus(_settings(tmp_path), 1) == []


def test_per_process_rate_limits_are_announced_with_the_redis_remedy(tmp_path: Path) -> None:
    postgres = "postgresql://postgres@127.0.0.1:5432/x"
    warnings = avertissements_processus(_settings(tmp_path, database_url=postgres), 4)
    assert len(warnings) == 1
    assert "multipliées par 4" in warnings[0]
    assert "redis://" in warnings[0]


def test_shared_limits_on_postgresql_need_no_warning(tmp_path: Path) -> None:
    settings = _settings(
        tmp_path,
        database_url="postgresql://postgres@127.0.0.1:5432/x",
        rate_limit_storage_uri="redis://127.0.0.1:6379/0",
    )
    assert avertissements_processus(settings, 4) == []


def test_sqlite_file_with_several_workers_is_allowed_with_a_warning(tmp_path: Path) -> None:
    settings = _settings(tmp_path, rate_limit_storage_uri="redis://127.0.0.1:6379/0")
    [warning] = avertissements_processus(settings, 2)
    assert warning.startswith("SQLite avec 2 workers : possible (mode WAL)")


def test_in_memory_sqlite_with_several_workers_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="en mémoire"):
        avertissements_processus(_settings(tmp_path, database_url="sqlite:///:memory:"), 2)
