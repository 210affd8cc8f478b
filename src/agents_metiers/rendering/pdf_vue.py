"""What the PDF shows, computed from a fiche (and a variant) — pure, no I/O.

``vue_pdf`` overlays a variant's content on the fiche (a variant carries every text field of
the fiche, PRODUCT.md §3; a field it lacks falls back to the fiche; ``pdf_variante``), groups the
competences, picks the gendered names and prepares the charts (``charts``, ``carte``) so that
the template only lays things out. Missing market data stays missing: the template then
says "Données indisponibles".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from agents_metiers.rendering import charts
from agents_metiers.rendering.carte import carte_svg
from agents_metiers.rendering.libelles import libelles
from agents_metiers.rendering.pdf_variante import appliquer_variante

NOM_PAR_GENRE = {"masculin": "nom_masculin", "feminin": "nom_feminin", "epicene": "nom_epicene"}
SOURCES = {
    "rome": "Référentiel ROME",
    "france_travail": "France Travail",
    "la_bonne_alternance": "La Bonne Alternance",
    "ia": "Estimation IA — à vérifier",
    "humain": "Rédaction humaine",
}
NOM_FICHIER_MAX = 80


def _date(value: Any) -> str | None:
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return f"{value[8:10]}/{value[5:7]}/{value[:4]}"
    return None


def source_libelle(entry: Any) -> str | None:
    """A provenance entry as a badge: "Référentiel ROME v60", "Estimation IA — à vérifier"…"""
    if not isinstance(entry, Mapping) or not entry.get("source"):
        return None
    source = str(entry["source"])
    label = SOURCES.get(source, source)
    if source == "rome" and entry.get("version"):
        return f"{label} v{entry['version']}"
    detail = entry.get("version") or entry.get("modele") or _date(entry.get("date"))
    return f"{label} ({detail})" if detail and source != "ia" else label


ORDRE_SOURCES = ("rome", "france_travail", "la_bonne_alternance", "humain", "ia")


def provenances(provenance: Mapping[str, Any], t: Mapping[str, str]) -> list[dict[str, str]]:
    """The cover's summary of where the fields come from: one entry per source (ROME first,
    IA last), with its badge class, label and field count ("12 champs")."""
    comptes: dict[str, int] = {}
    for entry in provenance.values():
        if isinstance(entry, Mapping) and entry.get("source"):
            source = str(entry["source"])
            comptes[source] = comptes.get(source, 0) + 1
    rang = {source: i for i, source in enumerate(ORDRE_SOURCES)}
    return [
        {
            "source": source,
            "libelle": SOURCES.get(source, source),
            "nombre": t["pdf.champ" if n == 1 else "pdf.champs"].format(n=n),
        }
        for source, n in sorted(comptes.items(), key=lambda c: (rang.get(c[0], 99), c[0]))
    ]


def _item(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, Mapping) else {"libelle": str(value)}


def _groupes(items: list[Any], cle: str) -> list[dict[str, Any]]:
    """Items grouped by ``cle`` (first-seen order); items without it form one untitled group."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for raw in items:
        item = _item(raw)
        if item.get("libelle") or item.get("nom"):
            groups.setdefault(str(item.get(cle) or ""), []).append(item)
    return [{"titre": titre, "items": values} for titre, values in groups.items()]


def _lien_sur(url: Any) -> str | None:
    """Only http(s) links become clickable in the PDF."""
    if not isinstance(url, str):
        return None
    return url if urlsplit(url.strip()).scheme in ("http", "https") else None


def _sites(sites: list[Any]) -> list[dict[str, Any]]:
    result = []
    for site in sites:
        if isinstance(site, Mapping) and (site.get("nom") or site.get("url")):
            result.append({**site, "lien": _lien_sur(site.get("url"))})
    return result


def _pourcentage(value: Any) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1:
        return f"{round(value * 100)} %"
    return None


