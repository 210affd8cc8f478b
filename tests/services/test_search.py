"""Search and autocomplete on the mini export, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from agents_metiers.domain.users import Role
from agents_metiers.domain.workflow import Action
from agents_metiers.errors import InvalidInputError
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.search import SearchPage, autocomplete_codes, search_codes
from agents_metiers.services.fiches.workflow import transitionner
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.search import reindex_fiches
from agents_metiers.storage.tables import FicheRow


@pytest.fixture
def mini(db: Runtime, rome_mini: Path) -> Runtime:
    """The database of ``db`` with the mini export imported (six fiches, all brouillon)."""
    import_rome(
        db.sessions, ImportOptions(source=str(rome_mini), download_dir=db.settings.download_dir)
    )
    return db


def find(runtime: Runtime, query: str, **options: Any) -> SearchPage:
    options.setdefault("limit", 20)
    options.setdefault("offset", 0)
    with runtime.sessions() as session:
        return search_codes(session, query, **options)


def suggest(runtime: Runtime, query: str, **options: Any) -> list[str]:
    options.setdefault("limit", 10)
    with runtime.sessions() as session:
        return autocomplete_codes(session, query, **options)


def edit(runtime: Runtime, code: str, **values: Any) -> None:
    """Change a fiche's columns directly, then reindex it, as every write path must."""
    with runtime.sessions.begin() as session:
        session.execute(update(FicheRow).where(FicheRow.code_rome == code).values(**values))
        reindex_fiches(session, codes=[code])


# --- what matches -------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["M1805", "m1805", " M 1805 "])
def test_the_exact_code_comes_first(mini: Runtime, query: str) -> None:
    assert find(mini, query).codes[0] == "M1805"


def test_accents_are_ignored(mini: Runtime) -> None:
    assert find(mini, "developpeur").codes == find(mini, "développeur").codes == ["M1805"]


def test_case_is_ignored(mini: Runtime) -> None:
    assert find(mini, "INFIRMIER EN SOINS").codes == find(mini, "infirmier en soins").codes
    assert find(mini, "INFIRMIER EN SOINS").codes[0] == "J1506"


@pytest.mark.parametrize(
    ("query", "code"),
    [("développeuse informatique", "M1805"), ("infirmière", "J1506"), ("maïeuticienne", "J1104")],
)
def test_a_feminine_form_finds_its_fiche(mini: Runtime, query: str, code: str) -> None:
    assert find(mini, query).codes[0] == code


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("devloppeur", "M1805"),  # a letter missing
        ("infirmeir", "J1506"),  # two letters swapped
        ("technicein d'exploitation", "M1810"),
        ("analyste programmeurr", "M1805"),  # a letter too many
        ("sage-femne", "J1104"),  # a letter replaced
    ],
)
def test_one_typo_per_word_is_tolerated(mini: Runtime, query: str, code: str) -> None:
    assert find(mini, query).codes[0] == code


def test_a_short_word_two_edits_away_finds_nothing(mini: Runtime) -> None:
    assert find(mini, "infrmir").total == 0  # 7 letters: one typo at most


def test_a_long_word_two_edits_away_is_corrected_when_one_edit_finds_nothing(
    mini: Runtime,
) -> None:
    assert find(mini, "dvloppeur").codes[0] == "M1805"  # 9 letters, two missing


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("infirmiers", "J1506"),  # a plural read as its singular
        ("developpeurs informatiques", "M1805"),
        ("sagefemme", "J1104"),  # two indexed words written as one
    ],
)
def test_what_readers_write_differently_finds_the_fiche(
    mini: Runtime, query: str, code: str
) -> None:
    assert find(mini, query).codes[0] == code


@pytest.mark.parametrize(
    ("query", "code"),
    [("maieuticien", "J1104"), ("consultant réseaux", "M1802"), ("interne en anesthésie", "J1124")],
)
def test_an_appellation_alone_finds_its_fiche(mini: Runtime, query: str, code: str) -> None:
    assert find(mini, query).codes == [code]


