"""Modules another part of the product may not provide yet, looked up when a page needs them.

Today only the ROME watch (``services.veille_rome``): while it is absent, the control centre
shows an explicit « indisponible » sentence instead of its tab.
"""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType


@cache
def module(nom: str) -> ModuleType | None:
    """``agents_metiers.<nom>``, or None when this installation does not have it."""
    try:
        return importlib.import_module(f"agents_metiers.{nom}")
    except ModuleNotFoundError as exc:
        if exc.name and f"agents_metiers.{nom}".startswith(exc.name):
            return None
        raise
