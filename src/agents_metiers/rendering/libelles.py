"""Display labels of the product, one table for pages, PDF and CLI.

Two parts:

- ``libelles(langue)``: the labels of the charts, the career map and the PDF, per content
  language. French is complete; another language falls back to French for any key it lacks,
  so a new key never breaks a rendering. Languages are the variant languages of PRODUCT.md §3.
  English is not written here: each label's English is the pages' one (``locales/en.json``).
- The vocabulary of the data, in French (pages translate these through ``locales/*.json``):
  fields, statuses, transitions, audit events, sources and provenance, actors, roles, job
  statuses (job types carry their own label), variant axes. Nothing internal
  (``traits_personnalite``, ``publiee``, ``auth.connexion``) reaches a screen: ``champ()``,
  ``statut()``, ``evenement()``… give the label, and a readable fallback for a code the
  table does not know yet.
"""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

LANGUES = ("fr", "en", "es", "de", "it")

_FR: dict[str, str] = {
    # charts
    "salaires.titre": "Salaires annuels bruts",
    "junior": "Junior",
    "confirme": "Confirmé",
    "senior": "Senior",
    "min": "Minimum",
    "median": "Médian",
    "max": "Maximum",
    "contrats.titre": "Types de contrats",
    "cdi": "CDI",
    "cdd": "CDD",
    "interim": "Intérim",
    "autre": "Autre",
    "tension.titre": "Tension du marché",
    "tension.forte": "Forte demande",
    "tension.moderee": "Demande modérée",
    "tension.faible": "Faible demande",
    "riasec.titre": "Profil RIASEC",
    "riasec.dominant": "Profil dominant",
    "realiste": "Réaliste",
    "investigateur": "Investigateur",
    "artistique": "Artistique",
    "social": "Social",
    "entreprenant": "Entreprenant",
    "conventionnel": "Conventionnel",
    "dimensions.titre": "Dimensions des compétences",
    "technique": "Technique",
    "relationnel": "Relationnel",
    "analytique": "Analytique",
    "creatif": "Créativité",
    "organisationnel": "Organisation",
    "leadership": "Leadership",
    "numerique": "Numérique",
    "recrutements.titre": "Offres par mois",
    "offres": "offres",
    "source": "Source",
    # career map
    "carte.titre": "Carte des métiers",
    "carte.actuel": "Métier actuel",
    "carte.evolutions": "Évolutions",
    "carte.proches": "Métiers proches",
    "carte.desc": "{nom} ({code}) : {n} métier lié.",
    "carte.desc.pluriel": "{nom} ({code}) : {n} métiers liés.",
    # PDF
    "pdf.version": "Version",
    "pdf.maj": "Mis à jour le",
    "pdf.brouillon": "BROUILLON",
    "pdf.brouillon_note": "Document de travail : contenu non publié.",
    "pdf.variante": "Variante",
    "pdf.fiche_metier": "Fiche métier",
    "pdf.code_rome": "Code ROME",
    "pdf.provenance": "Origine du contenu",
    "pdf.champ": "{n} champ",
    "pdf.champs": "{n} champs",
    "pdf.editeur": "Agents Métiers — fiches métiers du référentiel ROME 4.0 de France Travail",
    "pdf.infos": "Informations clés",
    "pdf.description": "Description",
    "pdf.missions": "Missions principales",
    "pdf.acces": "Comment y accéder ?",
    "pdf.niveau": "Niveau de formation",
    "pdf.formations": "Formations et diplômes",
    "pdf.certifications": "Certifications",
    "pdf.secteurs": "Secteurs d'activité",
    "pdf.profil": "Profil et personnalité",
    "pdf.traits": "Traits de personnalité",
    "pdf.aptitudes": "Aptitudes",
    "pdf.interets": "Centres d'intérêt",
    "pdf.competences": "Compétences",
    "pdf.savoir_faire": "Savoir-faire",
    "pdf.savoir_etre": "Savoir-être professionnels",
    "pdf.savoirs": "Savoirs",
    "pdf.coeur": "cœur de métier",
    "pdf.domaine": "Domaine professionnel",
    "pdf.grand_domaine": "Grand domaine",
    "pdf.statuts": "Statuts professionnels",
    "pdf.appellations": "Autres appellations",
    "pdf.contextes": "Contextes de travail",
    "pdf.stats": "Statistiques",
    "pdf.tendance": "Tendance",
    "pdf.evolution_5ans": "Évolution à 5 ans",
    "pdf.nombre_offres": "Offres d'emploi",
    "pdf.taux_insertion": "Taux d'insertion",
    "pdf.indisponible": "Données indisponibles.",
    "pdf.sites": "Sites utiles",
    "pdf.mobilite": "Mobilité professionnelle",
    "pdf.credits": "Crédits",
    "pdf.licence": "Licence Ouverte (Etalab) : réutilisation libre en citant la source.",
    "pdf.source_rome": "Source : France Travail, ROME 4.0 version {version}",
    "pdf.source_rome_date": "Source : France Travail, ROME 4.0 version {version} du {date}",
    "pdf.page": "Page",
}

