"""Reader query sets for ``bench_search.py``: top-5 share, zero-result share, latency.

A set is a TSV file in ``scripts/data``: the query in the first column, the expected codes
ROME anywhere in the other columns (a query succeeds when one of them is in the top 5).
Lines starting with ``#`` and lines without a code (a header) are skipped.
``requetes_dev.tsv`` was written while tuning the search; ``requetes_lecteurs.tsv`` was a
held-out set written by someone else before the ranking work (its 11 misses were then
worked on, generically: it is no longer held out); ``requetes_lecteurs2.tsv`` is the
held-out set written after that work and never tuned against; ``requetes_lecteurs3.tsv``
(job seekers' CV titles, teenagers' spellings, counsellors' titles) was written before the
next changes and held out until its misses were worked on (it is no longer held out).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from bench_common import Latencies
from sqlalchemy.orm import Session, sessionmaker

from agents_metiers.services.fiches import search

DATA = Path(__file__).resolve().parent / "data"
SETS = (
    ("dev", DATA / "requetes_dev.tsv"),
    ("lecteurs", DATA / "requetes_lecteurs.tsv"),
    ("lecteurs 2 (held-out)", DATA / "requetes_lecteurs2.tsv"),
    ("lecteurs 3", DATA / "requetes_lecteurs3.tsv"),
)
TOP = 5
_CODE = re.compile(r"\b[A-N]\d{4}\b")


@dataclass(frozen=True)
class Requete:
    texte: str
    codes: frozenset[str]


@dataclass(frozen=True)
class Figures(Latencies):
    name: str
    found: list[bool]
    zero: list[bool]
    misses: list[tuple[str, str, list[str]]]

    @property
    def top_share(self) -> float:
        return sum(self.found) / len(self.found)

    @property
    def zero_share(self) -> float:
        return sum(self.zero) / len(self.zero)


def load(path: Path) -> list[Requete]:
    requetes = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        texte, _, rest = line.partition("\t")
        codes = frozenset(_CODE.findall(rest.upper()))
        if codes and texte.strip():
            requetes.append(Requete(texte.strip(), codes))
    return requetes


def evaluate(sessions: sessionmaker[Session], name: str, requetes: list[Requete]) -> Figures:
    """Each query through ``search.search_codes`` (a fresh session each, first page of 20)."""
    with sessions() as session:  # warm-up
        search.search_codes(session, requetes[0].texte, limit=20, offset=0)
    samples, found, zero, misses = [], [], [], []
    for requete in requetes:
        start = time.perf_counter()
        with sessions() as session:
            page = search.search_codes(session, requete.texte, limit=20, offset=0)
        samples.append((time.perf_counter() - start) * 1000)
        hit = bool(requete.codes & set(page.codes[:TOP]))
        found.append(hit)
        zero.append(page.total == 0)
        if not hit:
            misses.append((requete.texte, " ".join(sorted(requete.codes)), page.codes[:TOP]))
    return Figures(samples_ms=samples, name=name, found=found, zero=zero, misses=misses)


def evaluate_sets(sessions: sessionmaker[Session]) -> list[Figures]:
    return [evaluate(sessions, name, load(path)) for name, path in SETS if path.is_file()]


def print_figures(backend: str, figures: list[Figures], show_misses: bool) -> None:
    for f in figures:
        print(
            f"{backend}, {f.name} ({len(f.found)} queries): fiche in the top {TOP} "
            f"{f.top_share:.1%}, 0 results {f.zero_share:.1%}, search p50 {f.median:.1f} ms, "
            f"p95 {f.p95:.1f} ms"
        )
        for texte, codes, got in f.misses if show_misses else []:
            print(f"    missed: {texte!r} → {codes} (top {TOP}: {' '.join(got) or 'none'})")
