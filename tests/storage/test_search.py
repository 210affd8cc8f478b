"""The search index: its words, its upkeep, its migration (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import delete, func, inspect, select, text, update

from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage import search
from agents_metiers.storage.db import MIGRATIONS_DIR
from agents_metiers.storage.search import SearchFilters, SearchTerms, reindex_fiches
from agents_metiers.storage.search.documents import document
from agents_metiers.storage.search.terms import ExpandedQuery, corrections, form, words
from agents_metiers.storage.tables import Base, FicheRow


@pytest.fixture
def mini(db: Runtime, rome_mini: Path) -> Runtime:
    import_rome(
        db.sessions, ImportOptions(source=str(rome_mini), download_dir=db.settings.download_dir)
    )
    return db


def codes_for(runtime: Runtime, query: str) -> list[str]:
    terms = SearchTerms.parse(query)
    assert terms is not None
    with runtime.sessions() as session:
        expanded = search.expand_terms(session=session, terms=terms)
        return search.rank_codes(
            session=session, query=expanded, filters=SearchFilters(), limit=50, offset=0
        )


def vocabulary_size(runtime: Runtime, word: str) -> int:
    with runtime.sessions() as session:
        statement = text("SELECT count(*) FROM search_terms WHERE term = :word")
        return session.scalar(statement, {"word": word}) or 0


# --- words (pure) -------------------------------------------------------------------------


def test_index_and_queries_split_words_the_same_way() -> None:
    assert words("Analyste-programmeur(se) d'œuvre_spéciale") == [
        "analyste",
        "programmeur",
        "se",
        "d",
        "oeuvre",
        "speciale",
    ]
    assert form("  Développeur / Développeuse  ") == "developpeur developpeuse"


def test_a_query_of_punctuation_has_no_terms() -> None:
    assert SearchTerms.parse(" -- ' ; * ") is None


def test_function_words_are_required_only_when_alone() -> None:
    assert SearchTerms(("technicien", "de", "l", "exploitation")).required == (
        "technicien",
        "exploitation",
    )
    assert SearchTerms(("de", "la")).required == ("de", "la")


def test_a_code_is_recognised_with_spaces_and_in_lower_case() -> None:
    assert SearchTerms(("m", "1805")).code == "M1805"
    assert SearchTerms(("m18",)).code_prefix == "M18"
    assert SearchTerms(("m18", "informatique")).code_prefix is None


def test_corrections_are_one_edit_away_first_letter_kept_first() -> None:
    vocabulary = ["zevloppeur", "developpeuse", "developpeur", "envelopper", "devloppeurs"]
    assert corrections("devloppeur", vocabulary) == ("developpeur", "devloppeurs", "zevloppeur")


def test_corrected_phrases_cover_every_choice() -> None:
    query = ExpandedQuery(SearchTerms(("devloppeur", "web")), {"devloppeur": ("developpeur",)})
    assert query.phrases() == ["devloppeur web", "developpeur web"]


def test_a_document_holds_every_form_of_names_and_appellations() -> None:
    appellations = [
        {
            "libelle": "Maïeuticien / Maïeuticienne",
            "nom_masculin": "Maïeuticien",
            "nom_feminin": "Maïeuticienne",
            "nom_epicene": "Maïeuticien ou maïeuticienne",
        }
    ]
    built = document(("J1104", "Homme sage-femme", "Sage-femme", "Sage-femme", appellations, None))
    assert built.noms == ("homme sage femme", "sage femme")
    assert built.appellations == (
        "maieuticien maieuticienne",
        "maieuticien",
        "maieuticienne",
        "maieuticien ou maieuticienne",
    )
    assert built.code == "j1104"
    assert built.texte == ""


# --- the index ----------------------------------------------------------------------------


def test_the_import_indexes_every_fiche(mini: Runtime) -> None:
    assert codes_for(mini, "M1805") == ["M1805"]
    assert len(codes_for(mini, "j1")) == 3


def test_raw_hostile_words_never_break_a_match_expression(mini: Runtime) -> None:
    # Words normally hold only letters and digits; even unfiltered ones stay strings.
    hostile = ('a"b', "c'd", "NEAR(", "*", "{noms}", ":", "\\", "e&f|!g")
    query = ExpandedQuery(SearchTerms(hostile), {'a"b': ("x'y",)})
    with mini.sessions() as session:
        assert search.count_matches(session=session, query=query, filters=SearchFilters()) == 0


def test_reindexing_a_deleted_fiche_removes_it(mini: Runtime) -> None:
    with mini.sessions.begin() as session:
        session.execute(delete(FicheRow).where(FicheRow.code_rome == "J1104"))
        reindex_fiches(session, codes=["J1104"])
    assert codes_for(mini, "sage femme") == []
    assert vocabulary_size(mini, "maieuticien") == 0


def test_reindexing_some_codes_leaves_the_others_alone(mini: Runtime) -> None:
    with mini.sessions.begin() as session:
        session.execute(update(FicheRow).values(nom_masculin="Changé partout"))
        reindex_fiches(session, codes=["M1805"])
    assert codes_for(mini, "change partout") == ["M1805"]
    assert codes_for(mini, "infirmier en soins") == ["J1506"]


def test_reindexing_no_code_changes_nothing(mini: Runtime) -> None:
    with mini.sessions.begin() as session:
        session.execute(update(FicheRow).values(nom_masculin="Changé partout"))
        reindex_fiches(session, codes=[])
    assert codes_for(mini, "change partout") == []


def test_reindexing_everything_rebuilds_from_the_table(mini: Runtime) -> None:
    before = codes_for(mini, "informatique")
    with mini.sessions.begin() as session:
        reindex_fiches(session)
        reindex_fiches(session)
    assert codes_for(mini, "informatique") == before


def test_the_vocabulary_follows_the_names(mini: Runtime) -> None:
    assert vocabulary_size(mini, "drones") == 0
    with mini.sessions.begin() as session:
        session.execute(
            update(FicheRow).where(FicheRow.code_rome == "J1104").values(appellations=[])
        )
        session.execute(
            update(FicheRow)
            .where(FicheRow.code_rome == "M1810")
            .values(nom_masculin="Pilote de drones")
        )
        reindex_fiches(session, codes=["J1104", "M1810"])
    assert vocabulary_size(mini, "drones") == 1
    assert vocabulary_size(mini, "maieuticien") == 0


def test_a_typo_is_expanded_to_indexed_words_only(mini: Runtime) -> None:
    terms = SearchTerms(("devloppeur", "informatique", "zzzzzz"))
    with mini.sessions() as session:
        expanded = search.expand_terms(session=session, terms=terms)
    assert dict(expanded.corrections) == {"devloppeur": ("developpeur",)}


def test_the_index_tables_exist_outside_the_metadata(db: Runtime) -> None:
    tables = set(search.index_tables(db.engine.dialect.name))
    assert tables <= set(inspect(db.engine).get_table_names())
    assert not tables & set(Base.metadata.tables)


# --- migration ------------------------------------------------------------------------------


def test_migration_0003_indexes_the_fiches_already_there(mini: Runtime) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = mini.engine
    command.downgrade(config, "0002")
    try:
        assert not {"search_fiches", "search_forms", "search_terms"} & set(
            inspect(mini.engine).get_table_names()
        )
        with mini.sessions() as session:
            assert session.scalar(select(func.count()).select_from(FicheRow)) == 6
    finally:
        command.upgrade(config, "head")
    assert codes_for(mini, "maieuticienne") == ["J1104"]