def test_every_word_must_match_or_the_best_partial_matches_are_listed(mini: Runtime) -> None:
    page = find(mini, "infirmier informatique")
    # No fiche holds both: those holding one of them, the most specific word's first.
    assert page.ignores == ("informatique",)
    assert page.codes[0] == "J1506"
    assert set(page.codes) == {"J1506", "M1805", "M1810", "M1802"}
    assert page.total == len(page.codes)


def test_function_words_are_not_required(mini: Runtime) -> None:
    assert find(mini, "technicien de l'exploitation").codes[0] == "M1810"


def test_an_unfinished_word_matches_as_a_prefix(mini: Runtime) -> None:
    assert find(mini, "stomato").codes == ["J1506"]


# --- ranking ------------------------------------------------------------------------------


def test_tiers_rank_name_then_appellation_then_description(mini: Runtime) -> None:
    edit(mini, "M1810", nom_masculin="Développeur informatique d'exploitation")
    edit(
        mini,
        "M1802",
        appellations=[{"libelle": "Développeur informatique réseaux", "nom_masculin": ""}],
    )
    edit(mini, "J1104", description_courte="Rien d'un développeur informatique.")
    codes = find(mini, "développeur informatique").codes
    # exact name, name prefix, appellation, short description
    assert codes == ["M1805", "M1810", "M1802", "J1104"]


def test_exact_name_beats_a_longer_name(mini: Runtime) -> None:
    edit(mini, "M1810", nom_masculin="Développeur", nom_feminin="Développeuse")
    assert find(mini, "developpeur").codes == ["M1810", "M1805"]


def test_name_words_beat_appellation_words(mini: Runtime) -> None:
    # "informatique" ends the names of M1802, M1805, M1810; J1506 has it in an appellation.
    edit(mini, "J1506", appellations=[{"libelle": "Infirmier informatique"}])
    codes = find(mini, "informatique").codes
    assert set(codes[:3]) == {"M1802", "M1805", "M1810"}
    assert codes[3] == "J1506"


def test_within_a_tier_the_more_general_fiche_comes_first(mini: Runtime) -> None:
    # Both names start with "expert"; the shorter name is M1810's, but more of M1802's
    # forms (its epicene name, its appellation) hold the word: the generality prior wins.
    edit(mini, "M1810", nom_masculin="Expert réseaux", nom_feminin="Experte réseaux")
    assert find(mini, "expert").codes == ["M1802", "M1810"]


def test_a_code_prefix_lists_its_codes_in_order(mini: Runtime) -> None:
    assert find(mini, "M18").codes == ["M1802", "M1805", "M1810"]


# --- filters and paging -------------------------------------------------------------------


def test_the_statut_filter_keeps_only_that_statut(mini: Runtime) -> None:
    edit(mini, "M1805", statut="enrichi")
    assert find(mini, "informatique", statut="enrichi").codes == ["M1805"]
    assert "M1805" not in find(mini, "informatique", statut="brouillon").codes


def test_published_only_hides_fiches_never_published(mini: Runtime) -> None:
    assert find(mini, "informatique", published_only=True) == SearchPage(total=0, codes=[])
    with mini.sessions() as session:
        admin = Auteur(nom="test", role=Role.ADMIN)
        transitionner(session, "M1802", Action.PUBLIER, admin, motif="test", force=True)
    assert find(mini, "informatique", published_only=True).codes == ["M1802"]
    assert suggest(mini, "informatique", published_only=True) == ["M1802"]
    assert len(find(mini, "informatique").codes) == 3


def test_total_counts_every_match_beyond_the_page(mini: Runtime) -> None:
    first = find(mini, "informatique", limit=1)
    second = find(mini, "informatique", limit=1, offset=1)
    beyond = find(mini, "informatique", limit=1, offset=10)
    assert (first.total, second.total, beyond.total) == (3, 3, 3)
    assert len(first.codes) == len(second.codes) == 1
    assert first.codes != second.codes
    assert beyond.codes == []


def test_pages_follow_the_ranking(mini: Runtime) -> None:
    everything = find(mini, "informatique").codes
    pages = [find(mini, "informatique", limit=2, offset=o).codes for o in (0, 2)]
    assert pages[0] + pages[1] == everything


@pytest.mark.parametrize(("limit", "offset"), [(0, 0), (10, -1)])
def test_an_impossible_page_is_refused(mini: Runtime, limit: int, offset: int) -> None:
    with pytest.raises(InvalidInputError):
        find(mini, "informatique", limit=limit, offset=offset)


