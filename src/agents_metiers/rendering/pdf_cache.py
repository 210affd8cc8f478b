"""Rendered public PDFs kept on disk under ``DATA_DIR/cache/pdf`` (issue 11, item 4).

A public PDF depends only on the published version of its fiche, the variant printed (id and
revision) and the renderer itself, so its key is made of exactly those: a new publication, a
regenerated variant or a new template gives a new key, and the old file is never served
again. Files live in one folder per fiche, named ``v<published version>_<key>.pdf``; writing a
file removes the files of the older versions of that fiche (cleanup). Writes are atomic (a
temporary file moved into place), so a reader never sees half a PDF; a disk error only costs
the cache, never the answer.

The cache is bounded (``PDF_CACHE_MAX_MB``): a hit refreshes its file's modification time, and
after each write the least recently used documents (oldest modification time) are removed
until the folder is under the cap again. The folder is measured on disk at each write, so the
cap holds for every process sharing it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from pathlib import Path

from agents_metiers import __version__
from agents_metiers.rendering.nombres import pluriel

log = logging.getLogger(__name__)


@cache
def empreinte_rendu() -> str:
    """What the output also depends on: the product version, the template and stylesheet."""
    dossier = resources.files("agents_metiers.rendering").joinpath("templates")
    h = hashlib.sha256(__version__.encode())
    for nom in ("fiche.html", "pdf.css"):
        h.update(dossier.joinpath(nom).read_bytes())
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class DocumentPdf:
    """A rendered PDF: an ASCII-safe file name, the same name in UTF-8, the bytes."""

    nom_fichier: str
    nom_fichier_utf8: str
    contenu: bytes
    brouillon: bool


@dataclass(frozen=True)
class IdentitePdf:
    """Which document a request asks for, known from a short read (no rendering)."""

    code_rome: str
    version: int
    variante_id: int | None
    variante_version: int | None
    modifie_le: datetime | None
    public: bool

    @property
    def cle(self) -> str:
        """The cache key and ETag: every input the public document depends on."""
        parts = [
            self.code_rome,
            self.version,
            self.variante_id,
            self.variante_version,
            self.public,
            empreinte_rendu(),
        ]
        return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:32]


def _atomique(chemin: Path, contenu: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=chemin.parent, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fichier:
            fichier.write(contenu)
        os.replace(tmp, chemin)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class CachePdf:
    """The on-disk cache of public PDFs (one folder per fiche), at most ``max_octets`` bytes
    (None: unbounded)."""

    def __init__(self, dossier: Path, *, max_octets: int | None = None) -> None:
        self.dossier = dossier
        self.max_octets = max_octets

    def _chemin(self, identite: IdentitePdf) -> Path:
        return self.dossier / identite.code_rome / f"v{identite.version}_{identite.cle}.pdf"

    def lire(self, identite: IdentitePdf) -> DocumentPdf | None:
        """The cached document, or None (absent, or unreadable: then it is rendered again)."""
        chemin = self._chemin(identite)
        try:
            noms = json.loads(chemin.with_suffix(".json").read_text(encoding="utf-8"))
            contenu = chemin.read_bytes()
            document = DocumentPdf(noms["ascii"], noms["utf8"], contenu, brouillon=False)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        with suppress(OSError):  # recently used: evicted last (removed meanwhile: no matter)
            os.utime(chemin)
        return document

    def ecrire(self, identite: IdentitePdf, document: DocumentPdf) -> None:
        """Store ``document`` atomically (names first, then the PDF), then drop this fiche's
        older versions."""
        chemin = self._chemin(identite)
        noms = {"ascii": document.nom_fichier, "utf8": document.nom_fichier_utf8}
        try:
            chemin.parent.mkdir(parents=True, exist_ok=True)
            _atomique(chemin.with_suffix(".json"), json.dumps(noms).encode())
            _atomique(chemin, document.contenu)
            self._nettoyer(chemin.parent, garder=f"v{identite.version}_")
            self._borner()
        except OSError as exc:
            log.warning("Cache PDF inutilisable (%s) : %s", chemin, exc)

    def taille(self) -> int:
        """Bytes held by the cached documents (PDFs and their names)."""
        return sum(octets for _, octets, _ in self._documents())

    def _documents(self) -> list[tuple[float, int, str]]:
        """Each cached document: last use (its PDF's modification time, else its names'),
        bytes, path without suffix. ``os.scandir`` and plain strings: 10,000 files are
        measured in about 60 ms (``pathlib`` objects cost four times more)."""
        documents: dict[str, tuple[float, int]] = {}
        for chemin, etat in self._fichiers_caches():
            base, suffixe = os.path.splitext(chemin)
            usage, octets = documents.get(base, (0.0, 0))
            if suffixe == ".pdf" or not usage:
                usage = etat.st_mtime
            documents[base] = (usage, octets + etat.st_size)
        return [(usage, octets, base) for base, (usage, octets) in documents.items()]

    def _fichiers_caches(self) -> Iterator[tuple[str, os.stat_result]]:
        """The cached files (``<code>/v*.pdf`` and ``.json``) with their status."""
        try:
            with os.scandir(self.dossier) as entrees:
                fiches = [entree.path for entree in entrees if entree.is_dir()]
        except OSError:  # no cache yet
            return
        for fiche in fiches:
            try:
                with os.scandir(fiche) as entrees:
                    for entree in entrees:
                        nom = entree.name
                        if nom.startswith("v") and nom.endswith((".pdf", ".json")):
                            with suppress(OSError):  # removed meanwhile
                                yield entree.path, entree.stat(follow_symlinks=False)
            except OSError:  # the folder removed meanwhile
                continue

    def _borner(self) -> None:
        """Remove the least recently used documents until the cache is under its cap."""
        if self.max_octets is None:
            return
        documents = sorted(self._documents(), key=lambda document: document[0])
        total = sum(octets for _, octets, _ in documents)
        retires = 0
        for _, octets, base in documents:
            if total <= self.max_octets:
                break
            Path(f"{base}.pdf").unlink(missing_ok=True)
            Path(f"{base}.json").unlink(missing_ok=True)
            with suppress(OSError):  # the fiche's folder, when it held nothing else
                os.rmdir(os.path.dirname(base))
            total -= octets
            retires += 1
        if retires:
            retires_texte = pluriel(retires, "document ancien retiré", "documents anciens retirés")
            log.info("Cache PDF plein (PDF_CACHE_MAX_MB) : %s %s", retires, retires_texte)

    @staticmethod
    def _nettoyer(dossier: Path, *, garder: str) -> None:
        for ancien in [*dossier.glob("v*.pdf"), *dossier.glob("v*.json")]:
            if not ancien.name.startswith(garder):
                ancien.unlink(missing_ok=True)

    def fichiers(self) -> list[Path]:
        return sorted(self.dossier.glob("*/*.pdf"))
