"""Open the official ROME 4.0 CSV export (folder, ``RefRomeCsv.zip`` or URL) and read its files.

``open_export()`` returns a ``RomeExport`` whose ``rows(name)`` gives the clean rows of one file
(``name`` without prefix and suffix, e.g. ``"texte"`` for ``unix_texte_v460_utf8.csv``); the
traps of the real files are handled by ``csv_format`` so callers never see them. Rows are
decoded once per file and cached.
"""

from __future__ import annotations

import logging
import unicodedata
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePosixPath

import httpx2

from agents_metiers.errors import RomeSourceError
from agents_metiers.rome.competence_tree import (
    CompetenceTree,
    GroupeCompetence,
    MacroCompetence,
    read_competence_tree,
)
from agents_metiers.rome.csv_format import (
    CSV_FILE_NAME,
    REQUIRED_FILES,
    decode_export_file,
    parse_export_csv,
)
from agents_metiers.rome.download import ProgressCallback, download_export, is_url

__all__ = [
    "REQUIRED_FILES",
    "CompetenceTree",
    "GroupeCompetence",
    "RomeExport",
    "RomeVersionInfo",
    "open_export",
    "parse_version_text",
]

logger = logging.getLogger(__name__)

VERSION_FILE = "version.txt"
COMPETENCE_TREE_FILE = "arborescence_competences.xlsx"


@dataclass(frozen=True)
class RomeVersionInfo:
    """What ``version.txt`` says about the export."""

    numero: int
    titre: str | None
    date_publication: date | None
    date_validation: date | None
    description: str


class RomeExport:
    """One ROME export: its version and the clean rows of each of its files.

    ``version`` comes from ``version.txt``, ``suffix`` (``"v460"``) from the file names and
    ``source_label`` (the path or URL given) names the export in messages.
    """

    def __init__(
        self,
        source: _Source,
        *,
        files: Mapping[str, str],
        suffix: str,
        version: RomeVersionInfo,
        arborescences: Path | None,
    ) -> None:
        self._source = source
        self._files = dict(files)
        self._rows: dict[str, list[dict[str, str]]] = {}
        self._arborescences = arborescences
        self._tree: CompetenceTree | None = None
        self._tree_loaded = False
        self.suffix = suffix
        self.version = version
        self.source_label = source.label

    def file_name(self, name: str) -> str:
        """Official file name of the logical ``name`` (``unix_texte_v460_utf8.csv``)."""
        return f"unix_{name}_{self.suffix}_utf8.csv"

    def has(self, name: str) -> bool:
        return name in self._files

    def check_complete(self) -> None:
        """Raise ``RomeSourceError`` on the first file of ``REQUIRED_FILES`` that is missing."""
        for name in REQUIRED_FILES:
            if not self.has(name):
                raise self._missing(name)

    def rows(self, name: str) -> list[dict[str, str]]:
        """Clean rows of the file ``name``, cached; callers must not modify them."""
        if name not in self._rows:
            if not self.has(name):
                raise self._missing(name)
            self._rows[name] = parse_export_csv(self._read(name), name, self._where(name))
        return self._rows[name]

    def competence_tree(self) -> CompetenceTree | None:
        """The competence tree of ``arborescence_competences.xlsx``, or None when not found.

        Looked for in ``arborescences`` when given (then it must exist), else beside the
        export, else in a sibling folder named ``arborescences``.
        """
        if not self._tree_loaded:
            self._tree = self._load_competence_tree()
            self._tree_loaded = True
        return self._tree

    def _load_competence_tree(self) -> CompetenceTree | None:
        tree = (
            read_competence_tree(_explicit_tree_path(self._arborescences))
            if self._arborescences is not None
            else self._find_competence_tree()
        )
        if tree is not None and self.has("referentiel_competence"):
            tree.learn(_macro_competences(self.rows("referentiel_competence")))
        return tree

    def _find_competence_tree(self) -> CompetenceTree | None:
        folder = self._source.folder
        for candidate in (folder, folder.parent / "arborescences"):
            path = candidate / COMPETENCE_TREE_FILE
            if path.is_file():
                try:
                    return read_competence_tree(path)
                except RomeSourceError as exc:
                    logger.warning("Arborescence des compétences ignorée : %s", exc.message)
                    return None
        return None

    def _read(self, name: str) -> bytes:
        return _read_entry(self._source, self._files[name], self._where(name))

    def _where(self, name: str) -> str:
        return f"{self.file_name(name)} de l'export ROME {self.source_label}"

    def _missing(self, name: str) -> RomeSourceError:
        return RomeSourceError(
            f"Le fichier {self.file_name(name)} est absent de l'export ROME {self.source_label}."
        )


