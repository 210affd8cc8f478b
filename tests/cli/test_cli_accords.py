"""CLI summaries agree in number with their counts: « 1 fiche validée », « 2 fiches
validées », never « fiche(s) » (rendered by the summary functions themselves)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from agents_metiers.cli.jobs import _bilan_relecture, _echecs
from agents_metiers.cli.revue import _rapport
from agents_metiers.rendering.nombres import accord
from agents_metiers.services.jobs.lifecycle import JobItemOut, JobOut
from agents_metiers.services.veille.sync import SyncResultat


def _job(actions: list[str], *, cancelled: int) -> JobOut:
    items = [
        JobItemOut(code_rome=f"M{1800 + i}", statut="done", result={"action": a}, attempts=1)
        for i, a in enumerate(actions)
    ]
    return JobOut(
        id="j1", type="review", label="Relecture", statut="done", total=len(items) + cancelled,
        done=len(items), failed=0, cancelled=cancelled, running=0, pending=0, progress=1.0,
        cancel_requested=False, params={}, auteur="Rose", resultat=None, error=None,
        created_at=datetime.now(UTC), started_at=None, finished_at=None, items=items,
    )  # fmt: skip


def test_accord_writes_the_count_and_the_agreeing_words() -> None:
    assert accord(0, "fiche", "fiches") == "0 fiche"
    assert accord(1, "fiche traitée", "fiches traitées") == "1 fiche traitée"
    assert accord(2, "fiche traitée", "fiches traitées") == "2 fiches traitées"
    assert accord(1234, "fiche", "fiches") == "1\u202f234 fiches"
    assert accord(0, "sheet", "sheets", "en") == "0 sheets"


@pytest.mark.parametrize(
    ("n", "attendu"),
    [
        (1, "1 changement appliqué (1 fiche modifiée), 1 nouvelle fiche en brouillon, "
            "1 code retiré signalé, 1 en conflit, 1 changement de sens en attente de revue."),
        (2, "2 changements appliqués (2 fiches modifiées), 2 nouvelles fiches en brouillon, "
            "2 codes retirés signalés, 2 en conflit, 2 changements de sens en attente de revue."),
    ],
)  # fmt: skip
def test_sync_report_agrees_with_its_counts(
    n: int, attendu: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _rapport(
        SyncResultat(
            version=61, appliquees=n, fiches_modifiees=n, nouvelles_fiches=n, retirees=n,
            conflits=n, en_attente_revue=n,
        )
    )  # fmt: skip
    sortie = " ".join(capsys.readouterr().out.split())
    assert attendu in sortie
    assert "(s)" not in sortie


@pytest.mark.parametrize(
    ("actions", "annulees", "attendu"),
    [
        (["publiee", "ignoree"], 1, "1 fiche validée et publiée, 1 ignorée, 0 en échec, 1 annulée"),
        (["publiee", "publiee", "ignoree", "ignoree"], 2,
         "2 fiches validées et publiées, 2 ignorées, 0 en échec, 2 annulées"),
    ],
)  # fmt: skip
def test_batch_review_summary_agrees_with_its_counts(
    actions: list[str], annulees: int, attendu: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _bilan_relecture(_job(actions, cancelled=annulees), publier=True)
    sortie = " ".join(capsys.readouterr().out.split())
    assert attendu in sortie
    assert "(s)" not in sortie


def test_progress_counts_failures_in_words() -> None:
    assert [_echecs(n) for n in (0, 1, 2)] == ["0 échec", "1 échec", "2 échecs"]
