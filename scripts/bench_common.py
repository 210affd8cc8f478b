"""What the benchmark scripts share: throwaway databases, percentiles, verdicts."""

from __future__ import annotations

import os
import statistics
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/"
T = TypeVar("T")
Run = Callable[[str, Path], T]  # (database URL, scratch folder) → figures


class BenchError(Exception):
    """A step failed; the message says which, and the run stops."""


def p95(samples: Sequence[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


@dataclass(frozen=True)
class Latencies:
    """Request times in milliseconds."""

    samples_ms: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        return p95(self.samples_ms)


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def on_sqlite(run: Run[T]) -> T:
    """``run`` on a fresh SQLite file in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="am_bench_") as tmp:
        workdir = Path(tmp)
        return run(f"sqlite:///{workdir / 'bench.db'}", workdir)


def with_database(server_url: str, database: str) -> str:
    """``server_url`` pointing at ``database``, in the plain ``postgresql://`` form."""
    url = make_url(server_url).set(drivername="postgresql", database=database)
    return url.render_as_string(hide_password=False)


def on_postgres(server_url: str, prefix: str, run: Run[T]) -> T | None:
    """``run`` in a database of its own, dropped afterwards; None when the server is unreachable."""
    try:
        admin = psycopg.connect(
            with_database(server_url, "postgres"), autocommit=True, connect_timeout=5
        )
    except psycopg.OperationalError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"PostgreSQL skipped: {server_url} unreachable ({reason}).")
        return None
    name = f"{prefix}_{os.getpid()}"
    with admin, tempfile.TemporaryDirectory(prefix="am_bench_") as tmp:
        try:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.Error as exc:
            raise BenchError(f"cannot create database {name} on {server_url}: {exc}") from exc
        try:
            return run(with_database(server_url, name), Path(tmp))
        finally:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
