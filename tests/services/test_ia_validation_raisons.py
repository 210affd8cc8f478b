"""Why an AI output is refused, in French that agrees with the limit (« 1 élément au moins »,
« 2 éléments au moins »)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from agents_metiers.services.ia.validation import erreur_schema


class _Un(BaseModel):
    missions: Annotated[list[str], Field(min_length=1, max_length=1)]


class _Deux(BaseModel):
    missions: Annotated[list[str], Field(min_length=2, max_length=2)]


def test_a_minimum_of_one_is_singular_and_of_two_plural() -> None:
    assert erreur_schema(_Un, {"missions": []}) == "champ « missions » : 1 élément au moins"
    assert erreur_schema(_Deux, {"missions": []}) == "champ « missions » : 2 éléments au moins"


def test_a_maximum_agrees_too() -> None:
    trop = {"missions": ["a", "b", "c"]}
    assert erreur_schema(_Un, trop) == "champ « missions » : 1 élément au plus"
    assert erreur_schema(_Deux, trop) == "champ « missions » : 2 éléments au plus"
