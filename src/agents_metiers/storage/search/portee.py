"""The two search indexes: the working copies (editors) and the published content (public).

Both have the same shape (``{prefix}_fiches``, ``{prefix}_terms``, ``{prefix}_forms``, and
on SQLite ``{prefix}_vocab``) and the same ranking; only their source differs. The public
index is built from the public read model (``storage.publique``), so a word that exists only
in a draft can never be found, suggested nor corrected to by a public query.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Integer, MetaData, String, Table, Text

from agents_metiers.storage.tables import FichePubliqueRow, FicheRow

# Search tables live outside ``Base.metadata`` (see ``storage.db.compared_with_metadata``):
# migrations 0003 and 0008 create them with what each backend needs.
SEARCH_METADATA = MetaData()


def _forms_table(prefix: str) -> Table:
    return Table(
        f"{prefix}_forms",
        SEARCH_METADATA,
        Column("code_rome", String(5), nullable=False),
        Column("rang", Integer, nullable=False),
        Column("form", Text, nullable=False),
    )


@dataclass(frozen=True)
class Portee:
    """One index: its table prefix, its forms table, and the table holding the names the
    ranking reads (``code_rome``, ``nom_masculin``)."""

    prefix: str
    forms: Table
    noms: type[FicheRow] | type[FichePubliqueRow]

    @property
    def publique(self) -> bool:
        return self.noms is FichePubliqueRow


TRAVAIL = Portee("search", _forms_table("search"), FicheRow)
PUBLIQUE = Portee("search_publique", _forms_table("search_publique"), FichePubliqueRow)
PORTEES = (TRAVAIL, PUBLIQUE)
