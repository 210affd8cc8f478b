"""Fixtures of the veille tests: the export builder of ``exports.py`` and a stored mini base."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime


def charger_exports() -> ModuleType:
    """``tests/veille/exports.py`` as a module (tests run with ``--import-mode=importlib``)."""
    path = Path(__file__).parent / "exports.py"
    spec = importlib.util.spec_from_file_location("veille_exports", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def exports() -> ModuleType:
    return charger_exports()


@pytest.fixture
def base_mini(db: Runtime, rome_mini: Path) -> Runtime:
    """The database of ``db`` with the mini export (v60) imported."""
    options = ImportOptions(source=str(rome_mini), download_dir=db.settings.download_dir)
    import_rome(db.sessions, options)
    return db
