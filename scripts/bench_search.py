"""Benchmark search and autocomplete on the real ROME export (``make bench``).

For each backend (SQLite in a fresh temporary file, then PostgreSQL in a database created
for the run and dropped afterwards) it imports the export, then runs 200 queries drawn
from the appellations (a fixed sample, so every run asks the same questions). The queries
are, in turn: the masculine form as written, the same without accents, the feminine form,
and the masculine form with one typo (a letter deleted, inserted, replaced or swapped in
its longest word). It measures:

* ``search.search_codes`` (first page of 20, a fresh session per call, as a web request
  has): median and p95, and the share of queries whose appellation's fiche is in the top 5;
* ``search.autocomplete_codes`` (10 suggestions) on the first two thirds of each query, as
  typed so far: median and p95, and the share with the fiche among the suggestions.

It also runs the reader query sets of ``bench_requetes`` (``scripts/data/requetes_*.tsv``):
top-5 share, share of queries with 0 results, latency.

Figures are printed, never asserted: the targets (PRODUCT.md §14) are shown as a comparison.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench_api import http_figures, print_http
from bench_common import (
    DEFAULT_POSTGRES_URL,
    BenchError,
    Latencies,
    on_postgres,
    on_sqlite,
    verdict,
)
from bench_requetes import Figures, evaluate_sets, print_figures
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from agents_metiers.services.fiches import search
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.storage.db import make_engine, make_sessionmaker, migrate
from agents_metiers.storage.tables import FicheRow

DEFAULT_SOURCE = Path(__file__).resolve().parents[2] / "shared" / "rome" / "v460"

QUERIES = 200
SEED = 460
KINDS = ("plain", "no accents", "feminine", "typo")
PAGE = 20
SUGGESTIONS = 10
TOP = 5
LATENCY_TARGET_MS = 30.0
FOUND_TARGET = 0.95


@dataclass(frozen=True)
class Query:
    kind: str
    text: str
    code: str


@dataclass(frozen=True)
class Timed(Latencies):
    """Latencies (ms) and whether each query found its fiche."""

    found: list[bool]

    @property
    def share(self) -> float:
        return sum(self.found) / len(self.found)


@dataclass(frozen=True)
class BackendResult:
    backend: str
    import_s: float
    search: Timed
    autocomplete: Timed
    found_by_kind: dict[str, float]
    misses: list[Query]
    sets: list[Figures]


def without_accents(texte: str) -> str:
    decomposed = unicodedata.normalize("NFKD", texte)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def with_typo(texte: str, rng: random.Random) -> str:
    """``texte`` with one edit in its longest word, never on the first letter."""
    words = texte.split(" ")
    index = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[index]
    if len(word) < 4:
        return texte
    at = rng.randrange(1, len(word) - 1)
    letter = rng.choice([c for c in "aeioulnrst" if c != word[at]])
    edits = {
        "delete": word[:at] + word[at + 1 :],
        "insert": word[:at] + letter + word[at:],
        "replace": word[:at] + letter + word[at + 1 :],
        "swap": word[:at] + word[at + 1] + word[at] + word[at + 2 :],
    }
    words[index] = edits[rng.choice(sorted(edits))]
    return " ".join(words)


def build_queries(sessions: sessionmaker[Session]) -> list[Query]:
    """200 appellations drawn with a fixed seed, turned into the four kinds of query."""
    with sessions() as session:
        rows = session.execute(select(FicheRow.code_rome, FicheRow.appellations)).all()
    appellations = sorted(
        (a["nom_masculin"], a["nom_feminin"], code)
        for code, items in rows
        for a in items
        if a.get("nom_masculin") and a.get("nom_feminin")
    )
    rng = random.Random(SEED)
    queries = []
    for number, (masculin, feminin, code) in enumerate(rng.sample(appellations, QUERIES)):
        kind = KINDS[number % len(KINDS)]
        text = {
            "plain": masculin,
            "no accents": without_accents(masculin),
            "feminine": feminin,
            "typo": with_typo(masculin, rng),
        }[kind]
        queries.append(Query(kind=kind, text=text, code=code))
    return queries


def timed(
    sessions: sessionmaker[Session],
    queries: list[Query],
    run: Callable[[Session, Query], list[str]],
    window: int,
) -> Timed:
    with sessions() as session:  # warm-up: first connection, statement caches
        run(session, queries[0])
    samples, found = [], []
    for query in queries:
        start = time.perf_counter()
        with sessions() as session:
            codes = run(session, query)
        samples.append((time.perf_counter() - start) * 1000)
        found.append(query.code in codes[:window])
    return Timed(samples_ms=samples, found=found)


def run_search(session: Session, query: Query) -> list[str]:
    return search.search_codes(session, query.text, limit=PAGE, offset=0).codes


def run_autocomplete(session: Session, query: Query) -> list[str]:
    typed = query.text[: max(3, len(query.text) * 2 // 3)]
    return search.autocomplete_codes(session, typed, limit=SUGGESTIONS)


def bench_backend(backend: str, database_url: str, source: Path, workdir: Path) -> BackendResult:
    engine = make_engine(database_url)
    try:
        migrate(engine)
        sessions = make_sessionmaker(engine)
        print(f"[{backend}] import…", flush=True)
        start = time.perf_counter()
        options = ImportOptions(source=str(source), download_dir=workdir / "downloads")
        import_rome(sessions, options)
        import_s = time.perf_counter() - start
        queries = build_queries(sessions)
        print(f"[{backend}] {len(queries)} searches, {len(queries)} autocompletes…", flush=True)
        searched = timed(sessions, queries, run_search, TOP)
        completed = timed(sessions, queries, run_autocomplete, SUGGESTIONS)
        print(f"[{backend}] reader query sets…", flush=True)
        sets = evaluate_sets(sessions)
        print(f"[{backend}] the same through the HTTP app…", flush=True)
        texts, codes = [q.text for q in queries], [q.code for q in queries]
        print_http(backend, http_figures(engine, database_url, workdir, texts, codes))
    finally:
        engine.dispose()
    by_kind = {
        kind: statistics.mean(
            f for q, f in zip(queries, searched.found, strict=True) if q.kind == kind
        )
        for kind in KINDS
    }
    misses = [q for q, f in zip(queries, searched.found, strict=True) if not f]
    return BackendResult(backend, import_s, searched, completed, by_kind, misses, sets)


def print_results(results: list[BackendResult], show_misses: bool) -> None:
    print()
    for r in results:
        kinds = ", ".join(f"{kind} {share:.0%}" for kind, share in r.found_by_kind.items())
        print(
            f"{r.backend}: search p95 {r.search.p95:.1f} ms, autocomplete p95 "
            f"{r.autocomplete.p95:.1f} ms (target < {LATENCY_TARGET_MS:.0f} ms: "
            f"{verdict(max(r.search.p95, r.autocomplete.p95) < LATENCY_TARGET_MS)}); "
            f"fiche in the top {TOP}: {r.search.share:.1%} (target ≥ {FOUND_TARGET:.0%}: "
            f"{verdict(r.search.share >= FOUND_TARGET)}) — {kinds}"
        )
        for miss in r.misses if show_misses else []:
            print(f"    missed ({miss.kind}): {miss.text!r} → {miss.code}")
        print_figures(r.backend, r.sets, show_misses)
    headers = ("backend", "import s", "search p50", "search p95", f"top {TOP}", "autoc. p50")
    headers += ("autoc. p95", f"in {SUGGESTIONS} suggestions")
    rows = [
        (
            r.backend,
            f"{r.import_s:.1f}",
            f"{r.search.median:.2f}",
            f"{r.search.p95:.2f}",
            f"{r.search.share:.1%}",
            f"{r.autocomplete.median:.2f}",
            f"{r.autocomplete.p95:.2f}",
            f"{r.autocomplete.share:.1%}",
        )
        for r in results
    ]
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]
    print()
    for row in (headers, *rows):
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        print(" | ".join(cells))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--source", type=Path, default=DEFAULT_SOURCE, help=f"ROME export folder ({DEFAULT_SOURCE})"
    )
    parser.add_argument(
        "--postgres-url",
        default=DEFAULT_POSTGRES_URL,
        help=f"PostgreSQL server; a database is created there for the run ({DEFAULT_POSTGRES_URL})",
    )
    parser.add_argument(
        "--misses", action="store_true", help="list the queries whose fiche is not in the top 5"
    )
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    source: Path = args.source.resolve()
    if not source.is_dir():
        print(f"ROME export not found: {source} is not a folder (see --source).", file=sys.stderr)
        return 1
    print(f"Source: {source}")
    try:
        results = [on_sqlite(lambda url, work: bench_backend("sqlite", url, source, work))]
        postgres = on_postgres(
            args.postgres_url,
            "am_bench_search",
            lambda url, work: bench_backend("postgresql", url, source, work),
        )
    except BenchError as exc:
        print(f"Benchmark failed: {exc}", file=sys.stderr)
        return 1
    if postgres:
        results.append(postgres)
    print_results(results, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
