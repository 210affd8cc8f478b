"""The interest questionnaire of the explorer and its scoring (pure, deterministic).

Thirty activities, five per RIASEC type (Holland: Réaliste, Investigateur, Artistique,
Social, Entreprenant, Conventionnel), each worded for three readers: adults (``18+``, the
default), 15–18 and 11–15 year-olds. The reader answers each one ``1`` (j'aime), ``0`` (ça
m'est égal) or ``-1`` (je n'aime pas). docs/explorer.md explains the scoring.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from agents_metiers.domain import interets_traductions as traductions

LETTRES = ("R", "I", "A", "S", "E", "C")
NOMS_RIASEC = {
    "R": "Réaliste",
    "I": "Investigateur",
    "A": "Artistique",
    "S": "Social",
    "E": "Entreprenant",
    "C": "Conventionnel",
}
TRANCHES = ("18+", "15-18", "11-15")
TRANCHE_DEFAUT = "18+"
REPONSES = (-1, 0, 1)
LANGUES = traductions.LANGUES
LANGUE_DEFAUT = traductions.LANGUE_DEFAUT


@dataclass(frozen=True)
class ItemQuestionnaire:
    id: str
    riasec: str
    textes: Mapping[str, str]  # tranche d'âge → wording

    def texte(self, tranche: str, langue: str = LANGUE_DEFAUT) -> str:
        """The wording for the age band, in ``langue`` (one of ``LANGUES``)."""
        if langue == LANGUE_DEFAUT:
            return self.textes[tranche]
        return traductions.ITEMS[langue][self.id][TRANCHES.index(tranche)]


def _item(id_: str, adulte: str, lycee: str, college: str) -> ItemQuestionnaire:
    return ItemQuestionnaire(id_, id_[0], {"18+": adulte, "15-18": lycee, "11-15": college})


ITEMS: tuple[ItemQuestionnaire, ...] = (
    _item(
        "R1",
        "Réparer un appareil ou une machine en panne",
        "Réparer un scooter, un vélo ou un appareil en panne",
        "Réparer un vélo ou un jouet cassé",
    ),
    _item(
        "R2",
        "Travailler en plein air, dans la nature ou sur un chantier",
        "Travailler dehors, dans la nature ou sur un chantier",
        "Passer la journée dehors, dans la nature",
    ),
    _item(
        "R3",
        "Conduire un véhicule ou piloter un engin",
        "Conduire un véhicule ou piloter un engin",
        "Conduire un tracteur, un bateau ou une grue",
    ),
    _item(
        "R4",
        "Fabriquer ou assembler des objets avec des outils",
        "Fabriquer des objets avec des outils",
        "Construire des objets avec des outils",
    ),
    _item(
        "R5",
        "Soigner des animaux ou s'occuper de plantes et de cultures",
        "S'occuper d'animaux ou de plantes",
        "S'occuper d'animaux ou faire pousser des plantes",
    ),
    _item(
        "I1",
        "Mener des expériences pour tester une hypothèse",
        "Faire des expériences pour vérifier une idée",
        "Faire des expériences pour voir ce qui se passe",
    ),
    _item(
        "I2",
        "Analyser des données ou des statistiques pour comprendre un phénomène",
        "Analyser des chiffres pour comprendre un phénomène",
        "Chercher pourquoi les choses se passent comme elles se passent",
    ),
    _item(
        "I3",
        "Comprendre le fonctionnement du corps humain ou des êtres vivants",
        "Comprendre comment fonctionnent le corps humain et les êtres vivants",
        "Découvrir comment fonctionne le corps humain",
    ),
    _item(
        "I4",
        "Résoudre un problème complexe de mathématiques ou de logique",
        "Résoudre des problèmes de maths ou de logique",
        "Résoudre des énigmes et des casse-têtes",
    ),
    _item(
        "I5",
        "Se tenir au courant des découvertes scientifiques et techniques",
        "Lire sur les sciences, l'espace ou les nouvelles technologies",
        "Regarder des émissions sur les sciences ou l'espace",
    ),
    _item(
        "A1",
        "Dessiner, peindre ou concevoir des visuels",
        "Dessiner, peindre ou créer des images",
        "Dessiner ou peindre",
    ),
    _item(
        "A2",
        "Écrire des textes, des articles ou des histoires",
        "Écrire des textes ou des histoires",
        "Inventer et écrire des histoires",
    ),
    _item(
        "A3",
        "Jouer de la musique, chanter ou jouer la comédie",
        "Faire de la musique, chanter ou faire du théâtre",
        "Faire de la musique ou du théâtre",
    ),
    _item(
        "A4",
        "Décorer, aménager un lieu ou créer des vêtements",
        "Décorer une pièce ou créer des vêtements",
        "Décorer sa chambre ou créer des habits",
    ),
    _item(
        "A5",
        "Photographier, filmer ou monter des vidéos",
        "Prendre des photos, filmer ou monter des vidéos",
        "Faire des photos ou des petites vidéos",
    ),
    _item(
        "S1",
        "Expliquer quelque chose à quelqu'un jusqu'à ce qu'il comprenne",
        "Expliquer un cours à quelqu'un qui n'a pas compris",
        "Aider un copain ou une copine à comprendre un exercice",
    ),
    _item(
        "S2",
        "Prendre soin de personnes malades, âgées ou en difficulté",
        "S'occuper de personnes malades, âgées ou en difficulté",
        "S'occuper de personnes qui ont besoin d'aide",
    ),
    _item(
        "S3",
        "Écouter et conseiller des personnes qui ont un problème",
        "Écouter et conseiller quelqu'un qui a un problème",
        "Écouter un ami qui a un souci",
    ),
    _item(
        "S4",
        "Animer un groupe d'enfants ou d'adultes",
        "Animer un groupe, par exemple dans un club ou une colonie",
        "Organiser des jeux pour des plus jeunes",
    ),
    _item(
        "S5",
        "Accueillir des personnes et les orienter",
        "Accueillir des personnes et les renseigner",
        "Accueillir et guider des visiteurs",
    ),
    _item(
        "E1",
        "Convaincre des personnes d'adopter une idée ou d'acheter un produit",
        "Convaincre les autres de ton idée",
        "Convaincre les autres de faire comme tu proposes",
    ),
    _item(
        "E2",
        "Diriger une équipe et prendre des décisions",
        "Diriger une équipe et prendre des décisions",
        "Être le chef ou la cheffe d'équipe dans un jeu",
    ),
    _item(
        "E3",
        "Créer et développer sa propre entreprise",
        "Monter un projet ou créer ta propre entreprise",
        "Monter un projet avec d'autres, comme une vente de gâteaux",
    ),
    _item(
        "E4",
        "Négocier un prix, un contrat ou un accord",
        "Négocier un prix ou un accord",
        "Discuter pour trouver un accord",
    ),
    _item(
        "E5",
        "Organiser un événement et en assurer le succès",
        "Organiser une fête, un tournoi ou un événement",
        "Organiser une fête ou une sortie",
    ),
    _item(
        "C1",
        "Classer des documents et tenir des dossiers à jour",
        "Classer et ranger des documents",
        "Ranger et classer tes affaires",
    ),
    _item(
        "C2",
        "Tenir des comptes ou un budget",
        "Tenir un budget ou faire des comptes",
        "Compter ton argent de poche et faire un budget",
    ),
    _item(
        "C3",
        "Suivre des procédures précises et vérifier que tout est conforme",
        "Suivre des règles précises et vérifier que tout est juste",
        "Suivre des règles précises",
    ),
    _item(
        "C4",
        "Saisir et organiser des informations dans un tableur ou une base de données",
        "Organiser des informations dans un tableau",
        "Faire des listes et des tableaux",
    ),
    _item(
        "C5",
        "Planifier un emploi du temps et suivre son avancement",
        "Préparer un planning et le respecter",
        "Préparer ton emploi du temps de la semaine",
    ),
)
ITEMS_PAR_ID = {item.id: item for item in ITEMS}


def profil_reponses(reponses: Mapping[str, int]) -> dict[str, float]:
    """The reader's taste per RIASEC letter, from -1 (dislikes all five) to 1 (likes all five).

    The caller has checked the ids and the answers (-1, 0 or 1).
    """
    sommes = dict.fromkeys(LETTRES, 0)
    for item_id, reponse in reponses.items():
        sommes[ITEMS_PAR_ID[item_id].riasec] += reponse
    par_lettre = len(ITEMS) // len(LETTRES)
    return {lettre: round(somme / par_lettre, 2) for lettre, somme in sommes.items()}


def affinite_riasec(profil: Mapping[str, float], metier: Mapping[str, float]) -> float:
    """How well an occupation's RIASEC profile (0–1 per letter) matches the reader's tastes.

    The mean of the reader's tastes weighted by the occupation's letters, mapped to 0–1:
    1 when the reader likes everything the occupation is made of, 0 when they dislike it all.
    """
    total = sum(metier.get(lettre, 0.0) for lettre in LETTRES)
    if total <= 0:
        return 0.0
    moyenne = sum(profil[lettre] * metier.get(lettre, 0.0) for lettre in LETTRES) / total
    return (moyenne + 1) / 2


def nom_riasec(lettre: str, langue: str = LANGUE_DEFAUT) -> str:
    """The name of a RIASEC type in ``langue``."""
    if langue == LANGUE_DEFAUT:
        return NOMS_RIASEC[lettre]
    return traductions.NOMS_RIASEC[langue][lettre]


def raison_riasec(lettres: list[str], langue: str = LANGUE_DEFAUT) -> str:
    """Why a fiche matches: the reader likes its dominant ``lettres`` (one or two)."""
    textes = traductions.RAISONS[langue]
    noms = f" {textes['et']} ".join(f"{nom_riasec(x, langue)} ({x})" for x in lettres)
    return textes["riasec_2" if len(lettres) > 1 else "riasec_1"].format(noms=noms)


def raison_centre(nom: str, langue: str = LANGUE_DEFAUT) -> str:
    """Why a fiche matches: one of its centres d'intérêt (French ROME label) was ticked."""
    return traductions.RAISONS[langue]["centre"].format(nom=nom)


def lettres_preferees(profil: Mapping[str, float]) -> list[str]:
    """The letters the reader likes (positive taste), strongest first."""
    positives = [lettre for lettre in LETTRES if profil[lettre] > 0]
    return sorted(positives, key=lambda lettre: (-profil[lettre], LETTRES.index(lettre)))
