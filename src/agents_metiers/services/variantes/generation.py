"""Variants of a fiche (PRODUCT.md §6.5): read, generate, review, delete.

- **Read**: the public reads only variants of published fiches that a person has reviewed
  (status ``relue``; a FALC variant also needs its « relecture FALC »); editors read them all.
  A variant is stale (``perimee``) when the fiche's version differs from the one it was
  generated from.
- **Generate** (:func:`generer_variantes`, also the ``variants`` job kind): any subset of the
  90 combinations, one AI call per chunk (``VARIANTES_PAR_APPEL``), every text field adapted,
  readability metrics computed, a result per combination. The AI calls run outside any
  transaction; the write is one short transaction that refuses a fiche changed meanwhile.
- **Review** (:func:`relire_variante`) and **delete** (:func:`supprimer_variante`).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.orm import Session

from agents_metiers.agents import variantes as agent
from agents_metiers.agents.llm import Llm
from agents_metiers.agents.variantes import Generation, VarianteGeneree
from agents_metiers.domain.fiche import Source
from agents_metiers.domain.genre import formes_rome, noms_surs
from agents_metiers.domain.noms import NomsGenres
from agents_metiers.domain.permissions import Permission
from agents_metiers.domain.variantes import (
    AXES,
    GENERE,
    GENRES,
    RELUE,
    Combinaison,
    produit,
)
from agents_metiers.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    ServiceUnavailableError,
)
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.audit import record_event
from agents_metiers.services.fiches.ecriture import EcritureFiche, ecrire_fiche, empreinte_contenu
from agents_metiers.services.fiches.lecture import get_detail, get_row
from agents_metiers.services.indisponible import IA
from agents_metiers.services.runtime import Runtime
from agents_metiers.services.variantes.contenu import (
    contenu_variante,
    est_perimee,
    metriques,
    textes_source,
)
from agents_metiers.services.variantes.validation import erreur_variante
from agents_metiers.storage import variantes as store
from agents_metiers.storage.fiches import snapshot
from agents_metiers.storage.tables import VarianteRow

STATUT_PUBLIC = RELUE
CHAMPS_TEXTE = (
    "description",
    "description_courte",
    "competences",
    "competences_transversales",
    "formations",
    "certifications",
    "conditions_travail",
    "environnements",
)


class VarianteSummary(BaseModel):
    id: int
    langue: str
    tranche_age: str
    format_contenu: str
    genre: str
    nom: str
    description_courte: str | None
    date_maj: datetime
    statut: str
    perimee: bool


class VarianteList(BaseModel):
    code_rome: str
    total_variantes: int
    variantes: list[VarianteSummary]


class VarianteDetail(BaseModel):
    id: int
    code_rome: str
    langue: str
    tranche_age: str
    format_contenu: str
    genre: str
    nom: str
    description: str | None
    description_courte: str | None
    competences: list[Any]
    competences_transversales: list[Any]
    formations: list[Any]
    certifications: list[Any]
    conditions_travail: list[Any]
    environnements: list[Any]
    date_creation: datetime
    date_maj: datetime
    version: int
    statut: str
    perimee: bool
    fiche_version: int
    metriques_lisibilite: dict[str, Any] | None
    contenu: dict[str, Any]


def est_publique(row: VarianteRow) -> bool:
    """Reviewed by a person; a FALC variant also had its « relecture FALC »."""
    return row.statut == STATUT_PUBLIC and (row.format_contenu != "falc" or row.relecture_falc)


def _visibles(rows: list[VarianteRow], voir_brouillons: bool) -> list[VarianteRow]:
    return [r for r in rows if voir_brouillons or est_publique(r)]


def list_variantes(session: Session, code: str, *, voir_brouillons: bool) -> VarianteList:
    fiche = get_detail(session, code, voir_brouillons=voir_brouillons)
    source = get_row(session, fiche.code_rome)
    empreinte = empreinte_contenu(source)
    rows = _visibles(
        store.list_variantes(session=session, code_rome=fiche.code_rome), voir_brouillons
    )
    return VarianteList(
        code_rome=fiche.code_rome,
        total_variantes=len(rows),
        variantes=[
            VarianteSummary(
                id=r.id,
                langue=r.langue,
                tranche_age=r.tranche_age,
                format_contenu=r.format_contenu,
                genre=r.genre,
                nom=r.nom,
                description_courte=(r.contenu or {}).get("description_courte"),
                date_maj=r.date_maj,
                statut=r.statut,
                perimee=est_perimee(r, empreinte=empreinte, version=source.version),
            )
            for r in rows
        ],
    )


def get_variante(
    session: Session, code: str, variante_id: int, *, voir_brouillons: bool
) -> VarianteDetail:
    fiche = get_detail(session, code, voir_brouillons=voir_brouillons)
    row = store.get_variante(session=session, code_rome=fiche.code_rome, variante_id=variante_id)
    if row is None or not _visibles([row], voir_brouillons):
        raise NotFoundError(f"La fiche {fiche.code_rome} n'a pas de variante n° {variante_id}.")
    source = get_row(session, fiche.code_rome)
    contenu = row.contenu or {}
    return VarianteDetail(
        id=row.id,
        code_rome=row.code_rome,
        langue=row.langue,
        tranche_age=row.tranche_age,
        format_contenu=row.format_contenu,
        genre=row.genre,
        nom=row.nom,
        description=contenu.get("description"),
        description_courte=contenu.get("description_courte"),
        **{champ: contenu.get(champ) or [] for champ in CHAMPS_TEXTE[2:]},
        date_creation=row.date_creation,
        date_maj=row.date_maj,
        version=row.version,
        statut=row.statut,
        perimee=est_perimee(row, empreinte=empreinte_contenu(source), version=source.version),
        fiche_version=row.fiche_version,
        metriques_lisibilite=row.metriques_lisibilite,
        contenu=contenu,
    )


# --- Generation ----------------------------------------------------------------------------


# The reference default of each axis an omitted parameter takes (12 variants).
AXES_PAR_DEFAUT: dict[str, tuple[str, ...]] = {
    "langue": ("fr", "en"),
    "tranche_age": ("18+",),
    "format_contenu": ("standard", "falc"),
    "genre": GENRES,
}


def _valeur_axe(axe: str) -> dict[str, Any]:
    """The schema lists an axis' values; a wrong one is refused by ``_valider_axes``."""
    return {"max_length": 10, "json_schema_extra": {"enum": list(AXES[axe])}}


