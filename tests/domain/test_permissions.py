"""The permission table: roles are cumulative; visitors read published content only."""

from __future__ import annotations

import itertools

import pytest

from agents_metiers.domain.permissions import Permission, can, permissions_of
from agents_metiers.domain.users import Role


def test_anonymous_visitors_only_read_published_content() -> None:
    assert permissions_of(None) == [Permission.LIRE_PUBLIE]


def test_a_reader_account_has_no_more_rights_than_a_visitor() -> None:
    assert permissions_of(Role.LECTEUR) == permissions_of(None)


@pytest.mark.parametrize(
    ("role", "permission", "allowed"),
    [
        (Role.EDITEUR, Permission.MODIFIER, True),
        (Role.EDITEUR, Permission.PUBLIER, False),
        (Role.EDITEUR, Permission.RELIRE, False),
        (Role.RELECTEUR, Permission.PUBLIER, True),
        (Role.RELECTEUR, Permission.MODIFIER, True),
        (Role.RELECTEUR, Permission.FORCER_PUBLICATION, False),
        (Role.ADMIN, Permission.FORCER_PUBLICATION, True),
        (Role.ADMIN, Permission.GERER_UTILISATEURS, True),
        (Role.LECTEUR, Permission.LIRE_BROUILLONS, False),
    ],
)
def test_role_permissions(role: Role, permission: Permission, allowed: bool) -> None:
    assert can(role, permission) is allowed


def test_each_role_holds_every_permission_of_the_roles_below() -> None:
    order = [Role.LECTEUR, Role.EDITEUR, Role.RELECTEUR, Role.ADMIN]
    for lower, higher in itertools.pairwise(order):
        assert set(permissions_of(lower)) < set(permissions_of(higher))
