"""What the AI agents see of a fiche, and how their output is merged into it (pure helpers).

Rules (PRODUCT.md §2, §6.1):
- the agents see the ROME facts as labels, the market figures only when a source gave them,
  and the current narrative content;
- the Rédacteur writes only ``NARRATIFS`` (plus career evolutions and, where no salary data
  exists, a salary estimate labelled ``estimation_ia``); a field an editor wrote
  (provenance ``humain``) and the ROME employment statuses are kept;
- an empty answer never erases content, and invalid web addresses are dropped;
- every field written is stamped ``{"source": "ia", "modele", "date", "auteur"}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel

from agents_metiers.agents.redacteur import Complement, Redaction
from agents_metiers.domain.diff import libelle
from agents_metiers.domain.fiche import Source

NARRATIFS = (
    "description",
    "description_courte",
    "missions_principales",
    "traits_personnalite",
    "aptitudes",
    "formations",
    "certifications",
    "sites_utiles",
    "statuts_professionnels",
)
CORRIGIBLES = (*NARRATIFS[:-1], "acces_metier")
_LISTES_FAITS = (
    "competences",
    "competences_transversales",
    "savoirs",
    "conditions_travail",
    "environnements",
    "statuts_professionnels",
)
MARCHE = ("salaires", "types_contrats", "perspectives")
ESTIMATION_IA = "estimation_ia"
TEXTE_MAX = 4000


def _source(provenance: Mapping[str, Any], champ: str) -> str | None:
    source = (provenance.get(champ) or {}).get("source")
    return str(source) if source else None


def faits_rome(contenu: Mapping[str, Any]) -> dict[str, Any]:
    """The referential facts of a fiche, compact (labels), for the prompts."""
    faits: dict[str, Any] = {
        cle: contenu.get(cle)
        for cle in ("code_rome", "nom_masculin", "nom_feminin", "niveau_formation")
    }
    faits["domaine_professionnel"] = contenu.get("domaine_professionnel")
    faits["acces_metier"] = (contenu.get("acces_metier") or "")[:TEXTE_MAX]
    for champ in _LISTES_FAITS:
        faits[champ] = [libelle(item) for item in contenu.get(champ) or []][:40]
    faits["appellations"] = [libelle(a) for a in contenu.get("appellations") or []][:20]
    faits["secteurs_activite"] = [libelle(s) for s in contenu.get("secteurs_activite") or []]
    mobilite = contenu.get("mobilite") or {}
    faits["metiers_proches"] = [libelle(m) for m in mobilite.get("metiers_proches") or []]
    return faits


def est_estimation(valeur: Any) -> bool:
    return isinstance(valeur, Mapping) and valeur.get("source") == ESTIMATION_IA


def donnees_marche(contenu: Mapping[str, Any]) -> dict[str, Any]:
    """Market figures a source gave (never an earlier AI estimate)."""
    return {
        champ: contenu[champ]
        for champ in MARCHE
        if contenu.get(champ) and not est_estimation(contenu.get(champ))
    }


def contenu_narratif(contenu: Mapping[str, Any]) -> dict[str, Any]:
    return {champ: contenu.get(champ) for champ in (*NARRATIFS, "acces_metier")}


def url_valide(url: str) -> bool:
    parts = urlsplit(url.strip())
    return parts.scheme in ("http", "https") and "." in parts.netloc and " " not in url.strip()


def _json(valeur: Any) -> Any:
    if isinstance(valeur, BaseModel):
        return valeur.model_dump(mode="json")
    if isinstance(valeur, list):
        return [_json(v) for v in valeur]
    return valeur


def _propre(champ: str, valeur: Any) -> Any:
    valeur = _json(valeur)
    if champ == "sites_utiles" and isinstance(valeur, list):
        vus: set[str] = set()
        sites = []
        for site in valeur:
            url = site.get("url", "").strip()
            if url_valide(url) and url not in vus:
                vus.add(url)
                sites.append({**site, "url": url})
        return sites
    if isinstance(valeur, str):
        return valeur.strip()
    return valeur


class Fusion:
    """The changes to apply to one fiche, with their provenance stamps."""

    def __init__(
        self, contenu: Mapping[str, Any], provenance: Mapping[str, Any], stamp: dict[str, Any]
    ) -> None:
        self.contenu = contenu
        self.provenance = provenance
        self.stamp = stamp
        self.champs: dict[str, Any] = {}
        self.stamps: dict[str, dict[str, Any]] = {}
        self.conserves: list[str] = []

    def actuel(self, champ: str) -> Any:
        return self.champs.get(champ, self.contenu.get(champ))

    def ecrire(self, champ: str, valeur: Any, *, proteger_humain: bool = True) -> None:
        valeur = _propre(champ, valeur)
        if valeur in (None, "", [], {}):
            return  # an empty answer never erases content
        humain = _source(self.provenance, champ) == Source.HUMAIN.value
        if proteger_humain and humain and self.contenu.get(champ):
            self.conserves.append(champ)
            return
        if champ == "statuts_professionnels" and self.contenu.get(champ):
            return  # ROME facts (or an editor's list) stay
        if valeur != self.contenu.get(champ):
            self.champs[champ] = valeur
            self.stamps[champ] = dict(self.stamp)

    def redaction(self, sortie: Redaction, *, estimer_salaires: bool) -> None:
        for champ in NARRATIFS:
            self.ecrire(champ, getattr(sortie, champ))
        self._evolutions(sortie)
        if estimer_salaires and sortie.salaires_estimes is not None:
            self.champs["salaires"] = {
                **sortie.salaires_estimes.model_dump(mode="json"),
                "source": ESTIMATION_IA,
                "modele": self.stamp["modele"],
                "date_maj": self.stamp["date"],
            }
            self.stamps["salaires"] = {**self.stamp, "estimation": True}

    def _evolutions(self, sortie: Redaction) -> None:
        mobilite = dict(self.contenu.get("mobilite") or {})
        existantes = mobilite.get("evolutions") or []
        if not sortie.evolutions or any(e.get("source") != Source.IA.value for e in existantes):
            return  # evolutions from the referential or an editor stay
        mobilite["evolutions"] = [
            {**e.model_dump(mode="json"), "source": Source.IA.value} for e in sortie.evolutions
        ]
        mobilite.setdefault("metiers_proches", [])
        if mobilite != self.contenu.get("mobilite"):
            self.champs["mobilite"] = mobilite
            self.stamps["mobilite.evolutions"] = dict(self.stamp)

    def manquants(self, critiques: tuple[str, ...]) -> list[str]:
        return [champ for champ in critiques if not self.actuel(champ)]

    def complement(self, sortie: Complement, manquants: list[str]) -> None:
        for champ in manquants:
            self.ecrire(champ, getattr(sortie, champ))


def peut_estimer_salaires(contenu: Mapping[str, Any]) -> bool:
    """An AI salary estimate only where no data exists (or replacing an earlier estimate)."""
    salaires = contenu.get("salaires")
    return not salaires or est_estimation(salaires)


def stamp_ia(modele: str, auteur: str, jour: date) -> dict[str, Any]:
    return {"source": Source.IA.value, "modele": modele, "date": jour.isoformat(), "auteur": auteur}
