"""Veille marché (§6.6) on one fiche: new draft revision only on real change, history per
run, never a value replaced by nothing; explicit failure when the sources are missing."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import httpx2
import pytest
from sqlalchemy import func, select

from agents_metiers.config import Settings
from agents_metiers.errors import ServiceUnavailableError
from agents_metiers.services.comptes.acteurs import SYSTEME
from agents_metiers.services.marche.sources import Marche
from agents_metiers.services.marche.veille import veiller_fiche
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import FicheRow, MarcheHistoriqueRow, RevisionRow

pytestmark = pytest.mark.anyio
FAKE = Path(__file__).parents[1] / "fixtures" / "marche" / "faux_serveur.py"
CODE = "M1805"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def imported(db: Runtime, rome_mini: Path) -> Runtime:
    import_rome(
        db.sessions, ImportOptions(source=str(rome_mini), download_dir=db.settings.download_dir)
    )
    return db


def with_sources(db: Runtime) -> Any:
    spec = importlib.util.spec_from_file_location("faux_serveur", FAKE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fake = module.app(client_id="id", client_secret="s", alternance_token="k")
    root = "http://sources.test"
    settings = Settings(
        **{
            **db.settings.model_dump(),
            "france_travail_client_id": "id",
            "france_travail_client_secret": "s",
            "france_travail_auth_url": f"{root}/connexion/oauth2/access_token?realm=%2Fpartenaire",
            "france_travail_api_url": f"{root}/partenaire",
            "_env_file": None,
        }
    )
    db.marche = Marche(settings, db.sessions, transport=httpx2.ASGITransport(app=fake))
    return fake


def counts(db: Runtime) -> tuple[int, int]:
    with db.sessions() as session:
        revisions = session.scalar(
            select(func.count()).select_from(RevisionRow).where(RevisionRow.code_rome == CODE)
        )
        history = session.scalar(select(func.count()).select_from(MarcheHistoriqueRow))
        return revisions or 0, history or 0


async def test_a_first_run_updates_the_fiche_and_a_second_changes_nothing(
    imported: Runtime,
) -> None:
    with_sources(imported)
    revisions_before, _ = counts(imported)
    first = await veiller_fiche(imported, CODE, SYSTEME, {"region": "11", "job_id": "run-1"})
    # each experience level has fewer readable salaries than MARCHE_ECHANTILLON_MIN (5):
    # no salary figure, so the stored salaries stay as they are
    assert set(first["champs"]) == {"perspectives", "types_contrats"}
    with imported.sessions() as session:
        row = session.scalars(select(FicheRow).where(FicheRow.code_rome == CODE)).one()
        assert row.perspectives["tension"] == 0.75
        assert row.perspectives["nombre_offres"] == 12
        assert row.types_contrats["cdi"] == 0.5
        assert row.provenance["types_contrats"]["source"] == "france_travail"
        assert row.provenance["types_contrats"]["periode"]
        assert row.statut == "brouillon"  # the workflow status is left alone
    second = await veiller_fiche(imported, CODE, SYSTEME, {"region": "11", "job_id": "run-2"})
    assert second["modifie"] is False
    revisions, history = counts(imported)
    assert revisions == revisions_before + 1
    assert history == 2
    with imported.sessions() as session:
        runs = session.scalars(select(MarcheHistoriqueRow.run_id)).all()
        assert sorted(runs) == ["run-1", "run-2"]


async def test_figures_the_sources_do_not_give_keep_their_stored_value(
    imported: Runtime,
) -> None:
    with_sources(imported)
    await veiller_fiche(imported, CODE, SYSTEME, {"region": "11"})
    # Corse: no offers and no indicator in the stand-in → nothing to overwrite with
    result = await veiller_fiche(imported, CODE, SYSTEME, {"region": "94"})
    with imported.sessions() as session:
        row = session.scalars(select(FicheRow).where(FicheRow.code_rome == CODE)).one()
        assert row.perspectives["tension"] == 0.75
        assert row.types_contrats["cdi"] == 0.5
        assert row.perspectives["nombre_offres"] == 0  # a real zero from the source
    assert result["champs"] == ["perspectives"]
    assert "tension" in result["sources_indisponibles"]


async def test_without_credentials_the_veille_fails_clearly_and_changes_nothing(
    imported: Runtime,
) -> None:
    before = counts(imported)
    with pytest.raises(ServiceUnavailableError, match="FRANCE_TRAVAIL_CLIENT_ID"):
        await veiller_fiche(imported, CODE, SYSTEME, {})
    assert counts(imported) == before
