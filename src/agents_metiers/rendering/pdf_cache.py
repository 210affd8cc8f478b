"""Rendered public PDFs kept on disk under ``DATA_DIR/cache/pdf`` (issue 11, item 4).

A public PDF depends only on the published version of its fiche, the variant printed (id and
revision) and the renderer itself, so its key is made of exactly those: a new publication, a
regenerated variant or a new template gives a new key, and the old file is never served
again. Files live in one folder per fiche, named ``v<published version>_<key>.pdf``; writing a
file removes the files of the older versions of that fiche (cleanup). Writes are atomic (a
temporary file moved into place), so a reader never sees half a PDF; a disk error only costs
the cache, never the answer.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from pathlib import Path

from agents_metiers import __version__

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
    """The on-disk cache of public PDFs (one folder per fiche)."""

    def __init__(self, dossier: Path) -> None:
        self.dossier = dossier

    def _chemin(self, identite: IdentitePdf) -> Path:
        return self.dossier / identite.code_rome / f"v{identite.version}_{identite.cle}.pdf"

    def lire(self, identite: IdentitePdf) -> DocumentPdf | None:
        """The cached document, or None (absent, or unreadable: then it is rendered again)."""
        chemin = self._chemin(identite)
        try:
            noms = json.loads(chemin.with_suffix(".json").read_text(encoding="utf-8"))
            contenu = chemin.read_bytes()
            return DocumentPdf(noms["ascii"], noms["utf8"], contenu, brouillon=False)
        except (OSError, ValueError, KeyError, TypeError):
            return None

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
        except OSError as exc:
            log.warning("Cache PDF inutilisable (%s) : %s", chemin, exc)

    @staticmethod
    def _nettoyer(dossier: Path, *, garder: str) -> None:
        for ancien in [*dossier.glob("v*.pdf"), *dossier.glob("v*.json")]:
            if not ancien.name.startswith(garder):
                ancien.unlink(missing_ok=True)

    def fichiers(self) -> list[Path]:
        return sorted(self.dossier.glob("*/*.pdf"))
