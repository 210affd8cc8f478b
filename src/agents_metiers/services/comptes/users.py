"""Use cases on user accounts: creation (CLI, admin, registration), listing, changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pwdlib import PasswordHash
from sqlalchemy.orm import Session, sessionmaker

from agents_metiers.domain.users import EMAIL_RE, Role, password_problem
from agents_metiers.errors import ConflictError, InvalidInputError, NotFoundError
from agents_metiers.rendering import libelles
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.audit import record_event
from agents_metiers.storage import users as storage
from agents_metiers.storage.tables import UserRow

_hasher = PasswordHash.recommended()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    return _hasher.verify(password, password_hash)


def normalize_email(email: str) -> str:
    return email.strip().lower()


def _checked_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        roles = ", ".join(r.value for r in Role)
        raise InvalidInputError(f"Rôle inconnu : « {role} ». Rôles possibles : {roles}.") from None


def _check_password(password: str) -> None:
    if problem := password_problem(password):
        raise InvalidInputError(problem)


def add_user(
    session: Session,
    *,
    email: str,
    password: str,
    role: str,
    name: str | None,
    agent: str,
    actor_id: int | None = None,
) -> UserRow:
    """Add an account (argon2 hash) to the caller's transaction, with its audit event.

    Refuses bad e-mails, unknown roles, weak passwords and duplicates.
    """
    email = normalize_email(email)
    if not EMAIL_RE.match(email):
        raise InvalidInputError(f"Adresse e-mail invalide : « {email} ».")
    checked_role = _checked_role(role)
    _check_password(password)
    if storage.get_user_by_email(session=session, email=email) is not None:
        raise ConflictError(f"Un compte existe déjà pour {email}.")
    user = UserRow(
        email=email,
        name=(name or "").strip() or email.split("@")[0],
        password_hash=hash_password(password),
        role=checked_role.value,
        is_active=True,
        created_at=datetime.now(UTC),
    )
    session.add(user)
    session.flush()
    record_event(
        session,
        type_evenement="user.cree",
        agent=agent,
        acteur="humain",
        description=f"Compte {email} créé avec le rôle {libelles.role(checked_role.value)}.",
        user_id=actor_id if actor_id is not None else user.id,
        donnees_apres={"id": user.id, "email": email, "role": checked_role.value},
    )
    return user


def create_user(
    sessions: sessionmaker[Session], *, email: str, password: str, role: str, name: str | None
) -> UserRow:
    """Create an account from the command line (one transaction)."""
    with sessions.begin() as session:
        return add_user(session, email=email, password=password, role=role, name=name, agent="cli")


def create_user_as_admin(
    session: Session,
    *,
    auteur: Auteur,
    email: str,
    password: str,
    role: str,
    name: str | None,
) -> UserRow:
    """An administrator creates an account with any role; commits."""
    user = add_user(
        session,
        email=email,
        password=password,
        role=role,
        name=name,
        agent=auteur.nom,
        actor_id=auteur.user_id,
    )
    session.commit()
    return user


def list_users(session: Session) -> list[UserRow]:
    return storage.list_users(session=session)


@dataclass(frozen=True)
class UserChanges:
    """What an administrator changes on an account; ``None`` leaves a field as it is."""

    name: str | None = None
    role: str | None = None
    is_active: bool | None = None
    password: str | None = None


def _snapshot(user: UserRow) -> dict[str, Any]:
    return {"name": user.name, "role": user.role, "is_active": user.is_active}


def _check_not_last_admin(session: Session, user: UserRow, changes: UserChanges) -> None:
    loses_admin = (changes.role is not None and changes.role != Role.ADMIN) or (
        changes.is_active is False
    )
    if not (loses_admin and user.role == Role.ADMIN and user.is_active):
        return
    if storage.active_user_ids(session=session, role=Role.ADMIN.value) == [user.id]:
        raise ConflictError(
            f"{user.email} est le dernier administrateur actif : nommez d'abord un autre "
            "administrateur avant de lui retirer ce rôle ou de désactiver son compte."
        )


def _apply(user: UserRow, changes: UserChanges) -> None:
    if changes.name is not None:
        user.name = changes.name.strip()
    if changes.role is not None:
        user.role = _checked_role(changes.role).value
    if changes.is_active is not None:
        user.is_active = changes.is_active
    if changes.password is not None:
        _check_password(changes.password)
        user.password_hash = hash_password(changes.password)


def update_user(session: Session, *, auteur: Auteur, user_id: int, changes: UserChanges) -> UserRow:
    """An administrator changes an account; commits.

    The last active administrator cannot be demoted or deactivated. A password reset or a
    deactivation ends the account's sessions (its refresh tokens are revoked).
    """
    user = storage.get_user(session=session, user_id=user_id)
    if user is None:
        raise NotFoundError(f"Utilisateur {user_id} introuvable.")
    before = _snapshot(user)
    _check_not_last_admin(session, user, changes)
    _apply(user, changes)
    now = datetime.now(UTC)
    if changes.password is not None or changes.is_active is False:
        storage.revoke_user_refresh_tokens(session=session, user_id=user.id, now=now)
    after = _snapshot(user)
    if changes.password is not None:
        after["mot_de_passe"] = "réinitialisé"
    changed = sorted(k for k in after if before.get(k) != after[k])
    record_event(
        session,
        type_evenement="user.modifie",
        agent=auteur.nom,
        acteur="humain",
        description=(
            f"Compte {user.email} modifié "
            f"({', '.join(libelles.cle(k) for k in changed) or 'aucun changement'})."
        ),
        user_id=auteur.user_id,
        donnees_avant=before,
        donnees_apres=after,
        now=now,
    )
    session.commit()
    return user


def auteur_par_email(session: Session, email: str) -> Auteur:
    """The author a command-line action is recorded under (``--as EMAIL``): an active account,
    checked against the permission table like a signed-in person."""
    user = storage.get_user_by_email(session=session, email=normalize_email(email))
    if user is None or not user.is_active:
        raise NotFoundError(f"Aucun compte actif n'a l'adresse « {email} ».")
    return Auteur(nom=user.name, acteur="humain", user_id=user.id, role=Role(user.role))
