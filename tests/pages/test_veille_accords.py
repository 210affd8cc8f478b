"""The Veille tab's badges agree in number in French and English (« 1 nouveau »,
« 2 changements de sens », « 1 meaning change »), never « nouveau(x) » or « retiré(s) »."""

from __future__ import annotations

import html
import re
from types import SimpleNamespace

import pytest

from agents_metiers.services.veille.consultation import VeilleDetails, VeilleStatus
from agents_metiers.web.i18n import traducteur
from agents_metiers.web.pages import vue_veille
from agents_metiers.web.pages.rendu import environment


def _onglet(n: int, lang: str) -> str:
    details = VeilleDetails(
        version_stockee=60, version_detectee=61, nouvelles=n, modifiees=n, supprimees=n,
        inchangees=0, relibellees=0, sens_modifies=n, erreurs=0,
    )  # fmt: skip
    statut = VeilleStatus(
        derniere_execution=None, derniere_succes=None, derniere_details=details,
        derniere_erreur=None, fiches_pending=0, changements_non_revues=0,
        prochaine_execution="Jamais", execution_en_cours=None,
    )  # fmt: skip
    ctx = SimpleNamespace(peut=lambda permission: False, url_avec=lambda **params: "/actions")
    page = environment.get_template("_veille.html").render(
        veille_reservee=False, veille=statut, changements=[], total_changements=0,
        nb_pages_veille=1, filtres_veille=SimpleNamespace(etat="attente", type="", code="",
        sens=False, p=1), derniere_sync=None, vue_veille=vue_veille, message_veille=None,
        csrf="x", ctx=ctx, _=traducteur(lang), lang=lang, ia_disponible=False,
    )  # fmt: skip
    return " ".join(re.findall(r'<span class="badge[^"]*">([^<]*)</span>', html.unescape(page)))


@pytest.mark.parametrize(
    ("n", "lang", "badges"),
    [
        (1, "fr", "1 nouveau 1 modifié 1 retiré 1 changement de sens"),
        (2, "fr", "2 nouveaux 2 modifiés 2 retirés 2 changements de sens"),
        (1, "en", "1 new 1 modified 1 removed 1 meaning change"),
        (2, "en", "2 new 2 modified 2 removed 2 meaning changes"),
        (0, "en", "0 new 0 modified 0 removed 0 meaning changes"),
    ],
)
def test_veille_badges_agree_with_their_counts(n: int, lang: str, badges: str) -> None:
    assert _onglet(n, lang) == badges
