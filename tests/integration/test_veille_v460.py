"""The veille on the real v460 against a modified copy (v461), on SQLite and PostgreSQL.

The copy is built by the test itself (``tests/veille/exports.py``): codes added and removed, a
meaning change, a typographic relabel, a definition reworded, a competence and a mobility
removed, an appellation moved. Every change must be reported once, with the right fields.
Skipped only where ``../shared/rome/v460`` is absent.
"""

from __future__ import annotations

import csv
import importlib.util
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import Engine, select

from agents_metiers.config import Settings
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime
from agents_metiers.services.veille import staging
from agents_metiers.services.veille.detection import (
    VeilleOptions,
    VeilleResultat,
    executer_veille,
)
from agents_metiers.storage.db import make_sessionmaker
from agents_metiers.storage.tables import FicheRow, RomeChangeRow

SHARED = Path(__file__).resolve().parents[3] / "shared" / "rome"
V460 = SHARED / "v460"
MEANING = "Technicien / Technicienne en cybersécurité"
TYPO = "Plombier sanitaire / Plombière sanitaire"
NEW_CODES = {
    "M1899": ("M1805", "Ingénieur / Ingénieure en intelligence artificielle"),
    "M1898": ("M1802", "Architecte cloud"),
    "K2299": ("K2204", "Agent / Agente de dépollution des sols"),
}

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not V460.is_dir(), reason=f"export ROME réel absent : {V460}"),
]


def _exports() -> ModuleType:
    path = Path(__file__).parents[1] / "veille" / "exports.py"
    spec = importlib.util.spec_from_file_location("veille_exports_integration", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def v461(tmp_path_factory: pytest.TempPathFactory) -> Path:
    export = _exports().copier_export(V460, tmp_path_factory.mktemp("exports") / "v461", 61)
    export.ajouter_codes(NEW_CODES)
    export.supprimer_code("K2204")
    export.relibeller("M1802", MEANING)
    export.relibeller("F1603", TYPO)
    export.reformuler_definition("M1805", 1, "Conçoit des logiciels sûrs et sobres.")
    export.retirer_lien("M1805", "109846")
    export.retirer_mobilite("M1805", "M1803")
    export.deplacer_appellation("10944", "M1802")
    path: Path = export.path
    return path


@pytest.fixture(scope="module")
def base(
    database: Engine,
    tmp_path_factory: pytest.TempPathFactory,
    truncate_tables: Callable[[Engine], None],
) -> Iterator[Runtime]:
    truncate_tables(database)
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("data"), environment="test", _env_file=None
    )  # type: ignore[call-arg]
    runtime = Runtime(settings=settings, engine=database, sessions=make_sessionmaker(database))
    import_rome(runtime.sessions, ImportOptions(str(V460), settings.download_dir))
    yield runtime
    truncate_tables(database)


@pytest.fixture(scope="module")
def premiere(base: Runtime, v461: Path) -> VeilleResultat:
    return executer_veille(base.sessions, VeilleOptions(str(v461), base.settings.download_dir))


def _mobilites_vers(code: str) -> set[str]:
    with (V460 / "unix_rubrique_mobilite_v460_utf8.csv").open(encoding="utf-8") as handle:
        return {r["code_rome"] for r in csv.DictReader(handle) if r["code_rome_cible"] == code}


def _changes(runtime: Runtime) -> dict[str, RomeChangeRow]:
    with runtime.sessions() as session:
        rows = session.scalars(select(RomeChangeRow)).all()
    codes = [row.code_rome for row in rows]
    assert len(codes) == len(set(codes)), "each code is reported once"
    return {row.code_rome: row for row in rows}


