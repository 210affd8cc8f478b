"""Running the veille: runs, changes, pending flags and audit recorded; no fiche content
changed; a second run adds nothing; bad sources refused with a sentence (both databases)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx2
import pytest
from sqlalchemy import select

from agents_metiers.domain.users import Role
from agents_metiers.errors import ConflictError, InvalidInputError, ServiceUnavailableError
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.runtime import Runtime
from agents_metiers.services.veille import staging
from agents_metiers.services.veille.detection import VeilleOptions, executer_veille
from agents_metiers.services.veille.lancement import veiller_rome
from agents_metiers.storage.fiches import snapshot
from agents_metiers.storage.tables import (
    AuditEventRow,
    FicheRow,
    RomeChangeRow,
    RomeFicheRow,
    RomeVeilleRunRow,
)

MEANING = "Technicien / Technicienne en cybersécurité"


@pytest.fixture
def v61(rome_mini: Path, tmp_path: Path, exports: ModuleType) -> Path:
    export = exports.copier_export(rome_mini, tmp_path / "v61", 61)
    export.relibeller("M1802", MEANING)
    export.reformuler_definition("M1805", 2, "Conçoit et programme des logiciels.")
    export.supprimer_code("J1104")
    export.ajouter_codes({"M1899": ("M1805", "Ingénieur / Ingénieure en IA")})
    path: Path = export.path
    return path


def _options(runtime: Runtime, source: Path | str, **kwargs: Any) -> VeilleOptions:
    return VeilleOptions(source=str(source), download_dir=runtime.settings.download_dir, **kwargs)


def _fiches(runtime: Runtime) -> dict[str, dict[str, Any]]:
    """Every fiche's content, version and date (the pending flag aside)."""
    with runtime.sessions() as session:
        rows = session.scalars(select(FicheRow))
        fiches = {row.code_rome: {**snapshot(row), "date_maj": row.date_maj} for row in rows}
    for fiche in fiches.values():
        fiche.pop("rome_update_pending")
    return fiches


def _runs(runtime: Runtime) -> list[tuple[str, str | None]]:
    with runtime.sessions() as session:
        rows = session.scalars(select(RomeVeilleRunRow).order_by(RomeVeilleRunRow.id))
        return [(run.statut, run.erreur) for run in rows]


def test_veille_records_changes_flags_fiches_and_changes_no_content(
    base_mini: Runtime, v61: Path
) -> None:
    before = _fiches(base_mini)
    resultat = executer_veille(base_mini.sessions, _options(base_mini, v61))
    c = resultat.compteurs
    assert (c["nouvelles"], c["modifiees"], c["supprimees"], c["inchangees"]) == (1, 2, 1, 3)
    assert (c["sens_modifies"], c["changements_enregistres"], c["fiches_marquees"]) == (1, 4, 3)
    assert resultat.sens_modifies == [
        {
            "code_rome": "M1802",
            "avant": "Expert / Experte systèmes et réseaux informatiques",
            "apres": MEANING,
        }
    ]
    with base_mini.sessions() as session:
        changes = {r.code_rome: r for r in session.scalars(select(RomeChangeRow))}
        pending = set(
            session.scalars(select(FicheRow.code_rome).where(FicheRow.rome_update_pending))
        )
        events = list(session.scalars(select(AuditEventRow.type_evenement)))
        stored_label = session.scalar(
            select(RomeFicheRow.libelle).where(RomeFicheRow.code_rome == "M1802")
        )
    assert {code: r.change_type for code, r in changes.items()} == {
        "M1802": "modified",
        "M1805": "modified",
        "J1104": "deleted",
        "M1899": "new",
    }
    assert changes["M1802"].sens_modifie and changes["M1802"].run_id == resultat.run_id
    assert changes["M1805"].fields_changed == ["definition"]
    assert pending == {"M1802", "M1805", "J1104"}
    assert "veille.executee" in events and "veille.sens_modifie" in events
    assert stored_label == "Expert / Experte systèmes et réseaux informatiques"
    after = _fiches(base_mini)
    assert after == before, "the veille changes no fiche content"
    assert _runs(base_mini) == [("terminee", None)]


def test_detected_fiche_is_read_from_the_staged_referential(base_mini: Runtime, v61: Path) -> None:
    resultat = executer_veille(base_mini.sessions, _options(base_mini, v61))
    with base_mini.sessions() as session:
        fiche = staging.fiche_detectee(session=session, run_id=resultat.run_id, code_rome="M1802")
    assert fiche is not None and fiche["nom_feminin"] == "Technicienne en cybersécurité"
    assert fiche["rome_version"] == 61


def test_a_second_veille_on_the_same_export_reports_nothing_new(
    base_mini: Runtime, v61: Path
) -> None:
    executer_veille(base_mini.sessions, _options(base_mini, v61))
    second = executer_veille(base_mini.sessions, _options(base_mini, v61))
    assert second.compteurs["changements_enregistres"] == 0
    assert second.compteurs["deja_signales"] == 4
    with base_mini.sessions() as session:
        assert len(session.scalars(select(RomeChangeRow)).all()) == 4
    assert _runs(base_mini) == [("terminee", None), ("terminee", None)]


