"""Figures of the market endpoints computed from the parsed source payloads (no I/O).

Every figure comes from a source payload; nothing here has a default value, a coefficient or a
fallback mix: a figure the payload does not give is ``None``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from agents_metiers.domain.salaires_offres import (
    NIVEAUX_EXPERIENCE,
    Distribution,
    distribution,
    niveau_experience,
    salaire_annuel,
)
from agents_metiers.sources.offres import URL_PUBLIQUE

CONTRATS = {"CDI": "cdi", "CDD": "cdd", "MIS": "interim"}
LIBELLES_CONTRATS = {
    "CDI": "CDI",
    "CDD": "CDD",
    "MIS": "Intérim",
    "SAI": "Saisonnier",
    "LIB": "Profession libérale",
    "REP": "Reprise d'entreprise",
    "FRA": "Franchise",
    "CCE": "Profession commerciale",
    "DIN": "CDI intérimaire",
    "DDI": "CDD d'insertion",
    "TTI": "Contrat travail temporaire insertion",
}
CODE_TENSION = "PERSPECTIVE"  # the synthetic tension level among the PERSP_2 codes
NIVEAUX_TENSION = (1, 5)  # the level scale of the tension indicator: 1 very low … 5 very high


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def fractions_contrats(comptes: dict[str, int]) -> dict[str, float] | None:
    """Counts per contract code → ``{cdi, cdd, interim, autre}`` fractions (sum 1)."""
    total = sum(comptes.values())
    if total <= 0:
        return None
    parts = {"cdi": 0, "cdd": 0, "interim": 0, "autre": 0}
    for code, nombre in comptes.items():
        parts[CONTRATS.get(code, "autre")] += nombre
    return {cle: round(n / total, 4) for cle, n in parts.items()}


def comptes(page: dict[str, Any], filtre: str, champ: str) -> dict[str, int] | None:
    """Exact counts of a filter over all offers (from the page only when it holds them all)."""
    filtres = page.get("filtres") or {}
    if filtres.get(filtre):
        return dict(filtres[filtre])
    resultats = page.get("resultats") or []
    if page.get("total") and len(resultats) >= page["total"]:
        return dict(Counter(str(r.get(champ)) for r in resultats if r.get(champ)))
    return None


def repartition_experience(page: dict[str, Any]) -> dict[str, int] | None:
    valeurs = (page.get("filtres") or {}).get("experience")
    if not valeurs:
        return None
    niveaux = {"junior": 0, "confirme": 0, "senior": 0}
    for code, nombre in valeurs.items():
        if code in NIVEAUX_EXPERIENCE:
            niveaux[NIVEAUX_EXPERIENCE[code]] += nombre
    return {**niveaux, "total": sum(niveaux.values())}


def _salaires(offres: Iterable[dict[str, Any]]) -> list[tuple[float, str | None]]:
    valeurs = []
    for offre in offres:
        salaire = _dict(offre.get("salaire"))
        annuel = salaire_annuel(salaire.get("libelle"))
        if annuel is not None:
            niveau = niveau_experience(offre.get("experienceExige"), offre.get("experienceLibelle"))
            valeurs.append((annuel, niveau))
    return valeurs


def _dist(d: Distribution | None) -> dict[str, int] | None:
    if d is None:
        return None
    return {
        "min": d.min,
        "q1": d.q1,
        "median": d.median,
        "q3": d.q3,
        "max": d.max,
        "moyenne": d.moyenne,
        "effectif": d.effectif,
    }


def salaires_offres(offres: list[dict[str, Any]], *, minimum: int) -> dict[str, Any]:
    """Gross annual salaries read from the offers: overall quartiles and per experience level."""
    valeurs = _salaires(offres)
    globale = _dist(distribution((v for v, _ in valeurs), minimum=minimum))
    niveaux = {
        niveau: _dist(distribution((v for v, n in valeurs if n == niveau), minimum=minimum))
        for niveau in ("junior", "confirme", "senior")
    }
    return {
        "nb_offres_avec_salaire": len(valeurs),
        "nb_offres_lues": len(offres),
        "global": globale,
        "par_niveau": niveaux if any(niveaux.values()) else None,
    }


def _lieu(offre: dict[str, Any]) -> str | None:
    lieu = offre.get("lieuTravail")
    return lieu.get("libelle") if isinstance(lieu, dict) else None


def _entreprise(offre: dict[str, Any]) -> str:
    entreprise = offre.get("entreprise")
    nom = entreprise.get("nom") if isinstance(entreprise, dict) else None
    return nom.strip() if isinstance(nom, str) and nom.strip() else "Entreprise confidentielle"


def _age_jours(creation: str | None, today: date) -> int | None:
    if not creation:
        return None
    try:
        moment = datetime.fromisoformat(creation.replace("Z", "+00:00"))
    except ValueError:
        return None
    return max(0, (today - moment.astimezone(UTC).date()).days)


def offre_publique(offre: dict[str, Any], *, today: date) -> dict[str, Any]:
    """An offer in the reference ``OffreEmploi`` shape (plus contract code, age, salary)."""
    code = offre.get("typeContrat")
    salaire = _dict(offre.get("salaire"))
    return {
        "offre_id": str(offre.get("id", "")),
        "titre": offre.get("intitule") or "",
        "entreprise": _entreprise(offre),
        "lieu": _lieu(offre),
        "type_contrat": offre.get("typeContratLibelle") or LIBELLES_CONTRATS.get(code or "", code),
        "code_contrat": code,
        "salaire": salaire.get("libelle"),
        "salaire_annuel_brut": salaire_annuel(salaire.get("libelle")),
        "experience": offre.get("experienceLibelle"),
        "date_publication": offre.get("dateCreation"),
        "anciennete_jours": _age_jours(offre.get("dateCreation"), today),
        "url": URL_PUBLIQUE.format(id=offre.get("id", "")),
    }


def _periode_recente(periodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    codes = [str(p.get("codePeriode") or "") for p in periodes]
    derniere = max(codes, default="")
    return [p for p, c in zip(periodes, codes, strict=True) if c == derniere]


def tension(periodes: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The synthetic tension level (1–5 → 0–1) and its factors, from the latest period."""
    recentes = _periode_recente(periodes)
    indicateurs = [
        {
            "code": p.get("codeNomenclature"),
            "libelle": p.get("libNomenclature"),
            "valeur": p.get("valeurPrincipaleNombre"),
        }
        for p in recentes
        if isinstance(p.get("valeurPrincipaleNombre"), int | float)
    ]
    principal = next((i for i in indicateurs if i["code"] == CODE_TENSION), None)
    bas, haut = NIVEAUX_TENSION
    niveau = float(principal["valeur"] or 0) if principal else None
    if niveau is None or not bas <= niveau <= haut:
        return None
    return {
        "tension": round((niveau - bas) / (haut - bas), 2),
        "niveau": principal["valeur"] if principal else None,
        "echelle": {"min": bas, "max": haut},
        "facteurs": [i for i in indicateurs if i is not principal],
        "periode": recentes[0].get("libPeriode") or recentes[0].get("codePeriode"),
    }


