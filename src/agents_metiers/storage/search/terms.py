"""Search words: one tokenisation for the index and the queries, typo corrections.

Index and query go through the same ``words()`` (``normaliser`` then letters and digits
only), so that what is stored and what is looked for can never disagree, whatever the
backend.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from agents_metiers.domain.fiche import is_code_rome, normaliser

_WORD = re.compile(r"[^\W_]+")
_CODE_PREFIX = re.compile(r"^[a-z]\d{1,3}$")

# Function words a match does not have to hold ("technicien d'exploitation" must find
# "technicien de l'exploitation"); they still count for the exact and prefix tiers.
STOP_WORDS = frozenset(
    {"a", "au", "aux", "avec", "d", "dans", "de", "des", "du", "en", "et", "l", "la", "le"}
    | {"les", "ou", "par", "pour", "sur", "un", "une"}
)
# Shorter words have too many neighbours one edit away to be corrected usefully.
TYPO_MIN_LENGTH = 3
# A word this long found nowhere, even one edit away, is corrected two edits away
# ("secretere" → "secretaire": readers write sounds, "ai" as "e").
TYPO2_MIN_LENGTH = 8
# A complete query word this long that only starts indexed words also accepts the indexed
# words one edit away ("jardiner" starts "jardinerie" but means "jardinier").
PARTIEL_MIN_LENGTH = 6
# Plurals read as singular (``singulier``): long enough not to be a word ending in "s".
PLURIEL_MIN_LENGTH = 5
# Two words written as one (``coupes_possibles``): each part this long at least.
COUPE_MIN_LENGTH = 3
MAX_CORRECTIONS = 8
MAX_PHRASES = 16
# Sorts after every other character: ``[p, p + LAST_CHAR)`` holds every string starting
# with ``p`` (binary collation on SQLite, ``COLLATE "C"`` on PostgreSQL).
LAST_CHAR = "\U0010ffff"


def words(texte: str) -> list[str]:
    """The searchable words of ``texte``: normalised, letters and digits only."""
    return _WORD.findall(normaliser(texte))


def form(texte: str) -> str:
    """``texte`` as one comparable string (its words joined by single spaces)."""
    return " ".join(words(texte))


@dataclass(frozen=True)
class SearchTerms:
    """A parsed query: every word, in order (at least one)."""

    words: tuple[str, ...]

    @classmethod
    def parse(cls, texte: str) -> SearchTerms | None:
        """The terms of ``texte``, or None when it holds no searchable word."""
        found = words(texte)
        return cls(tuple(found)) if found else None

    @property
    def phrase(self) -> str:
        return " ".join(self.words)

    @property
    def required(self) -> tuple[str, ...]:
        """The distinct words a match must hold: stop words only when there is nothing else."""
        distinct = tuple(dict.fromkeys(self.words))
        meaningful = tuple(w for w in distinct if w not in STOP_WORDS)
        return meaningful or distinct

    @property
    def code(self) -> str | None:
        """The code ROME the query spells ("m 1805" included), if it spells one."""
        code = "".join(self.words).upper()
        return code if is_code_rome(code) else None

    @property
    def code_prefix(self) -> str | None:
        """The start of a code ROME ("M18"), when the query is only that."""
        joined = "".join(self.words)
        return joined.upper() if _CODE_PREFIX.match(joined) else None


@dataclass(frozen=True)
class ExpandedQuery:
    """The terms with, for each required word found nowhere, its vocabulary neighbours.

    A required word matches an indexed word that starts with it or, when it is unknown
    (a typo), one of its ``corrections``: indexed words one edit away.
    """

    terms: SearchTerms
    corrections: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    introuvables: frozenset[str] = frozenset()
    """Required words that start no indexed word and have no correction nor long form."""

    def sans(self, dropped: Iterable[str]) -> ExpandedQuery | None:
        """The query without the ``dropped`` words (None when nothing would be left)."""
        gone = set(dropped)
        kept = tuple(w for w in self.terms.words if w not in gone)
        if not [w for w in kept if w not in STOP_WORDS]:
            return None
        return ExpandedQuery(SearchTerms(kept), self.corrections, self.introuvables - gone)

    def alternatives(self, word: str) -> tuple[str, ...]:
        """Exact indexed words accepted in place of ``word`` (its corrections)."""
        return self.corrections.get(word, ())

    def phrases(self) -> list[str]:
        """The query as typed and as corrected, for the exact and prefix tiers."""
        choices = [(w, *self.corrections.get(w, ())) for w in self.terms.words]
        combined = itertools.islice(itertools.product(*choices), MAX_PHRASES)
        return list(dict.fromkeys(" ".join(c) for c in combined))


def singulier(word: str) -> str:
    """The singular of a French plural word ("infirmiers" → "infirmier", "generaux" →
    "general", "bureaux" → "bureau"), ``word`` itself when it does not look plural."""
    if len(word) < PLURIEL_MIN_LENGTH or word[-1] not in "sx" or word[-2:] in {"ss", "us", "is"}:
        return word
    if word.endswith("aux") and not word.endswith("eaux"):
        return word[:-3] + "al"
    return word[:-1]


def coupes_possibles(word: str) -> list[tuple[str, str]]:
    """The ways to cut ``word`` in two parts of ``COUPE_MIN_LENGTH`` letters or more, the
    longest first part first."""
    bornes = range(len(word) - COUPE_MIN_LENGTH, COUPE_MIN_LENGTH - 1, -1)
    return [(word[:i], word[i:]) for i in bornes]


def typo_candidates(terms: SearchTerms, known: Iterable[str]) -> list[str]:
    """The required words long enough to correct and not found as the start of any word."""
    found = set(known)
    return [w for w in terms.required if len(w) >= TYPO_MIN_LENGTH and w not in found]


def corrections(word: str, vocabulary: Iterable[str], max_edits: int = 1) -> tuple[str, ...]:
    """Vocabulary words ``max_edits`` edits (insert, delete, substitute, swap) away at most,
    best first. Words keeping the first letter come first: typos rarely hit it.
    """
    # rapidfuzz's stubs do not accept its own distance functions as scorers.
    close = process.extract(
        word,
        vocabulary,
        scorer=OSA.distance,  # type: ignore[arg-type]
        score_cutoff=max_edits,
        limit=None,
    )
    ranked = sorted(close, key=lambda hit: (hit[1], hit[0][:1] != word[:1], hit[0]))
    return tuple(hit[0] for hit in ranked if hit[0] != word)[:MAX_CORRECTIONS]