# --- input ----------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "   ", "!!!", "-- ' ; *"])
def test_a_query_without_words_gives_an_empty_page(mini: Runtime, query: str) -> None:
    assert find(mini, query) == SearchPage(total=0, codes=[])
    assert suggest(mini, query) == []


def test_a_query_over_200_characters_is_refused_in_french(mini: Runtime) -> None:
    with pytest.raises(InvalidInputError, match="trop longue"):
        find(mini, "a" * 201)
    with pytest.raises(InvalidInputError, match="trop longue"):
        suggest(mini, "a" * 201)


HOSTILE = [
    '"',
    '"développeur',
    "*",
    "dev*",
    "NEAR(",
    "NEAR(développeur informatique, 2)",
    "développeur AND NOT infirmier",
    "-infirmier",
    "^infirmier",
    "{noms} : infirmier",
    "noms:infirmier",
    "(infirmier",
    "'; drop table fiches; --",
    "infirmier' OR '1'='1",
    "100%_\\",
    "développeur:*A & !x | y <-> z",
    "\x00infirmier",
    "\ud800",
    "a" * 200,
    " ".join(["développeur"] * 16),
    " ".join(["xqzvw"] * 30),
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_input_never_raises(mini: Runtime, query: str) -> None:
    page = find(mini, query)
    assert page.total >= len(page.codes)
    suggest(mini, query)


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=st.text(max_size=200))
def test_any_text_is_searched_without_error(mini: Runtime, query: str) -> None:
    page = find(mini, query)
    assert page.total >= len(page.codes)


def test_operators_typed_by_the_user_are_only_words(mini: Runtime) -> None:
    # As operators they would match fully; as words, no fiche holds them all.
    assert find(mini, "infirmier OR developpeur").ignores != ()
    near = find(mini, "NEAR infirmier")
    assert (near.ignores, near.codes) == (("near",), ["J1506"])


# --- index maintenance ----------------------------------------------------------------------


def test_a_new_name_is_found_once_reindexed(mini: Runtime) -> None:
    with mini.sessions.begin() as session:
        session.execute(
            update(FicheRow)
            .where(FicheRow.code_rome == "M1810")
            .values(nom_masculin="Pilote de drones", nom_feminin="Pilote de drones")
        )
    assert find(mini, "pilote de drones").total == 0
    with mini.sessions.begin() as session:
        reindex_fiches(session, codes=["M1810"])
    assert find(mini, "pilote de drones").codes == ["M1810"]


def test_a_word_only_the_new_name_holds_is_corrected_too(mini: Runtime) -> None:
    edit(mini, "M1810", nom_masculin="Pilote de drones")
    assert find(mini, "pilote de dornes").codes == ["M1810"]


# --- autocomplete -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"),
    [("dév", "M1805"), ("infirm", "J1506"), ("M180", "M1802"), ("sage-f", "J1104")],
)
def test_autocomplete_puts_the_obvious_fiche_first(mini: Runtime, typed: str, code: str) -> None:
    assert suggest(mini, typed)[0] == code


def test_autocomplete_returns_at_most_limit_codes(mini: Runtime) -> None:
    assert len(suggest(mini, "informatique", limit=2)) == 2


def test_autocomplete_and_search_agree_on_the_order(mini: Runtime) -> None:
    assert suggest(mini, "informatique") == find(mini, "informatique").codes


# --- the real export ------------------------------------------------------------------------


@pytest.mark.integration
def test_appellations_of_the_real_export_find_their_fiche_in_the_top_5(
    db: Runtime, shared_rome: Path
) -> None:
    options = ImportOptions(source=str(shared_rome / "v460"), download_dir=db.settings.download_dir)
    import_rome(db.sessions, options)
    with db.sessions() as session:
        rows = session.execute(select(FicheRow.code_rome, FicheRow.appellations)).all()
    appellations = sorted((a["libelle"], code) for code, items in rows for a in items)
    sample = random.Random(460).sample(appellations, 100)
    with db.sessions() as session:
        found = [code in search_codes(session, q, limit=5, offset=0).codes for q, code in sample]
    assert sum(found) >= 95