def tendance(periodes: list[dict[str, Any]], *, seuil: float) -> dict[str, Any] | None:
    """Offers of the last four quarters against the four before: hausse, baisse or stable."""
    par_periode: Counter[str] = Counter()
    libelles: dict[str, str] = {}
    for p in periodes:
        if isinstance(p.get("valeurPrincipaleNombre"), int | float) and p.get("codePeriode"):
            par_periode[str(p["codePeriode"])] += p["valeurPrincipaleNombre"]
            libelles[str(p["codePeriode"])] = str(p.get("libPeriode") or p["codePeriode"])
    ordre = sorted(par_periode)
    if len(ordre) < 8:
        return None
    recent = sum(par_periode[c] for c in ordre[-4:])
    avant = sum(par_periode[c] for c in ordre[-8:-4])
    if avant <= 0:
        return None
    evolution = recent / avant - 1
    sens = "hausse" if evolution >= seuil else "baisse" if evolution <= -seuil else "stable"
    return {
        "tendance": sens,
        "evolution": round(evolution, 4),
        "offres_4_derniers_trimestres": recent,
        "offres_4_trimestres_precedents": avant,
        "periode": f"{libelles[ordre[-8]]} – {libelles[ordre[-1]]}",
    }


def salaires_reference(
    periodes: list[dict[str, Any]], libelles: dict[str, str]
) -> dict[str, Any] | None:
    """The Marché du travail salary amounts of the latest period, labelled by the referential
    (a code the referential does not describe is listed without interpretation)."""
    if not periodes:
        return None
    derniere = max(periodes, key=lambda p: str(p.get("codePeriode") or p.get("libPeriode") or ""))
    valeurs = [
        {
            "code": v.get("codeNomenclature"),
            "libelle": libelles.get(str(v.get("codeNomenclature"))),
            "montant": v.get("valeurPrincipaleMontant"),
        }
        for v in derniere.get("salaireValeurMontant") or []
        if isinstance(v, dict) and isinstance(v.get("valeurPrincipaleMontant"), int | float)
    ]
    if not valeurs:
        return None
    return {
        "valeurs": valeurs,
        "periode": derniere.get("libPeriode") or derniere.get("codePeriode"),
    }
