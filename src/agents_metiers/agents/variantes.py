"""Agent « variantes » (PRODUCT.md §6.5): adapts every text field of a fiche to a language, an
age band, a format (standard or FALC) and a gender.

The service calls :func:`generer` once per chunk of combinations. The output type is built for
the request: exactly the requested combinations, and for each one every text field of the
source with the same number of list items — so a partial or truncated answer is invalid and
the model is asked again (``LLM_OUTPUT_RETRIES``) instead of being silently accepted
(REFERENCE_IMPLEMENTATION.md §10.9 and §10.10). The agent never touches the database.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from agents_metiers.agents.llm import CONSIGNE_DONNEES, Llm, LlmUsage, donnees
from agents_metiers.domain.lisibilite import FALC_CIBLE_MOTS, FALC_MAX_MOTS
from agents_metiers.domain.noms import NomsGenres
from agents_metiers.domain.variantes import Combinaison

Textes = Mapping[str, str | list[str]]

REGLES_LANGUE = {
    "fr": "français standard de France",
    "en": "anglais britannique",
    "es": "espagnol d'Espagne",
    "de": "allemand",
    "it": "italien",
}
REGLES_TRANCHE = {
    "11-15": (
        "public de 11 à 15 ans : mots simples, exemples concrets, ton encourageant, "
        "phrases de moins de 20 mots, explique chaque notion"
    ),
    "15-18": (
        "public de 15 à 18 ans : vocabulaire accessible, accent sur les études et "
        "l'orientation, phrases de moins de 25 mots"
    ),
    "18+": "public adulte : ton professionnel et complet",
}
REGLES_FORMAT = {
    "standard": "rédaction classique",
    "falc": (
        f"FALC (Facile à lire et à comprendre) : phrases de {FALC_MAX_MOTS} mots au plus "
        f"(viser {FALC_CIBLE_MOTS}), une seule idée par phrase, mots courants, aucun jargon, "
        "aucune abréviation ni sigle non expliqué"
    ),
}
REGLES_GENRE = {
    "masculin": "accorde tout au masculin (le nom du métier au masculin)",
    "feminin": "accorde tout au féminin (le nom du métier au féminin)",
    "epicene": (
        "rédaction neutre : « la personne qui exerce ce métier », tournures sans genre, "
        "titre épicène"
    ),
}

INSTRUCTIONS = f"""Tu adaptes des fiches métiers françaises (référentiel ROME de France Travail)
pour des publics différents. Pour chaque combinaison demandée, tu réécris TOUS les champs
fournis, dans la langue, pour la tranche d'âge, dans le format et au genre demandés.
Règles :
- Garde le sens et les faits de la fiche source ; n'invente ni diplôme, ni chiffre, ni
  compétence. Chaque liste garde exactement le même nombre d'éléments, dans le même ordre :
  l'élément n de la sortie adapte l'élément n de la source.
