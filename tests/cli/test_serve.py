"""``agents-metiers serve`` on an empty embedded database: import first, then serve."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

STARTUP_SECONDS = 90


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path, rome_mini: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "ROME_SOURCE", "ROME_ARBORESCENCES", "HOST", "PORT"}
    }
    env |= {"DATA_DIR": str(tmp_path / "data"), "ROME_SOURCE": str(rome_mini), "CI": "true"}
    env |= {"ENVIRONMENT": "development"}  # the default SECRET_KEY is refused otherwise
    process = subprocess.Popen(
        [sys.executable, "-m", "agents_metiers.cli", "serve", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield f"http://127.0.0.1:{port}", process
    process.terminate()
    process.wait(timeout=30)
    if process.stdout:
        process.stdout.close()


def _wait_until_healthy(base: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            pytest.fail(f"serve s'est arrêté (code {process.returncode}) :\n{output}")
        try:
            if httpx2.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx2.TransportError:
            pass
        time.sleep(0.3)
    pytest.fail("serve n'a pas répondu à temps")


def test_serve_imports_rome_into_an_empty_database_then_answers(
    server: tuple[str, subprocess.Popen[str]],
) -> None:
    base, process = server
    _wait_until_healthy(base, process)
    stats = httpx2.get(f"{base}/api/stats", timeout=10).json()
    assert (stats["total"], stats["rome_version"]) == (6, 60)
    # nothing is published yet: the public sees no fiche
    assert httpx2.get(f"{base}/api/fiches/M1805", timeout=10).status_code == 404
