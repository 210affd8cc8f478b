"""Agents run only on pydantic-ai's test models: real model requests are refused here."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pydantic_ai.models
import pytest

pydantic_ai.models.ALLOW_MODEL_REQUESTS = False


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def load_fakes() -> ModuleType:
    """``tests/agents/fakes.py`` (tests have no packages in importlib mode)."""
    spec = importlib.util.spec_from_file_location(
        "agents_fakes", Path(__file__).with_name("fakes.py")
    )
    assert spec is not None and spec.loader is not None
    module = sys.modules.get("agents_fakes") or importlib.util.module_from_spec(spec)
    if "agents_fakes" not in sys.modules:
        sys.modules["agents_fakes"] = module
        spec.loader.exec_module(module)
    return module


@pytest.fixture
def fakes() -> ModuleType:
    return load_fakes()
