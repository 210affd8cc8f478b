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

A validated fiche whose content changes goes back to review (four eyes) with an event named
after the cause of the change, so that each one carries the type that tells the truth: a
person's edit (``fiche.relecture_requise``, ``modification_humaine``), an AI write
(``….ia``, ``modification``, the reference's "Enrichissement IA"), a referential change
applied by a watch (``….veille``, ``veille_metiers``) or another automatic write
(``….systeme``, ``modification``).
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

RELECTURE_REQUISE = "fiche.relecture_requise"
# What caused the return to review: the writer's kind (humain, ia, systeme), or ``veille``
# when a watch applied a change of the referential or of the labour market.
CAUSES_RELECTURE = ("humain", "ia", "systeme", "veille")


def evenement_relecture(cause: str) -> str:
    """The event name of a return to review caused by ``cause`` (one of CAUSES_RELECTURE)."""
    if cause not in CAUSES_RELECTURE:
        raise ValueError(f"unknown cause of a return to review: {cause!r}")
    return RELECTURE_REQUISE if cause == "humain" else f"{RELECTURE_REQUISE}.{cause}"


# Exact dotted names first, then families (the part before the dot).
_PAR_NOM = {
    "fiche.creee": "creation",
    "rome.import": "creation",
    "variantes.generees": "creation",
    "fiche.modifiee": "modification_humaine",
    "fiche.soumise": "modification_humaine",  # the reference's PATCH ``statut``
    "fiche.restauree": "modification_humaine",
    RELECTURE_REQUISE: "modification_humaine",
    f"{RELECTURE_REQUISE}.ia": "modification",
    f"{RELECTURE_REQUISE}.systeme": "modification",
    f"{RELECTURE_REQUISE}.veille": "veille_metiers",
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
