"""Correcteur de langue (PRODUCT.md §6.4): check, then propose or apply, the corrections of a
fiche's editorial texts.

- Texts checked: description, description courte, accès, missions, formations,
  certifications, conditions, environnements, traits, statuts — except those still stamped
  ``rome``: the referential's wording is official (§2.1) and is not rewritten.
- Checkers: French typography (always, deterministic); spelling and grammar by Grammalecte
  when installed (``moteur`` ``auto`` or ``hors_ligne``), else by the AI when configured
  (``auto`` or ``ia``). With neither, only typography runs and the answer says that
  spelling and grammar were not checked.
- Result: every correction with before/after. By default it is only a **proposal** (nothing
  changes); with ``appliquer: true`` the applicable corrections become one new revision of
  the working copy (status unchanged), written in one short transaction that refuses a fiche
  changed meanwhile. Unknown words are listed "à vérifier", never replaced automatically.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agents_metiers.agents import langue as agent
from agents_metiers.agents.langue import Constat
from agents_metiers.domain.diff import libelle
from agents_metiers.domain.permissions import Permission
from agents_metiers.domain.typographie import corriger_typographie
from agents_metiers.errors import ConflictError, InvalidInputError, ServiceUnavailableError
from agents_metiers.rendering.nombres import accord, pluriel
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.audit import record_event
from agents_metiers.services.fiches.ecriture import ecrire_fiche
from agents_metiers.services.fiches.edition import appliquer_champs
from agents_metiers.services.fiches.lecture import get_row
from agents_metiers.services.indisponible import IA
from agents_metiers.services.runtime import Runtime

CHAMPS = (
    "description",
    "description_courte",
    "acces_metier",
    "missions_principales",
    "formations",
    "certifications",
    "conditions_travail",
    "environnements",
    "traits_personnalite",
    "statuts_professionnels",
)


class LangueParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    appliquer: bool = False
    moteur: Literal["auto", "hors_ligne", "ia"] = "auto"
    version: int | None = Field(default=None, ge=1, le=2**31 - 1)


@dataclass(frozen=True)
class Segment:
    champ: str
    index: int | None
    texte: str


def segments(contenu: dict[str, Any]) -> list[Segment]:
    """The texts to check, in field order (ROME-stamped fields left out)."""
    provenance = contenu.get("provenance") or {}
    resultat = []
    for champ in CHAMPS:
        if (provenance.get(champ) or {}).get("source") == "rome":
            continue
        valeur = contenu.get(champ)
        if isinstance(valeur, str) and valeur.strip():
            resultat.append(Segment(champ, None, valeur))
        elif isinstance(valeur, list):
            resultat += [Segment(champ, i, libelle(v)) for i, v in enumerate(valeur) if v]
    return resultat


def _appliquer_constats(texte: str, constats: list[Constat]) -> str:
    """Apply the replacements (offsets first, from the end; then fragments)."""
    positions = sorted(
        (c for c in constats if c.apres is not None and c.debut is not None and c.fin is not None),
        key=lambda c: c.debut or 0,
        reverse=True,
    )
    for c in positions:
        assert c.debut is not None and c.fin is not None and c.apres is not None
        if texte[c.debut : c.fin] == c.avant:
            texte = texte[: c.debut] + c.apres + texte[c.fin :]
    for c in constats:
        if c.apres is not None and c.debut is None:
            texte = texte.replace(c.avant, c.apres, 1)
    return texte


def _ligne(seg: Segment, **valeurs: Any) -> dict[str, Any]:
    return {"champ": seg.champ, "index": seg.index, **valeurs}


@dataclass
class Verification:
    corrections: list[dict[str, Any]]
    textes: list[str]
    moteur: str
    cout: dict[str, Any] | None


async def _constats(
    runtime: Runtime, params: LangueParams, textes: list[str]
) -> tuple[list[Constat], str, dict[str, Any] | None]:
    settings = runtime.settings
    hors_ligne = agent.grammalecte(settings.grammalecte_cli) is not None
    if params.moteur == "hors_ligne" or (params.moteur == "auto" and hors_ligne):
        constats = await agent.verifier_hors_ligne(
            textes,
            commande=settings.grammalecte_cli,
            timeout=settings.grammalecte_timeout_seconds,
        )
        return constats, "grammalecte", None
    if runtime.llm is not None:
        constats, resultat = await agent.verifier_ia(runtime.llm, textes)
        return constats, "ia", resultat.cout()
    if params.moteur == "ia":
        raise ServiceUnavailableError(IA)
    return [], "typographie", None


async def verifier(runtime: Runtime, segs: list[Segment], params: LangueParams) -> Verification:
    constats, moteur, cout = await _constats(runtime, params, [s.texte for s in segs])
    corrections: list[dict[str, Any]] = []
    textes = []
    for i, seg in enumerate(segs):
        siens = [c for c in constats if c.segment == i]
        corrections += [
            _ligne(
                seg,
                type=c.type,
                source=c.source,
                message=c.message,
                avant=c.avant,
                apres=c.apres,
                applicable=c.apres is not None,
            )
            for c in siens
        ]
        texte, typo = corriger_typographie(_appliquer_constats(seg.texte, siens))
        corrections += [
            _ligne(
                seg,
                type="typographie",
                source="typographie",
                message=t.regle,
                avant=t.avant,
                apres=t.apres,
                applicable=True,
            )
            for t in typo
        ]
        textes.append(texte)
    return Verification(corrections=corrections, textes=textes, moteur=moteur, cout=cout)


def _lire_params(params: dict[str, Any]) -> LangueParams:
    try:
        return LangueParams.model_validate(params or {})
    except ValidationError:
        raise InvalidInputError(
            "Paramètres du correcteur invalides : « appliquer » (vrai/faux), « moteur » "
            "(auto, hors_ligne ou ia), « version »."
        ) from None


def _nouvelles_valeurs(
    contenu: dict[str, Any], segs: list[Segment], textes: list[str]
) -> dict[str, Any]:
    champs: dict[str, Any] = {}
    for seg, texte in zip(segs, textes, strict=True):
        if texte == seg.texte:
            continue
        if seg.index is None:
            champs[seg.champ] = texte
            continue
        items = champs.setdefault(seg.champ, [*contenu[seg.champ]])
        item = items[seg.index]
        items[seg.index] = {**item, "libelle": texte} if isinstance(item, dict) else texte
    return champs


async def corriger_langue(
    runtime: Runtime, code: str, auteur: Auteur, params: dict[str, Any]
) -> dict[str, Any]:
    """Check fiche ``code``; propose the corrections, or apply them when asked (jobs contract)."""
    options = _lire_params(params)
    auteur.exiger(Permission.MODIFIER if options.appliquer else Permission.LIRE_BROUILLONS)
    with runtime.sessions() as session:
        row = get_row(session, code)
        code, version = row.code_rome, row.version
        contenu = {c: getattr(row, c) for c in (*CHAMPS, "provenance")}
    if options.version is not None and options.version != version:
        raise ConflictError(f"La fiche {code} est en version {version}, pas {options.version}.")
    segs = segments(contenu)
    resultat = await verifier(runtime, segs, options)
    champs = _nouvelles_valeurs(contenu, segs, resultat.textes)
    modifies: list[str] = []
    if (options.appliquer and champs) or resultat.cout:
        modifies = _ecrire(
            runtime,
            code=code,
            version=version,
            auteur=auteur,
            options=options,
            champs=champs,
            resultat=resultat,
        )
    return {
        "code_rome": code,
        "moteur": resultat.moteur,
        "orthographe_verifiee": resultat.moteur != "typographie",
        "message": _message(resultat.moteur),
        "corrections": resultat.corrections,
        "appliquee": bool(modifies),
        "champs_modifies": modifies,
        "cout": resultat.cout,
    }


def _message(moteur: str) -> str:
    if moteur == "typographie":
        return (
            "Orthographe et grammaire non vérifiées : ni Grammalecte ni fournisseur d'IA ne sont "
            "disponibles. Seules les règles typographiques ont été appliquées."
        )
    return f"Textes vérifiés ({'Grammalecte' if moteur == 'grammalecte' else 'IA'} et typographie)."


def _appliquees(corrections: int, champs: list[str]) -> str:
    """« , appliquées aux champs a, b. » agreeing with the counts of corrections and fields."""
    appliquees = pluriel(corrections, "appliquée", "appliquées")
    aux_champs = pluriel(len(champs), "au champ", "aux champs")
    return f", {appliquees} {aux_champs} {', '.join(champs)}."


def _ecrire(
    runtime: Runtime,
    *,
    code: str,
    version: int,
    auteur: Auteur,
    options: LangueParams,
    champs: dict[str, Any],
    resultat: Verification,
) -> list[str]:
    conflit = (
        f"La fiche {code} a été modifiée pendant la correction (version {version} → "
        "{version}) : relancez le correcteur."
    )
    with (
        runtime.sessions() as session,
        ecrire_fiche(session, code, version=version, conflit=conflit) as ecriture,
    ):
        modifies: list[str] = []
        if options.appliquer and champs:
            modifies = appliquer_champs(ecriture, champs, auteur, "Correction de langue")
        record_event(
            session,
            type_evenement="langue.corrigee" if modifies else "langue.verifiee",
            **auteur.signature(),
            code_rome=code,
            description=(
                f"Correcteur de langue ({resultat.moteur}) sur la fiche {code} : "
                + accord(len(resultat.corrections), "correction relevée", "corrections relevées")
                + (_appliquees(len(resultat.corrections), modifies) if modifies else ".")
            ),
            donnees_apres={"champs": modifies, "nb_corrections": len(resultat.corrections)},
            cout=resultat.cout,
        )
    return modifies