- Hors du français, adapte les diplômes au système éducatif du pays de la langue
  (ex. « Bac +3 » → « Bachelor's degree ») et traduis les noms de métiers.
- Le champ « nom » est le nom du métier dans la langue et au genre demandés.
{CONSIGNE_DONNEES}"""


@dataclass(frozen=True)
class VarianteGeneree:
    """One adapted variant: its name and every text field (same shape as the source)."""

    combinaison: Combinaison
    nom: str
    textes: dict[str, str | list[str]]


@dataclass(frozen=True)
class Generation:
    variantes: list[VarianteGeneree]
    usage: LlmUsage
    model_id: str

    def cout(self) -> dict[str, Any]:
        return {"modele": self.model_id, **self.usage.as_dict()}


class _Sortie(BaseModel):
    """Base of the output type: the answer must hold each requested combination once."""

    model_config = ConfigDict(extra="forbid")
    attendues: ClassVar[frozenset[Combinaison]] = frozenset()

    @model_validator(mode="after")
    def _une_par_combinaison(self) -> _Sortie:
        recues = [
            Combinaison(v.langue, v.tranche_age, v.format_contenu, v.genre)
            for v in getattr(self, "variantes", [])
        ]
        if len(set(recues)) != len(recues) or set(recues) != self.attendues:
            manquantes = ", ".join(c.libelle() for c in sorted(self.attendues - set(recues)))
            raise ValueError(
                "Chaque combinaison demandée doit apparaître exactement une fois"
                + (f" (manquantes : {manquantes})" if manquantes else "")
            )
        return self


def _litteral(valeurs: Sequence[str]) -> Any:
    return Literal[tuple(sorted(set(valeurs)))]


def modele_sortie(textes: Textes, combinaisons: Sequence[Combinaison]) -> type[BaseModel]:
    """The output type for ``combinaisons``: each variant carries every field of ``textes``."""
    champs: dict[str, Any] = {}
    for champ, valeur in textes.items():
        if isinstance(valeur, str):
            champs[champ] = (str, Field(min_length=1))
        else:
            n = len(valeur)
            champs[champ] = (list[str], Field(min_length=n, max_length=n))
    strict = ConfigDict(extra="forbid")
    champs_textes = create_model("TextesVariante", __config__=strict, **champs)
    variante = create_model(
        "VarianteAdaptee",
        __config__=strict,
        langue=(_litteral([c.langue for c in combinaisons]), ...),
        tranche_age=(_litteral([c.tranche_age for c in combinaisons]), ...),
        format_contenu=(_litteral([c.format_contenu for c in combinaisons]), ...),
        genre=(_litteral([c.genre for c in combinaisons]), ...),
        nom=(str, Field(min_length=1, max_length=255)),
        textes=(champs_textes, ...),
    )
    n = len(combinaisons)
    sortie = create_model(
        "VariantesAdaptees",
        __base__=_Sortie,
        variantes=(list[variante], Field(min_length=n, max_length=n)),
    )
    sortie.attendues = frozenset(combinaisons)
    return sortie


def prompt(textes: Textes, noms: NomsGenres, combinaisons: Sequence[Combinaison]) -> str:
    demandes = "\n".join(
        f"- langue={c.langue} ({REGLES_LANGUE[c.langue]}) ; tranche_age={c.tranche_age} "
        f"({REGLES_TRANCHE[c.tranche_age]}) ; format_contenu={c.format_contenu} "
        f"({REGLES_FORMAT[c.format_contenu]}) ; genre={c.genre} ({REGLES_GENRE[c.genre]})"
        for c in combinaisons
    )
    source = {
        "noms": {"masculin": noms.masculin, "feminin": noms.feminin, "epicene": noms.epicene},
        "textes": textes,
    }
    return (
        f"Combinaisons à produire ({len(combinaisons)}), une variante chacune :\n{demandes}\n\n"
        + donnees("fiche_source", json.dumps(source, ensure_ascii=False, indent=1))
    )


async def generer(
    llm: Llm, *, textes: Textes, noms: NomsGenres, combinaisons: Sequence[Combinaison]
) -> Generation:
    """Adapt ``textes`` for each of ``combinaisons`` in one call.

    Raises ServiceUnavailableError (provider down, timeout, output still invalid after the
    retries) or InvalidInputError (source too long for one call); nothing is partial.
    """
    sortie = modele_sortie(textes, combinaisons)
    resultat = await llm.run(
        output_type=sortie, instructions=INSTRUCTIONS, prompt=prompt(textes, noms, combinaisons)
    )
    brutes = cast(list[dict[str, Any]], resultat.output.model_dump()["variantes"])
    variantes = [
        VarianteGeneree(
            combinaison=Combinaison(v["langue"], v["tranche_age"], v["format_contenu"], v["genre"]),
            nom=v["nom"].strip(),
            textes=v["textes"],
        )
        for v in brutes
    ]
    return Generation(variantes=variantes, usage=resultat.usage, model_id=resultat.model_id)