def open_export(
    source: str | Path,
    *,
    download_dir: Path,
    transport: httpx2.BaseTransport | None = None,
    on_progress: ProgressCallback | None = None,
    arborescences: Path | None = None,
) -> RomeExport:
    """Open a ROME export: a folder of ``unix_*_v4NN_utf8.csv`` files, their zip, or a URL.

    A URL is downloaded into ``download_dir`` first (``on_progress(done, total)``). Anything
    wrong with the source raises ``RomeSourceError`` with a French sentence.
    """
    if isinstance(source, str) and is_url(source):
        path = download_export(source, download_dir, transport=transport, on_progress=on_progress)
        opened = _open_source(path, label=source)
    else:
        opened = _open_source(Path(source), label=str(source))
    files, suffix, version_key = _index(opened)
    where = f"{VERSION_FILE} de l'export ROME {opened.label}"
    version_text = decode_export_file(_read_entry(opened, version_key, where), where)
    version = parse_version_text(version_text, source_label=opened.label)
    return RomeExport(
        opened, files=files, suffix=suffix, version=version, arborescences=arborescences
    )


def parse_version_text(text: str, *, source_label: str) -> RomeVersionInfo:
    """Parse ``version.txt`` ("Numero de version : 60", dates dd/mm/yyyy, "Description : …")."""
    fields = _version_fields(text)
    numero = fields.get("numero de version", "")
    if not numero.isdigit():
        raise RomeSourceError(
            f"Le fichier {VERSION_FILE} de l'export ROME {source_label} n'indique pas "
            "de numéro de version lisible (ligne « Numero de version : NN »)."
        )
    return RomeVersionInfo(
        numero=int(numero),
        titre=fields.get("titre/commentaire") or None,
        date_publication=_parse_date(fields.get("date de publication"), source_label),
        date_validation=_parse_date(fields.get("date de validation"), source_label),
        description=fields.get("description", ""),
    )


def _version_fields(text: str) -> dict[str, str]:
    """The "Key : value" lines by plain key; the description runs to the end of the file."""
    fields: dict[str, str] = {}
    lines = text.replace("\r\n", "\n").split("\n")
    for index, line in enumerate(lines):
        key, sep, value = line.partition(":")
        key = _plain(key)
        if sep and key == "description":
            fields[key] = "\n".join([value, *lines[index + 1 :]]).strip()
            break
        if sep and key in _VERSION_KEYS:
            fields[key] = value.strip()
    return fields


_VERSION_KEYS = {
    "numero de version",
    "date de publication",
    "date de validation",
    "titre/commentaire",
    "description",
}


