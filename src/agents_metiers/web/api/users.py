"""Account administration (administrators only): list, create, change role, state, password."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field

from agents_metiers.domain.users import Role
from agents_metiers.services.comptes import users as user_service
from agents_metiers.storage.tables import UserRow
from agents_metiers.web.deps import SessionDep
from agents_metiers.web.security import AdminPrincipal, write_rate_limit

router = APIRouter(prefix="/api/users", tags=["users"])


class UserAdmin(BaseModel):
    id: int
    email: str
    name: str
    role: str
    is_active: bool
    created_at: datetime


class UserList(BaseModel):
    total: int
    users: list[UserAdmin]


class UserCreate(BaseModel):
    email: str = Field(min_length=3, max_length=255)
    password: str = Field(min_length=1, max_length=128)
    name: str | None = Field(default=None, min_length=2, max_length=255)
    role: Role = Role.LECTEUR


class UserUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=2, max_length=255)
    role: Role | None = None
    is_active: bool | None = None
    password: str | None = Field(default=None, min_length=1, max_length=128)


def _public(user: UserRow) -> UserAdmin:
    return UserAdmin(
        id=user.id,
        email=user.email,
        name=user.name,
        role=user.role,
        is_active=user.is_active,
        created_at=user.created_at,
    )


@router.get("")
def list_users(session: SessionDep, _: AdminPrincipal) -> UserList:
    """Every account, oldest first."""
    users = [_public(user) for user in user_service.list_users(session)]
    return UserList(total=len(users), users=users)


@router.post(
    "",
    status_code=201,
    dependencies=[Depends(write_rate_limit)],
)
def create_user(payload: UserCreate, session: SessionDep, admin: AdminPrincipal) -> UserAdmin:
    """Create an account with any role."""
    user = user_service.create_user_as_admin(
        session,
        auteur=admin.auteur,
        email=payload.email,
        password=payload.password,
        role=payload.role,
        name=payload.name,
    )
    return _public(user)


@router.patch(
    "/{user_id}",
    dependencies=[Depends(write_rate_limit)],
)
def update_user(
    user_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    payload: UserUpdate,
    session: SessionDep,
    admin: AdminPrincipal,
) -> UserAdmin:
    """Change the name, role or state of an account, or reset its password.

    The last active administrator can be neither demoted nor deactivated (409).
    """
    changes = user_service.UserChanges(
        name=payload.name,
        role=payload.role,
        is_active=payload.is_active,
        password=payload.password,
    )
    user = user_service.update_user(session, auteur=admin.auteur, user_id=user_id, changes=changes)
    return _public(user)
