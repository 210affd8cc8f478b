"""Which fields of a fiche a change of the referential may rewrite (pure).

The rule of the sync (docs/veille.md, « Ce que la synchronisation touche ») is per field and
rests on provenance (``fiches.provenance``, PRODUCT.md §2.2):

- a ROME field whose value still comes from the referential (provenance ``rome`` or none)
  takes the detected version's value;
- a ROME field a person (``humain``) or the AI (``ia``) wrote is never overwritten by the
  sync: when the referential changed it too (its stored and detected values differ), it is a
  **conflict**, left to a reviewer; when the referential did not change it, the editorial
  value simply stands;
- every other field (formations, salaires, variants…) is not the referential's: never touched.

A meaning change (the code now names another job) is never planned by the sync; when a
reviewer applies it, ``marquer_ancien_metier`` flags the texts written for the previous job.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from agents_metiers.domain.fiche import Source
from agents_metiers.rome.fiche_builder import IDENTITY_FIELDS, ROME_FIELDS

# Key of the provenance stamp that flags a text written for the job a code named before a
# meaning change (cleared when the field is written again: every writer replaces the stamp).
ANCIEN_METIER = "ancien_metier"
_EDITORIALES = frozenset({Source.HUMAIN.value, Source.IA.value})


@dataclass(frozen=True)
class PlanFusion:
    """What applying the detected fiche does: fields written, fields left in conflict."""

    appliques: dict[str, Any] = field(default_factory=dict)
    conflits: list[str] = field(default_factory=list)


def source_de(provenance: Mapping[str, Any], champ: str) -> str | None:
    stamp = provenance.get(champ)
    return stamp.get("source") if isinstance(stamp, Mapping) else None


def est_rome(provenance: Mapping[str, Any], champ: str) -> bool:
    """Whether ``champ`` still holds the referential's value (no person or AI wrote it)."""
    return source_de(provenance, champ) in (None, Source.ROME.value)


def planifier(
    actuel: Mapping[str, Any],
    provenance: Mapping[str, Any],
    ancien: Mapping[str, Any] | None,
    nouveau: Mapping[str, Any],
) -> PlanFusion:
    """The plan for one fiche: ``actuel`` its values, ``ancien`` the fiche the stored
    referential builds (None when unknown: every edited field that differs is a conflict),
    ``nouveau`` the fiche the detected referential builds."""
    plan = PlanFusion()
    for champ in ROME_FIELDS:
        valeur = nouveau.get(champ)
        if actuel.get(champ) == valeur:
            continue
        if est_rome(provenance, champ):
            plan.appliques[champ] = valeur
        elif ancien is None or ancien.get(champ) != valeur:
            plan.conflits.append(champ)
    return plan


def identite(nouveau: Mapping[str, Any]) -> dict[str, Any]:
    """The identity fields of the detected fiche (code OGR, version, parent code)."""
    return {champ: nouveau.get(champ) for champ in IDENTITY_FIELDS}


def stamp_rome(version: int, jour: date) -> dict[str, Any]:
    """The provenance stamp of a field written from the referential (as the import does)."""
    return {"source": Source.ROME.value, "version": version, "date": jour.isoformat()}


def marquer_ancien_metier(
    provenance: Mapping[str, Any], marque: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """Flag every field a person or the AI wrote as written for the previous job.

    Returns the new provenance and the flagged fields (sorted)."""
    nouvelle = dict(provenance)
    marques = []
    for champ, stamp in provenance.items():
        if isinstance(stamp, Mapping) and stamp.get("source") in _EDITORIALES:
            nouvelle[champ] = {**stamp, ANCIEN_METIER: dict(marque)}
            marques.append(champ)
    return nouvelle, sorted(marques)


def champs_ancien_metier(provenance: Mapping[str, Any]) -> list[str]:
    """The fields still flagged as written for the previous job."""
    return sorted(
        champ
        for champ, stamp in provenance.items()
        if isinstance(stamp, Mapping) and stamp.get(ANCIEN_METIER)
    )
