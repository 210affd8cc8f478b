"""The public read model, kept in step with publications (docs/lecture-publique.md).

``rafraichir_lecture_publique`` is the only writer of ``storage.publique`` and of the public
search index. The workflow calls it, in the transaction of the transition, after publish,
republish and unpublish; deletion calls it too. It reads the published snapshot
(``fiches.contenu_publie``) only: a draft never reaches the public.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agents_metiers.services.fiches.schemas import Publication, fiche_detail, fiche_summary
from agents_metiers.storage import publique
from agents_metiers.storage.publique import LecturePublique
from agents_metiers.storage.search import reindex_publiques
from agents_metiers.storage.tables import FicheRow


def rafraichir_lecture_publique(
    session: Session, row: FicheRow, *, supprimee: bool = False
) -> None:
    """Make the read model and the public index of ``row`` match its published snapshot
    (removed when the fiche is unpublished, or ``supprimee``). No commit."""
    contenu, version, date = row.contenu_publie, row.version_publiee, row.date_publication
    if supprimee or contenu is None or version is None or date is None:
        publique.supprimer(session=session, code_rome=row.code_rome)
    else:
        publique.remplacer(session=session, lecture=lecture_publique(contenu, version, date))
    reindex_publiques(session, codes=[row.code_rome])


def reconstruire_lecture_publique(session: Session) -> int:
    """Rebuild the read model and the public index of every published fiche from its snapshot
    (migrations 0008 and 0015: the public JSON is stored as sent, so a change of its shape
    needs it). Selects three columns only, so it runs inside a migration. No commit."""
    published = select(
        FicheRow.contenu_publie, FicheRow.version_publiee, FicheRow.date_publication
    ).where(FicheRow.version_publiee.is_not(None), FicheRow.contenu_publie.is_not(None))
    total = 0
    for contenu, version, date in session.execute(published):
        if date is not None:
            lecture = lecture_publique(contenu, version, date)
            publique.remplacer(session=session, lecture=lecture)
            total += 1
    reindex_publiques(session)
    return total


def lecture_publique(
    contenu: Mapping[str, Any], version_publiee: int, date_publication: datetime
) -> LecturePublique:
    """The read model of one published snapshot (pure: also used by migration 0008)."""
    date_publication = (
        date_publication if date_publication.tzinfo else date_publication.replace(tzinfo=UTC)
    )
    publication = Publication(version_publiee=version_publiee, date_publication=date_publication)
    detail = fiche_detail(contenu, 0, publication).model_dump(mode="json", exclude={"nb_variantes"})
    document = json.dumps(detail, ensure_ascii=False, separators=(",", ":"))
    resume = fiche_summary(contenu, 0).model_dump(mode="json", exclude={"nb_variantes"})
    domaine = _dict(contenu.get("domaine_professionnel"))
    riasec = _dict(contenu.get("profil_riasec"))
    tags = _dict(contenu.get("tags"))
    fiche = {
        "code_rome": contenu["code_rome"],
        "version_publiee": version_publiee,
        "date_publication": date_publication,
        "nom_masculin": contenu["nom_masculin"],
        "nom_feminin": contenu["nom_feminin"],
        "nom_epicene": contenu["nom_epicene"],
        "description_courte": contenu.get("description_courte"),
        "code_grand_domaine": domaine.get("code_grand_domaine"),
        "grand_domaine": domaine.get("grand_domaine"),
        "code_domaine": domaine.get("code_domaine"),
        "domaine": domaine.get("domaine"),
        "riasec_majeur": riasec.get("majeur"),
        "riasec_mineur": riasec.get("mineur"),
        "transition_eco": _texte(tags.get("transition_eco")),
        "transition_num": bool(tags.get("transition_num")),
        "transition_demo": bool(tags.get("transition_demo")),
        "emploi_cadre": bool(tags.get("emploi_cadre")),
        "emploi_reglemente": bool(tags.get("emploi_reglemente")),
        "resume": resume,
        "document": document,
        "etag": hashlib.sha256(document.encode()).hexdigest()[:32],
    }
    return LecturePublique(fiche, _appellations(contenu), _items(contenu))


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _texte(value: Any) -> str | None:
    if value is None or value is False:
        return None
    return str(value)[:100]


def _appellations(contenu: Mapping[str, Any]) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = []
    for a in contenu.get("appellations") or []:
        if isinstance(a, dict) and a.get("libelle"):
            result.append(
                {
                    "position": len(result),
                    "code_ogr": a.get("code_ogr"),
                    "libelle": a["libelle"],
                    "nom_masculin": a.get("nom_masculin"),
                    "nom_feminin": a.get("nom_feminin"),
                    "nom_epicene": a.get("nom_epicene"),
                    "principale": bool(a.get("principale")),
                }
            )
    return result


# Where each kind of item is in a snapshot, and the keys of its code and label.
_SOURCES = (
    ("secteur", "secteurs_activite", "code", "libelle"),
    ("savoir_faire", "competences", "code_ogr", "libelle"),
    ("savoir", "savoirs", "code_ogr", "libelle"),
    ("savoir_etre", "competences_transversales", "code_ogr", "libelle"),
)


def _items(contenu: Mapping[str, Any]) -> list[dict[str, Any]]:
    interets = _dict(contenu.get("preferences_interets")).get("familles") or []
    sources = [(kind, contenu.get(field) or [], c, lib) for kind, field, c, lib in _SOURCES]
    sources.append(("centre_interet", interets, "code", "nom"))
    items = []
    for kind, values, code_key, label_key in sources:
        for position, value in enumerate(values):
            item = value if isinstance(value, dict) else {label_key: value}
            libelle = item.get(label_key)
            if not libelle:
                continue
            code, principal = item.get(code_key), item.get("principal")
            items.append(
                {
                    "kind": kind,
                    "position": position,
                    "code": str(code)[:20] if code else None,
                    "libelle": str(libelle),
                    "principal": None if principal is None else bool(principal),
                }
            )
    return items
