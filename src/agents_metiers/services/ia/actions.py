"""AI use cases (PRODUCT.md §6.1–6.3): enrich, validate, auto-correct one fiche.

``enrichir``, ``valider`` and ``auto_corriger`` follow the jobs contract
``async f(runtime, code, auteur, params) -> dict``: they read the fiche, call the model OUTSIDE
any transaction, then write in one short transaction that checks the fiche still has the
version they read (``ConflictError`` otherwise). Without a provider (``runtime.llm is None``)
or when the call fails, they raise ``ServiceUnavailableError`` and change nothing: no content,
no score, no status. Every call is counted in ``ia_usages`` (daily budget) and the audit event
of a successful action carries the model, tokens and cost.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, time
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agents_metiers.agents import correcteur, redacteur, validateur
from agents_metiers.agents.llm import Llm, LlmResult
from agents_metiers.domain.controles import controler
from agents_metiers.domain.permissions import Permission
from agents_metiers.domain.workflow import Action, refus
from agents_metiers.errors import (
    AgentsMetiersError,
    BadRequestError,
    ConflictError,
    InvalidInputError,
    ServiceUnavailableError,
)
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.audit import record_event
from agents_metiers.services.fiches.ecriture import (
    EcritureFiche,
    ecrire_fiche,
    nouvelle_revision,
)
from agents_metiers.services.fiches.lecture import get_row
from agents_metiers.services.fiches.workflow import appliquer_transition, etat
from agents_metiers.services.ia.fusion import (
    CORRIGIBLES,
    Fusion,
    contenu_narratif,
    donnees_marche,
    faits_rome,
    peut_estimer_salaires,
    stamp_ia,
)
from agents_metiers.services.ia.validation import verifier_sortie_ia
from agents_metiers.services.indisponible import IA
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.fiches import snapshot
from agents_metiers.storage.search import reindex_fiches
from agents_metiers.storage.tables import FicheRow, IaUsageRow, RomeLienRow, ValidationReportRow

T = TypeVar("T")
INSTRUCTIONS_MAX = redacteur.INSTRUCTIONS_MAX
_KINDS = {"savoir_faire": "competences", "savoir_etre": "competences_transversales"}
_KINDS_SAVOIRS = {"savoir": "savoirs"}


@dataclass(frozen=True)
class Lecture:
    """What an AI action read of a fiche before the call."""

    code: str
    version: int
    contenu: dict[str, Any]
    provenance: dict[str, Any]


def exiger_llm(runtime: Runtime) -> Llm:
    if runtime.llm is None:
        raise ServiceUnavailableError(IA)
    return runtime.llm


def _lire(runtime: Runtime, code: str, auteur: Auteur, permission: Permission) -> Lecture:
    auteur.exiger(permission)
    with runtime.sessions() as session:
        row = get_row(session, code)
        return Lecture(row.code_rome, row.version, snapshot(row), dict(row.provenance or {}))


@contextmanager
def _reprendre(session: Session, lecture: Lecture) -> Iterator[EcritureFiche]:
    """The fiche locked for storing the AI's result; 409 when it changed since the read."""
    with ecrire_fiche(
        session,
        lecture.code,
        version=lecture.version,
        conflit=(
            f"La fiche {lecture.code} a été modifiée pendant le traitement par l'IA (version "
            f"{lecture.version} → {{version}}) : rien n'a été enregistré, relancez l'action."
        ),
    ) as ecriture:
        yield ecriture


def _auteur_ia(auteur: Auteur, llm: Llm) -> Auteur:
    return Auteur(
        nom=f"IA {llm.model_id} (pour {auteur.nom})"[:255], acteur="ia", user_id=auteur.user_id
    )


# --- budget and usage ----------------------------------------------------------------------


def _debut_du_jour() -> datetime:
    return datetime.combine(datetime.now(UTC).date(), time.min, tzinfo=UTC)


def depense_du_jour(session: Session) -> Decimal:
    total = session.scalar(
        select(func.coalesce(func.sum(IaUsageRow.cout_micro_usd), 0)).where(
            IaUsageRow.created_at >= _debut_du_jour()
        )
    )
    return Decimal(int(total or 0)) / Decimal(1_000_000)


def _verifier_budget(runtime: Runtime) -> None:
    budget = runtime.settings.ai_daily_budget_usd
    if budget is None:
        return
    with runtime.sessions() as session:
        depense = depense_du_jour(session)
    if depense >= budget:
        raise ServiceUnavailableError(
            f"Le budget IA quotidien ({budget} USD) est atteint ({depense:.4f} USD dépensés "
            "aujourd'hui) : réessayez demain. La fiche n'a pas été modifiée."
        )


def _micro(cout: Decimal | None) -> int | None:
    return None if cout is None else int((cout * 1_000_000).to_integral_value())


