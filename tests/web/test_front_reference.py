"""Shapes the reference front-end reads, found by running it against our API (issue 15).

Each test pins what broke or misled in that front-end, over HTTP on the real app.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx2
import pytest

from agents_metiers.domain.users import Role
from agents_metiers.domain.workflow import Action
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches import lecture
from agents_metiers.services.fiches.workflow import transitionner
from agents_metiers.services.runtime import Runtime

pytestmark = pytest.mark.anyio

Headers = Callable[[str], dict[str, str]]
CODE = "M1805"
AXES = {"realiste", "investigateur", "artistique", "social", "entreprenant", "conventionnel"}


def _axes_only(profil: dict[str, object]) -> None:
    # The reference RiasecChart scales the axes to 0–100 only when *every* value of
    # profil_riasec is a number ≤ 1: a string key ("majeur": "I") drew every axis at ~1 %.
    assert set(profil) == AXES
    assert all(isinstance(v, int | float) and 0 <= v <= 1 for v in profil.values())
    assert max(profil.values()) == 1  # normalised: the dominant axis is 1.0


async def test_profil_riasec_holds_the_six_axes_and_the_rome_codes_go_beside_it(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    with imported.sessions() as session:
        attendu = lecture.get_detail(session, CODE).profil_riasec or {}
    codes = {k: attendu[k] for k in ("majeur", "mineur") if attendu.get(k)}
    assert codes.get("majeur")  # the fixture export gives this fiche its ROME codes

    editor = (await client.get(f"/api/fiches/{CODE}", headers=auth_headers("editeur"))).json()
    _axes_only(editor["profil_riasec"])
    assert editor["riasec_rome"] == codes

    with imported.sessions() as session:
        admin = Auteur(nom="test", role=Role.ADMIN)
        transitionner(session, CODE, Action.PUBLIER, admin, motif="test", force=True)
    public = (await client.get(f"/api/fiches/{CODE}")).json()
    _axes_only(public["profil_riasec"])
    assert public["riasec_rome"] == codes
    # read back from the published JSON, our own pages still get the codes in Python
    with imported.sessions() as session:
        relu = lecture.get_detail(session, CODE, voir_brouillons=False)
    assert {k: (relu.profil_riasec or {}).get(k) for k in codes} == codes
    assert relu.riasec_rome == codes