# English is defined once, in the pages' catalogue (``web/locales/en.json``, French → English):
# the PDF and charts read each label's English there (tests/rendering checks none is missing).
_CATALOGUE_EN = Path(__file__).resolve().parents[1] / "web" / "locales" / "en.json"
_ANGLAIS: dict[str, str] = json.loads(_CATALOGUE_EN.read_text(encoding="utf-8"))
_EN: dict[str, str] = {cle: _ANGLAIS[fr] for cle, fr in _FR.items() if fr in _ANGLAIS}

_ES: dict[str, str] = {
    "salaires.titre": "Salarios brutos anuales",
    "confirme": "Con experiencia",
    "min": "Mínimo",
    "median": "Mediana",
    "max": "Máximo",
    "contrats.titre": "Tipos de contrato",
    "cdi": "Indefinido",
    "cdd": "Temporal",
    "interim": "ETT",
    "autre": "Otro",
    "tension.titre": "Tensión del mercado",
    "riasec.titre": "Perfil RIASEC",
    "dimensions.titre": "Dimensiones de las competencias",
    "recrutements.titre": "Ofertas por mes",
    "carte.titre": "Mapa de oficios",
    "carte.actuel": "Oficio actual",
    "carte.evolutions": "Evoluciones",
    "carte.proches": "Oficios afines",
    "pdf.brouillon": "BORRADOR",
    "pdf.infos": "Información clave",
    "pdf.missions": "Misiones principales",
    "pdf.acces": "¿Cómo acceder?",
    "pdf.profil": "Perfil y personalidad",
    "pdf.competences": "Competencias",
    "pdf.domaine": "Ámbito profesional",
    "pdf.contextes": "Condiciones de trabajo",
    "pdf.stats": "Estadísticas",
    "pdf.indisponible": "Datos no disponibles.",
    "pdf.sites": "Sitios útiles",
    "pdf.mobilite": "Movilidad profesional",
    "pdf.credits": "Créditos",
    "pdf.page": "Página",
}

_DE: dict[str, str] = {
    "salaires.titre": "Bruttojahresgehälter",
    "confirme": "Erfahren",
    "median": "Median",
    "contrats.titre": "Vertragsarten",
    "cdi": "Unbefristet",
    "cdd": "Befristet",
    "interim": "Zeitarbeit",
    "autre": "Sonstige",
    "tension.titre": "Arbeitsmarktspannung",
    "riasec.titre": "RIASEC-Profil",
    "dimensions.titre": "Kompetenzdimensionen",
    "recrutements.titre": "Stellenangebote pro Monat",
    "carte.titre": "Berufskarte",
    "carte.actuel": "Aktueller Beruf",
    "carte.evolutions": "Weiterentwicklung",
    "carte.proches": "Verwandte Berufe",
    "pdf.brouillon": "ENTWURF",
    "pdf.infos": "Wichtige Informationen",
    "pdf.missions": "Hauptaufgaben",
    "pdf.acces": "Zugang zum Beruf",
    "pdf.profil": "Profil und Persönlichkeit",
    "pdf.competences": "Kompetenzen",
    "pdf.domaine": "Berufsfeld",
    "pdf.contextes": "Arbeitsbedingungen",
    "pdf.stats": "Statistiken",
    "pdf.indisponible": "Daten nicht verfügbar.",
    "pdf.sites": "Nützliche Websites",
    "pdf.mobilite": "Berufliche Mobilität",
    "pdf.credits": "Quellen",
    "pdf.page": "Seite",
}

