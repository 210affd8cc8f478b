"""What readers type (issue 13): short forms, acronyms, "peu usité" appellations, the
generality prior, partial matches and "did you mean", on a hand-made referential (the mini
export plus a few nurse and teacher fiches), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from agents_metiers.services.fiches import lecture
from agents_metiers.services.fiches.search import SearchPage, search_codes
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.search import reindex_fiches
from agents_metiers.storage.tables import FicheRow, RomeAppellationRow

NOW = datetime(2026, 1, 1, tzinfo=UTC)

# code, (masculine, feminine), appellations (masculine labels)
FICHES: list[tuple[str, tuple[str, str], list[str]]] = [
    ("J1503", ("Infirmier anesthésiste (IADE)", "Infirmière anesthésiste (IADE)"), []),
    ("J1511", ("Infirmier scolaire", "Infirmière scolaire"), ["Infirmier de l'Education"]),
    (
        "K2107",
        ("Professeur de collège et de lycée", "Professeure de collège et de lycée"),
        ["Professeur de mathématiques", "Professeur de lettres"],
    ),
    ("K1304", ("Employé familial", "Employée familiale"), ["Employé de ménage"]),
    ("J1301", ("Agent de service hospitalier (ASH)", "Agente de service hospitalier (ASH)"), []),
]
# code_ogr, code_rome, label: appellations ROME marks "peu usité"
PEU_USITES = [
    ("90001", "K1304", "Aide ménager / Aide ménagère à domicile"),
    ("90002", "J1301", "Agent hospitalier / Agente hospitalière"),
]


def _fiche(code: str, noms: tuple[str, str], appellations: list[str]) -> FicheRow:
    return FicheRow(
        code_rome=code,
        nom_masculin=noms[0],
        nom_feminin=noms[1],
        nom_epicene=noms[0],
        appellations=[{"libelle": a, "nom_masculin": a} for a in appellations],
        date_creation=NOW,
        date_maj=NOW,
    )


def _peu_usite(code_ogr: str, code_rome: str, label: str) -> RomeAppellationRow:
    masculin, _, feminin = label.partition(" / ")
    return RomeAppellationRow(
        code_ogr=code_ogr,
        code_rome=code_rome,
        libelle_long=label,
        libelle_court=label,
        nom_masculin=masculin,
        nom_feminin=feminin or masculin,
        nom_epicene=masculin,
        classification="SYNONYME",
        peu_usite=True,
    )


@pytest.fixture
def lecteurs(db: Runtime, rome_mini: Path) -> Runtime:
    import_rome(
        db.sessions, ImportOptions(source=str(rome_mini), download_dir=db.settings.download_dir)
    )
    with db.sessions.begin() as session:
        session.add_all(_fiche(*f) for f in FICHES)
        session.add_all(_peu_usite(*p) for p in PEU_USITES)
        session.flush()
        reindex_fiches(session)
    return db


def find(runtime: Runtime, query: str, **options: Any) -> SearchPage:
    with runtime.sessions() as session:
        return search_codes(session, query, limit=20, offset=0, **options)


@pytest.mark.parametrize("query", ["prof de maths", "profs de math", "Prof de Maths"])
def test_prof_de_maths_finds_the_secondary_teacher(lecteurs: Runtime, query: str) -> None:
    assert find(lecteurs, query).codes == ["K2107"]


def test_infirmiere_puts_the_general_nurse_first(lecteurs: Runtime) -> None:
    # Four of J1506's forms hold the word, against one or two for each speciality.
    page = find(lecteurs, "infirmiere")
    assert page.codes[0] == "J1506"
    assert set(page.codes) == {"J1506", "J1503", "J1511"}


def test_an_acronym_rome_writes_finds_its_fiche_first(lecteurs: Runtime) -> None:
    assert find(lecteurs, "ide").codes[0] == "J1506"  # "(IDE)" in its appellation
    assert find(lecteurs, "iade").codes == ["J1503"]
    assert find(lecteurs, "ASH").codes == ["J1301"]


@pytest.mark.parametrize(
    ("query", "code", "label"),
    [
        ("aide menagere", "K1304", "Aide ménager / Aide ménagère à domicile"),
        ("aide ménagère à domicile", "K1304", "Aide ménager / Aide ménagère à domicile"),
        ("agent hospitalier", "J1301", "Agent hospitalier / Agente hospitalière"),
    ],
)
def test_a_peu_usite_appellation_is_found_and_shown(
    lecteurs: Runtime, query: str, code: str, label: str
) -> None:
    with lecteurs.sessions() as session:
        found = lecture.rechercher(session, query)
    assert found.fiches[0].code_rome == code
    assert found.fiches[0].appellation_trouvee == label


def test_a_peu_usite_appellation_is_not_put_on_the_fiche(lecteurs: Runtime) -> None:
    with lecteurs.sessions() as session:
        fiche = lecture.get_detail(session, "K1304")
    assert "ménagère à domicile" not in str(fiche.appellations)


def test_no_also_known_as_when_the_name_holds_the_phrase(lecteurs: Runtime) -> None:
    with lecteurs.sessions() as session:
        found = lecture.rechercher(session, "infirmier scolaire")
    assert found.fiches[0].code_rome == "J1511"
    assert found.fiches[0].appellation_trouvee is None


def test_a_peu_usite_appellation_ranks_below_a_current_one(lecteurs: Runtime) -> None:
    # "hospitalier": J1301's current name holds it; K1304 would only by a peu-usité form.
    with lecteurs.sessions.begin() as session:
        session.add(_peu_usite("90003", "K1304", "Employé hospitalier de ménage"))
        session.flush()
        reindex_fiches(session, codes=["K1304"])
    assert find(lecteurs, "hospitalier").codes[:2] == ["J1301", "K1304"]


def test_words_in_any_order(lecteurs: Runtime) -> None:
    assert find(lecteurs, "scolaire infirmiere").codes == ["J1511"]


def test_a_mistyped_word_among_others_keeps_the_best_partial_matches(lecteurs: Runtime) -> None:
    # "xqzw" matches nothing, even one edit away: the other words still find the fiche.
    page = find(lecteurs, "infirmiere scolaire xqzw")
    assert page.codes == ["J1511"]
    assert page.ignores == ("xqzw",)
    assert page.total == 1


def test_when_no_fiche_holds_every_word_each_word_s_fiches_are_listed(lecteurs: Runtime) -> None:
    page = find(lecteurs, "infirmier anesthesiste scolaire")
    assert set(page.codes) == {"J1503", "J1511"}
    assert page.total == 2 and page.ignores


def test_did_you_mean_when_nothing_matches(lecteurs: Runtime) -> None:
    # two edits from "infirmier": too many for a word of 7 letters to be corrected
    nothing = find(lecteurs, "infrmir")
    assert (nothing.total, nothing.codes) == (0, [])
    assert nothing.suggestion == "infirmier"


def test_no_suggestion_for_gibberish(lecteurs: Runtime) -> None:
    page = find(lecteurs, "zzzqqq")
    assert (page.total, page.suggestion) == (0, None)