def _consigner(
    runtime: Runtime, *, auteur: Auteur, code: str, action: str, result: LlmResult[Any] | None
) -> None:
    llm = exiger_llm(runtime)
    with runtime.sessions() as session:
        usage = result.usage if result is not None else None
        session.add(
            IaUsageRow(
                created_at=datetime.now(UTC),
                user_id=auteur.user_id,
                code_rome=code,
                action=action,
                modele=llm.model_id,
                succes=result is not None,
                requetes=usage.requetes if usage else 0,
                tokens_entree=usage.tokens_entree if usage else 0,
                tokens_sortie=usage.tokens_sortie if usage else 0,
                cout_micro_usd=_micro(usage.cout_usd) if usage else None,
            )
        )
        session.commit()


async def _appel(
    runtime: Runtime, *, auteur: Auteur, code: str, action: str, appel: Awaitable[LlmResult[T]]
) -> LlmResult[T]:
    """Run one model call (no transaction open), counting it in ``ia_usages``."""
    try:
        result = await appel
    except AgentsMetiersError:
        await asyncio.to_thread(
            _consigner, runtime, auteur=auteur, code=code, action=action, result=None
        )
        raise
    await asyncio.to_thread(
        _consigner, runtime, auteur=auteur, code=code, action=action, result=result
    )
    return result


def cout_total(results: list[LlmResult[Any]]) -> dict[str, Any]:
    """The ``cout`` of an audit event for one action (one or more model calls)."""
    total: Decimal | None = Decimal(0)
    for result in results:
        cout = result.usage.cout_usd
        total = None if cout is None or total is None else total + cout
    return {
        "modele": results[0].model_id,
        "appels": len(results),
        "requetes": sum(r.usage.requetes for r in results),
        "tokens_entree": sum(r.usage.tokens_entree for r in results),
        "tokens_sortie": sum(r.usage.tokens_sortie for r in results),
        "cout_usd": str(total) if total is not None else None,
        "cout_note": results[-1].usage.cout_note,
    }


def _reindexer(session: Session, row: FicheRow, champs: Mapping[str, Any]) -> None:
    if "description_courte" in champs:
        reindex_fiches(session, codes=[row.code_rome])


# --- enrichment (§6.1) ---------------------------------------------------------------------


def _instructions(params: Mapping[str, Any]) -> str | None:
    instructions = params.get("instructions")
    if instructions is None:
        return None
    if not isinstance(instructions, str) or len(instructions) > INSTRUCTIONS_MAX:
        raise InvalidInputError(
            f"Les consignes doivent être un texte de {INSTRUCTIONS_MAX} caractères au plus."
        )
    return instructions.strip() or None


async def enrichir(
    runtime: Runtime, code: str, auteur: Auteur, params: dict[str, Any]
) -> dict[str, Any]:
    """Rédacteur: write the narrative fields; status → enrichi (a draft on a published fiche)."""
    lecture = await asyncio.to_thread(_lire, runtime, code, auteur, Permission.ENRICHIR)
    instructions = _instructions(params)
    llm = exiger_llm(runtime)
    await asyncio.to_thread(_verifier_budget, runtime)
    faits, contenu = faits_rome(lecture.contenu), contenu_narratif(lecture.contenu)
    marche = donnees_marche(lecture.contenu)
    premier = await _appel(
        runtime,
        auteur=auteur,
        code=lecture.code,
        action="enrichissement",
        appel=redacteur.rediger(
            llm, faits=faits, contenu=contenu, marche=marche, instructions=instructions
        ),
    )
    stamp = stamp_ia(llm.model_id, auteur.nom, datetime.now(UTC).date())
    fusion = Fusion(lecture.contenu, lecture.provenance, stamp)
    fusion.redaction(premier.output, estimer_salaires=peut_estimer_salaires(lecture.contenu))
    results: list[LlmResult[Any]] = [premier]
    if manquants := fusion.manquants(redacteur.CHAMPS_CRITIQUES):
        second = await _appel(
            runtime,
            auteur=auteur,
            code=lecture.code,
            action="enrichissement",
            appel=redacteur.completer(llm, faits=faits, contenu=contenu, manquants=manquants),
        )
        fusion.complement(second.output, manquants)
        results.append(second)
    verifier_sortie_ia(fusion.champs, code=lecture.code)
    return await asyncio.to_thread(
        _enregistrer_enrichissement,
        runtime,
        lecture,
        fusion=fusion,
        auteur_ia=_auteur_ia(auteur, llm),
        cout=cout_total(results),
        instructions=instructions,
    )


