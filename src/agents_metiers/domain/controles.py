"""Automatic checks ("contrôles automatiques", PRODUCT.md §6.2) — pure, no AI.

``controler(fiche, referentiel=...)`` runs every check over a fiche's content and returns a
``RapportControles``: the completeness score (§15 weights) and a list of ``Constat`` (severity,
field, message). They run with or without an AI provider and are reported apart from the AI
report. ``referentiel`` maps a competence field to the codes OGR the ROME referential links to
the fiche (``None`` for a fiche that is not in the referential).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

from agents_metiers.domain.completude import WEIGHTS, score_completude
from agents_metiers.domain.diff import libelle

Fiche = Mapping[str, Any]

ERREUR, AVERTISSEMENT, INFO = "erreur", "avertissement", "info"
NIVEAUX = ("junior", "confirme", "senior")
# Levels as messages write them (« confirmé »); pages name them through rendering.libelles.
_ACCENTS = {"confirme": "confirmé"}
SALAIRE_MIN, SALAIRE_MAX = 15_000, 300_000  # gross annual €, full time
MOTS_PAR_PHRASE_MAX = 35
DESCRIPTION_COURTE_MAX = 200
CHAMPS_TEXTE = ("description", "description_courte", "acces_metier")
CHAMPS_LISTES_TEXTE = ("missions_principales", "traits_personnalite", "formations")
COMPETENCES = ("competences", "competences_transversales", "savoirs")

_PHRASE = re.compile(r"(?<=[.!?…])\s+")
# A double punctuation mark preceded by a letter/closing sign with no space or a normal space.
_PONCTUATION = re.compile(r"(?<=[\w»)])( ?)([;:!?])(?=\s|$)")
_GUILLEMETS = re.compile(r"\"[^\"]+\"")
_GUILLEMET_OUVRANT = re.compile(r"«(?![\u00a0\u202f])")
_GUILLEMET_FERMANT = re.compile(r"(?<![\u00a0\u202f])»")


@dataclass(frozen=True)
class Constat:
    controle: str  # completude | rome | lisibilite | salaires | marche | url | typographie
    severite: str  # erreur | avertissement | info
    champ: str
    message: str


@dataclass(frozen=True)
class RapportControles:
    score_completude: int
    constats: list[Constat] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        compte = {
            s: sum(1 for c in self.constats if c.severite == s)
            for s in (ERREUR, AVERTISSEMENT, INFO)
        }
        return {
            "score_completude": self.score_completude,
            "erreurs": compte[ERREUR],
            "avertissements": compte[AVERTISSEMENT],
            "infos": compte[INFO],
            "constats": [asdict(c) for c in self.constats],
        }


def controler(fiche: Fiche, *, referentiel: Mapping[str, set[str]] | None) -> RapportControles:
    """Every automatic check of ``fiche``."""
    constats = [
        *completude(fiche),
        *coherence_rome(fiche, referentiel),
        *lisibilite(fiche),
        *salaires(fiche),
        *marche(fiche),
        *urls(fiche),
        *typographie(fiche),
    ]
    return RapportControles(score_completude=score_completude(fiche), constats=constats)


def completude(fiche: Fiche) -> Iterator[Constat]:
    for nom, poids, present in WEIGHTS:
        if not present(fiche):
            severite = AVERTISSEMENT if poids >= 8 else INFO
            yield Constat(
                "completude",
                severite,
                nom,
                f"Champ manquant ou vide ({poids} points de complétude).",
            )


def _code(item: Any) -> str | None:
    if isinstance(item, dict) and item.get("code_ogr"):
        return str(item["code_ogr"])
    return None


def coherence_rome(fiche: Fiche, referentiel: Mapping[str, set[str]] | None) -> Iterator[Constat]:
    """Competences must be the ones the referential links to this fiche."""
    if referentiel is None:
        yield Constat(
            "rome",
            INFO,
            "competences",
            "Fiche absente du référentiel ROME : cohérence non vérifiée.",
        )
        return
    for champ in COMPETENCES:
        permis = referentiel.get(champ, set())
        for item in fiche.get(champ) or []:
            code = _code(item)
            if code is None:
                yield Constat(
                    "rome",
                    AVERTISSEMENT,
                    champ,
                    f"« {libelle(item)} » ne vient pas du référentiel ROME (pas de code OGR).",
                )
            elif code not in permis:
                yield Constat(
                    "rome",
                    ERREUR,
                    champ,
                    f"« {libelle(item)} » (code OGR {code}) n'est pas rattaché à ce métier "
                    "dans le référentiel ROME.",
                )


def _textes(fiche: Fiche) -> Iterator[tuple[str, str]]:
    for champ in CHAMPS_TEXTE:
        if isinstance(fiche.get(champ), str) and fiche[champ].strip():
            yield champ, fiche[champ]
    for champ in CHAMPS_LISTES_TEXTE:
        for item in fiche.get(champ) or []:
            texte = libelle(item)
            if texte.strip():
                yield champ, texte


def lisibilite(fiche: Fiche) -> Iterator[Constat]:
    courte = fiche.get("description_courte") or ""
    if len(courte) > DESCRIPTION_COURTE_MAX:
        yield Constat(
            "lisibilite",
            ERREUR,
            "description_courte",
            f"{len(courte)} caractères : la description courte en compte "
            f"{DESCRIPTION_COURTE_MAX} au plus.",
        )
    for champ, texte in _textes(fiche):
        for phrase in _PHRASE.split(texte):
            mots = len(phrase.split())
            if mots > MOTS_PAR_PHRASE_MAX:
                debut = " ".join(phrase.split()[:6])
                yield Constat(
                    "lisibilite",
                    AVERTISSEMENT,
                    champ,
                    f"Phrase de {mots} mots (plus de {MOTS_PAR_PHRASE_MAX}) : « {debut}… ».",
                )


def _nombre(valeur: Any) -> float | None:
    return (
        float(valeur) if isinstance(valeur, int | float) and not isinstance(valeur, bool) else None
    )


def _niveau(code: str, niveau: Mapping[str, Any]) -> Iterator[Constat]:
    nom = _ACCENTS.get(code, code)
    bornes = [_nombre(niveau.get(k)) for k in ("min", "median", "max")]
    connues = [b for b in bornes if b is not None]
    if connues != sorted(connues):
        yield Constat("salaires", ERREUR, "salaires", f"Niveau {nom} : il faut min ≤ médian ≤ max.")
    for valeur in connues:
        if not SALAIRE_MIN <= valeur <= SALAIRE_MAX:
            yield Constat(
                "salaires",
                ERREUR,
                "salaires",
                f"Niveau {nom} : {valeur:,.0f} € brut annuel est hors de la plage plausible "
                f"({SALAIRE_MIN:,} – {SALAIRE_MAX:,} €).".replace(",", "\u202f"),
            )


def salaires(fiche: Fiche) -> Iterator[Constat]:
    donnees = fiche.get("salaires") or {}
    if not isinstance(donnees, Mapping):
        return
    medianes: list[tuple[str, float]] = []
    for nom in NIVEAUX:
        niveau = donnees.get(nom)
        if isinstance(niveau, Mapping):
            yield from _niveau(nom, niveau)
            mediane = _nombre(niveau.get("median"))
            if mediane is not None:
                medianes.append((nom, mediane))
    valeurs = [m for _, m in medianes]
    if valeurs != sorted(valeurs):
        ordre = ", ".join(
            f"{_ACCENTS.get(nom, nom)} {m:,.0f}".replace(",", "\u202f") for nom, m in medianes
        )
        yield Constat(
            "salaires",
            ERREUR,
            "salaires",
            "Les médianes doivent croître avec l'expérience (junior ≤ confirmé ≤ senior) : "
            f"{ordre}.",
        )


def marche(fiche: Fiche) -> Iterator[Constat]:
    """Market figures are fractions 0–1 everywhere (§3)."""
    contrats = fiche.get("types_contrats") or {}
    parts = [_nombre(v) for v in contrats.values()] if isinstance(contrats, Mapping) else []
    if any(p is not None and not 0 <= p <= 1 for p in parts):
        yield Constat(
            "marche", ERREUR, "types_contrats", "Les parts de contrats doivent être entre 0 et 1."
        )
    elif parts and all(p is not None for p in parts) and abs(sum(p or 0 for p in parts) - 1) > 0.05:
        yield Constat(
            "marche",
            AVERTISSEMENT,
            "types_contrats",
            "Les parts de contrats ne totalisent pas 100 %.",
        )
    tension = _nombre((fiche.get("perspectives") or {}).get("tension"))
    if tension is not None and not 0 <= tension <= 1:
        yield Constat("marche", ERREUR, "perspectives", "La tension doit être entre 0 et 1.")


def urls(fiche: Fiche) -> Iterator[Constat]:
    for site in fiche.get("sites_utiles") or []:
        url = str(site.get("url") or "") if isinstance(site, Mapping) else str(site)
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or "." not in parts.netloc or " " in url.strip():
            yield Constat("url", ERREUR, "sites_utiles", f"Adresse invalide : « {url} ».")
        elif parts.scheme == "http":
            yield Constat("url", INFO, "sites_utiles", f"Adresse non sécurisée (http) : « {url} ».")


def typographie(fiche: Fiche) -> Iterator[Constat]:
    """French typography: non-breaking space before ; : ! ?, « » quotes with inner spaces."""
    for champ, texte in _textes(fiche):
        sans_urls = re.sub(r"\w+://\S+", "", texte)
        if _PONCTUATION.search(sans_urls):
            yield Constat(
                "typographie",
                INFO,
                champ,
                "Espace insécable attendue avant ; : ! ? (règle typographique française).",
            )
        if _GUILLEMETS.search(sans_urls):
            yield Constat("typographie", INFO, champ, "Guillemets droits : utilisez « … ».")
        if _GUILLEMET_OUVRANT.search(sans_urls) or _GUILLEMET_FERMANT.search(sans_urls):
            yield Constat(
                "typographie",
                INFO,
                champ,
                "Espace insécable attendue à l'intérieur des guillemets « ».",
            )
