"""Authentication: passwords, JWT access tokens, rotating refresh tokens, registration.

Access tokens are short-lived JWTs (HS256, signed with ``SECRET_KEY``). Refresh tokens are
opaque strings stored as SHA-256 digests; each rotation revokes the presented token and issues
its successor in the same ``family``. The successor is derived from the presented token
(HMAC with ``SECRET_KEY``), so parallel refreshes of one token (several tabs) within
``REFRESH_TOKEN_GRACE_SECONDS`` all get the same new pair. Presenting a rotated token after that
window means it was stolen (or replayed): the whole family is revoked and the event audited.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import jwt
from sqlalchemy.orm import Session

from agents_metiers.config import Settings
from agents_metiers.domain.permissions import Permission, can, permissions_of
from agents_metiers.domain.users import Role
from agents_metiers.errors import AuthenticationError, PermissionDeniedError
from agents_metiers.rendering.nombres import accord
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.comptes.users import (
    add_user,
    hash_password,
    normalize_email,
    verify_password,
)
from agents_metiers.services.fiches.audit import record_event
from agents_metiers.storage import users as storage
from agents_metiers.storage.tables import RefreshTokenRow, UserRow

ALGORITHM = "HS256"
BAD_CREDENTIALS = "Email ou mot de passe incorrect."
SESSION_EXPIRED = "Session expirée ou invalide : reconnectez-vous."
# Successors followed from a token presented within the grace window (tab A refreshed twice).
_MAX_CHAIN = 5
# Verified against when the e-mail is unknown, so that both failures take the same time.
_DUMMY_HASH = hash_password("compte-inexistant-0")


@dataclass(frozen=True)
class Principal:
    """The authenticated user of a request, as read from the database for that request."""

    user_id: int
    email: str
    name: str
    role: Role
    via: Literal["bearer", "cookie"]

    def can(self, permission: Permission) -> bool:
        return can(self.role, permission)

    @property
    def permissions(self) -> list[Permission]:
        return permissions_of(self.role)

    @property
    def auteur(self) -> Auteur:
        """The author to record on revisions and audit events."""
        return Auteur(nom=self.name, acteur="humain", user_id=self.user_id, role=self.role)


@dataclass(frozen=True)
class TokenPair:
    """What a login, a registration or a refresh hands to the client."""

    user: UserRow
    access_token: str
    refresh_token: str


def _aware(moment: datetime) -> datetime:
    """SQLite gives naive datetimes back; every stored datetime is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_access_token(user: UserRow, settings: Settings, *, now: datetime | None = None) -> str:
    """A signed JWT for ``user`` (claims sub, email, name, role, iat, exp)."""
    issued = now or datetime.now(UTC)
    claims: dict[str, Any] = {
        "sub": str(user.id),
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "iat": issued,
        "exp": issued + timedelta(minutes=settings.access_token_minutes),
    }
    return jwt.encode(claims, settings.secret_key.get_secret_value(), algorithm=ALGORITHM)


def access_token_user_id(token: str, settings: Settings) -> int:
    """The user id an access token was issued to; 401 when invalid or expired."""
    try:
        claims = jwt.decode(
            token,
            settings.secret_key.get_secret_value(),
            algorithms=[ALGORITHM],
            options={"require": ["sub", "exp", "iat"]},
        )
        return int(claims["sub"])
    except jwt.ExpiredSignatureError:
        raise AuthenticationError("Session expirée : reconnectez-vous.") from None
    except (jwt.InvalidTokenError, ValueError):
        raise AuthenticationError("Jeton d'accès invalide : reconnectez-vous.") from None


def principal_for(
    session: Session, user_id: int, via: Literal["bearer", "cookie"]
) -> Principal | None:
    """The current state of an account as a principal; None when deleted or inactive."""
    user = storage.get_user(session=session, user_id=user_id)
    if user is None or not user.is_active:
        return None
    return principal_for_user(user, via=via)


def principal_for_user(user: UserRow, *, via: Literal["bearer", "cookie"]) -> Principal:
    return Principal(
        user_id=user.id, email=user.email, name=user.name, role=Role(user.role), via=via
    )


def authenticate(session: Session, email: str, password: str) -> UserRow:
    """The active account matching the credentials; the same 401 for every kind of failure."""
    user = storage.get_user_by_email(session=session, email=normalize_email(email))
    if user is None:
        verify_password(password, _DUMMY_HASH)
        raise AuthenticationError(BAD_CREDENTIALS)
    if not verify_password(password, user.password_hash):
        raise AuthenticationError(BAD_CREDENTIALS)
    if not user.is_active:
        raise AuthenticationError("Ce compte est désactivé : contactez un administrateur.")
    return user


