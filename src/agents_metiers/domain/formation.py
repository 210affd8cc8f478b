"""Level of education ("niveau de formation") stated by the accès text of a ROME fiche.

The accès text says how one enters the occupation: "Cet emploi est accessible avec un
diplôme de niveau Bac+2 à Bac+5 dans le domaine de l'informatique." The level is read from
the first sentence that states one; later sentences add options ("Un Master peut être un
atout"), certifications or permits, which are not the entry level.

Levels are ranked on the French scale: no diploma, CAP/BEP, Bac, then Bac+N. Named
diplomas (BTS, Licence, Master, Doctorat...) count for their level; so do the national
levels "niveau 3" to "niveau 8". Diplomas named as examples in parentheses ("niveau Bac+2
(BTS, BUT...)") are ignored when the sentence states a level outside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SANS_DIPLOME = "Sans diplôme"
CAP_BEP = "CAP/BEP"
BAC = "Bac"

# Ranks on the French scale; "Bac+N" ranks 4 + N.
_RANG_SANS_DIPLOME = 0
_RANG_CAP_BEP = 3
_RANG_BAC = 4
# A sentence giving an option, not the entry level: "Un BTS peut faciliter l'accès",
# "Un Master peut être un atout", "Celui-ci peut être complété par un Master". A sentence
# saying the job "est accessible" states the entry level even if it adds an option.
_ACCESSOIRE = re.compile(
    r"\b(?:peu(?:t|vent)|pourr(?:a|ont|ait|aient))\b[^.;]*?"
    r"\b(?:facilit|atout|complét|utile|pertinent|bénéfique|demandé|requis)"
    r"|\b(?:atouts?|un plus|complémentaires?|(?:pas|non) obligatoires?)\b",
    re.IGNORECASE,
)
_ACCESSIBLE = re.compile(r"\b(?:est|sont|être)\s+(?:\w+\s+)?accessibles?\b", re.IGNORECASE)
_PHRASE = re.compile(r"(?<=[.;!?])\s+")


@dataclass(frozen=True)
class _Niveau:
    """A level, possibly a span written as one ("Bac+2/3"), with its label."""

    rang_min: int
    rang_max: int
    libelle: str


_AUCUN = _Niveau(_RANG_SANS_DIPLOME, _RANG_SANS_DIPLOME, SANS_DIPLOME)
_CAP_BEP = _Niveau(_RANG_CAP_BEP, _RANG_CAP_BEP, CAP_BEP)
_BAC = _Niveau(_RANG_BAC, _RANG_BAC, BAC)


def _bac_plus(n: int, m: int | None = None) -> _Niveau:
    if m is None or m == n:
        return _Niveau(_RANG_BAC + n, _RANG_BAC + n, f"Bac+{n}")
    return _Niveau(_RANG_BAC + n, _RANG_BAC + m, f"Bac+{n}/{m}")


# National levels of the French nomenclature (and the European CEC one).
_NIVEAUX_NATIONAUX = {
    3: _CAP_BEP,
    4: _BAC,
    5: _bac_plus(2),
    6: _bac_plus(3),
    7: _bac_plus(5),
    8: _bac_plus(8),
}


def libelle_niveau_national(niveau: object) -> str | None:
    """« Bac+2 » for the national/European level 5 (3 to 8); None for anything else."""
    try:
        rang = int(str(niveau).strip())
    except ValueError:
        return None
    trouve = _NIVEAUX_NATIONAUX.get(rang)
    return trouve.libelle if trouve else None


_I = re.IGNORECASE
_LICENCE_PERMIS = r"IV|annuelle|européenne|de (?:pilote|vente|conducteur)|professionnelle de jockey"
# (pattern, level). Acronyms match case-sensitively: "BUT", "CAP" are also words.
_MOTS_NIVEAU: tuple[tuple[re.Pattern[str], _Niveau], ...] = (
    (re.compile(r"\b(?:CAPA?|BEPA?)\b"), _CAP_BEP),
    (
        re.compile(r"certificat d.aptitude professionnelle|brevet d.études professionnelles", _I),
        _CAP_BEP,
    ),
    (re.compile(r"\b(?:bac|baccalauréat)\b(?!\s*\+)", _I), _BAC),
    (re.compile(r"diplôme de fin d.études secondaires", _I), _BAC),
    # The Brevet professionnel agricole (BPA) is a level 3 diploma, unlike other BP.
    (re.compile(r"brevet professionnel agricole|\bBPA\b", _I), _CAP_BEP),
)
# Diplomas standing for their level: "un BTS", "une Licence pro", "un Master".
_DIPLOMES: tuple[tuple[re.Pattern[str], _Niveau], ...] = (
    (re.compile(r"\b(?:BP|BPJEPS|BMA)\b"), _BAC),
    (re.compile(r"brevet professionnel|brevet des métiers d.arts?", _I), _BAC),
    (re.compile(r"\b(?:BTSA?|DUT|DEUST|DEUG|DEJEPS)\b"), _bac_plus(2)),
    (
        re.compile(r"brevet de technicien supérieur|diplôme universitaire de technologie", _I),
        _bac_plus(2),
    ),
    (re.compile(r"\b(?:BUT|DCG|DESJEPS)\b"), _bac_plus(3)),
    # "licence IV", "licence de pilote" are permits.
    (re.compile(rf"\b(?:licences?|bachelor)\b(?!\s+(?:{_LICENCE_PERMIS}))", _I), _bac_plus(3)),
    (re.compile(r"\b(?:M1\b|master\s+1\b)", _I), _bac_plus(4)),
    (re.compile(r"\b(?:masters?|mastères?|MBA|DESS|DEA|DSCG)\b(?!\s+1\b)", _I), _bac_plus(5)),
    (
        re.compile(r"(?:diplôme|école|titre)s? d.(?:une )?(?:école d.)?ingénieurs?", _I),
        _bac_plus(5),
    ),
    (re.compile(r"\bdoctorats?\b", _I), _bac_plus(8)),
)
_BAC_PLUS = re.compile(r"\bbac\s*\+\s*(\d{1,2})(?:\s*/\s*(\d{1,2}))?", _I)
_NIVEAU_NATIONAL = re.compile(r"\bniveau\s+([3-8])\b", _I)
# "Capacité équestre professionnelle de niveau 3" grades a sport, not an education level.
_NIVEAU_HORS_ECHELLE = re.compile(r"capacité[^.;]{0,40}$", _I)
_SANS = re.compile(
    r"\bsans\s+(?:aucun\s+)?"
    r"(?:diplômes?|qualification|formation|certification|condition de diplômes?)\b"
    r"|\bn.est pas conditionnée? par la détention d.un diplôme"
    r"|\baucun\s+diplôme\b|\baucune\s+(?:qualification|formation)\b"
    r"|\bpas de diplôme\s+(?:obligatoire|spécifique|requis|exigé|particulier|nécessaire)"
    r"|\btous les niveaux de qualification\b|\btous niveaux\b",
    _I,
)


# "Ce métier ne peut s'exercer sans qualification" requires one.
_NEGATION = re.compile(r"\bne\s+(?:peut|doit|saurait)\b[^.;,]{0,30}$", _I)


def niveau_formation(acces: str) -> str | None:
    """Normalised level stated by an accès text, or None when it states none.

    Returns "Sans diplôme", "CAP/BEP", "Bac", "Bac+N", "Bac+N/M" or a range "X à Y", the
    lowest and highest levels of the sentence ("Bac+2 à Bac+5", "CAP/BEP à Bac").
    """
    for phrase in _PHRASE.split(" ".join(acces.split())):
        niveaux = _niveaux_phrase(phrase)
        # "accessible sans qualification, mais un CAP peut être un atout": no diploma.
        if niveaux and (_AUCUN in niveaux or not _accessoire(phrase)):
            return _resumer(niveaux)
    return None


def _accessoire(phrase: str) -> bool:
    """Whether a sentence only gives an option ("Un CAP peut en faciliter l'accès")."""
    return _ACCESSOIRE.search(phrase) is not None and _ACCESSIBLE.search(phrase) is None


def _niveaux_phrase(phrase: str) -> list[_Niveau]:
    """Levels stated in one sentence, examples in parentheses set aside."""
    dehors = re.sub(r"\([^()]*\)", " ", phrase)
    return _niveaux(dehors) or _niveaux(phrase)


def _niveaux(texte: str) -> list[_Niveau]:
    """Levels in order of appearance; at one place the longest match wins ("Bac+2")."""
    mentions = [(m.start(), m.end(), _lire_bac_plus(m)) for m in _BAC_PLUS.finditer(texte)]
    mentions += [
        (m.start(), m.end(), _AUCUN)
        for m in _SANS.finditer(texte)
        if not _NEGATION.search(texte[: m.start()])
    ]
    for motif, niveau in _MOTS_NIVEAU + _DIPLOMES:
        mentions += [(m.start(), m.end(), niveau) for m in motif.finditer(texte)]
    for m in _NIVEAU_NATIONAL.finditer(texte):
        if not _NIVEAU_HORS_ECHELLE.search(texte[: m.start()]):
            mentions.append((m.start(), m.end(), _NIVEAUX_NATIONAUX[int(m[1])]))
    niveaux: list[_Niveau] = []
    fin = 0
    for debut, fin_mention, niveau in sorted(mentions, key=lambda t: (t[0], -t[1])):
        if debut >= fin:
            niveaux.append(niveau)
            fin = fin_mention
    return niveaux


def _lire_bac_plus(m: re.Match[str]) -> _Niveau:
    return _bac_plus(int(m[1]), int(m[2]) if m[2] else None)


def _resumer(niveaux: list[_Niveau]) -> str:
    """One label for the levels of a sentence: "Sans diplôme" wins, else lowest to highest."""
    if _AUCUN in niveaux:
        return SANS_DIPLOME
    bas = min(niveaux, key=lambda n: (n.rang_min, n.rang_max))
    haut = max(niveaux, key=lambda n: (n.rang_max, n.rang_min))
    if bas == haut:
        return bas.libelle
    if bas.rang_min == bas.rang_max == haut.rang_min - 1 == haut.rang_max - 1 > _RANG_BAC:
        # "Bac+2 ou Bac+3" is written "Bac+2/3", as ROME does.
        return f"{bas.libelle}/{haut.rang_max - _RANG_BAC}"
    return f"{bas.libelle} à {haut.libelle}"
