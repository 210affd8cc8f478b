"""Format of the files of the official ROME CSV export: names, columns, encoding, CSV dialect.

``parse_export_csv()`` turns the bytes of one ``unix_<name>_v4NN_utf8.csv`` file into clean rows,
handling the traps of the real files: a file labelled UTF-8 that is cp1252, doubled apostrophes
(``l''analyse``), labels with commas and line breaks, ``\\r\\n``, padding spaces and blank
lines between records.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping

from agents_metiers.errors import RomeSourceError

# Official columns of each file (v460). Files may gain columns; losing one is an error.
# Note the official misspelling "professionel" in cr_gd_dp, kept because callers use it.
EXPECTED_COLUMNS: Mapping[str, tuple[str, ...]] = {
    name: tuple(columns.split())
    for name, columns in {
        "arborescence_centre_interet": "code_centre_interet libelle_centre_interet code_ogr_rome"
        " code_rome libelle_rome principal",
        "arborescence_secteur_activite": "code_sect_activite libelle_sect_activite"
        " code_ss_sect_activite libelle_ss_sect_activite code_ogr_rome code_rome libelle_rome"
        " principal",
        "arborescence_secteur_naf": "code_secteur_naf libelle_secteur_naf code_ogr_rome code_rome"
        " libelle_rome",
        "arborescence_thematique": "code_theme libelle_theme code_ogr_rome code_rome libelle_rome",
        "centre_interet": "code_centre_interet libelle_centre_interet definition_centre_interet",
        "coherence_item": "code_rome code_ogr coeur_metier",
        "composition_bloc": "code_compo_bloc libelle_bloc",
        "cr_gd_dp": "code_rome libelle_rome code_grand_domaine libelle_grand_domaine"
        " code_domaine_professionel libelle_domaine_professionel",
        "cr_gd_dp_appellations": "code_grand_domaine code_domaine_professionnel numero_fiche_rome"
        " intitule libelle_appellation_long libelle_appellation_court type_provenance code_fiche"
        " ogr_rome ogr_appellation",
        "descriptif_rubrique": "code_rubrique code_compo_bloc position_rubrique libelle_rubrique",
        "domaine_professionnel": "code_domaine_professionnel libelle_domaine_professionnel",
        "grand_domaine": "code_grand_domaine libelle_grand_domaine",
        "item": "code_ogr libelle code_rubrique",
        "liens_rome_referentiels": "code_rome code_compo_bloc code_rubrique code_ogr",
        "referentiel_appellation": "code_ogr libelle_appellation_long libelle_appellation_court"
        " code_rome transition_eco transition_num transition_demo emploi_reglemente emploi_cadre"
        " classification origine code_rome_parent peu_usite",
        "referentiel_code_rome": "code_rome code_fiche_metier code_ogr libelle_rome transition_eco"
        " transition_num transition_demo emploi_reglemente emploi_cadre code_rome_parent",
        "referentiel_code_rome_riasec": "code_rome riasec_majeur riasec_mineur",
        "referentiel_competence": "code_ogr nature libelle_competence definition"
        " code_ogr_macro_comp code_macro_comp cat_comp sous_cat_comp transition_eco transition_num"
        " libelle_heterogeneite libelle_origine",
        "referentiel_contexte_travail": "code_ogr libelle_cont_travail code_type_cont_trav"
        " libelle_type_cont_trav",
        "referentiel_macro_competence_riasec": "code_ogr riasec_majeur riasec_mineur",
        "referentiel_savoir": "code_ogr_savoir libelle_savoir categorie_savoir"
        " sous_categorie_savoir transition_eco transition_num",
        "rubrique_mobilite": "code_rome code_rome_cible numero_ordre",
        "secteur_activite": "code_sect_activite libelle_sect_activite definition_sect_activite",
        "secteur_naf": "code_tech_secteur_naf code_secteur_naf libelle_secteur_naf",
        "sous_secteur_activite": "code_ss_sect_activite libelle_ss_sect_activite"
        " definition_ss_sect_activite code_sect_activite",
        "texte": "code_rome code_compo_bloc libelle_type_texte position_phrase libelle_texte",
        "themes": "code_theme libelle_theme definition_theme",
        "type_referentiel": "code_type_referentiel libelle_type_referentiel",
    }.items()
}

# Every file of the export needed for an import (ROME_DATA.md); cr_gd_dp_appellations only
# repeats the tree and the appellations, and arborescence_competences is absent from v460.
REQUIRED_FILES: tuple[str, ...] = tuple(
    name for name in EXPECTED_COLUMNS if name != "cr_gd_dp_appellations"
)

CSV_FILE_NAME = re.compile(r"^unix_(?P<name>.+)_(?P<suffix>v\d+)_utf8\.csv$", re.IGNORECASE)


def decode_export_file(raw: bytes, where: str) -> str:
    """Decode one file as UTF-8, falling back to cp1252 (the real export mixes both)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise RomeSourceError(
            f"Le fichier {where} n'est ni en UTF-8 ni en Windows-1252 : il est illisible."
        ) from exc


def parse_export_csv(raw: bytes, name: str, where: str) -> list[dict[str, str]]:
    """Clean rows of one export file; ``where`` names it in error messages."""
    # Apostrophes are not CSV syntax (the quote is "), so undoing the doubled ones on the whole
    # text is the same as undoing them in every value, and much faster.
    text = decode_export_file(raw, where)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("''", "'")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [column.strip() for column in next(reader, [])]
        _check_header(header, name, where)
        return [
            dict(zip(header, values, strict=True)) for values in _records(reader, header, where)
        ]
    except csv.Error as exc:
        raise RomeSourceError(
            f"Le fichier {where} n'est pas un CSV lisible (ligne {reader.line_num})."
        ) from exc


def _records(reader: Iterator[list[str]], header: list[str], where: str) -> Iterator[list[str]]:
    width = len(header)
    number = 0
    for values in reader:
        if not values:  # blank line between records (centre_interet, secteur_activite)
            continue
        number += 1
        if len(values) != width:
            raise RomeSourceError(
                f"L'enregistrement n° {number} du fichier {where} compte {len(values)} "
                f"champs au lieu de {width}."
            )
        yield [value.strip() for value in values]


def _check_header(header: list[str], name: str, where: str) -> None:
    if not any(header):
        raise RomeSourceError(f"Le fichier {where} est vide.")
    for column in EXPECTED_COLUMNS.get(name, ()):
        if column not in header:
            raise RomeSourceError(f"Le fichier {where} n'a pas la colonne attendue « {column} ».")