LangueIn = Annotated[str, Field(**_valeur_axe("langue"))]
TrancheIn = Annotated[str, Field(**_valeur_axe("tranche_age"))]
FormatIn = Annotated[str, Field(**_valeur_axe("format_contenu"))]
GenreIn = Annotated[str, Field(**_valeur_axe("genre"))]


class GenerationParams(BaseModel):
    """What to generate: explicit ``combinaisons`` or axis lists (their product).

    An omitted axis takes the reference default: langues fr+en, tranche 18+, formats
    standard+falc, the three genres (12 variants).
    """

    model_config = ConfigDict(extra="forbid")

    combinaisons: list[CombinaisonIn] | None = Field(default=None, max_length=90)
    langues: list[LangueIn] | None = Field(default=None, max_length=5)
    tranches: list[TrancheIn] | None = Field(default=None, max_length=3)
    tranches_age: list[TrancheIn] | None = Field(default=None, max_length=3)
    formats: list[FormatIn] | None = Field(default=None, max_length=2)
    genres: list[GenreIn] | None = Field(default=None, max_length=3)

    def demandees(self) -> list[Combinaison]:
        if self.combinaisons:
            return sorted({Combinaison(**_valider_axes(c.model_dump())) for c in self.combinaisons})
        axes = {
            "langue": self.langues or list(AXES_PAR_DEFAUT["langue"]),
            "tranche_age": self.tranches
            or self.tranches_age
            or list(AXES_PAR_DEFAUT["tranche_age"]),
            "format_contenu": self.formats or list(AXES_PAR_DEFAUT["format_contenu"]),
            "genre": self.genres or list(AXES_PAR_DEFAUT["genre"]),
        }
        for axe, valeurs in axes.items():
            for valeur in valeurs:
                _valider_axes({axe: valeur})
        return produit(*axes.values())


class CombinaisonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    langue: LangueIn
    tranche_age: TrancheIn
    format_contenu: FormatIn
    genre: GenreIn


GenerationParams.model_rebuild()

_NOMS_AXES = {
    "langue": "Langue",
    "tranche_age": "Tranche d'âge",
    "format_contenu": "Format",
    "genre": "Genre",
}


def _valider_axes(valeurs: dict[str, str]) -> dict[str, str]:
    for axe, valeur in valeurs.items():
        if valeur not in AXES[axe]:
            raise InvalidInputError(
                f"{_NOMS_AXES[axe]} inconnu(e) : « {valeur} ». "
                f"Valeurs possibles : {', '.join(AXES[axe])}."
            )
    return valeurs