def _plain(key: str) -> str:
    """Lower-case key without accents, so "Numéro" and "Numero" are the same key."""
    decomposed = unicodedata.normalize("NFKD", key.strip().casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _parse_date(value: str | None, source_label: str) -> date | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError as exc:
        raise RomeSourceError(
            f"Le fichier {VERSION_FILE} de l'export ROME {source_label} contient une date "
            f"illisible : « {value} » (attendu : JJ/MM/AAAA)."
        ) from exc


@dataclass(frozen=True)
class _FolderSource:
    path: Path
    label: str
    kind = "Le dossier"

    @property
    def folder(self) -> Path:
        return self.path

    def entries(self) -> list[tuple[str, str]]:
        return [(p.name, p.name) for p in sorted(self.path.iterdir()) if p.is_file()]

    def read(self, key: str) -> bytes:
        return (self.path / key).read_bytes()


@dataclass(frozen=True)
class _ZipSource:
    path: Path
    label: str
    kind = "L'archive"

    @property
    def folder(self) -> Path:
        return self.path.parent

    def entries(self) -> list[tuple[str, str]]:
        with zipfile.ZipFile(self.path) as archive:
            infos = archive.infolist()
        return [(PurePosixPath(i.filename).name, i.filename) for i in infos if not i.is_dir()]

    def read(self, key: str) -> bytes:
        with zipfile.ZipFile(self.path) as archive:
            return archive.read(key)


_Source = _FolderSource | _ZipSource


def _open_source(path: Path, *, label: str) -> _Source:
    if path.is_dir():
        return _FolderSource(path, label)
    if not path.exists():
        raise RomeSourceError(
            f"Le chemin {label} n'existe pas : impossible d'ouvrir l'export ROME."
        )
    if not zipfile.is_zipfile(path):
        raise RomeSourceError(
            f"Le fichier {label} n'est pas une archive zip : donnez le dossier de l'export ROME "
            "ou le fichier RefRomeCsv.zip."
        )
    return _ZipSource(path, label)


def _index(source: _Source) -> tuple[dict[str, str], str, str]:
    """Map logical names to entries; return them with the version suffix and version.txt."""
    by_suffix, versions = _scan(source)
    if not by_suffix:
        raise RomeSourceError(
            f"{source.kind} {source.label} ne contient pas d'export ROME "
            "(fichiers unix_*_utf8.csv introuvables)."
        )
    if len(by_suffix) > 1:
        raise RomeSourceError(
            f"{source.kind} {source.label} mélange plusieurs versions du ROME "
            f"({', '.join(sorted(by_suffix))}) : gardez une seule version par export."
        )
    if not versions:
        raise RomeSourceError(
            f"Le fichier {VERSION_FILE} est absent de l'export ROME {source.label}."
        )
    if len(versions) > 1:
        raise RomeSourceError(
            f"{source.kind} {source.label} contient plusieurs fichiers {VERSION_FILE}."
        )
    ((suffix, files),) = by_suffix.items()
    return files, suffix, versions[0]


def _scan(source: _Source) -> tuple[dict[str, dict[str, str]], list[str]]:
    """CSV entries grouped by version suffix, and the version.txt entries."""
    try:
        entries = source.entries()
    except (OSError, zipfile.BadZipFile) as exc:
        raise RomeSourceError(f"Impossible de lire le contenu de {source.label}.") from exc
    by_suffix: dict[str, dict[str, str]] = {}
    versions: list[str] = []
    for base, key in entries:
        match = CSV_FILE_NAME.match(base)
        if match:
            _add_once(by_suffix.setdefault(match["suffix"], {}), match["name"], key, base, source)
        elif base.casefold() == VERSION_FILE:
            versions.append(key)
    return by_suffix, versions


def _add_once(files: dict[str, str], name: str, key: str, base: str, source: _Source) -> None:
    if name in files:
        raise RomeSourceError(f"{source.kind} {source.label} contient plusieurs fichiers {base}.")
    files[name] = key


def _read_entry(source: _Source, key: str, where: str) -> bytes:
    try:
        return source.read(key)
    except (OSError, zipfile.BadZipFile) as exc:
        raise RomeSourceError(f"Impossible de lire le fichier {where}.") from exc


def _explicit_tree_path(arborescences: Path) -> Path:
    path = arborescences / COMPETENCE_TREE_FILE if arborescences.is_dir() else arborescences
    if not path.is_file():
        raise RomeSourceError(
            f"L'arborescence des compétences est introuvable : {path} n'existe pas."
        )
    return path


def _macro_competences(rows: list[dict[str, str]]) -> list[MacroCompetence]:
    return [
        MacroCompetence(row["code_ogr"], row["code_macro_comp"], row["libelle_competence"])
        for row in rows
        if row["nature"] == "Macro-compétence"
    ]
