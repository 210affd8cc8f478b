"""Audit event names and the reference implementation's vocabulary (``type_evenement``).

Our events have dotted names (``fiche.publiee``); the reference front-end knows thirteen types
(``creation``, ``modification``, ``modification_humaine``, ``correction``, ``validation``,
``validation_ia``, ``validation_humaine``, ``publication``, ``suppression``, ``archivage``,
``veille_salaires``, ``veille_metiers``, ``enrichissement``). The API sends the reference type
in ``type_evenement`` and the dotted name in ``evenement``; filters accept either.

That front-end labels ``modification`` "Enrichissement IA" (the reference wrote it for AI
writes) and counts only ``creation``, ``modification_humaine``, ``validation_humaine``,
``publication`` and ``suppression`` as human. So a person's own actions without a closer type
(submitting a fiche, logging in or out, managing accounts) are ``modification_humaine``, never
shown as an AI enrichment; ``modification`` is left to jobs and automatic status changes.
"""

from __future__ import annotations

TYPES_REFERENCE = (
    "creation",
    "modification",
    "modification_humaine",
    "correction",
    "validation",
    "validation_ia",
    "validation_humaine",
    "publication",
    "suppression",
    "archivage",
    "veille_salaires",
    "veille_metiers",
    "enrichissement",
)

# Exact dotted names first, then families (the part before the dot).
_PAR_NOM = {
    "fiche.creee": "creation",
    "rome.import": "creation",
    "variantes.generees": "creation",
    "fiche.modifiee": "modification_humaine",
    "fiche.soumise": "modification_humaine",  # the reference's PATCH ``statut``
    "fiche.restauree": "modification_humaine",
    "fiche.auto_corrigee": "correction",
    "langue.corrigee": "correction",
    "langue.verifiee": "validation",
    "fiche.enrichie": "enrichissement",
    "fiche.validation_ia": "validation_ia",
    "fiche.validee": "validation_humaine",
    "fiche.rejetee": "validation_humaine",
    "fiche.modifications_demandees": "validation_humaine",
    "variante.relue": "validation_humaine",
    "variante.rejetee": "validation_humaine",
    "fiche.publiee": "publication",
    "fiche.depubliee": "archivage",
    "fiche.supprimee": "suppression",
    "variante.supprimee": "suppression",
    "veille.marche": "veille_metiers",
    "veille.salaires": "veille_salaires",
}
_PAR_FAMILLE = {
    "veille": "veille_metiers",
    "rome": "veille_metiers",
    "auth": "modification_humaine",
    "user": "modification_humaine",
}


def type_reference(evenement: str) -> str:
    """The reference type of a dotted event name (``modification`` when none is closer)."""
    if evenement in _PAR_NOM:
        return _PAR_NOM[evenement]
    return _PAR_FAMILLE.get(evenement.split(".", 1)[0], "modification")


def filtre_evenements(valeur: str, connus: set[str]) -> list[str]:
    """What a ``type_evenement`` filter matches: a reference type becomes the dotted names
    (among ``connus``, the names present in the log) that it covers; anything else is kept as
    a dotted name or a family."""
    if valeur not in TYPES_REFERENCE:
        return [valeur]
    return sorted(nom for nom in connus if type_reference(nom) == valeur)
