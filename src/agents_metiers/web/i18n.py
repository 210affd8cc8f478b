"""Interface languages: French by default, English available (PRODUCT.md §9).

Templates write their sentences in French, ``{{ _("Texte") }}``; ``locales/<langue>.json`` maps
each French sentence to its translation. English covers the whole interface (a test checks it);
Spanish, German and Italian cover the labels of the fiche page, which switch to the language of
the variant being read, falling back to English then French.

The visitor picks the language with ``?lang=fr|en`` (kept in the ``lang`` cookie).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from fastapi import Request

LOCALES = Path(__file__).resolve().parent / "locales"
LANGUE_COOKIE = "lang"
LANGUE_DEFAUT = "fr"
LANGUES_INTERFACE = ("fr", "en")
LANGUES_VARIANTES = ("fr", "en", "es", "de", "it")
REPLI = {"fr": (), "en": ("en",), "es": ("es", "en"), "de": ("de", "en"), "it": ("it", "en")}


@cache
def catalogue(langue: str) -> dict[str, str]:
    """The translations of ``langue`` (French → ``langue``); empty for French."""
    path = LOCALES / f"{langue}.json"
    if langue == LANGUE_DEFAUT or not path.is_file():
        return {}
    textes: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return textes


class Traducteur:
    """``t("Bonjour {nom}", nom=...)``: the sentence in the language, placeholders filled."""

    def __init__(self, langue: str) -> None:
        self.langue = langue if langue in REPLI else LANGUE_DEFAUT
        self._catalogues = [catalogue(code) for code in REPLI[self.langue]]

    def __call__(self, texte: str, **valeurs: object) -> str:
        traduit = next((c[texte] for c in self._catalogues if texte in c), texte)
        return traduit.format(**valeurs) if valeurs else traduit


@cache
def traducteur(langue: str) -> Traducteur:
    return Traducteur(langue)


def langue_interface(request: Request) -> str:
    """``?lang=`` first, then the ``lang`` cookie, else French."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(LANGUE_COOKIE)):
        if candidate in LANGUES_INTERFACE:
            return candidate
    return LANGUE_DEFAUT
