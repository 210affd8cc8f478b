"""The official export turned into plain objects (pure: no database).

``load_referentiel`` reads every file of the export once and indexes what the fiche builder
and the importer need: fiches, items by kind, links per fiche, appellations, mobilities.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from agents_metiers.domain.noms import noms_genres
from agents_metiers.rome.export import CompetenceTree, RomeExport, RomeVersionInfo

# bloc 5 rubriques of ``liens_rome_referentiels``
RUBRIQUE_KIND = {"1": "savoir_faire", "2": "savoir_etre", "3": "savoir"}
BLOC_COMPETENCES = "5"
BLOC_CONTEXTES = "6"


@dataclass(frozen=True)
class Item:
    kind: str
    code: str
    libelle: str
    attributs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Lien:
    code_rome: str
    kind: str
    code: str
    coeur_metier: str | None = None
    principal: bool | None = None
    position: int = 0


@dataclass(frozen=True)
class Appellation:
    code_ogr: str
    code_rome: str
    libelle_long: str
    libelle_court: str
    nom_masculin: str
    nom_feminin: str
    nom_epicene: str
    classification: str
    peu_usite: bool
    origine: str | None
    tags: dict[str, Any]


@dataclass(frozen=True)
class FicheRome:
    code_rome: str
    code_ogr: str
    code_fiche_metier: str | None
    libelle: str
    code_rome_parent: str | None
    code_grand_domaine: str | None
    code_domaine: str | None
    riasec_majeur: str | None
    riasec_mineur: str | None
    tags: dict[str, Any]
    definition: tuple[str, ...]
    acces: str


@dataclass
class Referentiel:
    version: RomeVersionInfo
    fiches: dict[str, FicheRome]
    items: dict[tuple[str, str], Item]
    liens: dict[str, list[Lien]]
    appellations: list[Appellation]
    mobilites: dict[str, list[tuple[str, int]]]
    tree: CompetenceTree | None

    def __post_init__(self) -> None:
        self.appellations_par_fiche: dict[str, list[Appellation]] = defaultdict(list)
        for appellation in self.appellations:
            self.appellations_par_fiche[appellation.code_rome].append(appellation)

    def item(self, kind: str, code: str) -> Item | None:
        return self.items.get((kind, code))

    def liens_of(self, code_rome: str, kind: str) -> list[Lien]:
        return [lien for lien in self.liens.get(code_rome, []) if lien.kind == kind]


def _none(value: str) -> str | None:
    return value or None


def _flag(value: str) -> bool | None:
    return {"O": True, "N": False}.get(value.strip().upper())


def _collapse(text: str) -> str:
    return " ".join(part for part in text.split(" ") if part).strip()


def fiche_tags(row: dict[str, str]) -> dict[str, Any]:
    """The five ROME tags: the transition-éco category as its label, the others as booleans."""
    return {
        "transition_eco": _none(row.get("transition_eco", "")),
        "transition_num": _flag(row.get("transition_num", "")),
        "transition_demo": _flag(row.get("transition_demo", "")),
        "emploi_reglemente": _flag(row.get("emploi_reglemente", "")),
        "emploi_cadre": _flag(row.get("emploi_cadre", "")),
    }


def _textes(export: RomeExport) -> dict[tuple[str, str], list[tuple[int, str]]]:
    textes: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for row in export.rows("texte"):
        position = int(row["position_phrase"] or 0)
        textes[(row["code_rome"], row["libelle_type_texte"])].append(
            (position, _collapse(row["libelle_texte"]))
        )
    for sentences in textes.values():
        sentences.sort()
    return textes


def _fiches(export: RomeExport) -> dict[str, FicheRome]:
    textes = _textes(export)
    domaines = {row["code_rome"]: row for row in export.rows("cr_gd_dp")}
    riasec = {row["code_rome"]: row for row in export.rows("referentiel_code_rome_riasec")}
    fiches: dict[str, FicheRome] = {}
    for row in export.rows("referentiel_code_rome"):
        code = row["code_rome"]
        dom = domaines.get(code, {})
        ria = riasec.get(code, {})
        fiches[code] = FicheRome(
            code_rome=code,
            code_ogr=row["code_ogr"],
            code_fiche_metier=_none(row["code_fiche_metier"]),
            libelle=_collapse(row["libelle_rome"]),
            code_rome_parent=_none(row["code_rome_parent"]),
            code_grand_domaine=_none(dom.get("code_grand_domaine", "")),
            code_domaine=_none(dom.get("code_domaine_professionel", "")),
            riasec_majeur=_none(ria.get("riasec_majeur", "")),
            riasec_mineur=_none(ria.get("riasec_mineur", "")),
            tags=fiche_tags(row),
            definition=tuple(text for _, text in textes.get((code, "definition"), [])),
            acces=" ".join(text for _, text in textes.get((code, "acces_metier"), [])),
        )
    return fiches


def _competence_items(export: RomeExport, tree: CompetenceTree | None) -> list[Item]:
    riasec = {row["code_ogr"]: row for row in export.rows("referentiel_macro_competence_riasec")}
    items = []
    for row in export.rows("referentiel_competence"):
        attributs: dict[str, Any] = {
            "nature": row["nature"],
            "code_ogr_macro_comp": _none(row["code_ogr_macro_comp"]),
            "code_macro_comp": _none(row["code_macro_comp"]),
            "categorie": _none(row["cat_comp"]),
            "sous_categorie": _none(row["sous_cat_comp"]),
            "transition_eco": _flag(row["transition_eco"]),
            "transition_num": _flag(row["transition_num"]),
        }
        if row["code_ogr"] in riasec:
            attributs["riasec_majeur"] = _none(riasec[row["code_ogr"]]["riasec_majeur"])
            attributs["riasec_mineur"] = _none(riasec[row["code_ogr"]]["riasec_mineur"])
        if tree is not None and row["code_macro_comp"]:
            groupe = tree.groupe(row["code_ogr"], row["code_macro_comp"], row["libelle_competence"])
            if groupe is not None:
                attributs["groupe"] = {
                    "code_domaine": groupe.code_domaine,
                    "domaine": groupe.domaine,
                    "enjeu": groupe.enjeu,
                    "objectif": groupe.objectif,
                }
        items.append(
            Item("competence", row["code_ogr"], _collapse(row["libelle_competence"]), attributs)
        )
    return items


def _other_items(export: RomeExport) -> list[Item]:
    items = [
        Item(
            "savoir",
            row["code_ogr_savoir"],
            _collapse(row["libelle_savoir"]),
            {
                "categorie": _none(row["categorie_savoir"]),
                "sous_categorie": _none(row["sous_categorie_savoir"]),
            },
        )
        for row in export.rows("referentiel_savoir")
    ]
    items += [
        Item(
            "contexte",
            row["code_ogr"],
            _collapse(row["libelle_cont_travail"]),
            {"code_type": row["code_type_cont_trav"], "type": row["libelle_type_cont_trav"]},
        )
        for row in export.rows("referentiel_contexte_travail")
    ]
    items += [
        Item(
            "centre_interet",
            row["code_centre_interet"],
            row["libelle_centre_interet"],
            {"definition": _none(row["definition_centre_interet"])},
        )
        for row in export.rows("centre_interet")
    ]
    items += [
        Item(
            "secteur",
            row["code_sect_activite"],
            row["libelle_sect_activite"],
            {"definition": _none(row["definition_sect_activite"])},
        )
        for row in export.rows("secteur_activite")
    ]
    items += [
        Item(
            "sous_secteur",
            row["code_ss_sect_activite"],
            row["libelle_ss_sect_activite"],
            {
                "code_secteur": row["code_sect_activite"],
                "definition": _none(row["definition_ss_sect_activite"]),
            },
        )
        for row in export.rows("sous_secteur_activite")
    ]
    items += [
        Item(
            "theme",
            row["code_theme"],
            row["libelle_theme"],
            {"definition": _none(row["definition_theme"])},
        )
        for row in export.rows("themes")
    ]
    items += [
        Item("secteur_naf", row["code_secteur_naf"], row["libelle_secteur_naf"], {})
        for row in export.rows("secteur_naf")
    ]
    items += [
        Item("grand_domaine", row["code_grand_domaine"], row["libelle_grand_domaine"], {})
        for row in export.rows("grand_domaine")
    ]
    items += [
        Item(
            "domaine",
            row["code_domaine_professionnel"],
            row["libelle_domaine_professionnel"],
            {"code_grand_domaine": row["code_domaine_professionnel"][:1]},
        )
        for row in export.rows("domaine_professionnel")
    ]
    return items


def _competence_liens(export: RomeExport) -> list[Lien]:
    coeur = {
        (row["code_rome"], row["code_ogr"]): _none(row["coeur_metier"])
        for row in export.rows("coherence_item")
    }
    liens = []
    for position, row in enumerate(export.rows("liens_rome_referentiels")):
        bloc, rubrique = row["code_compo_bloc"], row["code_rubrique"]
        if bloc == BLOC_COMPETENCES and rubrique in RUBRIQUE_KIND:
            kind = RUBRIQUE_KIND[rubrique]
        elif bloc == BLOC_CONTEXTES:
            kind = "contexte"
        else:
            continue
        key = (row["code_rome"], row["code_ogr"])
        liens.append(Lien(row["code_rome"], kind, row["code_ogr"], coeur.get(key), None, position))
    return liens


def _arbo_liens(export: RomeExport) -> list[Lien]:
    specs = [
        ("arborescence_centre_interet", "centre_interet", "code_centre_interet"),
        ("arborescence_secteur_activite", "secteur", "code_sect_activite"),
        ("arborescence_thematique", "theme", "code_theme"),
        ("arborescence_secteur_naf", "secteur_naf", "code_secteur_naf"),
    ]
    liens: dict[tuple[str, str, str], Lien] = {}
    for name, kind, column in specs:
        for position, row in enumerate(export.rows(name)):
            principal = {"oui": True, "non": False}.get(row.get("principal", "").lower())
            key = (row["code_rome"], kind, row[column])
            # A fiche may sit under a sector through several sub-sectors: keep one link,
            # principal if any of them is.
            previous = liens.get(key)
            if previous is None or (principal and not previous.principal):
                liens[key] = Lien(row["code_rome"], kind, row[column], None, principal, position)
    return list(liens.values())


def _appellations(export: RomeExport) -> list[Appellation]:
    appellations = []
    for row in export.rows("referentiel_appellation"):
        noms = noms_genres(_collapse(row["libelle_appellation_long"]))
        appellations.append(
            Appellation(
                code_ogr=row["code_ogr"],
                code_rome=row["code_rome"],
                libelle_long=_collapse(row["libelle_appellation_long"]),
                libelle_court=_collapse(row["libelle_appellation_court"]),
                nom_masculin=noms.masculin,
                nom_feminin=noms.feminin,
                nom_epicene=noms.epicene,
                classification=row["classification"],
                peu_usite=row["peu_usite"].upper() == "O",
                origine=_none(row["origine"]),
                tags=fiche_tags(row),
            )
        )
    return appellations


def _mobilites(export: RomeExport) -> dict[str, list[tuple[str, int]]]:
    mobilites: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for row in export.rows("rubrique_mobilite"):
        mobilites[row["code_rome"]].append((row["code_rome_cible"], int(row["numero_ordre"] or 0)))
    for targets in mobilites.values():
        targets.sort(key=lambda target: (target[1], target[0]))
    return dict(mobilites)


def load_referentiel(export: RomeExport) -> Referentiel:
    """Read the whole export (the caller has checked that it is complete)."""
    tree = export.competence_tree()
    items = _competence_items(export, tree) + _other_items(export)
    liens: dict[str, list[Lien]] = defaultdict(list)
    for lien in _competence_liens(export) + _arbo_liens(export):
        liens[lien.code_rome].append(lien)
    return Referentiel(
        version=export.version,
        fiches=_fiches(export),
        items={(item.kind, item.code): item for item in items},
        liens=dict(liens),
        appellations=_appellations(export),
        mobilites=_mobilites(export),
        tree=tree,
    )