def lire_params(params: dict[str, Any]) -> list[Combinaison]:
    """The combinations ``params`` asks for; 422 with a sentence for an unknown value."""
    try:
        return GenerationParams.model_validate(params or {}).demandees()
    except ValidationError as exc:
        champ = ".".join(str(p) for p in exc.errors()[0]["loc"])
        raise InvalidInputError(
            f"Paramètres de génération invalides ({champ}) : donnez « combinaisons » ou les "
            "listes « langues », « tranches », « formats », « genres »."
        ) from None


@dataclass(frozen=True)
class SourceVariantes:
    """What the generation reads from the fiche, taken in one short read."""

    code_rome: str
    version: int
    empreinte: str  # of the content read (``ecriture.empreinte_contenu``)
    noms: NomsGenres
    contenu: dict[str, Any]


def _lire_source(runtime: Runtime, code: str) -> SourceVariantes:
    with runtime.sessions() as session:
        row = get_row(session, code)
        formes = formes_rome(
            store.libelle_rome(session=session, code_rome=row.code_rome), row.appellations or []
        )
        actuels = NomsGenres(row.nom_masculin, row.nom_feminin, row.nom_epicene)
        return SourceVariantes(
            code_rome=row.code_rome,
            version=row.version,
            empreinte=empreinte_contenu(row),
            noms=noms_surs(actuels, actuels, formes),
            contenu=snapshot(row),
        )


def _morceaux(combinaisons: list[Combinaison], taille: int) -> list[list[Combinaison]]:
    """Chunks of at most ``taille`` combinations sharing language, age band and format."""
    groupes: dict[tuple[str, str, str], list[Combinaison]] = {}
    for c in combinaisons:
        groupes.setdefault((c.langue, c.tranche_age, c.format_contenu), []).append(c)
    return [g[i : i + taille] for g in groupes.values() for i in range(0, len(g), taille)]


@dataclass
class _Resultats:
    generees: list[VarianteGeneree]
    echecs: dict[Combinaison, str]
    couts: list[dict[str, Any]]


async def _generer_morceau(
    llm: Llm, source: SourceVariantes, morceau: list[Combinaison]
) -> Generation | str:
    langue = morceau[0].langue
    try:
        return await agent.generer(
            llm,
            textes=textes_source(source.contenu, langue),
            noms=source.noms,
            combinaisons=morceau,
        )
    except (ServiceUnavailableError, InvalidInputError) as exc:
        return exc.message


async def _generer_tout(
    llm: Llm, source: SourceVariantes, combinaisons: list[Combinaison], taille: int
) -> _Resultats:
    morceaux = _morceaux(combinaisons, taille)
    sorties = await asyncio.gather(*(_generer_morceau(llm, source, m) for m in morceaux))
    resultats = _Resultats(generees=[], echecs={}, couts=[])
    for morceau, sortie in zip(morceaux, sorties, strict=True):
        if isinstance(sortie, str):
            resultats.echecs.update(dict.fromkeys(morceau, sortie))
        else:
            _trier(source, sortie.variantes, resultats)
            resultats.couts.append(sortie.cout())
    return resultats


def _trier(source: SourceVariantes, generees: list[VarianteGeneree], resultats: _Resultats) -> None:
    """Keep the variants whose content fits the edit schema; the others are failures."""
    for generee in generees:
        _nom, contenu = contenu_variante(source.contenu, generee, source.noms)
        if erreur := erreur_variante(contenu):
            resultats.echecs[generee.combinaison] = erreur
        else:
            resultats.generees.append(generee)


async def generer_variantes(
    runtime: Runtime, code: str, auteur: Auteur, params: dict[str, Any]
) -> dict[str, Any]:
    """Generate the requested variants of fiche ``code`` (jobs contract, kind ``variants``).

    Returns a summary with one result per combination (``ok`` or ``echec`` with the reason).
    Raises ServiceUnavailableError when no AI is configured or when every call failed
    (nothing written), ConflictError when the fiche changed during the generation.
    """
    auteur.exiger(Permission.ENRICHIR)
    combinaisons = lire_params(params)
    source = _lire_source(runtime, code)
    if runtime.llm is None:
        raise ServiceUnavailableError(IA)
    taille = runtime.settings.variantes_par_appel
    resultats = await _generer_tout(runtime.llm, source, combinaisons, taille)
    if not resultats.generees:
        raise ServiceUnavailableError(
            "Aucune variante n'a pu être générée : "
            + next(iter(resultats.echecs.values()))
            + " Aucune variante n'a été modifiée."
        )
    with runtime.sessions() as session, ecrire_fiche(session, source.code_rome) as ecriture:
        ids = enregistrer(ecriture, source, resultats, auteur, model_id=runtime.llm.model_id)
    return _resume(source.code_rome, combinaisons, resultats, ids)