def test_an_older_or_the_same_version_is_refused_and_recorded_as_failed(
    base_mini: Runtime, rome_mini: Path, tmp_path: Path, exports: ModuleType
) -> None:
    older = exports.copier_export(rome_mini, tmp_path / "v59", 59).path
    with pytest.raises(InvalidInputError, match="plus ancienne que la version 60"):
        executer_veille(base_mini.sessions, _options(base_mini, older))
    with pytest.raises(InvalidInputError, match="déjà en base"):
        executer_veille(base_mini.sessions, _options(base_mini, rome_mini))
    assert [statut for statut, _ in _runs(base_mini)] == ["echouee", "echouee"]
    with base_mini.sessions() as session:
        assert session.scalars(select(RomeChangeRow)).all() == []


def test_missing_file_and_not_an_export_are_clear_sentences(
    base_mini: Runtime, v61: Path, tmp_path: Path
) -> None:
    next(v61.glob("unix_texte_*")).unlink()
    with pytest.raises(InvalidInputError, match=r"unix_texte_v461_utf8\.csv est absent"):
        executer_veille(base_mini.sessions, _options(base_mini, v61))
    other = tmp_path / "notes.txt"
    other.write_text("pas un export", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="n'est pas une archive zip"):
        executer_veille(base_mini.sessions, _options(base_mini, other))
    runs = _runs(base_mini)
    assert [statut for statut, _ in runs] == ["echouee", "echouee"]
    assert runs[0][1] is not None and "absent" in runs[0][1]


def test_an_unreachable_url_is_a_503_sentence(base_mini: Runtime) -> None:
    def refuse(request: httpx2.Request) -> httpx2.Response:
        raise httpx2.ConnectError("connexion refusée", request=request)

    options = _options(
        base_mini, "https://exemple.fr/RefRomeCsv.zip", transport=httpx2.MockTransport(refuse)
    )
    with pytest.raises(ServiceUnavailableError, match="Impossible de télécharger"):
        executer_veille(base_mini.sessions, options)
    assert [statut for statut, _ in _runs(base_mini)] == ["echouee"]


def test_an_empty_database_is_told_to_import_first(db: Runtime, v61: Path) -> None:
    with pytest.raises(InvalidInputError, match="import-rome"):
        executer_veille(db.sessions, _options(db, v61))


def test_missing_texts_become_warnings_of_the_run(
    base_mini: Runtime, rome_mini: Path, tmp_path: Path, exports: ModuleType
) -> None:
    export = exports.copier_export(rome_mini, tmp_path / "v62", 62)
    export.retirer_textes("J1506")
    resultat = executer_veille(base_mini.sessions, _options(base_mini, export.path))
    assert resultat.compteurs["erreurs"] == 1
    with base_mini.sessions() as session:
        run = session.get(RomeVeilleRunRow, resultat.run_id)
        change = session.scalar(select(RomeChangeRow))
    assert run is not None and "J1506" in run.avertissements[0]
    assert change is not None and change.details == {"textes_manquants": ["definition", "acces"]}


def test_an_interrupted_run_is_failed_never_complete(base_mini: Runtime, v61: Path) -> None:
    def interrupt(step: str, _done: int, _total: int) -> None:
        if step == "enregistrement":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        executer_veille(base_mini.sessions, _options(base_mini, v61), progress=interrupt)
    runs = _runs(base_mini)
    assert runs == [
        ("echouee", "Exécution interrompue avant la fin : aucun changement n'a été enregistré.")
    ]
    with base_mini.sessions() as session:
        assert session.scalars(select(RomeChangeRow)).all() == []
        assert not session.scalars(select(FicheRow).where(FicheRow.rome_update_pending)).all()


def test_a_run_in_progress_blocks_a_second_one_until_it_is_stale(
    base_mini: Runtime, v61: Path
) -> None:
    started = datetime.now(UTC)
    with base_mini.sessions.begin() as session:
        session.add(
            RomeVeilleRunRow(
                started_at=started, statut="en_cours", source="x", compteurs={}, avertissements=[]
            )
        )
    with pytest.raises(ConflictError, match="déjà en cours"):
        executer_veille(base_mini.sessions, _options(base_mini, v61))
    with base_mini.sessions.begin() as session:
        run = session.scalar(select(RomeVeilleRunRow))
        assert run is not None
        run.started_at = started - timedelta(hours=2)
    executer_veille(base_mini.sessions, _options(base_mini, v61))
    assert [statut for statut, _ in _runs(base_mini)] == ["echouee", "terminee"]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio
async def test_the_veille_job_item_runs_the_veille_with_its_job_id(
    base_mini: Runtime, v61: Path
) -> None:
    auteur = Auteur(nom="admin@exemple.fr", role=Role.ADMIN)
    result = await veiller_rome(base_mini, "ROME", auteur, {"source": str(v61), "job_id": "j-1"})
    assert result["modifiees"] == 2 and result["nouvelles"] == 1
    with base_mini.sessions() as session:
        run = session.get(RomeVeilleRunRow, result["run_id"])
    assert run is not None and run.job_id == "j-1"
    with pytest.raises(InvalidInputError, match="tout le référentiel"):
        await veiller_rome(base_mini, "M1805", auteur, {"source": str(v61)})