def _statistiques(vue: Mapping[str, Any], lang: str) -> dict[str, Any]:
    salaires = vue.get("salaires") or {}
    perspectives = vue.get("perspectives") or {}
    provenance = vue.get("provenance") or {}
    nombre = perspectives.get("nombre_offres")
    if isinstance(nombre, bool) or not isinstance(nombre, int):
        nombre = None
    return {
        "salaires": charts.salaires_svg(salaires, lang=lang),
        "salaires_source": salaires.get("source") or source_libelle(provenance.get("salaires")),
        "salaires_date": _date(salaires.get("date_maj")),
        "contrats": charts.contrats_svg(vue.get("types_contrats"), lang=lang),
        "contrats_source": source_libelle(provenance.get("types_contrats")),
        "tension": charts.tension_svg(perspectives.get("tension"), lang=lang),
        "perspectives_source": perspectives.get("source")
        or source_libelle(provenance.get("perspectives")),
        # « inconnue » is how the API says that no source gave a trend: nothing to print.
        "tendance": None
        if perspectives.get("tendance") == "inconnue"
        else perspectives.get("tendance"),
        "evolution_5ans": perspectives.get("evolution_5ans"),
        "nombre_offres": nombre,
        "taux_insertion": _pourcentage(perspectives.get("taux_insertion")),
    }


def titre_affiche(fiche: Mapping[str, Any], variante: Mapping[str, Any] | None) -> str:
    """The title: the variant's name, else the name in its gender, else the epicene name."""
    if variante and variante.get("nom"):
        return str(variante["nom"])
    genre = (variante or {}).get("genre")
    champ = NOM_PAR_GENRE.get(str(genre), "nom_epicene")
    return str(fiche.get(champ) or fiche.get("nom_epicene") or fiche.get("code_rome"))


def vue_pdf(
    fiche: dict[str, Any],
    *,
    variante: Mapping[str, Any] | None,
    credit: str,
    brouillon: bool,
) -> dict[str, Any]:
    """Everything the template needs: content, labels, charts, credit line, watermark."""
    lang = str((variante or {}).get("langue") or "fr")
    vue = appliquer_variante(fiche, (variante or {}).get("contenu") or {})
    titre = titre_affiche(fiche, variante)
    genre = (variante or {}).get("genre")
    t = libelles(lang)
    provenance = vue.get("provenance") or {}
    return {
        "f": vue,
        "t": t,
        "lang": lang,
        "titre": titre,
        "variante": variante,
        "falc": (variante or {}).get("format_contenu") == "falc",
        "brouillon": brouillon,
        "credit": credit,
        "date_maj": _date(vue.get("date_maj")),
        "source_rome": source_libelle(provenance.get("description")),
        "provenances": provenances(provenance, t),
        "savoir_faire": _groupes(vue.get("competences_detail") or [], "enjeu"),
        "savoir_etre": _groupes(vue.get("competences_transversales_detail") or [], ""),
        "savoirs": _groupes(vue.get("savoirs_detail") or [], "categorie"),
        "sites": _sites(vue.get("sites_utiles") or []),
        "riasec": charts.riasec_svg(vue.get("profil_riasec"), lang=lang),
        "riasec_code": charts.code_dominant(vue.get("profil_riasec")),
        "dimensions": charts.dimensions_svg(vue.get("competences_dimensions"), lang=lang),
        "stats": _statistiques(vue, lang),
        "carte": _carte(vue, lang=lang, titre=titre, genre=genre),
    }


def _carte(vue: Mapping[str, Any], *, lang: str, titre: str, genre: Any) -> Markup | None:
    return carte_svg(
        vue,
        interactive=False,
        href=lambda code: code,
        lang=lang,
        nom=titre,
        genre=str(genre) if genre else None,
    )


def _segment(texte: str, *, ascii_seul: bool) -> str:
    if ascii_seul:
        decomposed = unicodedata.normalize("NFKD", texte.replace("œ", "oe").replace("Œ", "Oe"))
        texte = "".join(c for c in decomposed if not unicodedata.combining(c))
        texte = re.sub(r"[^A-Za-z0-9+\-]+", "_", texte)
    else:
        texte = re.sub(r"[\s/\\:*?\"<>|\x00-\x1f\x7f]+", "_", texte)
    return texte.strip("_.")


def nom_fichier(
    code: str, titre: str, variante: Mapping[str, Any] | None, *, ascii_seul: bool = True
) -> str:
    """``CODE_Nom[_langue_genre_tranche_format].pdf`` (PRODUCT.md §12), safe as a file name."""
    nom = _segment(titre, ascii_seul=ascii_seul)[:NOM_FICHIER_MAX].strip("_") or "fiche"
    parts = [code, nom]
    if variante:
        keys = ("langue", "genre", "tranche_age", "format_contenu")
        parts += [_segment(str(variante.get(k) or ""), ascii_seul=True) for k in keys]
    return "_".join(p for p in parts if p) + ".pdf"