def _cout_total(couts: list[dict[str, Any]]) -> dict[str, Any] | None:
    if not couts:
        return None
    prix = [c.get("cout_usd") for c in couts]
    total = str(sum(Decimal(p) for p in prix if p is not None)) if None not in prix else None
    return {
        "modele": couts[0].get("modele"),
        "appels": len(couts),
        "requetes": sum(int(c.get("requetes") or 0) for c in couts),
        "tokens_entree": sum(int(c.get("tokens_entree") or 0) for c in couts),
        "tokens_sortie": sum(int(c.get("tokens_sortie") or 0) for c in couts),
        "cout_usd": total,
        "cout_note": couts[0].get("cout_note"),
    }


def _ecrire(
    session: Session, source: SourceVariantes, generee: VarianteGeneree, provenance: dict[str, Any]
) -> VarianteRow:
    c = generee.combinaison
    nom, contenu = contenu_variante(source.contenu, generee, source.noms)
    now = datetime.now(UTC)
    row = store.get_variante_par_axes(session=session, code_rome=source.code_rome, **c.cle())
    if row is None:
        row = VarianteRow(code_rome=source.code_rome, **c.cle(), version=0, date_creation=now)
        session.add(row)
    row.version = (row.version or 0) + 1
    row.nom = nom[:255]
    row.contenu = contenu
    row.metriques_lisibilite = metriques(contenu, c.tranche_age, c.format_contenu, c.langue)
    row.fiche_version = source.version
    row.empreinte_source = source.empreinte
    row.provenance = provenance
    row.statut = GENERE
    row.date_maj = now
    row.relu_par, row.relu_par_id, row.relu_le = None, None, None
    row.relecture_falc, row.commentaire_relecture = False, None
    return row


def enregistrer(
    ecriture: EcritureFiche,
    source: SourceVariantes,
    resultats: _Resultats,
    auteur: Auteur,
    *,
    model_id: str,
) -> dict[Combinaison, int]:
    """Upsert the generated variants (status ``genere``) while the fiche is locked.

    Refuses (409) when the fiche's content changed since it was read for the generation (a
    workflow transition in between does not matter).
    """
    session, row = ecriture.session, ecriture.row
    if empreinte_contenu(row) != source.empreinte:
        raise ConflictError(
            f"Le contenu de la fiche {row.code_rome} a été modifié pendant la génération des "
            f"variantes (version {source.version} → {row.version}) : relancez la génération."
        )
    provenance = {
        "source": Source.IA.value,
        "modele": model_id,
        "date": datetime.now(UTC).date().isoformat(),
        "demande_par": auteur.nom,
    }
    ecrites = {g.combinaison: _ecrire(session, source, g, provenance) for g in resultats.generees}
    session.flush()
    record_event(
        session,
        type_evenement="variantes.generees",
        agent=f"IA variantes ({model_id})",
        acteur="ia",
        user_id=auteur.user_id,
        code_rome=row.code_rome,
        description=(
            f"{len(ecrites)} "
            + ("variante générée" if len(ecrites) < 2 else "variantes générées")
            + f" pour la fiche {row.code_rome}"
            + (f", {len(resultats.echecs)} en échec" if resultats.echecs else "")
            + f" (demandé par {auteur.nom})."
        ),
        donnees_apres={
            "fiche_version": source.version,
            "generees": [c.libelle() for c in sorted(ecrites)],
            "echecs": {c.libelle(): raison for c, raison in sorted(resultats.echecs.items())},
        },
        cout=_cout_total(resultats.couts),
    )
    return {c: v.id for c, v in ecrites.items()}


def _resume(
    code: str, combinaisons: list[Combinaison], resultats: _Resultats, ids: dict[Combinaison, int]
) -> dict[str, Any]:
    lignes = []
    for c in combinaisons:
        if c in ids:
            lignes.append({**c.cle(), "statut": "ok", "id": ids[c], "erreur": None})
        else:
            raison = resultats.echecs.get(c, "Absente de la réponse de l'IA.")
            lignes.append({**c.cle(), "statut": "echec", "id": None, "erreur": raison})
    return {
        "code_rome": code,
        "demandees": len(combinaisons),
        "generees": len(ids),
        "echecs": len(combinaisons) - len(ids),
        "resultats": lignes,
        "cout": _cout_total(resultats.couts),
    }
