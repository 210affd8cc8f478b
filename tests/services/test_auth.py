"""Authentication service: tokens, rotation, reuse detection, registration."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from sqlalchemy import select

from agents_metiers.domain.permissions import Permission
from agents_metiers.errors import AuthenticationError, PermissionDeniedError
from agents_metiers.services.comptes import auth
from agents_metiers.services.comptes.users import create_user
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import AuditEventRow, RefreshTokenRow, UserRow

PASSWORD = "MotDePasse123"


def _user(db: Runtime, role: str = "editeur", email: str = "camille@exemple.fr") -> UserRow:
    return create_user(db.sessions, email=email, password=PASSWORD, role=role, name="Camille")


def _login(db: Runtime, email: str = "camille@exemple.fr") -> auth.TokenPair:
    with db.sessions() as session:
        return auth.login(session, db.settings, email=email, password=PASSWORD)


def _rotate(db: Runtime, token: str) -> auth.TokenPair:
    with db.sessions() as session:
        return auth.rotate_refresh_token(session, db.settings, token)


def _tokens(db: Runtime) -> list[RefreshTokenRow]:
    with db.sessions() as session:
        return list(session.scalars(select(RefreshTokenRow).order_by(RefreshTokenRow.id)))


def test_an_access_token_carries_the_reference_claims_for_fifteen_minutes(db: Runtime) -> None:
    user = _user(db)
    now = datetime.now(UTC).replace(microsecond=0)
    token = auth.issue_access_token(user, db.settings, now=now)
    claims = jwt.decode(token, db.settings.secret_key.get_secret_value(), algorithms=["HS256"])
    assert claims == {
        "sub": str(user.id),
        "email": "camille@exemple.fr",
        "name": "Camille",
        "role": "editeur",
        "iat": int(now.timestamp()),
        "exp": int(now.timestamp()) + 15 * 60,
    }


def test_the_access_token_lifetime_follows_the_setting(db: Runtime) -> None:
    settings = db.settings.model_copy(update={"access_token_minutes": 1})
    token = auth.issue_access_token(
        _user(db), settings, now=datetime.now(UTC) - timedelta(seconds=61)
    )
    with pytest.raises(AuthenticationError, match="expirée"):
        auth.access_token_user_id(token, settings)


def test_a_token_without_a_signature_is_refused(db: Runtime) -> None:
    user = _user(db)
    unsigned = jwt.encode({"sub": str(user.id)}, key=None, algorithm="none")
    with pytest.raises(AuthenticationError, match="invalide"):
        auth.access_token_user_id(unsigned, db.settings)


def test_unknown_email_and_wrong_password_fail_alike(db: Runtime) -> None:
    _user(db)
    with db.sessions() as session:
        with pytest.raises(AuthenticationError) as unknown:
            auth.authenticate(session, "personne@exemple.fr", PASSWORD)
        with pytest.raises(AuthenticationError) as wrong:
            auth.authenticate(session, "camille@exemple.fr", "Mauvais123")
    assert unknown.value.message == wrong.value.message == "Email ou mot de passe incorrect."


def test_refresh_tokens_are_stored_hashed(db: Runtime) -> None:
    _user(db)
    pair = _login(db)
    [row] = _tokens(db)
    assert row.token_hash != pair.refresh_token
    assert len(row.token_hash) == 64


def test_rotation_revokes_the_token_and_issues_one_in_the_same_family(db: Runtime) -> None:
    _user(db)
    first = _login(db)
    second = _rotate(db, first.refresh_token)
    old, new = _tokens(db)
    assert second.refresh_token != first.refresh_token
    assert old.revoked_at is not None and new.revoked_at is None
    assert old.family == new.family


def test_each_login_starts_a_new_family(db: Runtime) -> None:
    _user(db)
    _login(db)
    _login(db)
    assert len({row.family for row in _tokens(db)}) == 2


def _age_revocations(db: Runtime, seconds: float) -> None:
    """Move every revocation ``seconds`` into the past (past the grace window)."""
    with db.sessions.begin() as session:
        for row in session.scalars(select(RefreshTokenRow)):
            if row.revoked_at is not None:
                row.revoked_at = datetime.now(UTC) - timedelta(seconds=seconds)


def test_reuse_revokes_the_family_only(db: Runtime) -> None:
    _user(db)
    stolen = _login(db)
    other_session = _login(db)
    _rotate(db, stolen.refresh_token)
    _age_revocations(db, db.settings.refresh_token_grace_seconds + 1)
    with pytest.raises(AuthenticationError):
        _rotate(db, stolen.refresh_token)
    assert _rotate(db, other_session.refresh_token).refresh_token
    with db.sessions() as session:
        event = session.scalars(
            select(AuditEventRow).where(AuditEventRow.type_evenement == "auth.reutilisation_jeton")
        ).one()
    assert event.acteur == "systeme"


def test_an_expired_refresh_token_is_refused(db: Runtime) -> None:
    _user(db)
    settings = db.settings.model_copy(update={"refresh_token_days": 1})
    with db.sessions() as session:
        pair = auth.login(session, settings, email="camille@exemple.fr", password=PASSWORD)
        row = session.scalars(select(RefreshTokenRow)).one()
        row.expires_at = datetime.now(UTC) - timedelta(seconds=1)
        session.commit()
    with pytest.raises(AuthenticationError, match="reconnectez-vous"):
        _rotate(db, pair.refresh_token)


def test_registration_is_refused_when_closed(db: Runtime) -> None:
    with db.sessions() as session, pytest.raises(PermissionDeniedError):
        auth.register(session, db.settings, email="a@exemple.fr", password=PASSWORD, name="Alex")


def test_registration_creates_a_reader_when_open(db: Runtime) -> None:
    settings = db.settings.model_copy(update={"registration_enabled": True})
    with db.sessions() as session:
        pair = auth.register(
            session, settings, email="A@Exemple.fr", password=PASSWORD, name="Alex"
        )
    assert (pair.user.email, pair.user.role, pair.user.name) == ("a@exemple.fr", "lecteur", "Alex")


def test_a_principal_checks_the_permission_table(db: Runtime) -> None:
    user = _user(db, role="relecteur")
    principal = auth.principal_for_user(user, via="bearer")
    assert principal.can(Permission.PUBLIER)
    assert not principal.can(Permission.GERER_UTILISATEURS)
    assert principal.auteur.user_id == user.id


def test_parallel_refreshes_of_one_token_all_get_the_same_new_pair(db: Runtime) -> None:
    _user(db)
    token = _login(db).refresh_token
    barrier = threading.Barrier(4)
    pairs: list[auth.TokenPair] = []
    errors: list[BaseException] = []

    def refresh() -> None:
        barrier.wait()
        try:
            pairs.append(_rotate(db, token))
        except BaseException as exc:  # checked below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=refresh) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len({(p.refresh_token, p.access_token) for p in pairs}) == 1
    assert pairs[0].refresh_token != token
    assert [row.revoked_at is None for row in _tokens(db)] == [False, True]
    assert _rotate(db, pairs[0].refresh_token).refresh_token  # the session goes on


def test_a_tab_late_by_two_rotations_gets_the_live_token(db: Runtime) -> None:
    _user(db)
    first = _login(db).refresh_token
    second = _rotate(db, first).refresh_token
    third = _rotate(db, second).refresh_token
    assert _rotate(db, first).refresh_token == third


def test_reuse_after_the_grace_window_still_closes_the_session(db: Runtime) -> None:
    _user(db)
    stolen = _login(db).refresh_token
    newer = _rotate(db, stolen).refresh_token
    _age_revocations(db, db.settings.refresh_token_grace_seconds + 1)
    with pytest.raises(AuthenticationError):
        _rotate(db, stolen)
    with pytest.raises(AuthenticationError):
        _rotate(db, newer)


def test_a_logged_out_token_gets_no_grace(db: Runtime) -> None:
    _user(db)
    token = _login(db).refresh_token
    with db.sessions() as session:
        auth.logout(session, token)
    with pytest.raises(AuthenticationError):
        _rotate(db, token)
