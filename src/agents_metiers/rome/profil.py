"""RIASEC weights and competence dimensions derived from a fiche's savoir-faire (pure).

Both profiles are computed the same way, from the macro-compétences behind the fiche's
savoir-faire (a link to a compétence counts for its macro-compétence):

- **RIASEC** (``profil_riasec``): each macro-compétence's ROME RIASEC gives 1 point to its
  major axis and 0.5 to its minor axis. The axis totals are divided by the largest one, so the
  dominant axis is 1.0 and the others are relative to it. ``majeur``/``mineur`` are the
  fiche's own codes from ``referentiel_code_rome_riasec``, unchanged.
- **Competence dimensions** (``competences_dimensions``): each macro-compétence's *enjeu*
  (the first two characters of ``code_macro_comp``, e.g. ``5A`` = Développement économique /
  Relation client) gives points to the dimensions listed in ``DIMENSIONS_PAR_ENJEU`` below,
  then totals are divided by the largest one. The table is the documented mapping: one line
  per enjeu of the ROME 4.0 competence tree.
"""

from __future__ import annotations

from collections.abc import Iterable

RIASEC_AXES = {
    "R": "realiste",
    "I": "investigateur",
    "A": "artistique",
    "S": "social",
    "E": "entreprenant",
    "C": "conventionnel",
}

DIMENSIONS = (
    "technique",
    "relationnel",
    "analytique",
    "creatif",
    "organisationnel",
    "leadership",
    "numerique",
)

# enjeu code → {dimension: weight}. Domaines: 1 Management, Social, Soin; 2 Communication,
# Création, Innovation, Nouvelles technologies; 3 Production, Construction, Qualité,
# Logistique; 4 Pilotage, Gestion, Cadre réglementaire; 5 Développement économique;
# 6 Coopération, Organisation et Développement de ses compétences.
DIMENSIONS_PAR_ENJEU: dict[str, dict[str, float]] = {
    "1A": {"relationnel": 1.0, "creatif": 0.5},  # Animation
    "1B": {"leadership": 1.0, "organisationnel": 0.5},  # Management
    "1C": {"leadership": 0.5, "organisationnel": 0.5, "relationnel": 0.5},  # GRH
    "1D": {"relationnel": 1.0, "analytique": 0.5},  # Conseil, Transmission
    "1E": {"technique": 1.0, "relationnel": 1.0},  # Soin
    "2A": {"creatif": 1.0, "numerique": 0.5, "relationnel": 0.5},  # Communication, Multimédia
    "2B": {"creatif": 1.0, "technique": 0.5},  # Création artistique
    "2C": {"analytique": 1.0, "creatif": 0.5},  # Recherche, Innovation
    "2D": {"numerique": 1.0, "analytique": 0.5},  # Data et Nouvelles technologies
    "3A": {"technique": 1.0, "creatif": 0.5, "analytique": 0.5},  # Conception
    "3B": {"technique": 1.0},  # Production, Fabrication
    "3C": {"technique": 1.0},  # Aménagement
    "3D": {"technique": 1.0},  # Construction
    "3E": {"technique": 1.0, "analytique": 0.5},  # Maintenance, Réparation
    "3F": {"technique": 0.5, "organisationnel": 0.5, "analytique": 0.5},  # Prévention risques
    "3G": {"analytique": 1.0, "technique": 0.5},  # Qualité
    "3H": {"organisationnel": 1.0},  # Gestion des stocks
    "3I": {"organisationnel": 1.0, "technique": 0.5},  # Logistique
    "3J": {"technique": 1.0, "organisationnel": 0.5},  # Transport
    "4A": {"organisationnel": 1.0, "analytique": 0.5},  # Gestion administrative et comptable
    "4B": {"analytique": 1.0, "leadership": 0.5},  # Pilotage et maîtrise des coûts
    "4C": {"analytique": 1.0, "organisationnel": 0.5},  # Gestion et contrôle
    "4D": {"analytique": 1.0, "relationnel": 0.5},  # Droit, contentieux et négociation
    "4E": {"analytique": 0.5, "organisationnel": 0.5, "relationnel": 0.5},  # Protection
    "4F": {"organisationnel": 1.0, "relationnel": 0.5},  # Action publique
    "5A": {"relationnel": 1.0},  # Relation client
    "5B": {"relationnel": 1.0, "leadership": 0.5},  # Développement commercial
    "5C": {"leadership": 1.0, "analytique": 0.5},  # Stratégie de développement
    "6A": {"relationnel": 1.0},  # Communication
    "6B": {"organisationnel": 1.0},  # Organisation
    "6C": {"analytique": 0.5, "relationnel": 0.5},  # Développement des compétences
    "6D": {"relationnel": 0.5, "organisationnel": 0.5},  # Savoir-être professionnels
}


def _normalise(totals: dict[str, float]) -> dict[str, float] | None:
    top = max(totals.values(), default=0.0)
    if top <= 0:
        return None
    return {key: round(value / top, 3) for key, value in totals.items()}


def profil_riasec(
    macro_riasec: Iterable[tuple[str | None, str | None]],
    majeur: str | None,
    mineur: str | None,
) -> dict[str, float | str | None] | None:
    """Axis weights from the macro-compétences' (majeur, mineur) pairs, plus the fiche's codes."""
    totals = dict.fromkeys(RIASEC_AXES.values(), 0.0)
    for major, minor in macro_riasec:
        if major in RIASEC_AXES:
            totals[RIASEC_AXES[major]] += 1.0
        if minor in RIASEC_AXES:
            totals[RIASEC_AXES[minor]] += 0.5
    weights = _normalise(totals)
    if weights is None and majeur is None:
        return None
    profil: dict[str, float | str | None] = dict(weights or dict.fromkeys(totals, 0.0))
    profil["majeur"] = majeur
    profil["mineur"] = mineur
    return profil


def competences_dimensions(codes_macro_comp: Iterable[str]) -> dict[str, float] | None:
    """Dimension weights from the ``code_macro_comp`` of the fiche's savoir-faire."""
    totals = dict.fromkeys(DIMENSIONS, 0.0)
    for code in codes_macro_comp:
        for dimension, weight in DIMENSIONS_PAR_ENJEU.get(code[:2], {}).items():
            totals[dimension] += weight
    return _normalise(totals)
