"""What a newer referential changes, code by code (pure; the change model of docs/veille.md).

``comparer(avant, apres)`` returns one ``Changement`` per code that is new, deleted or
modified, with ``details`` keyed by field (``fields_changed`` lists the keys) and the
before/after values; appellations moved between codes are reported on both codes. Codes whose
texts are missing from the newer export are reported (``textes_manquants`` and a warning),
never filled in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agents_metiers.domain.noms import noms_genres
from agents_metiers.domain.sens import sens_modifie
from agents_metiers.rome.referentiel import Appellation, FicheRome, Referentiel

NEW, MODIFIED, DELETED = "new", "modified", "deleted"

# detail key → (link kind, item kind) of the items linked to a fiche
LIENS = {
    "savoir_faire": ("savoir_faire", "competence"),
    "savoir_etre": ("savoir_etre", "competence"),
    "savoirs": ("savoir", "savoir"),
    "contextes": ("contexte", "contexte"),
    "themes": ("theme", "theme"),
    "secteurs": ("secteur", "secteur"),
    "centres_interet": ("centre_interet", "centre_interet"),
}


@dataclass(frozen=True)
class Changement:
    code_rome: str
    nom_metier: str
    change_type: str
    details: dict[str, Any]
    sens_modifie: bool = False

    @property
    def fields_changed(self) -> list[str]:
        return list(self.details)


@dataclass
class Comparaison:
    version_avant: int
    version_apres: int
    changements: list[Changement]
    inchangees: int
    avertissements: list[str] = field(default_factory=list)

    def compte(self, change_type: str) -> int:
        return sum(1 for c in self.changements if c.change_type == change_type)

    @property
    def relibellees(self) -> int:
        return sum(
            1 for c in self.changements if "libelle" in c.details and c.change_type == MODIFIED
        )

    @property
    def sens_modifies(self) -> int:
        return sum(1 for c in self.changements if c.sens_modifie)


def comparer(avant: Referentiel, apres: Referentiel) -> Comparaison:
    """Every difference between the stored referential ``avant`` and ``apres``."""
    appellations = _appellations(avant, apres)
    changements: list[Changement] = []
    avertissements: list[str] = []
    inchangees = 0
    for code in sorted(set(avant.fiches) | set(apres.fiches)):
        ancienne, nouvelle = avant.fiches.get(code), apres.fiches.get(code)
        details = dict(appellations.get(code, {}))
        manquants = _textes_manquants(nouvelle)
        if manquants:
            details["textes_manquants"] = manquants
            avertissements.append(_avertissement(code, manquants, apres.version.numero))
        if nouvelle is None:
            assert ancienne is not None
            details = {"libelle": {"avant": ancienne.libelle, "apres": None}, **details}
            changements.append(Changement(code, ancienne.libelle, DELETED, details))
        elif ancienne is None:
            details = {"libelle": {"avant": None, "apres": nouvelle.libelle}, **details}
            changements.append(Changement(code, nouvelle.libelle, NEW, details))
        else:
            details = {**_fiche(avant, apres, ancienne, nouvelle, manquants), **details}
            if details:
                sens = "libelle" in details and details["libelle"]["sens_modifie"]
                changements.append(Changement(code, nouvelle.libelle, MODIFIED, details, sens))
            else:
                inchangees += 1
    return Comparaison(
        avant.version.numero, apres.version.numero, changements, inchangees, avertissements
    )


def _textes_manquants(fiche: FicheRome | None) -> list[str]:
    if fiche is None:
        return []
    manquants = [] if fiche.definition else ["definition"]
    return manquants + ([] if fiche.acces else ["acces"])


def _avertissement(code: str, manquants: list[str], version: int) -> str:
    textes = " et ".join("la définition" if m == "definition" else "l'accès" for m in manquants)
    return (
        f"L'export v{version} ne donne pas {textes} du code {code} : rien n'a été inventé, "
        "le texte reste à vérifier."
    )


def _fiche(
    avant: Referentiel,
    apres: Referentiel,
    ancienne: FicheRome,
    nouvelle: FicheRome,
    manquants: list[str],
) -> dict[str, Any]:
    details: dict[str, Any] = {}
    if ancienne.libelle != nouvelle.libelle:
        details["libelle"] = _libelle(ancienne.libelle, nouvelle.libelle)
    if ancienne.definition != nouvelle.definition and "definition" not in manquants:
        details["definition"] = {
            "avant": list(ancienne.definition),
            "apres": list(nouvelle.definition),
        }
    if ancienne.acces != nouvelle.acces and "acces" not in manquants:
        details["acces"] = {"avant": ancienne.acces, "apres": nouvelle.acces}
    for key, (kind, item_kind) in LIENS.items():
        if found := _liens(avant, apres, ancienne.code_rome, kind, item_kind):
            details[key] = found
    if found := _mobilites(avant, apres, ancienne.code_rome):
        details["mobilites"] = found
    details.update(_attributs(ancienne, nouvelle))
    return details


def _libelle(avant: str, apres: str) -> dict[str, Any]:
    noms_avant, noms_apres = noms_genres(avant), noms_genres(apres)
    return {
        "avant": avant,
        "apres": apres,
        "noms_avant": {
            "masculin": noms_avant.masculin,
            "feminin": noms_avant.feminin,
            "epicene": noms_avant.epicene,
        },
        "noms_apres": {
            "masculin": noms_apres.masculin,
            "feminin": noms_apres.feminin,
            "epicene": noms_apres.epicene,
        },
        "sens_modifie": sens_modifie(avant, apres),
    }


def _attributs(ancienne: FicheRome, nouvelle: FicheRome) -> dict[str, Any]:
    details: dict[str, Any] = {}
    riasec_avant = {"majeur": ancienne.riasec_majeur, "mineur": ancienne.riasec_mineur}
    riasec_apres = {"majeur": nouvelle.riasec_majeur, "mineur": nouvelle.riasec_mineur}
    if riasec_avant != riasec_apres:
        details["riasec"] = {"avant": riasec_avant, "apres": riasec_apres}
    domaine_avant = {"grand_domaine": ancienne.code_grand_domaine, "domaine": ancienne.code_domaine}
    domaine_apres = {"grand_domaine": nouvelle.code_grand_domaine, "domaine": nouvelle.code_domaine}
    if domaine_avant != domaine_apres:
        details["domaine"] = {"avant": domaine_avant, "apres": domaine_apres}
    if ancienne.tags != nouvelle.tags:
        details["tags"] = {"avant": ancienne.tags, "apres": nouvelle.tags}
    if ancienne.code_rome_parent != nouvelle.code_rome_parent:
        details["code_rome_parent"] = {
            "avant": ancienne.code_rome_parent,
            "apres": nouvelle.code_rome_parent,
        }
    return details


def _liens(
    avant: Referentiel, apres: Referentiel, code: str, kind: str, item_kind: str
) -> dict[str, Any]:
    codes_avant = {lien.code for lien in avant.liens_of(code, kind)}
    codes_apres = {lien.code for lien in apres.liens_of(code, kind)}
    result: dict[str, Any] = {}
    if ajoutes := sorted(codes_apres - codes_avant):
        result["ajoutes"] = [_item(apres, item_kind, c) for c in ajoutes]
    if retires := sorted(codes_avant - codes_apres):
        result["retires"] = [_item(avant, item_kind, c) for c in retires]
    relibelles = [
        {"code": c, "avant": _libelle_item(avant, item_kind, c), "apres": libelle}
        for c in sorted(codes_avant & codes_apres)
        if (libelle := _libelle_item(apres, item_kind, c)) != _libelle_item(avant, item_kind, c)
    ]
    if relibelles:
        result["relibelles"] = relibelles
    return result


def _libelle_item(ref: Referentiel, kind: str, code: str) -> str | None:
    item = ref.item(kind, code)
    return item.libelle if item else None


def _item(ref: Referentiel, kind: str, code: str) -> dict[str, Any]:
    return {"code": code, "libelle": _libelle_item(ref, kind, code)}


def _mobilites(avant: Referentiel, apres: Referentiel, code: str) -> dict[str, Any]:
    cibles_avant = {cible for cible, _ in avant.mobilites.get(code, [])}
    cibles_apres = {cible for cible, _ in apres.mobilites.get(code, [])}
    result: dict[str, Any] = {}
    if ajoutees := sorted(cibles_apres - cibles_avant):
        result["ajoutees"] = [_cible(apres, c) for c in ajoutees]
    if retirees := sorted(cibles_avant - cibles_apres):
        result["retirees"] = [_cible(avant, c) for c in retirees]
    return result


def _cible(ref: Referentiel, code: str) -> dict[str, Any]:
    fiche = ref.fiches.get(code)
    return {"code_rome": code, "libelle": fiche.libelle if fiche else None}


def _appellations(avant: Referentiel, apres: Referentiel) -> dict[str, dict[str, Any]]:
    """Appellation changes by code: added, removed, moved (on both codes) or relabelled."""
    par_ogr_avant = {a.code_ogr: a for a in avant.appellations}
    par_ogr_apres = {a.code_ogr: a for a in apres.appellations}
    result: dict[str, dict[str, list[dict[str, Any]]]] = {}

    def add(code: str, key: str, entry: dict[str, Any]) -> None:
        result.setdefault(code, {}).setdefault(key, []).append(entry)

    for ogr in sorted(set(par_ogr_avant) | set(par_ogr_apres)):
        ancienne, nouvelle = par_ogr_avant.get(ogr), par_ogr_apres.get(ogr)
        if ancienne is None and nouvelle is not None:
            add(nouvelle.code_rome, "ajoutees", _appellation(nouvelle))
        elif nouvelle is None and ancienne is not None:
            add(ancienne.code_rome, "retirees", _appellation(ancienne))
        elif ancienne is not None and nouvelle is not None:
            if ancienne.code_rome != nouvelle.code_rome:
                add(ancienne.code_rome, "retirees", _appellation(ancienne, vers=nouvelle.code_rome))
                add(
                    nouvelle.code_rome,
                    "ajoutees",
                    _appellation(nouvelle, depuis=ancienne.code_rome),
                )
            elif ancienne.libelle_long != nouvelle.libelle_long:
                add(
                    nouvelle.code_rome,
                    "relibellees",
                    {
                        "code_ogr": ogr,
                        "avant": ancienne.libelle_long,
                        "apres": nouvelle.libelle_long,
                    },
                )
    return {code: {"appellations": changes} for code, changes in result.items()}


def _appellation(appellation: Appellation, **lieu: str) -> dict[str, Any]:
    return {"code_ogr": appellation.code_ogr, "libelle": appellation.libelle_long, **lieu}