_IT: dict[str, str] = {
    "salaires.titre": "Stipendi annui lordi",
    "confirme": "Esperto",
    "median": "Mediana",
    "contrats.titre": "Tipi di contratto",
    "cdi": "Indeterminato",
    "cdd": "Determinato",
    "interim": "Interinale",
    "autre": "Altro",
    "tension.titre": "Tensione del mercato",
    "riasec.titre": "Profilo RIASEC",
    "dimensions.titre": "Dimensioni delle competenze",
    "recrutements.titre": "Offerte al mese",
    "carte.titre": "Mappa dei mestieri",
    "carte.actuel": "Mestiere attuale",
    "carte.evolutions": "Evoluzioni",
    "carte.proches": "Mestieri affini",
    "pdf.brouillon": "BOZZA",
    "pdf.infos": "Informazioni chiave",
    "pdf.missions": "Compiti principali",
    "pdf.acces": "Come accedere",
    "pdf.profil": "Profilo e personalità",
    "pdf.competences": "Competenze",
    "pdf.domaine": "Ambito professionale",
    "pdf.contextes": "Condizioni di lavoro",
    "pdf.stats": "Statistiche",
    "pdf.indisponible": "Dati non disponibili.",
    "pdf.sites": "Siti utili",
    "pdf.mobilite": "Mobilità professionale",
    "pdf.credits": "Crediti",
    "pdf.page": "Pagina",
}

_PAR_LANGUE = {"fr": _FR, "en": _EN, "es": _ES, "de": _DE, "it": _IT}

MOIS = {
    "fr": "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.",
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    "es": "ene. feb. mar. abr. may. jun. jul. ago. sept. oct. nov. dic.",
    "de": "Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez.",
    "it": "gen. feb. mar. apr. mag. giu. lug. ago. set. ott. nov. dic.",
}


def libelles(langue: str = "fr") -> dict[str, str]:
    """Every label in ``langue`` (French for an unknown language or a missing key)."""
    return _FR | _PAR_LANGUE.get(langue, {})


def mois_court(langue: str, mois: int) -> str:
    """Abbreviated month name (``mois`` 1–12)."""
    return MOIS.get(langue, MOIS["fr"]).split()[mois - 1]


# --- vocabulary of the data (French; pages translate with ``_()``) ---------------------------

CHAMPS: dict[str, str] = {
    "code_rome": "Code ROME",
    "nom_masculin": "Nom au masculin",
    "nom_feminin": "Nom au féminin",
    "nom_epicene": "Nom épicène",
    "description": "Description",
    "description_courte": "Description courte",
    "missions_principales": "Missions principales",
    "acces_metier": "Accès au métier",
    "competences": "Savoir-faire",
    "competences_detail": "Savoir-faire",
    "competences_transversales": "Savoir-être professionnels",
    "competences_transversales_detail": "Savoir-être professionnels",
    "savoirs": "Savoirs",
    "savoirs_detail": "Savoirs",
    "formations": "Formations et diplômes",
    "certifications": "Certifications",
    "niveau_formation": "Niveau de formation",
    "conditions_travail": "Conditions de travail",
    "conditions_travail_detaillees": "Conditions de travail détaillées",
    "contextes_travail": "Contextes de travail",
    "environnements": "Environnements de travail",
    "traits_personnalite": "Traits de personnalité",
    "aptitudes": "Aptitudes",
    "preferences_interets": "Centres d'intérêt",
    "profil_riasec": "Profil RIASEC",
    "competences_dimensions": "Dimensions des compétences",
    "secteurs_activite": "Secteurs d'activité",
    "secteurs_activite_detail": "Secteurs d'activité",
    "statuts_professionnels": "Statuts professionnels",
    "domaine_professionnel": "Domaine professionnel",
    "autres_appellations": "Autres appellations",
    "appellations": "Appellations",
    "salaires": "Salaires",
    "types_contrats": "Types de contrats",
    "perspectives": "Perspectives",
    "sites_utiles": "Sites utiles",
    "mobilite": "Mobilité professionnelle",
    "themes": "Thèmes",
    "tags": "Étiquettes",
    "code_rome_parent": "Code ROME parent",
    "statut": "Statut",
    "version": "Version",
    "score_completude": "Complétude",
    "validation_ia_score": "Score de validation IA",
    "validation_ia_details": "Rapport de validation IA",
    "rome_version": "Version du ROME",
    "provenance": "Provenance",
}

