"""Correcteur de langue (PRODUCT.md §6.4): spelling and grammar of a fiche's texts.

Two checkers, same findings (:class:`Constat`):
- **offline**: Debian's Grammalecte (``apt-get install grammalecte-cli``), run as a
  subprocess on the texts, one line per text; its typography findings are left to
  :mod:`agents_metiers.domain.typographie`, which applies them deterministically;
- **AI**: the configured model lists corrections (original fragment → corrected fragment).

Neither touches the database; ``services/ia/langue.py`` applies or proposes the corrections.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from agents_metiers.agents.llm import CONSIGNE_DONNEES, Llm, LlmResult, donnees
from agents_metiers.errors import ServiceUnavailableError

# Grammalecte finding types handled by the typography rules instead.
_TYPES_TYPO = frozenset({"nbsp", "typo", "esp", "apos", "tab", "num"})


@dataclass(frozen=True)
class Constat:
    """One finding in text number ``segment``; ``apres`` None means "to check by hand"."""

    segment: int
    avant: str
    apres: str | None
    type: str
    message: str
    source: str  # grammalecte | ia
    debut: int | None = None
    fin: int | None = None


def grammalecte(commande: str) -> str | None:
    """The path of the offline checker, or None when it is not installed."""
    return shutil.which(commande) if commande.strip() else None


def _constats_paragraphe(paragraphe: dict[str, Any], segment: int, texte: str) -> list[Constat]:
    constats = []
    for erreur in paragraphe.get("lGrammarErrors", []):
        if erreur.get("sType") in _TYPES_TYPO:
            continue
        suggestions = erreur.get("aSuggestions") or []
        constats.append(
            Constat(
                segment=segment,
                avant=texte[erreur.get("nStart", 0) : erreur.get("nEnd", 0)],
                apres=suggestions[0] if suggestions else None,
                type="grammaire",
                message=erreur.get("sMessage", ""),
                source="grammalecte",
                debut=erreur.get("nStart"),
                fin=erreur.get("nEnd"),
            )
        )
    for erreur in paragraphe.get("lSpellingErrors", []):
        suggestions = erreur.get("aSuggestions") or []
        mot = erreur.get("sValue", "")
        constats.append(
            Constat(
                segment=segment,
                avant=mot,
                apres=None,
                type="orthographe",
                message=f"Mot inconnu du dictionnaire : « {mot} »"
                + (f" (suggestions : {', '.join(suggestions[:3])})." if suggestions else "."),
                source="grammalecte",
                debut=erreur.get("nStart"),
                fin=erreur.get("nEnd"),
            )
        )
    return constats


async def verifier_hors_ligne(
    segments: list[str], *, commande: str, timeout: float
) -> list[Constat]:
    """Run Grammalecte on ``segments``; ServiceUnavailableError when it fails."""
    chemin = grammalecte(commande)
    if chemin is None:
        raise ServiceUnavailableError(
            f"Le correcteur hors ligne Grammalecte n'est pas installé (commande « {commande} »)."
        )
    with tempfile.TemporaryDirectory() as dossier:
        fichier = Path(dossier) / "textes.txt"
        # One text per line; a newline inside a text becomes a space (same offsets).
        fichier.write_text("\n".join(s.replace("\n", " ") for s in segments) + "\n", "utf-8")
        sortie = await _executer([chemin, "-f", str(fichier), "-j", "-wss"], timeout)
    try:
        rapport = json.loads(sortie)
    except json.JSONDecodeError:
        raise ServiceUnavailableError(
            "Le correcteur hors ligne Grammalecte a renvoyé une réponse illisible."
        ) from None
    constats: list[Constat] = []
    for paragraphe in rapport.get("data", []):
        indice = int(paragraphe.get("iParagraph", 0)) - 1
        if 0 <= indice < len(segments):
            constats.extend(_constats_paragraphe(paragraphe, indice, segments[indice]))
    return constats


async def _executer(arguments: list[str], timeout: float) -> str:
    processus = await asyncio.create_subprocess_exec(
        *arguments, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    try:
        stdout, stderr = await asyncio.wait_for(processus.communicate(), timeout)
    except TimeoutError:
        processus.kill()
        await processus.wait()
        raise ServiceUnavailableError(
            f"Le correcteur hors ligne Grammalecte n'a pas répondu en {timeout:g} s."
        ) from None
    if processus.returncode != 0:
        detail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        raise ServiceUnavailableError(
            f"Le correcteur hors ligne Grammalecte a échoué : {detail[0][:200]}"
        )
    return stdout.decode("utf-8", "replace")


# --- AI checker ----------------------------------------------------------------------------


class CorrectionIA(BaseModel):
    segment: int = Field(ge=0, description="numéro du texte corrigé")
    original: str = Field(min_length=1, max_length=500, description="fragment exact du texte")
    corrige: str = Field(max_length=500)
    type: Literal["orthographe", "grammaire", "typographie", "terminologie"]
    explication: str = Field(default="", max_length=300)


class CorrectionsIA(BaseModel):
    corrections: list[CorrectionIA] = Field(default_factory=list, max_length=200)


INSTRUCTIONS = f"""Tu es correcteur professionnel de textes en français (fiches métiers).
Relève les fautes d'orthographe, de grammaire et de typographie française des textes fournis
(liste numérotée). Pour chaque faute, donne le numéro du texte, le fragment EXACT tel qu'il
apparaît (« original »), sa correction (« corrige »), le type et une courte explication.
Ne réécris pas le style, ne change pas le sens, ne corrige pas ce qui est juste ; s'il n'y a
aucune faute, renvoie une liste vide.
{CONSIGNE_DONNEES}"""


async def verifier_ia(llm: Llm, segments: list[str]) -> tuple[list[Constat], LlmResult[Any]]:
    """Ask the model for corrections; a correction whose fragment is absent is dropped."""
    textes = json.dumps(dict(enumerate(segments)), ensure_ascii=False, indent=1)
    resultat = await llm.run(
        output_type=CorrectionsIA,
        instructions=INSTRUCTIONS,
        prompt="Textes à corriger :\n" + donnees("textes", textes),
    )
    constats = [
        Constat(
            segment=c.segment,
            avant=c.original,
            apres=c.corrige,
            type=c.type,
            message=c.explication,
            source="ia",
        )
        for c in resultat.output.corrections
        if c.segment < len(segments) and c.original in segments[c.segment]
    ]
    return constats, resultat