def _enregistrer_enrichissement(
    runtime: Runtime,
    lecture: Lecture,
    *,
    fusion: Fusion,
    auteur_ia: Auteur,
    cout: dict[str, Any],
    instructions: str | None,
) -> dict[str, Any]:
    with runtime.sessions() as session, _reprendre(session, lecture) as ecriture:
        row = ecriture.row
        for champ, valeur in fusion.champs.items():
            setattr(row, champ, valeur)
        row.provenance = {**(row.provenance or {}), **fusion.stamps}
        _reindexer(session, row, fusion.champs)
        motif = "Enrichissement IA" + (" avec consignes" if instructions else "")
        result = appliquer_transition(
            ecriture,
            Action.ENRICHIR,
            auteur_ia,
            motif=motif,
            cout=cout,
            details={"champs": list(fusion.champs), "champs_conserves": fusion.conserves},
        )
        return {
            "message": "Fiche enrichie avec succès",
            "code_rome": row.code_rome,
            "nom": row.nom_masculin,
            "version": result.version,
            "statut": result.nouveau_statut,
            "instructions_utilisees": instructions,
            "champs_modifies": list(fusion.champs),
            "champs_conserves": fusion.conserves,
            "cout": cout,
        }


# --- validation (§6.2) ---------------------------------------------------------------------


def referentiel_de(session: Session, code: str) -> dict[str, set[str]] | None:
    """Codes OGR the referential links to fiche ``code``, per competence field."""
    rows = session.execute(
        select(RomeLienRow.kind, RomeLienRow.code).where(RomeLienRow.code_rome == code)
    ).all()
    if not rows:
        return None
    champs: dict[str, set[str]] = {}
    for kind, item in rows:
        champ = _KINDS.get(kind) or _KINDS_SAVOIRS.get(kind)
        if champ:
            champs.setdefault(champ, set()).add(item)
    return champs


def controles(session: Session, code: str) -> dict[str, Any]:
    """The automatic checks of the working copy (no AI)."""
    row = get_row(session, code)
    rapport = controler(snapshot(row), referentiel=referentiel_de(session, row.code_rome))
    return {"code_rome": row.code_rome, "version": row.version, **rapport.as_dict()}


async def valider(
    runtime: Runtime, code: str, auteur: Auteur, params: dict[str, Any]
) -> dict[str, Any]:
    """Validateur: persisted report; score ≥ 70 → valide, < 50 → brouillon (§4)."""
    lecture = await asyncio.to_thread(_lire, runtime, code, auteur, Permission.VALIDER)
    llm = exiger_llm(runtime)
    with runtime.sessions() as session:
        if raison := refus(Action.VALIDER_IA, etat(get_row(session, code))):
            raise ConflictError(raison)
        auto = controles(session, code)
    await asyncio.to_thread(_verifier_budget, runtime)
    result = await _appel(
        runtime,
        auteur=auteur,
        code=lecture.code,
        action="validation",
        appel=validateur.evaluer(llm, fiche=lecture.contenu, controles=auto),
    )
    rapport = validateur.rapport(result.output)
    cout = cout_total([result])
    with runtime.sessions() as session, _reprendre(session, lecture) as ecriture:
        row = ecriture.row
        now = datetime.now(UTC)
        row.validation_ia_score, row.validation_ia_date = rapport["score"], now
        row.validation_ia_details = {**rapport, "modele": llm.model_id}
        transition = appliquer_transition(
            ecriture,
            Action.VALIDER_IA,
            _auteur_ia(auteur, llm),
            motif=f"Validation IA : {rapport['score']}/100 ({rapport['verdict']})",
            score=rapport["score"],
            cout=cout,
            details={"score": rapport["score"], "verdict": rapport["verdict"]},
        )
        session.add(
            _report_row(lecture, rapport=rapport, auto=auto, cout=cout, auteur=auteur, now=now)
        )
        return {
            "message": "Validation terminée",
            "code_rome": row.code_rome,
            "nom": row.nom_masculin,
            "ancien_statut": transition.ancien_statut,
            "nouveau_statut": transition.nouveau_statut,
            "version": transition.version,
            "score": rapport["score"],
            "verdict": rapport["verdict"],
            "rapport": rapport,
            "controles_automatiques": auto,
            "cout": cout,
        }


def _report_row(
    lecture: Lecture,
    *,
    rapport: dict[str, Any],
    auto: dict[str, Any],
    cout: dict[str, Any],
    auteur: Auteur,
    now: datetime,
) -> ValidationReportRow:
    cout_usd = Decimal(cout["cout_usd"]) if cout["cout_usd"] is not None else None
    return ValidationReportRow(
        code_rome=lecture.code,
        fiche_version=lecture.version,
        score=rapport["score"],
        verdict=rapport["verdict"],
        rapport=rapport,
        controles=auto,
        modele=cout["modele"],
        usage=cout,
        cout_micro_usd=_micro(cout_usd),
        auteur=auteur.nom,
        user_id=auteur.user_id,
        created_at=now,
    )