# Keys inside structured fields (salaries by level, contracts, perspectives, mobility…).
CLES: dict[str, str] = {
    "junior": "Junior",
    "confirme": "Confirmé",
    "senior": "Senior",
    "min": "minimum",
    "median": "médian",
    "max": "maximum",
    "source": "source",
    "cdi": "CDI",
    "cdd": "CDD",
    "interim": "Intérim",
    "alternance": "Alternance",
    "autre": "Autre",
    "tension": "Tension",
    "tendance": "Tendance",
    "evolution_5ans": "Évolution à 5 ans",
    "nombre_offres": "Offres d'emploi",
    "taux_insertion": "Taux d'insertion",
    "emplois_proches": "Métiers proches",
    "evolutions": "Évolutions",
    "majeur": "Dominante",
    "mineur": "Secondaire",
    "domaine": "Domaine",
    "grand_domaine": "Grand domaine",
    "code": "Code",
    "libelle": "Libellé",
    "nom": "Nom",
    "url": "Adresse",
    "realiste": "Réaliste",
    "investigateur": "Investigateur",
    "artistique": "Artistique",
    "social": "Social",
    "entreprenant": "Entreprenant",
    "conventionnel": "Conventionnel",
    "technique": "Technique",
    "relationnel": "Relationnel",
    "analytique": "Analytique",
    "creatif": "Créativité",
    "organisationnel": "Organisation",
    "leadership": "Leadership",
    "numerique": "Numérique",
    # accounts (audit descriptions)
    "name": "nom",
    "email": "adresse e-mail",
    "role": "rôle",
    "is_active": "activation",
    "mot_de_passe": "mot de passe",
    # cost of an AI call (audit events, jobs)
    "appels": "appels",
    "requetes": "requêtes",
    "modele": "modèle",
    "tokens_entree": "jetons en entrée",
    "tokens_sortie": "jetons en sortie",
    "cout_usd": "coût en dollars US",
    "cout_note": "note",
}

# The trend of the labour market (``perspectives.tendance``; "inconnue" when no source gave one).
TENDANCES: dict[str, str] = {
    "emergence": "Émergence",
    "hausse": "Hausse",
    "stable": "Stable",
    "baisse": "Baisse",
    "disparition": "Disparition",
    "inconnue": "Inconnue",
}

# A fiche's status: the grammatical subject is « la fiche », hence the feminine.
STATUTS: dict[str, str] = {
    "brouillon": "Brouillon",
    "enrichi": "Enrichie",
    "valide": "Validée",
    "publiee": "Publiée",
}

EVENEMENTS: dict[str, str] = {
    "auth.connexion": "Connexion",
    "auth.deconnexion": "Déconnexion",
    "auth.echec_connexion": "Échec de connexion",
    "auth.reutilisation_jeton": "Réutilisation d'un jeton de session",
    "user.cree": "Compte créé",
    "user.modifie": "Compte modifié",
    "fiche.creee": "Fiche créée",
    "fiche.modifiee": "Fiche modifiée",
    "fiche.restauree": "Révision restaurée",
    "fiche.supprimee": "Fiche supprimée",
    "fiche.auto_corrigee": "Correction automatique",
    "fiche.relecture_requise": "Nouvelle relecture requise",
    "fiche.relecture_requise.ia": "Nouvelle relecture requise (écriture de l'IA)",
    "fiche.relecture_requise.systeme": "Nouvelle relecture requise (écriture automatique)",
    "fiche.relecture_requise.veille": "Nouvelle relecture requise (veille)",
    "fiche.enrichie": "Fiche enrichie",
    "fiche.soumise": "Fiche soumise à la relecture",
    "fiche.validation_ia": "Validation IA",
    "fiche.validee": "Fiche validée",
    "fiche.rejetee": "Fiche rejetée",
    "fiche.modifications_demandees": "Modifications demandées",
    "fiche.publiee": "Fiche publiée",
    "fiche.depubliee": "Fiche dépubliée",
    "job.cree": "Traitement par lot lancé",
    "job.annule": "Traitement par lot annulé",
    "langue.corrigee": "Langue corrigée",
    "langue.verifiee": "Langue vérifiée",
    "rome.import": "Import du ROME",
    "variante.relue": "Variante relue",
    "variante.rejetee": "Variante rejetée",
    "variante.supprimee": "Variante supprimée",
    "variantes.generees": "Variantes générées",
    "veille.code_retire": "Code retiré du ROME",
    "veille.echouee": "Veille en échec",
    "veille.executee": "Veille exécutée",
    "veille.fiche_creee": "Fiche créée par la veille",
    "veille.fiche_mise_a_jour": "Fiche mise à jour par la veille",
    "veille.marche": "Veille du marché du travail",
    "veille.salaires": "Veille des salaires",
    "veille.sens_modifie": "Sens d'un métier modifié",
    "veille.synchronisation": "Synchronisation du ROME",
    "veille.changement_pris_en_compte": "Changement du ROME pris en compte",
    "veille.changement_applique": "Changement du ROME appliqué",
    "veille.reenrichissement_demande": "Ré-enrichissement demandé",
}

SOURCES: dict[str, str] = {
    "rome": "Référentiel ROME",
    "france_travail": "France Travail",
    "la_bonne_alternance": "La Bonne Alternance",
    "ia": "IA",
    "humain": "Saisie humaine",
}

ACTEURS: dict[str, str] = {"humain": "personne", "ia": "IA", "systeme": "système"}

