"""Download the official ROME export (a zip of CSV files) from an http(s) URL.

The body is streamed into a temporary file next to the target and renamed only once it is
complete and is a zip archive, so an interrupted or refused download never leaves a half file.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import httpx2

from agents_metiers.errors import RomeSourceError

DEFAULT_FILE_NAME = "RefRomeCsv.zip"

ProgressCallback = Callable[[int, int | None], None]

# Short connect timeout: an unreachable host should fail fast; reads may be slower.
_TIMEOUT = httpx2.Timeout(60.0, connect=10.0)


def is_url(source: str) -> bool:
    """Tell whether ``source`` is an http(s) URL rather than a local path."""
    return urlsplit(source).scheme.lower() in {"http", "https"}


def download_export(
    url: str,
    download_dir: Path,
    *,
    transport: httpx2.BaseTransport | None = None,
    on_progress: ProgressCallback | None = None,
) -> Path:
    """Download the zip served at ``url`` into ``download_dir`` and return its path.

    ``on_progress(bytes_done, total_or_None)`` is called after every chunk received.
    Any failure (HTTP status, timeout, network, body that is not a zip) raises
    ``RomeSourceError`` naming the URL.
    """
    _make_dir(download_dir)
    target = download_dir / _file_name(url)
    fd, tmp_name = tempfile.mkstemp(dir=download_dir, prefix=f".{target.stem}-", suffix=".part")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            _fetch(url, out, transport=transport, on_progress=on_progress)
        if not zipfile.is_zipfile(tmp):
            raise RomeSourceError(
                f"La réponse de {url} n'est pas une archive zip : ce n'est pas un export ROME."
            )
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _make_dir(download_dir: Path) -> None:
    try:
        download_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RomeSourceError(
            f"Impossible de créer le dossier de téléchargement {download_dir} ({exc.strerror})."
        ) from exc


def _file_name(url: str) -> str:
    last = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    return last if last.lower().endswith(".zip") else DEFAULT_FILE_NAME


def _fetch(
    url: str,
    out: BinaryIO,
    *,
    transport: httpx2.BaseTransport | None,
    on_progress: ProgressCallback | None,
) -> None:
    try:
        with (
            httpx2.Client(transport=transport, timeout=_TIMEOUT, follow_redirects=True) as client,
            client.stream("GET", url) as response,
        ):
            response.raise_for_status()
            _copy_body(response, out, on_progress)
    except httpx2.HTTPStatusError as exc:
        raise RomeSourceError(
            f"Le téléchargement de l'export ROME depuis {url} a échoué "
            f"(réponse HTTP {exc.response.status_code})."
        ) from exc
    except httpx2.TimeoutException as exc:
        raise RomeSourceError(
            f"Le serveur {url} n'a pas répondu à temps : téléchargement de l'export ROME abandonné."
        ) from exc
    except httpx2.HTTPError as exc:
        raise RomeSourceError(
            f"Impossible de télécharger l'export ROME depuis {url} ({type(exc).__name__}). "
            "Sans accès à internet, indiquez un dossier ou un zip local (ROME_SOURCE)."
        ) from exc
    except OSError as exc:
        raise RomeSourceError(
            f"Impossible d'enregistrer l'export ROME téléchargé depuis {url} ({exc.strerror})."
        ) from exc


def _copy_body(
    response: httpx2.Response, out: BinaryIO, on_progress: ProgressCallback | None
) -> None:
    total = _expected_size(response)
    done = 0
    for chunk in response.iter_bytes():
        out.write(chunk)
        done += len(chunk)
        if on_progress is not None:
            on_progress(done, total)


def _expected_size(response: httpx2.Response) -> int | None:
    # With a Content-Encoding the length counts compressed bytes, not the bytes we write.
    length = response.headers.get("content-length")
    if length is None or not length.isdigit() or "content-encoding" in response.headers:
        return None
    return int(length)