def derniere_validation(session: Session, code: str) -> dict[str, Any]:
    """The latest persisted AI report (or null) with the current automatic checks."""
    row = get_row(session, code)
    report = session.scalars(
        select(ValidationReportRow)
        .where(ValidationReportRow.code_rome == row.code_rome)
        .order_by(ValidationReportRow.id.desc())
        .limit(1)
    ).first()
    return {
        "code_rome": row.code_rome,
        "version": row.version,
        "rapport": report.rapport if report else None,
        "score": report.score if report else None,
        "verdict": report.verdict if report else None,
        "date": report.created_at if report else None,
        "modele": report.modele if report else None,
        "fiche_version": report.fiche_version if report else None,
        "cout": report.usage if report else None,
        "controles_automatiques": controles(session, row.code_rome),
    }


# --- auto-correction (§6.3) ----------------------------------------------------------------


def _liste(params: Mapping[str, Any], cle: str) -> list[str]:
    valeur = params.get(cle) or []
    if not isinstance(valeur, list) or len(valeur) > correcteur.ITEMS_MAX:
        raise InvalidInputError(f"« {cle} » : une liste de {correcteur.ITEMS_MAX} textes au plus.")
    if not all(isinstance(v, str) for v in valeur):
        raise InvalidInputError(f"« {cle} » : une liste de textes.")
    return [v.strip()[: correcteur.ITEM_CHARS_MAX] for v in valeur if v.strip()]


def _a_corriger(runtime: Runtime, code: str, params: Mapping[str, Any]) -> tuple[list[str], ...]:
    problemes, suggestions = _liste(params, "problemes"), _liste(params, "suggestions")
    if problemes or suggestions:
        return problemes, suggestions
    with runtime.sessions() as session:
        rapport = derniere_validation(session, code)["rapport"]
    if not rapport:
        raise BadRequestError(
            "Rien à corriger : lancez d'abord une validation IA ou indiquez des problèmes "
            "et suggestions."
        )
    return list(rapport.get("problemes") or []), list(rapport.get("suggestions") or [])


async def auto_corriger(
    runtime: Runtime, code: str, auteur: Auteur, params: dict[str, Any]
) -> dict[str, Any]:
    """Apply a report's problems/suggestions (new revision, audited); the status is unchanged,
    except that a ``valide`` fiche whose content changes goes back to review (four eyes)."""
    lecture = await asyncio.to_thread(_lire, runtime, code, auteur, Permission.ENRICHIR)
    llm = exiger_llm(runtime)
    problemes, suggestions = _a_corriger(runtime, lecture.code, params)
    await asyncio.to_thread(_verifier_budget, runtime)
    result = await _appel(
        runtime,
        auteur=auteur,
        code=lecture.code,
        action="auto_correction",
        appel=correcteur.corriger(
            llm, fiche=lecture.contenu, problemes=problemes, suggestions=suggestions
        ),
    )
    stamp = stamp_ia(llm.model_id, auteur.nom, datetime.now(UTC).date())
    fusion = Fusion(lecture.contenu, lecture.provenance, stamp)
    for champ in CORRIGIBLES:
        fusion.ecrire(champ, getattr(result.output, champ), proteger_humain=False)
    verifier_sortie_ia(fusion.champs, code=lecture.code)
    cout = cout_total([result])
    with runtime.sessions() as session, _reprendre(session, lecture) as ecriture:
        row = ecriture.row
        _appliquer_correction(ecriture, fusion, _auteur_ia(auteur, llm), cout)
        return {
            "message": "Fiche auto-corrigée" if fusion.champs else "Aucune correction appliquée",
            "code_rome": row.code_rome,
            "nom": row.nom_masculin,
            "version": row.version,
            "statut": row.statut,
            "champs_modifies": list(fusion.champs),
            "explications": result.output.explications,
            "revalidation": f"/api/fiches/{row.code_rome}/validate",
            "cout": cout,
        }


def _appliquer_correction(
    ecriture: EcritureFiche, fusion: Fusion, auteur_ia: Auteur, cout: dict[str, Any]
) -> None:
    session, row = ecriture.session, ecriture.row
    if fusion.champs:
        for champ, valeur in fusion.champs.items():
            setattr(row, champ, valeur)
        row.provenance = {**(row.provenance or {}), **fusion.stamps}
        _reindexer(session, row, fusion.champs)
        nouvelle_revision(ecriture, auteur_ia, motif="Auto-correction IA")
    champs = ", ".join(fusion.champs) or "aucun champ"
    record_event(
        session,
        type_evenement="fiche.auto_corrigee",
        **auteur_ia.signature(),
        code_rome=row.code_rome,
        description=f"Auto-correction IA de la fiche {row.code_rome} — {champs}.",
        donnees_avant={"version": row.version - (1 if fusion.champs else 0)},
        donnees_apres={"version": row.version, "champs": list(fusion.champs)},
        cout=cout,
    )
