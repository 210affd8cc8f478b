"""What readers type (issue 13): short forms, acronyms, "peu usité" appellations, the
generality prior, partial matches and "did you mean", on a hand-made referential (the mini
export plus a few nurse and teacher fiches), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from agents_metiers.services.fiches import lecture
from agents_metiers.services.fiches.search import SearchPage, autocomplete_codes, search_codes
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
    # what the synonyms of formes_courtes stand for, and a word split in two
    (
        "J1102",
        ("Médecin généraliste", "Médecin généraliste"),
        ["Médecin généraliste"],
    ),
    ("M1811", ("Data scientist", "Data scientist"), ["Docteur big data"]),
    (
        "G1607",
        ("Employé de restauration collective", "Employée de restauration collective"),
        ["Employé de cantine"],
    ),
    ("K2104", ("Surveillant en milieu scolaire", "Surveillante en milieu scolaire"), []),
    (
        "N4115",
        ("Conducteur de véhicules Super Lourds", "Conductrice de véhicules Super Lourds"),
        [],
    ),
    ("M1502", ("Chargé de recrutement", "Chargée de recrutement"), []),
    ("C1102", ("Conseiller en assurances", "Conseillère en assurances"), []),
    ("J1406", ("Orthophoniste", "Orthophoniste"), []),
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


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("femme de menage", "K1304"),
        ("dame de cantine", "G1607"),
        ("conducteur spl", "N4115"),
        ("recruteur", "M1502"),
        ("recruteuse", "M1502"),
        ("assureur", "C1102"),
        ("surveillant college", "K2104"),
    ],
)
def test_a_synonym_finds_the_word_rome_writes(lecteurs: Runtime, query: str, code: str) -> None:
    assert find(lecteurs, query).codes[0] == code


def test_docteur_finds_the_doctors_and_still_matches_as_written(lecteurs: Runtime) -> None:
    # "docteur" also stands for "medecin" (J1102, J1124), and still starts "Docteur big data"
    page = find(lecteurs, "docteur")
    assert set(page.codes) == {"J1102", "J1124", "M1811"}
    assert page.codes[-1] == "M1811"  # the doctors' names start with "medecin": tier 3


def test_synonyms_are_for_searches_not_for_the_autocomplete(lecteurs: Runtime) -> None:
    # a query being typed keeps its words as written ("femme de p…" is "femme de pied")
    with lecteurs.sessions() as session:
        assert autocomplete_codes(session, "docteur", limit=10) == ["M1811"]


@pytest.mark.parametrize("query", ["ortho phoniste", "orthopho niste", "Ortho-phoniste"])
def test_a_word_split_in_two_is_joined(lecteurs: Runtime, query: str) -> None:
    page = find(lecteurs, query)
    assert page.codes == ["J1406"]
    assert page.ignores == ()


def test_a_word_is_not_joined_to_a_function_word(lecteurs: Runtime) -> None:
    # "le" + "ttres" would start "lettres" (K2107): a function word is typed on purpose,
    # so "ttres" stays a word found nowhere, left out of the partial match
    page = find(lecteurs, "professeur le ttres")
    assert page.codes == ["K2107"]
    assert page.ignores == ("ttres",)
