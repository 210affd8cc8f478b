"""Opening the ROME export (folder, zip, URL) and reading its files without their traps."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import httpx2
import pytest

from agents_metiers.errors import RomeSourceError
from agents_metiers.rome.export import (
    REQUIRED_FILES,
    RomeExport,
    open_export,
    parse_version_text,
)

URL = "https://api.francetravail.fr/api-nomenclatureemploi/v1/open-data/csv"
Handler = Callable[[httpx2.Request], httpx2.Response]


def open_folder(folder: Path, tmp_path: Path) -> RomeExport:
    return open_export(folder, download_dir=tmp_path / "downloads")


def zip_folder(folder: Path, zip_path: Path, *, prefix: str = "") -> Path:
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, prefix + path.name)
    return zip_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def download(
    handler: Handler,
    tmp_path: Path,
    on_progress: Callable[[int, int | None], None] | None = None,
) -> RomeExport:
    transport = httpx2.MockTransport(handler)
    return open_export(
        URL, download_dir=tmp_path / "dl", transport=transport, on_progress=on_progress
    )


# --- folder -------------------------------------------------------------------------------


def test_folder_gives_version_from_version_txt(rome_mini: Path, tmp_path: Path) -> None:
    version = open_folder(rome_mini, tmp_path).version
    assert version.numero == 60
    assert version.titre == "ROME 4.0 version 60 - 25M09"
    assert version.date_publication == date(2025, 9, 18)
    assert version.date_validation == date(2025, 8, 27)


def test_version_description_is_the_rest_of_the_file(rome_mini: Path, tmp_path: Path) -> None:
    description = open_folder(rome_mini, tmp_path).version.description
    assert description.startswith("Cette version de septembre 2025")
    assert description.endswith("Aucune nouvelle fiche ajoutée.")
    assert "\nModification de fiche :\n" in description


def test_suffix_comes_from_the_file_names(rome_mini: Path, tmp_path: Path) -> None:
    export = open_folder(rome_mini, tmp_path)
    assert export.suffix == "v460"
    assert export.file_name("texte") == "unix_texte_v460_utf8.csv"


def test_source_label_is_the_path(rome_mini: Path, tmp_path: Path) -> None:
    assert open_folder(rome_mini, tmp_path).source_label == str(rome_mini)


def test_mini_export_is_complete(rome_mini: Path, tmp_path: Path) -> None:
    export = open_folder(rome_mini, tmp_path)
    export.check_complete()
    assert all(export.has(name) for name in REQUIRED_FILES)


def test_rows_are_dicts_keyed_by_official_columns(rome_mini: Path, tmp_path: Path) -> None:
    rows = open_folder(rome_mini, tmp_path).rows("referentiel_code_rome")
    codes = [row["code_rome"] for row in rows]
    assert codes == ["J1104", "J1124", "J1506", "M1802", "M1805", "M1810"]
    assert rows[4]["libelle_rome"] == "Développeur / Développeuse informatique"


def test_cr_gd_dp_keeps_official_misspelt_columns(rome_mini: Path, tmp_path: Path) -> None:
    row = open_folder(rome_mini, tmp_path).rows("cr_gd_dp")[0]
    assert row["code_domaine_professionel"] == "J11"
    assert row["libelle_domaine_professionel"] == "Praticiens médicaux"


def test_rows_are_cached(rome_mini: Path, tmp_path: Path) -> None:
    export = open_folder(rome_mini, tmp_path)
    assert export.rows("texte") is export.rows("texte")


def test_has_tells_which_files_exist(rome_mini: Path, tmp_path: Path) -> None:
    export = open_folder(rome_mini, tmp_path)
    assert export.has("texte")
    assert not export.has("arborescence_competences")


# --- traps --------------------------------------------------------------------------------


def test_doubled_apostrophes_are_undone(rome_mini: Path, tmp_path: Path) -> None:
    assert "''" in (rome_mini / "unix_texte_v460_utf8.csv").read_text(encoding="utf-8")
    textes = [row["libelle_texte"] for row in open_folder(rome_mini, tmp_path).rows("texte")]
    assert not any("''" in texte for texte in textes)
    assert any("l'informatique" in texte for texte in textes)


def test_cp1252_file_is_decoded(rome_mini: Path, tmp_path: Path) -> None:
    raw = (rome_mini / "unix_arborescence_secteur_naf_v460_utf8.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    rows = open_folder(rome_mini, tmp_path).rows("arborescence_secteur_naf")
    libelles = {row["libelle_rome"] for row in rows}
    assert "Développeur / Développeuse informatique" in libelles


def test_label_with_line_breaks_is_one_value(rome_mini: Path, tmp_path: Path) -> None:
    rows = open_folder(rome_mini, tmp_path).rows("centre_interet")
    assert [row["code_centre_interet"] for row in rows] == [
        "4",
        "6",
        "10",
        "18",
        "21",
        "22",
        "23",
        "29",
    ]
    assert "\n\nVous aimez interagir" in rows[0]["definition_centre_interet"]


def test_label_with_commas_is_one_value(rome_mini: Path, tmp_path: Path) -> None:
    export = open_folder(rome_mini, tmp_path)
    interets = {row["code_centre_interet"]: row for row in export.rows("centre_interet")}
    assert interets["18"]["libelle_centre_interet"] == "J'aime organiser, planifier"
    naf = export.rows("arborescence_secteur_naf")[0]
    assert naf["libelle_secteur_naf"] == "Programmation, conseil et autres activites informatiques"


def test_values_are_stripped(rome_mini: Path, tmp_path: Path) -> None:
    raw = (rome_mini / "unix_themes_v460_utf8.csv").read_text(encoding="utf-8")
    assert 'BTP, ...) "' in raw
    rows = open_folder(rome_mini, tmp_path).rows("themes")
    assert all(value == value.strip() for row in rows for value in row.values())


def test_crlf_line_ends_are_normalised(rome_mini_copy: Path, tmp_path: Path) -> None:
    path = rome_mini_copy / "unix_centre_interet_v460_utf8.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    rows = open_folder(rome_mini_copy, tmp_path).rows("centre_interet")
    assert len(rows) == 8
    assert not any("\r" in value for row in rows for value in row.values())


def test_utf8_bom_is_ignored(rome_mini_copy: Path, tmp_path: Path) -> None:
    path = rome_mini_copy / "unix_grand_domaine_v460_utf8.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    rows = open_folder(rome_mini_copy, tmp_path).rows("grand_domaine")
    assert rows[0]["code_grand_domaine"] == "J"


# --- broken folders -----------------------------------------------------------------------


def test_missing_path_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(RomeSourceError, match="n'existe pas"):
        open_folder(tmp_path / "absent", tmp_path)


def test_empty_folder_is_a_source_error(tmp_path: Path) -> None:
    (tmp_path / "vide").mkdir()
    with pytest.raises(RomeSourceError, match=r"ne contient pas d'export ROME \(fichiers unix_"):
        open_folder(tmp_path / "vide", tmp_path)


def test_missing_version_txt_is_a_source_error(rome_mini_copy: Path, tmp_path: Path) -> None:
    (rome_mini_copy / "version.txt").unlink()
    with pytest.raises(RomeSourceError, match=r"version\.txt est absent"):
        open_folder(rome_mini_copy, tmp_path)


def test_two_versions_in_one_folder_is_a_source_error(rome_mini_copy: Path, tmp_path: Path) -> None:
    (rome_mini_copy / "unix_texte_v461_utf8.csv").write_text("x", encoding="utf-8")
    with pytest.raises(RomeSourceError, match=r"plusieurs versions du ROME \(v460, v461\)"):
        open_folder(rome_mini_copy, tmp_path)


def test_missing_required_file_fails_check_complete(rome_mini_copy: Path, tmp_path: Path) -> None:
    (rome_mini_copy / "unix_texte_v460_utf8.csv").unlink()
    export = open_folder(rome_mini_copy, tmp_path)
    message = f"Le fichier unix_texte_v460_utf8.csv est absent de l'export ROME {rome_mini_copy}."
    with pytest.raises(RomeSourceError) as error:
        export.check_complete()
    assert error.value.message == message


def test_rows_of_missing_file_is_a_source_error(rome_mini_copy: Path, tmp_path: Path) -> None:
    (rome_mini_copy / "unix_texte_v460_utf8.csv").unlink()
    with pytest.raises(RomeSourceError, match=r"unix_texte_v460_utf8\.csv est absent"):
        open_folder(rome_mini_copy, tmp_path).rows("texte")


def test_missing_column_is_a_source_error(rome_mini_copy: Path, tmp_path: Path) -> None:
    edit(rome_mini_copy / "unix_rubrique_mobilite_v460_utf8.csv", '"numero_ordre"', '"ordre"')
    export = open_folder(rome_mini_copy, tmp_path)
    with pytest.raises(RomeSourceError, match="n'a pas la colonne attendue « numero_ordre »"):
        export.rows("rubrique_mobilite")


def test_record_with_wrong_field_count_is_a_source_error(
    rome_mini_copy: Path, tmp_path: Path
) -> None:
    edit(rome_mini_copy / "unix_rubrique_mobilite_v460_utf8.csv", '"M1802","1"', '"M1802"')
    export = open_folder(rome_mini_copy, tmp_path)
    with pytest.raises(RomeSourceError, match=r"n° 2 .* compte 2 champs au lieu de 3"):
        export.rows("rubrique_mobilite")


def test_empty_file_is_a_source_error(rome_mini_copy: Path, tmp_path: Path) -> None:
    (rome_mini_copy / "unix_themes_v460_utf8.csv").write_bytes(b"")
    with pytest.raises(RomeSourceError, match="est vide"):
        open_folder(rome_mini_copy, tmp_path).rows("themes")


def test_file_in_no_known_encoding_is_a_source_error(rome_mini_copy: Path, tmp_path: Path) -> None:
    (rome_mini_copy / "unix_themes_v460_utf8.csv").write_bytes(b'"code_theme"\n"\x81"\n')
    with pytest.raises(RomeSourceError, match="ni en UTF-8 ni en Windows-1252"):
        open_folder(rome_mini_copy, tmp_path).rows("themes")


# --- zip ----------------------------------------------------------------------------------


def test_zip_with_files_in_a_subfolder_opens(rome_mini: Path, tmp_path: Path) -> None:
    archive = zip_folder(rome_mini, tmp_path / "RefRomeCsv.zip", prefix="RefRomeCsv/")
    export = open_folder(archive, tmp_path)
    assert export.version.numero == 60
    export.check_complete()
    assert export.rows("texte") == open_folder(rome_mini, tmp_path).rows("texte")


def test_zip_keeps_the_cp1252_fallback(rome_mini: Path, tmp_path: Path) -> None:
    archive = zip_folder(rome_mini, tmp_path / "RefRomeCsv.zip")
    rows = open_folder(archive, tmp_path).rows("arborescence_secteur_naf")
    assert rows[1]["libelle_rome"] == "Développeur / Développeuse informatique"


def test_zip_without_export_files_is_a_source_error(tmp_path: Path) -> None:
    archive = tmp_path / "autre.zip"
    with zipfile.ZipFile(archive, "w") as writer:
        writer.writestr("lisezmoi.txt", "rien")
    with pytest.raises(RomeSourceError, match=r"L'archive .* ne contient pas d'export ROME"):
        open_folder(archive, tmp_path)


def test_file_that_is_not_a_zip_is_a_source_error(tmp_path: Path) -> None:
    not_zip = tmp_path / "RefRomeCsv.zip"
    not_zip.write_text("<html>maintenance</html>", encoding="utf-8")
    with pytest.raises(RomeSourceError, match="n'est pas une archive zip"):
        open_folder(not_zip, tmp_path)


# --- version.txt --------------------------------------------------------------------------


def test_version_without_number_is_a_source_error() -> None:
    with pytest.raises(RomeSourceError, match="numéro de version"):
        parse_version_text("Date de publication : 18/09/2025\n", source_label="x")


def test_version_with_unreadable_date_is_a_source_error() -> None:
    with pytest.raises(RomeSourceError, match="date illisible : « 2025-09-18 »"):
        parse_version_text(
            "Numero de version : 60\nDate de publication : 2025-09-18\n", source_label="x"
        )


def test_version_accepts_accents_and_missing_fields() -> None:
    version = parse_version_text("Numéro de version : 61\r\n", source_label="x")
    assert (version.numero, version.titre, version.date_publication) == (61, None, None)
    assert version.description == ""


# --- URL ----------------------------------------------------------------------------------


@pytest.fixture
def mini_zip(rome_mini: Path, tmp_path: Path) -> bytes:
    return zip_folder(rome_mini, tmp_path / "source.zip", prefix="csv/").read_bytes()


def test_url_is_downloaded_and_opened(mini_zip: bytes, tmp_path: Path) -> None:
    export = download(lambda request: httpx2.Response(200, content=mini_zip), tmp_path)
    assert export.version.numero == 60
    assert export.source_label == URL
    assert sorted(p.name for p in (tmp_path / "dl").iterdir()) == ["RefRomeCsv.zip"]


def test_download_reports_progress(mini_zip: bytes, tmp_path: Path) -> None:
    calls: list[tuple[int, int | None]] = []
    download(
        lambda request: httpx2.Response(200, content=mini_zip),
        tmp_path,
        on_progress=lambda done, total: calls.append((done, total)),
    )
    assert calls
    assert calls[-1] == (len(mini_zip), len(mini_zip))


def test_progress_total_is_none_without_content_length(mini_zip: bytes, tmp_path: Path) -> None:
    calls: list[tuple[int, int | None]] = []
    chunks = [mini_zip[:1000], mini_zip[1000:]]
    download(
        lambda request: httpx2.Response(200, content=iter(chunks)),
        tmp_path,
        on_progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(1000, None), (len(mini_zip), None)]


def test_download_follows_redirects(mini_zip: bytes, tmp_path: Path) -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        if request.url.path.endswith("/csv"):
            return httpx2.Response(302, headers={"location": "https://cdn.example/RefRomeCsv.zip"})
        return httpx2.Response(200, content=mini_zip)

    assert download(handler, tmp_path).version.numero == 60


@pytest.mark.parametrize("status", [404, 500])
def test_http_error_is_a_source_error_naming_the_url(status: int, tmp_path: Path) -> None:
    with pytest.raises(RomeSourceError, match=f"{URL} a échoué \\(réponse HTTP {status}\\)"):
        download(lambda request: httpx2.Response(status, text="erreur"), tmp_path)
    assert list((tmp_path / "dl").iterdir()) == []


def test_timeout_is_a_source_error(tmp_path: Path) -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        raise httpx2.ConnectTimeout("timed out", request=request)

    with pytest.raises(RomeSourceError, match=f"{URL} n'a pas répondu à temps"):
        download(handler, tmp_path)


def test_network_error_is_a_source_error(tmp_path: Path) -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        raise httpx2.ConnectError("refused", request=request)

    with pytest.raises(RomeSourceError, match=f"Impossible de télécharger .* {URL}"):
        download(handler, tmp_path)


def test_body_that_is_not_a_zip_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(RomeSourceError, match=f"La réponse de {URL} n'est pas une archive zip"):
        download(lambda request: httpx2.Response(200, text="<html>maintenance</html>"), tmp_path)
    assert list((tmp_path / "dl").iterdir()) == []


def test_failed_download_keeps_the_previous_file(mini_zip: bytes, tmp_path: Path) -> None:
    download(lambda request: httpx2.Response(200, content=mini_zip), tmp_path)
    with pytest.raises(RomeSourceError):
        download(lambda request: httpx2.Response(503), tmp_path)
    assert (tmp_path / "dl" / "RefRomeCsv.zip").read_bytes() == mini_zip
