"""Use cases on user accounts."""

from __future__ import annotations

from datetime import UTC, datetime

from pwdlib import PasswordHash
from sqlalchemy.orm import Session, sessionmaker

from agents_metiers.domain.users import EMAIL_RE, Role, password_problem
from agents_metiers.errors import ConflictError, InvalidInputError
from agents_metiers.services.audit import record_event
from agents_metiers.storage.tables import UserRow
from agents_metiers.storage.users import get_user_by_email

_hasher = PasswordHash.recommended()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    return _hasher.verify(password, password_hash)


def create_user(
    sessions: sessionmaker[Session], *, email: str, password: str, role: str, name: str | None
) -> UserRow:
    """Create an account (argon2 hash); refuses bad e-mails, weak passwords, duplicates."""
    email = email.strip().lower()
    if not EMAIL_RE.match(email):
        raise InvalidInputError(f"Adresse e-mail invalide : « {email} ».")
    roles = [r.value for r in Role]
    if role not in roles:
        raise InvalidInputError(f"Rôle inconnu : « {role} ». Rôles possibles : {', '.join(roles)}.")
    if problem := password_problem(password):
        raise InvalidInputError(problem)
    with sessions.begin() as session:
        if get_user_by_email(session=session, email=email) is not None:
            raise ConflictError(f"Un compte existe déjà pour {email}.")
        user = UserRow(
            email=email,
            name=name or email.split("@")[0],
            password_hash=hash_password(password),
            role=role,
            is_active=True,
            created_at=datetime.now(UTC),
        )
        session.add(user)
        session.flush()
        record_event(
            session,
            type_evenement="user.cree",
            agent="cli",
            acteur="humain",
            description=f"Compte {email} créé avec le rôle {role}.",
            user_id=user.id,
            donnees_apres={"email": email, "role": role},
        )
    return user