def _successor(settings: Settings, token: str) -> str:
    """The token a rotation of ``token`` issues: only the holder of ``token`` can compute it."""
    key = settings.secret_key.get_secret_value().encode()
    mac = hmac.new(key, b"rotation:" + token.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def _issue_refresh_token(
    session: Session,
    user: UserRow,
    settings: Settings,
    *,
    family: str | None,
    now: datetime,
    token: str | None = None,
) -> str:
    token = token or secrets.token_urlsafe(32)
    session.add(
        RefreshTokenRow(
            token_hash=_digest(token),
            family=family or secrets.token_hex(16),
            user_id=user.id,
            expires_at=now + timedelta(days=settings.refresh_token_days),
            created_at=now,
            revoked_at=None,
        )
    )
    return token


def _new_pair(
    session: Session,
    user: UserRow,
    settings: Settings,
    *,
    family: str | None,
    now: datetime,
    token: str | None = None,
) -> TokenPair:
    refresh = _issue_refresh_token(session, user, settings, family=family, now=now, token=token)
    return TokenPair(user, issue_access_token(user, settings, now=now), refresh)


def login(session: Session, settings: Settings, *, email: str, password: str) -> TokenPair:
    """Check the credentials and open a session (new refresh family); audits both outcomes."""
    now = datetime.now(UTC)
    try:
        user = authenticate(session, email, password)
    except AuthenticationError as exc:
        record_event(
            session,
            type_evenement="auth.echec_connexion",
            agent=normalize_email(email)[:255],
            acteur="humain",
            description=f"Échec de connexion pour {normalize_email(email)[:200]} : {exc.message}",
            now=now,
        )
        session.commit()
        raise
    pair = _new_pair(session, user, settings, family=None, now=now)
    record_event(
        session,
        type_evenement="auth.connexion",
        agent=user.name,
        acteur="humain",
        description=f"Connexion de {user.email}.",
        user_id=user.id,
        now=now,
    )
    session.commit()
    return pair


def register(
    session: Session, settings: Settings, *, email: str, password: str, name: str
) -> TokenPair:
    """Self-registration (when ``REGISTRATION_ENABLED``): a ``lecteur`` account, logged in."""
    if not settings.registration_enabled:
        raise PermissionDeniedError(
            "La création de compte est fermée : demandez un compte à un administrateur."
        )
    user = add_user(
        session, email=email, password=password, role=Role.LECTEUR, name=name, agent=name
    )
    pair = _new_pair(session, user, settings, family=None, now=datetime.now(UTC))
    session.commit()
    return pair


def _reuse_detected(session: Session, row: RefreshTokenRow, now: datetime) -> AuthenticationError:
    revoked = storage.revoke_refresh_family(session=session, family=row.family, now=now)
    record_event(
        session,
        type_evenement="auth.reutilisation_jeton",
        agent="systeme",
        acteur="systeme",
        description=(
            "Réutilisation d'un jeton de rafraîchissement déjà utilisé : "
            f"la session est fermée ({accord(revoked, 'jeton révoqué', 'jetons révoqués')})."
        ),
        user_id=row.user_id,
        donnees_apres={"family": row.family},
        now=now,
    )
    session.commit()
    return AuthenticationError(SESSION_EXPIRED)


def _within_grace(settings: Settings, row: RefreshTokenRow, now: datetime) -> bool:
    grace = timedelta(seconds=settings.refresh_token_grace_seconds)
    return row.revoked_at is not None and now - _aware(row.revoked_at) <= grace


def _grace_pair(
    session: Session, settings: Settings, token: str, row: RefreshTokenRow, now: datetime
) -> TokenPair | None:
    """The live pair a rotation of ``token`` issued moments ago, or None (then: reuse).

    A token revoked by a logout or a reuse has no live successor: the grace never applies.
    """
    if not _within_grace(settings, row, now):
        return None
    current = token
    for _ in range(_MAX_CHAIN):
        current = _successor(settings, current)
        successor = storage.get_refresh_token(session=session, token_hash=_digest(current))
        if successor is None or successor.family != row.family:
            return None
        if successor.revoked_at is None:
            user = storage.get_user(session=session, user_id=row.user_id)
            if user is None or not user.is_active:
                return None
            access = issue_access_token(user, settings, now=_aware(successor.created_at))
            return TokenPair(user, access, current)
    return None


def rotate_refresh_token(session: Session, settings: Settings, token: str) -> TokenPair:
    """Exchange a valid refresh token for a new pair in the same family.

    Unknown or expired → 401. Rotated less than ``REFRESH_TOKEN_GRACE_SECONDS`` ago → the pair
    that rotation issued. Otherwise already revoked → reuse: the family is revoked, audited, 401.
    """
    now = datetime.now(UTC)
    row = storage.get_refresh_token(session=session, token_hash=_digest(token))
    if row is None or _aware(row.expires_at) <= now:
        raise AuthenticationError(SESSION_EXPIRED)
    if row.revoked_at is None and storage.revoke_refresh_token(
        session=session, token_id=row.id, now=now
    ):
        user = storage.get_user(session=session, user_id=row.user_id)
        if user is None or not user.is_active:
            session.commit()
            raise AuthenticationError(SESSION_EXPIRED)
        pair = _new_pair(
            session, user, settings, family=row.family, now=now, token=_successor(settings, token)
        )
        session.commit()
        return pair
    session.refresh(row)  # a parallel request may just have rotated it
    pair_in_grace = _grace_pair(session, settings, token, row, now)
    if pair_in_grace is not None:
        session.commit()
        return pair_in_grace
    raise _reuse_detected(session, row, now)


def logout(session: Session, refresh_token: str | None) -> None:
    """Close the session the refresh token belongs to (its whole family); idempotent."""
    if not refresh_token:
        return
    row = storage.get_refresh_token(session=session, token_hash=_digest(refresh_token))
    if row is None:
        return
    now = datetime.now(UTC)
    storage.revoke_refresh_family(session=session, family=row.family, now=now)
    user = storage.get_user(session=session, user_id=row.user_id)
    record_event(
        session,
        type_evenement="auth.deconnexion",
        agent=user.name if user else "inconnu",
        acteur="humain",
        description="Déconnexion.",
        user_id=row.user_id,
        now=now,
    )
    session.commit()
