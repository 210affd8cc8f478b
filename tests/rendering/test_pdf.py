"""The fiche PDF (PRODUCT.md §12): sections, credits, watermark, variants, file names."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from agents_metiers.agents.variantes import VarianteGeneree
from agents_metiers.domain.noms import NomsGenres
from agents_metiers.domain.variantes import Combinaison
from agents_metiers.errors import InvalidInputError, NotFoundError
from agents_metiers.rendering.pdf import (
    SelectionVariante,
    document_weasyprint,
    exporter_pdfs,
    pdf_fiche,
    preparer_pdf,
    rendre_pdf,
)
from agents_metiers.rendering.pdf_vue import nom_fichier, source_libelle, vue_pdf
from agents_metiers.services.fiches.lecture import get_detail
from agents_metiers.services.runtime import Runtime
from agents_metiers.services.variantes.contenu import contenu_variante, textes_source

CODE = "M1805"


def _texte(html: str) -> tuple[int, str]:
    """(page count, every piece of laid-out text, margin boxes included) of ``html``."""
    document = document_weasyprint(html)
    parts: list[str] = []
    for page in document.pages:
        stack: list[Any] = [page._page_box]
        while stack:
            box = stack.pop()
            if getattr(box, "text", None):
                parts.append(box.text)
            stack.extend(getattr(box, "children", []))
    return len(document.pages), " ".join(parts)


def test_an_editor_gets_a_real_pdf_of_a_draft_with_its_file_name(imported: Runtime) -> None:
    name, content = pdf_fiche(imported, CODE, voir_brouillons=True)
    assert content.startswith(b"%PDF-")
    assert content.rstrip().endswith(b"%%EOF")
    assert name == "M1805_Developpeur_ou_developpeuse_informatique.pdf"


def test_the_pdf_has_the_sections_charts_and_rome_credit(imported: Runtime) -> None:
    page = preparer_pdf(imported, CODE, voir_brouillons=True)
    pages, text = _texte(page.html)
    assert pages >= 3
    for title in (
        "Informations clés",
        "Profil et personnalité",
        "Compétences",
        "Domaine professionnel",
        "Contextes de travail",
        "Statistiques",
        "Mobilité professionnelle",
    ):
        assert title in text
    assert "Source : France Travail, ROME 4.0 version 60 du 18/09/2025" in text
    assert f"Page 1 / {pages}" in text
    assert f"Page {pages} / {pages}" in text
    assert page.html.count("<svg") >= 3  # RIASEC, dimensions, career map


def test_a_draft_is_watermarked_for_editors(imported: Runtime) -> None:
    page = preparer_pdf(imported, CODE, voir_brouillons=True)
    assert page.brouillon
    assert "BROUILLON" in _texte(page.html)[1]


def test_the_public_cannot_get_an_unpublished_fiche(imported: Runtime) -> None:
    with pytest.raises(NotFoundError):
        rendre_pdf(imported, CODE, voir_brouillons=False)


def test_the_published_fiche_has_no_watermark(
    imported: Runtime, publier: Callable[[str], None]
) -> None:
    publier(CODE)
    for voir in (False, True):
        page = preparer_pdf(imported, CODE, voir_brouillons=voir)
        assert not page.brouillon
        assert "BROUILLON" not in page.html


def test_missing_market_data_is_said_not_invented(imported: Runtime) -> None:
    html = preparer_pdf(imported, CODE, voir_brouillons=True).html
    assert html.count("Données indisponibles.") == 3  # salaries, contracts, tension
    assert "am-chart-salaires" not in html


def _vue(imported: Runtime, **overrides: Any) -> dict[str, Any]:
    with imported.sessions() as session:
        fiche = get_detail(session, CODE).model_dump()
    return vue_pdf({**fiche, **overrides}, variante=None, credit="Source", brouillon=False)


def test_market_data_present_is_drawn_with_its_source(imported: Runtime) -> None:
    salaires = {
        "confirme": {"min": 38000, "median": 45000, "max": 52000},
        "source": "France Travail",
    }
    vue = _vue(imported, salaires=salaires, types_contrats={"cdi": 0.7, "cdd": 0.3})
    assert vue["stats"]["salaires"] is not None
    assert vue["stats"]["salaires_source"] == "France Travail"
    assert vue["stats"]["contrats"] is not None
    assert vue["stats"]["tension"] is None  # no default tension


def test_untrusted_text_is_escaped_and_only_web_links_are_clickable(imported: Runtime) -> None:
    sites = [
        {"nom": "<b>x</b>", "url": "javascript:alert(1)", "description": "d"},
        {"nom": "Onisep", "url": "https://www.onisep.fr", "description": "Orientation"},
    ]
    vue = _vue(imported, description="<script>alert(1)</script>", sites_utiles=sites)
    assert [s["lien"] for s in vue["sites"]] == [None, "https://www.onisep.fr"]


def test_a_reviewed_variant_prints_in_its_language_with_its_file_name(
    imported: Runtime, publier: Callable[[str], None], ajouter_variante: Callable[..., int]
) -> None:
    publier(CODE)
    ident = ajouter_variante(CODE, format_contenu="falc", relecture_falc=True, tranche_age="15-18")
    page = preparer_pdf(
        imported, CODE, selection=SelectionVariante(variante_id=ident), voir_brouillons=False
    )
    assert page.nom_fichier == "M1805_Software_developer_en_feminin_15-18_falc.pdf"
    assert '<html lang="en">' in page.html
    assert 'class="falc"' in page.html
    assert "Designs and builds software." in page.html
    assert "Key information" in page.html
    assert not page.brouillon


def test_variants_are_found_by_their_criteria(
    imported: Runtime, ajouter_variante: Callable[..., int]
) -> None:
    ajouter_variante(CODE, genre="feminin")
    ajouter_variante(CODE, genre="masculin", nom="Developer")
    found = preparer_pdf(
        imported,
        CODE,
        selection=SelectionVariante(langue="en", genre="masculin"),
        voir_brouillons=True,
    )
    assert found.nom_fichier.startswith("M1805_Developer_en_masculin")
    with pytest.raises(InvalidInputError):
        preparer_pdf(imported, CODE, selection=SelectionVariante(langue="en"), voir_brouillons=True)
    with pytest.raises(NotFoundError):
        preparer_pdf(imported, CODE, selection=SelectionVariante(langue="de"), voir_brouillons=True)


def test_an_unreviewed_variant_is_hidden_from_the_public_and_watermarked_for_editors(
    imported: Runtime, publier: Callable[[str], None], ajouter_variante: Callable[..., int]
) -> None:
    publier(CODE)
    ident = ajouter_variante(CODE, statut="genere")
    selection = SelectionVariante(variante_id=ident)
    with pytest.raises(NotFoundError):
        preparer_pdf(imported, CODE, selection=selection, voir_brouillons=False)
    page = preparer_pdf(imported, CODE, selection=selection, voir_brouillons=True)
    assert page.brouillon
    assert "DRAFT" in page.html  # the watermark speaks the variant's language


@pytest.mark.parametrize(
    ("titre", "variante", "ascii_name", "utf8_name"),
    [
        (
            "Développeur / Développeuse",
            None,
            "M1805_Developpeur_Developpeuse.pdf",
            "M1805_Développeur_Développeuse.pdf",
        ),
        ("Œnologue", None, "M1805_Oenologue.pdf", "M1805_Œnologue.pdf"),
        ('a"b\\c:d', None, "M1805_a_b_c_d.pdf", "M1805_a_b_c_d.pdf"),
        ("", None, "M1805_fiche.pdf", "M1805_fiche.pdf"),
        (
            "Sage-femme",
            {
                "langue": "fr",
                "genre": "epicene",
                "tranche_age": "18+",
                "format_contenu": "standard",
            },
            "M1805_Sage-femme_fr_epicene_18+_standard.pdf",
            "M1805_Sage-femme_fr_epicene_18+_standard.pdf",
        ),
    ],
)
def test_file_names_follow_the_pattern_and_are_safe(
    titre: str, variante: dict[str, str] | None, ascii_name: str, utf8_name: str
) -> None:
    assert nom_fichier(CODE, titre, variante) == ascii_name
    assert nom_fichier(CODE, titre, variante, ascii_seul=False) == utf8_name
    assert nom_fichier(CODE, titre, variante).isascii()


def test_provenance_badges() -> None:
    assert source_libelle({"source": "rome", "version": 60}) == "Référentiel ROME v60"
    assert source_libelle({"source": "ia", "modele": "claude"}) == "Estimation IA — à vérifier"
    assert source_libelle(None) is None


def test_the_batch_export_zips_the_published_fiches_only(
    imported: Runtime, publier: Callable[[str], None], tmp_path: Path
) -> None:
    publier(CODE)
    path = tmp_path / "pdf" / "fiches.zip"
    assert exporter_pdfs(imported, path) == 1
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["M1805_Developpeur_ou_developpeuse_informatique.pdf"]
        assert archive.read(archive.namelist()[0]).startswith(b"%PDF-")
    assert not (tmp_path / "pdf" / "fiches.zip.part").exists()


def _contenu_genere(runtime: Runtime, langue: str) -> dict[str, Any]:
    """The content the variant generator stores: every text field as strings, names too."""
    with runtime.sessions() as session:
        fiche = get_detail(session, CODE, voir_brouillons=True).model_dump(mode="json")
    fiche["aptitudes"] = [{"nom": "Rigueur", "niveau": 4, "description": "Précision"}]
    textes = textes_source(fiche, langue)
    noms = NomsGenres("Développeur", "Développeuse", "Développeur ou développeuse")
    generee = VarianteGeneree(Combinaison(langue, "18+", "standard", "feminin"), "Dev", textes)
    return contenu_variante(fiche, generee, noms)[1]


@pytest.mark.parametrize("langue", ["fr", "en"])
def test_a_generated_variant_prints_its_string_lists(
    imported: Runtime, publier: Callable[[str], None], ajouter_variante: Callable[..., int],
    langue: str,
) -> None:  # fmt: skip
    """Issue 11: the PDF of an approved generated variant answered 500 (strings where the
    template expected objects: aptitudes, appellations, mobilities)."""
    publier(CODE)
    contenu = _contenu_genere(imported, langue)
    assert isinstance(contenu["aptitudes"][0], str)
    ident = ajouter_variante(CODE, langue=langue, contenu=contenu)
    document = rendre_pdf(
        imported, CODE, selection=SelectionVariante(variante_id=ident), voir_brouillons=False
    )
    assert document.contenu.startswith(b"%PDF-")
    page = preparer_pdf(
        imported, CODE, selection=SelectionVariante(variante_id=ident), voir_brouillons=False
    )
    assert "Rigueur" in page.html


def test_the_cover_page_names_the_fiche_its_field_version_and_sources(imported: Runtime) -> None:
    page = preparer_pdf(imported, CODE, voir_brouillons=True)
    document = document_weasyprint(page.html)
    parts: list[str] = []
    stack: list[Any] = [document.pages[0]._page_box]
    while stack:
        box = stack.pop()
        if getattr(box, "text", None):
            parts.append(box.text)
        stack.extend(getattr(box, "children", []))
    couverture = " ".join(parts).lower()  # labels are set in capitals on the cover
    for attendu in (
        "Code ROME M1805",
        "Développeur ou",
        "Support à l'entreprise",
        "Version",
        "Mis à jour le",
        "Origine du contenu",
        "Agents Métiers — fiches métiers du référentiel ROME 4.0 de France Travail",
        "Source : France Travail, ROME 4.0 version 60 du 18/09/2025",
        "Page 1 /",
    ):
        assert attendu.lower() in couverture, attendu
    assert "référentiel rome · " in couverture  # the provenance badge with its field count
    assert "informations clés" not in couverture  # the body starts on page 2
    vue = _vue(imported, provenance={
        "description": {"source": "rome", "version": 60},
        "missions_principales": {"source": "rome", "version": 60},
        "salaires": {"source": "ia"},
        "acces_metier": {"source": "humain", "auteur": "A", "date": "2026-01-02"},
    })  # fmt: skip
    assert [(p["source"], p["nombre"]) for p in vue["provenances"]] == [
        ("rome", "2 champs"),
        ("humain", "1 champ"),
        ("ia", "1 champ"),
    ]
