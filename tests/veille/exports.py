"""Build modified ROME exports for the veille tests (and the veille benchmark).

``copier_export(source, dest, numero)`` copies an export folder (the real ``v460`` or the
hand-made ``rome_mini``) to ``dest`` as version ``numero``: files renamed to the new suffix,
``version.txt`` rewritten, and the sibling ``arborescences`` folder linked beside it when the
source has one. The returned ``Export`` applies named modifications to its CSV files, the way
a new ROME version would: codes added, removed or relabelled, a definition reworded, a
competence or a mobility removed, an appellation moved, texts missing.

Load it with ``importlib`` (tests run with ``--import-mode=importlib``), see conftest.py.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

Row = dict[str, str]
# Files whose rows are not copied to a new code (appellations and mobilities are its own).
SANS_COPIE = ("referentiel_appellation", "rubrique_mobilite", "cr_gd_dp_appellations")


def copier_export(source: Path, dest: Path, numero: int) -> Export:
    """Copy the export folder ``source`` to ``dest`` as ROME version ``numero``."""
    dest.mkdir(parents=True)
    suffix = f"v4{numero}"
    for path in sorted(source.iterdir()):
        if path.name == "version.txt":
            text = path.read_text(encoding="utf-8")
            text = re.sub(r"(Numero de version\s*:\s*)\d+", rf"\g<1>{numero}", text)
            (dest / "version.txt").write_text(text, encoding="utf-8")
        elif path.suffix == ".csv":
            shutil.copyfile(path, dest / re.sub(r"_v\d+_utf8", f"_{suffix}_utf8", path.name))
    arborescences = source.parent / "arborescences"
    if arborescences.is_dir() and not (dest.parent / "arborescences").exists():
        (dest.parent / "arborescences").symlink_to(arborescences.resolve())
    return Export(dest, suffix)


class Export:
    """A copied export folder whose CSV files can be rewritten row by row."""

    def __init__(self, path: Path, suffix: str) -> None:
        self.path = path
        self.suffix = suffix

    def fichier(self, name: str) -> Path:
        return self.path / f"unix_{name}_{self.suffix}_utf8.csv"

    def lire(self, name: str) -> tuple[list[str], list[Row]]:
        # Raw values: the doubled apostrophes stay doubled, as in the official files.
        text, _ = _decoder(self.fichier(name).read_bytes())
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader)
        return header, [dict(zip(header, values, strict=True)) for values in reader if values]

    def ecrire(self, name: str, header: list[str], rows: list[Row]) -> None:
        """Write the file back in its own encoding (the real export mixes UTF-8 and cp1252)."""
        _, encoding = _decoder(self.fichier(name).read_bytes())
        out = io.StringIO()
        writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([row[column] for column in header] for row in rows)
        self.fichier(name).write_bytes(out.getvalue().encode(encoding))

    def modifier(self, name: str, change: Callable[[list[Row]], list[Row]]) -> None:
        header, rows = self.lire(name)
        self.ecrire(name, header, change(rows))

    def noms(self) -> list[str]:
        pattern = re.compile(rf"^unix_(.+)_{self.suffix}_utf8\.csv$")
        return sorted(m[1] for p in self.path.iterdir() if (m := pattern.match(p.name)))

    # --- named modifications -------------------------------------------------------------

    def relibeller(self, code: str, libelle: str) -> None:
        """Give ``code`` a new label everywhere the export repeats it."""
        for name in ("referentiel_code_rome", "cr_gd_dp"):
            self.modifier(name, _set(code, "libelle_rome", libelle))

    def reformuler_definition(self, code: str, position: int, texte: str) -> None:
        def change(rows: list[Row]) -> list[Row]:
            for row in rows:
                if (
                    row["code_rome"] == code
                    and row["libelle_type_texte"] == "definition"
                    and row["position_phrase"] == str(position)
                ):
                    row["libelle_texte"] = texte
            return rows

        self.modifier("texte", change)

    def retirer_textes(self, code: str) -> None:
        """Drop every text (definition, accès) of ``code``."""
        self.modifier("texte", lambda rows: [r for r in rows if r["code_rome"] != code])

    def retirer_lien(self, code: str, code_ogr: str) -> None:
        """Unlink item ``code_ogr`` (competence, savoir, contexte) from ``code``."""
        for name in ("liens_rome_referentiels", "coherence_item"):
            self.modifier(
                name,
                lambda rows: [
                    r for r in rows if not (r["code_rome"] == code and r["code_ogr"] == code_ogr)
                ],
            )

    def retirer_mobilite(self, code: str, cible: str) -> None:
        self.modifier(
            "rubrique_mobilite",
            lambda rows: [
                r for r in rows if not (r["code_rome"] == code and r["code_rome_cible"] == cible)
            ],
        )

    def deplacer_appellation(self, code_ogr: str, vers: str) -> None:
        def change(rows: list[Row]) -> list[Row]:
            for row in rows:
                if row["code_ogr"] == code_ogr:
                    row["code_rome"] = vers
                    row["code_rome_parent"] = vers
            return rows

        self.modifier("referentiel_appellation", change)

    def supprimer_code(self, code: str) -> None:
        """Remove ``code`` from every file, mobilities towards it included."""
        for name in self.noms():
            header, rows = self.lire(name)
            if "code_rome" not in header:
                continue
            kept = [r for r in rows if r["code_rome"] != code and r.get("code_rome_cible") != code]
            self.ecrire(name, header, kept)

    def ajouter_codes(self, modeles: dict[str, tuple[str, str]]) -> None:
        """Add codes: ``{nouveau_code: (code_modele, libelle)}``, each a copy of its model's
        rows (texts, domain, RIASEC, links) under a new code, label and code OGR."""
        for name in self.noms():
            header, rows = self.lire(name)
            if "code_rome" not in header or name in (
                "referentiel_appellation",
                "rubrique_mobilite",
            ):
                continue
            self.ecrire(name, header, rows + _copies(rows, modeles, name))


def _decoder(raw: bytes) -> tuple[str, str]:
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252"), "cp1252"


def _set(code: str, column: str, value: str) -> Callable[[list[Row]], list[Row]]:
    def change(rows: list[Row]) -> list[Row]:
        for row in rows:
            if row["code_rome"] == code:
                row[column] = value
        return rows

    return change


def _copies(rows: list[Row], modeles: dict[str, tuple[str, str]], name: str) -> list[Row]:
    by_code: dict[str, list[Row]] = {}
    for row in rows:
        by_code.setdefault(row["code_rome"], []).append(row)
    added: list[Row] = []
    for index, (nouveau, (modele, libelle)) in enumerate(sorted(modeles.items())):
        for row in by_code.get(modele, []):
            copy = {**row, "code_rome": nouveau}
            if "libelle_rome" in copy:
                copy["libelle_rome"] = libelle
            if name == "referentiel_code_rome":
                copy["code_ogr"] = str(990000 + index)
                copy["code_rome_parent"] = nouveau
            added.append(copy)
    return added