ROLES: dict[str, str] = {
    "admin": "Administrateur",
    "editeur": "Éditeur",
    "relecteur": "Relecteur",
    "lecteur": "Lecteur",
}

# Workflow actions (buttons, job parameters).
ACTIONS: dict[str, str] = {
    "enrichir": "Enrichir",
    "soumettre": "Soumettre à la relecture",
    "valider_ia": "Validation IA",
    "valider": "Valider",
    "approuver": "Approuver et publier",
    "rejeter": "Rejeter",
    "demander_modifications": "Demander des modifications",
    "publier": "Publier",
    "depublier": "Dépublier",
}

# A job (« la tâche ») and each of its items (« la fiche »): feminine.
STATUTS_JOBS: dict[str, str] = {
    "queued": "En attente",
    "pending": "En attente",
    "waiting": "En attente du fournisseur",
    "running": "En cours",
    "finalizing": "Assemblage du résultat",
    "done": "Terminée",
    "failed": "Échouée",
    "cancelled": "Annulée",
}

AXES_VARIANTES: dict[str, str] = {
    "langue": "Langue",
    "tranche_age": "Tranche d'âge",
    "format_contenu": "Format",
    "genre": "Genre",
}
VALEURS_VARIANTES: dict[str, str] = {
    "fr": "Français",
    "en": "Anglais",
    "es": "Espagnol",
    "de": "Allemand",
    "it": "Italien",
    "11-15": "11-15 ans",
    "15-18": "15-18 ans",
    "18+": "Adultes",
    "standard": "Standard",
    "falc": "FALC (facile à lire)",
    "masculin": "Masculin",
    "feminin": "Féminin",
    "epicene": "Épicène",
}
STATUTS_VARIANTES: dict[str, str] = {
    "genere": "Générée, à relire",
    "relue": "Relue",
    "rejetee": "Rejetée",
}
# A cell of the variant matrix: the statuses above, plus no variant yet and out of date.
ETATS_VARIANTES: dict[str, str] = {
    "absente": "Absente",
    **STATUTS_VARIANTES,
    "perimee": "Périmée, à régénérer",
}


SEVERITES: dict[str, str] = {
    "erreur": "Erreur",
    "avertissement": "Avertissement",
    "info": "Information",
}


def lisible(code: str) -> str:
    """A code the tables do not know yet, made readable: « sites_utiles » → « Sites utiles »."""
    texte = code.rsplit(".", 1)[-1].replace("_", " ").strip()
    return texte[:1].upper() + texte[1:]


TABLES: dict[str, dict[str, str]] = {
    "champ": CHAMPS,
    "cle": CLES,
    "statut": STATUTS,
    "evenement": EVENEMENTS,
    "source": SOURCES,
    "acteur": ACTEURS,
    "role": ROLES,
    "action": ACTIONS,
    "statut_job": STATUTS_JOBS,
    "axe_variante": AXES_VARIANTES,
    "valeur_variante": VALEURS_VARIANTES,
    "statut_variante": STATUTS_VARIANTES,
    "etat_variante": ETATS_VARIANTES,
    "severite": SEVERITES,
    "tendance": TENDANCES,
}
"""Every vocabulary table by name (templates use them as filters, tests check translations)."""


def libelle(table: str, code: str) -> str:
    """The label of ``code`` in the vocabulary ``table`` (a name of ``TABLES``), never the
    code itself: a code the table does not know yet is made readable."""
    return TABLES[table].get(code) or lisible(code)


# One function per vocabulary, for the code that names it (``libelles.statut("publiee")``);
# templates have the same names as filters (``{{ code|statut }}``).
champ = partial(libelle, "champ")  # a fiche field (« Traits de personnalité »)
cle = partial(libelle, "cle")  # a key inside a structured field (salary level, contract type)
statut = partial(libelle, "statut")  # a fiche's status, accented (« Publiée »)
evenement = partial(libelle, "evenement")  # an audit event (« Connexion » for auth.connexion)
source = partial(libelle, "source")
acteur = partial(libelle, "acteur")
role = partial(libelle, "role")
action = partial(libelle, "action")
statut_job = partial(libelle, "statut_job")
valeur_variante = partial(libelle, "valeur_variante")
statut_variante = partial(libelle, "statut_variante")
etat_variante = partial(libelle, "etat_variante")  # a cell of the variant matrix (« Absente »)
tendance = partial(libelle, "tendance")
severite = partial(libelle, "severite")


def transition(avant: str, apres: str) -> str:
    """A status change, readable: « Validée → Publiée »."""
    return f"{statut(avant)} → {statut(apres)}"
