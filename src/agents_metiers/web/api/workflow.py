"""Workflow actions over HTTP: review, publish (one or a batch), unpublish, submit (§4)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy.orm import Session

from agents_metiers.domain.permissions import Permission
from agents_metiers.domain.workflow import Action
from agents_metiers.services.comptes.auth import Principal
from agents_metiers.services.fiches import workflow
from agents_metiers.services.fiches.inputs import (
    PublishBatchBody,
    PublishBody,
    ReviewBody,
    Transition,
)
from agents_metiers.services.fiches.workflow import LotItem, TransitionResult
from agents_metiers.web.deps import SessionDep
from agents_metiers.web.security import require, write_rate_limit

router = APIRouter(prefix="/api/fiches", tags=["workflow"])
Staff = Annotated[Principal, Depends(require(Permission.MODIFIER))]
Reviewer = Annotated[Principal, Depends(require(Permission.RELIRE))]
WRITE = [Depends(write_rate_limit)]


class ReviewResult(TransitionResult):
    message: str
    decision: str
    commentaire: str | None


class ActionResult(TransitionResult):
    message: str


class BatchResult(BaseModel):
    message: str
    results: list[LotItem]


MESSAGES_DECISION = {
    "approve": "Fiche approuvée et publiée",
    "validate": "Fiche validée",
    "reject": "Fiche rejetée",
    "request_changes": "Modifications demandées",
}


# Registered before the ``{code_rome}`` routes so that "publish-batch" is not taken for a code.
@router.post("/publish-batch", dependencies=WRITE)
def publish_batch(body: PublishBatchBody, session: SessionDep, principal: Reviewer) -> BatchResult:
    """Publish up to 50 fiches; each one succeeds or fails on its own."""
    results = workflow.publier_lot(session, body.codes_rome, principal.auteur)
    published = sum(1 for item in results if item.status == "published")
    return BatchResult(message=f"{published} fiches publiées", results=results)


@router.post("/{code_rome}/review", dependencies=WRITE)
def review(
    code_rome: str, body: ReviewBody, session: SessionDep, principal: Reviewer
) -> ReviewResult:
    """Human review: ``approve`` (valide → publiee), ``validate`` (enrichi → valide),
    ``reject`` (→ brouillon), ``request_changes`` (→ enrichi)."""
    result = workflow.relire(
        session,
        code_rome,
        body.decision,
        principal.auteur,
        commentaire=body.commentaire or "",
        version=body.version,
    )
    return ReviewResult(
        **result.model_dump(),
        message=MESSAGES_DECISION[body.decision],
        decision=body.decision,
        commentaire=body.commentaire,
    )


def _action(
    session: Session,
    code_rome: str,
    action: Action,
    principal: Principal,
    body: Transition,
    *,
    message: str,
) -> ActionResult:
    result = workflow.transitionner(
        session,
        code_rome,
        action,
        principal.auteur,
        motif=body.motif or "",
        version=body.version,
        force=isinstance(body, PublishBody) and body.force,
    )
    return ActionResult(**result.model_dump(), message=message)


@router.post("/{code_rome}/publish", dependencies=WRITE)
def publish(
    code_rome: str, session: SessionDep, principal: Reviewer, body: PublishBody | None = None
) -> ActionResult:
    """Publish a validated fiche (or a pending draft of a published one). An admin may
    ``force`` from any status with a ``motif``."""
    body = body or PublishBody()
    return _action(session, code_rome, Action.PUBLIER, principal, body, message="Fiche publiée")


@router.post("/{code_rome}/unpublish", dependencies=WRITE)
def unpublish(
    code_rome: str, session: SessionDep, principal: Reviewer, body: Transition | None = None
) -> ActionResult:
    """Take a fiche offline: the public no longer sees it; it goes back to ``valide``."""
    body = body or Transition()
    return _action(session, code_rome, Action.DEPUBLIER, principal, body, message="Fiche dépubliée")


@router.post("/{code_rome}/submit", dependencies=WRITE)
def submit(
    code_rome: str, session: SessionDep, principal: Staff, body: Transition | None = None
) -> ActionResult:
    """An editor marks a draft ready for review (brouillon → enrichi), without AI."""
    body = body or Transition()
    return _action(
        session,
        code_rome,
        Action.SOUMETTRE,
        principal,
        body,
        message="Fiche soumise à la relecture",
    )
