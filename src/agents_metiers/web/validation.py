"""French sentences for pydantic's validation errors (422), naming the field.

Pydantic writes English ("Input should be a valid list", "JSON decode error"); every 422 the
API or the pages send is one French sentence built here from the error's type and context.
An error type not in the table still gets a French sentence (« valeur refusée »), never the
English text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fastapi.exceptions import RequestValidationError

_COMPARAISONS = {
    "greater_than_equal": "au moins",
    "less_than_equal": "au plus",
    "greater_than": "plus de",
    "less_than": "moins de",
}

_TYPES = {
    "string_type": "un texte",
    "int_type": "un nombre entier",
    "int_parsing": "un nombre entier",
    "int_from_float": "un nombre entier",
    "float_type": "un nombre",
    "float_parsing": "un nombre",
    "decimal_type": "un nombre",
    "decimal_parsing": "un nombre",
    "bool_type": "un booléen (true ou false)",
    "bool_parsing": "un booléen (true ou false)",
    "list_type": "une liste",
    "tuple_type": "une liste",
    "set_type": "une liste sans doublon",
    "dict_type": "un objet JSON",
    "model_type": "un objet JSON",
    "model_attributes_type": "un objet JSON",
    "date_type": "une date (AAAA-MM-JJ)",
    "date_parsing": "une date (AAAA-MM-JJ)",
    "date_from_datetime_parsing": "une date (AAAA-MM-JJ)",
    "datetime_type": "une date et heure ISO 8601",
    "datetime_parsing": "une date et heure ISO 8601",
    "datetime_from_date_parsing": "une date et heure ISO 8601",
    "uuid_type": "un identifiant UUID",
    "uuid_parsing": "un identifiant UUID",
    "url_type": "une adresse web",
    "url_parsing": "une adresse web",
    "url_scheme": "une adresse web en http ou https",
    "none_required": "vide (null)",
}


def _nom(loc: tuple[Any, ...]) -> tuple[str, str]:
    """(where, field): ``body``/``query``/``path``… and the dotted field name."""
    where = str(loc[0]) if loc else "requête"
    champ = ".".join(str(part) for part in loc[1:]) or where
    return where, champ


def _longueur(ctx: Mapping[str, Any], cle: str, unite: str) -> str:
    valeur = ctx.get(cle, "?")
    pluriel = "s" if isinstance(valeur, int) and valeur > 1 else ""
    return f"{valeur} {unite}{pluriel}"


def _valeurs(ctx: Mapping[str, Any]) -> str:
    """Pydantic's ``expected`` (« 'a', 'b' or 'c' ») in French."""
    return str(ctx.get("expected", "?")).replace(" or ", " ou ")


_PHRASES: dict[str, Callable[[str, Mapping[str, Any]], str]] = {
    "missing": lambda champ, _c: f"Champ « {champ} » manquant.",
    "extra_forbidden": lambda champ, _c: f"Champ « {champ} » inconnu : il n'est pas accepté ici.",
    "string_too_short": lambda champ, c: (
        f"Champ « {champ} » trop court : au moins {_longueur(c, 'min_length', 'caractère')}."
    ),
    "string_too_long": lambda champ, c: (
        f"Champ « {champ} » trop long : au plus {_longueur(c, 'max_length', 'caractère')}."
    ),
    "too_short": lambda champ, c: (
        f"Champ « {champ} » : au moins {_longueur(c, 'min_length', 'élément')}."
    ),
    "too_long": lambda champ, c: (
        f"Champ « {champ} » : au plus {_longueur(c, 'max_length', 'élément')}."
    ),
    "string_pattern_mismatch": lambda champ, c: (
        f"Champ « {champ} » au format invalide (format attendu : {c.get('pattern', '?')})."
    ),
    "enum": lambda champ, c: f"Champ « {champ} » invalide : valeurs possibles {_valeurs(c)}.",
    "literal_error": lambda champ, c: (
        f"Champ « {champ} » invalide : valeurs possibles {_valeurs(c)}."
    ),
    "json_invalid": lambda _champ, c: (
        "Le corps de la requête n'est pas du JSON valide"
        + (f" ({c['error']})." if c.get("error") else ".")
    ),
    "json_type": lambda champ, _c: f"Champ « {champ} » : du JSON est attendu.",
    "value_error": lambda champ, c: (
        f"Champ « {champ} » invalide : {c.get('error', 'valeur refusée')}."
    ),
    "assertion_error": lambda champ, c: (
        f"Champ « {champ} » invalide : {c.get('error', 'valeur refusée')}."
    ),
    "multiple_of": lambda champ, c: (
        f"Champ « {champ} » invalide : multiple de {c.get('multiple_of', '?')} attendu."
    ),
    "finite_number": lambda champ, _c: f"Champ « {champ} » invalide : un nombre fini est attendu.",
}


def message_validation(error: Mapping[str, Any]) -> str:
    """One French sentence for one pydantic error (``type``, ``loc``, ``ctx``)."""
    where, champ = _nom(tuple(error.get("loc", ())))
    kind = str(error.get("type", ""))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    if where in ("query", "path", "header", "cookie"):
        sentence = _parametre(kind, champ, ctx)
        if sentence:
            return sentence
    if kind in _COMPARAISONS:
        bound = next(iter(ctx.values()), "")
        return f"Champ « {champ} » invalide : il doit valoir {_COMPARAISONS[kind]} {bound}."
    if kind in _TYPES:
        return f"Champ « {champ} » invalide : {_TYPES[kind]} est attendu."
    if kind in _PHRASES:
        return _PHRASES[kind](champ, ctx)
    return f"Champ « {champ} » invalide : valeur refusée."


def _parametre(kind: str, champ: str, ctx: Mapping[str, Any]) -> str | None:
    """Query and path parameters keep their own wording (« Paramètre … »)."""
    if kind in _COMPARAISONS:
        bound = next(iter(ctx.values()), "")
        return f"Paramètre « {champ} » invalide : il doit valoir {_COMPARAISONS[kind]} {bound}."
    if kind == "missing":
        return f"Paramètre « {champ} » manquant."
    if kind in _TYPES:
        return f"Paramètre « {champ} » invalide : {_TYPES[kind]} est attendu."
    if kind in _PHRASES:
        return _PHRASES[kind](champ, ctx).replace("Champ", "Paramètre", 1)
    return None


def validation_message(exc: RequestValidationError) -> str:
    """One French sentence for the first invalid input of a request."""
    errors = exc.errors()
    return message_validation(errors[0]) if errors else "Requête invalide."
