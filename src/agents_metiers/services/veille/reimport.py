"""``import-rome`` on a base that already holds a referential: never a silent merge.

Only the same version, unchanged, is accepted — and then nothing is written: a diff against
the stored referential proves it is the same export (cheaper than rewriting ~180 000 rows).
A newer version goes through the veille (``importation.importer_ou_detecter``); an older one,
or the same number with other content, is refused with a sentence.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from agents_metiers.errors import InvalidInputError
from agents_metiers.rome.diff import comparer
from agents_metiers.rome.fiche_builder import ROME_FIELDS
from agents_metiers.rome.importer import ImportReport
from agents_metiers.rome.referentiel import Referentiel
from agents_metiers.rome.referentiel_rows import referentiel_from_rows
from agents_metiers.storage.referentiel import stored_rows
from agents_metiers.storage.tables import FicheRow

VEILLE_COMMANDES = (
    "lancez la veille (« agents-metiers veille-rome SOURCE »), revoyez les changements "
    "(« agents-metiers rome-changes ») puis synchronisez (« agents-metiers sync-rome »)"
)


def message_version(numero: int, stockee: int, label: str) -> str:
    """Why ``import-rome`` of version ``numero`` is refused on a base at ``stockee``."""
    if numero < stockee:
        return (
            f"L'export {label} est la version {numero} du ROME, plus ancienne que la version "
            f"{stockee} en base : rien n'a été modifié."
        )
    return (
        f"L'export {label} est la version {numero} du ROME et la base contient la version "
        f"{stockee} : un import ne fusionne pas une nouvelle version ; {VEILLE_COMMANDES}."
    )


def reimport_sans_changement(
    session: Session, ref: Referentiel, stockee: int, label: str
) -> ImportReport:
    """The report of a re-import of the stored version, after checking nothing differs."""
    if ref.version.numero != stockee:
        raise InvalidInputError(message_version(ref.version.numero, stockee, label))
    stocke = referentiel_from_rows(ref.version, stored_rows(session=session))
    changements = comparer(stocke, ref).changements
    if changements:
        exemples = ", ".join(c.code_rome for c in changements[:5])
        raise InvalidInputError(
            f"L'export {label} porte le numéro de version {stockee}, celui de la base, mais "
            f"son contenu diffère sur {len(changements)} codes ({exemples}…) : il n'est pas "
            "importé. Vérifiez la source."
        )
    codes = set(ref.fiches)
    existing = set(session.scalars(select(FicheRow.code_rome)))
    return ImportReport(
        version=stockee,
        fiches_inchangees=len(codes & existing),
        fiches_creees=0,
        fiches_absentes=len(existing - codes),
        champs_preserves=_champs_preserves(session),
    )


def _champs_preserves(session: Session) -> int:
    """ROME fields whose value an editor or the AI now owns (kept by any import)."""
    count = 0
    for provenance in session.scalars(select(FicheRow.provenance)):
        for field in ROME_FIELDS:
            source = ((provenance or {}).get(field) or {}).get("source")
            count += source not in (None, "rome")
    return count