def test_every_change_is_reported_once_with_its_type(
    base: Runtime, premiere: VeilleResultat
) -> None:
    changes = _changes(base)
    vers_k2204 = _mobilites_vers("K2204") - {"K2204"}
    expected = {code: "new" for code in NEW_CODES} | {"K2204": "deleted"}
    expected |= dict.fromkeys({"M1802", "F1603", "M1805"} | vers_k2204, "modified")
    assert {code: row.change_type for code, row in changes.items()} == expected
    c = premiere.compteurs
    assert (c["nouvelles"], c["supprimees"], c["modifiees"]) == (3, 1, len(expected) - 4)
    assert c["inchangees"] == 1584 - 1 - c["modifiees"]
    assert (c["relibellees"], c["sens_modifies"], c["erreurs"]) == (2, 1, 0)
    for code in vers_k2204:
        assert changes[code].fields_changed == ["mobilites"]
        assert changes[code].details["mobilites"]["retirees"][0]["code_rome"] == "K2204"


def test_meaning_change_and_typographic_relabel_are_told_apart(
    base: Runtime, premiere: VeilleResultat
) -> None:
    changes = _changes(base)
    assert changes["M1802"].sens_modifie is True
    assert changes["M1802"].details["libelle"]["apres"] == MEANING
    assert changes["F1603"].sens_modifie is False
    assert changes["F1603"].fields_changed == ["libelle"]
    assert [s["code_rome"] for s in premiere.sens_modifies] == ["M1802"]


def test_m1805_reports_definition_competence_mobility_and_moved_appellation(
    base: Runtime, premiere: VeilleResultat
) -> None:
    changes = _changes(base)
    m1805 = changes["M1805"]
    assert sorted(m1805.fields_changed) == [
        "appellations",
        "definition",
        "mobilites",
        "savoir_faire",
    ]
    assert m1805.details["definition"]["apres"][0] == "Conçoit des logiciels sûrs et sobres."
    assert [r["code"] for r in m1805.details["savoir_faire"]["retires"]] == ["109846"]
    assert [r["code_rome"] for r in m1805.details["mobilites"]["retirees"]] == ["M1803"]
    assert m1805.details["appellations"]["retirees"][0] == {
        "code_ogr": "10944",
        "libelle": "Analyste développeur / Analyste développeuse",
        "vers": "M1802",
    }
    ajoutee = changes["M1802"].details["appellations"]["ajoutees"][0]
    assert (ajoutee["code_ogr"], ajoutee["depuis"]) == ("10944", "M1805")


def test_fiches_are_flagged_but_unchanged_and_the_detected_fiche_is_staged(
    base: Runtime, premiere: VeilleResultat
) -> None:
    with base.sessions() as session:
        pending = set(
            session.scalars(select(FicheRow.code_rome).where(FicheRow.rome_update_pending))
        )
        m1802 = session.scalar(select(FicheRow).where(FicheRow.code_rome == "M1802"))
        detectee = staging.fiche_detectee(
            session=session, run_id=premiere.run_id, code_rome="M1802"
        )
        nouvelle = staging.fiche_detectee(
            session=session, run_id=premiere.run_id, code_rome="M1899"
        )
    modified_or_deleted = {c for c, r in _changes(base).items() if r.change_type != "new"}
    assert pending == modified_or_deleted
    assert m1802 is not None and m1802.version == 1
    assert m1802.nom_masculin == "Expert systèmes et réseaux informatiques"
    assert detectee is not None and detectee["nom_masculin"] == "Technicien en cybersécurité"
    assert "10944" in {a["code_ogr"] for a in detectee["appellations"]}
    assert nouvelle is not None and nouvelle["rome_version"] == 61


def test_a_second_veille_on_the_same_export_reports_nothing_new(
    base: Runtime, premiere: VeilleResultat, v461: Path
) -> None:
    before = len(_changes(base))
    second = executer_veille(base.sessions, VeilleOptions(str(v461), base.settings.download_dir))
    assert second.compteurs["changements_enregistres"] == 0
    assert second.compteurs["deja_signales"] == before
    assert len(_changes(base)) == before
