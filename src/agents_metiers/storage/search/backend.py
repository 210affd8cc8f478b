"""What each database brings to the search: matching, vocabulary, index writes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sqlalchemy import Subquery
from sqlalchemy.orm import Session

from agents_metiers.storage.search.documents import IndexDocument
from agents_metiers.storage.search.terms import ExpandedQuery


class SearchBackend(Protocol):
    tables: tuple[str, ...]
    """The tables holding index data (emptied with the fiches)."""

    def known_prefixes(self, session: Session, words: Sequence[str]) -> set[str]:
        """The ``words`` that start at least one indexed word."""
        ...

    def known_words(self, session: Session, words: Sequence[str]) -> set[str]:
        """The ``words`` that are indexed words in full."""
        ...

    def neighbours(
        self, session: Session, words: Sequence[str], max_edits: int = 1
    ) -> dict[str, tuple[str, ...]]:
        """For each of ``words``, the indexed words ``max_edits`` edits away at most, best
        first."""
        ...

    def matches(self, query: ExpandedQuery) -> Subquery:
        """Fiches holding every required word: code_rome, score (lower is better),
        in_names and in_appellations (every word found in that field alone)."""
        ...

    def write(
        self, session: Session, documents: Sequence[IndexDocument], codes: Sequence[str] | None
    ) -> None:
        """Replace the documents of ``codes`` (all when None) by ``documents``."""
        ...
