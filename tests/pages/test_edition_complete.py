"""Full editing of a fiche in the editors' page: every field the API PATCH accepts, lists
edited item by item without JavaScript (add, remove, reorder: pending, not saved), the API's
validation and version check, provenance ``humain`` only on the fields that changed.

The form is read back from the HTML as a browser would submit it (every named control, in
order), changed, then posted with the button the user pressed.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import httpx2
import pytest
from sqlalchemy import select

from agents_metiers.services.fiches.inputs import FicheUpdate
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import FicheRow, RevisionRow

pytestmark = pytest.mark.anyio
Login = object  # the ``login`` fixture: ``await login(role)`` → CSRF token
CODE = "M1805"
URL = f"/fiches/{CODE}/modifier"


class _Champs(HTMLParser):
    """The successful controls of the page's edit form, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.champs: list[tuple[str, str]] = []
        self.autofocus: list[str] = []
        self._dans_form = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._option: str | None = None
        self._choisie: str | None = None
        self._premiere: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and "edition" in a.get("class", ""):
            self._dans_form = True
        if not self._dans_form:
            return
        if "autofocus" in a:
            self.autofocus.append(a.get("id", ""))
        if tag == "input" and a.get("name"):
            self.champs.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.champs.append((a["name"], ""))
        elif tag == "select":
            self._select, self._choisie, self._premiere = a["name"], None, None
        elif tag == "option" and self._select:
            valeur = a.get("value", "")
            self._premiere = valeur if self._premiere is None else self._premiere
            if "selected" in a:
                self._choisie = valeur

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            nom, valeur = self.champs[-1]
            self.champs[-1] = (nom, valeur + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._dans_form = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            self.champs.append((self._select, self._choisie or self._premiere or ""))
            self._select = None


def _lire(html: str) -> _Champs:
    parser = _Champs()
    parser.feed(html)
    return parser


def _formulaire(html: str) -> dict[str, list[str]]:
    """The form's fields as a browser submits them (repeated names in order)."""
    valeurs: dict[str, list[str]] = {}
    for nom, valeur in _lire(html).champs:
        valeurs.setdefault(nom, []).append(unescape(valeur))
    return valeurs


async def _ouvrir(client: httpx2.AsyncClient) -> dict[str, list[str]]:
    page = await client.get(URL)
    assert page.status_code == 200, page.text
    return _formulaire(page.text)


async def _envoyer(
    client: httpx2.AsyncClient, form: dict[str, list[str]], action: str = "enregistrer"
) -> httpx2.Response:
    return await client.post(URL, data={**form, "action": action})


def _fiche(runtime: Runtime) -> FicheRow:
    with runtime.sessions() as session:
        row = session.scalars(select(FicheRow).where(FicheRow.code_rome == CODE)).one()
        session.expunge(row)
        return row


def _revisions(runtime: Runtime) -> int:
    with runtime.sessions() as session:
        return session.query(RevisionRow).filter_by(code_rome=CODE).count()


async def test_the_form_has_a_control_for_every_field_the_api_patch_accepts(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    await login("editeur")  # type: ignore[operator]
    page = (await client.get(URL)).text
    noms = {nom for nom, _ in _lire(page).champs}
    racines = {nom.split(".")[0] for nom in noms} | set((await _ouvrir(client))["_listes"])
    attendus = set(FicheUpdate.model_fields) - {"version", "motif", "statut"}
    assert attendus <= racines, sorted(attendus - racines)
    for niveau in ("junior", "confirme", "senior"):
        for cle in ("min", "median", "max"):
            assert f"salaires.{niveau}.{cle}" in noms
    assert {f"types_contrats.{k}" for k in ("cdi", "cdd", "interim", "autre")} <= noms
    # every visible control has a label
    for identifiant in ("champ-description", "salaires-junior-min", "types_contrats-cdi"):
        assert f'for="{identifiant}"' in page and f'id="{identifiant}"' in page


async def test_every_control_has_a_visible_label_from_the_label_table(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    await login("editeur")  # type: ignore[operator]
    page = unescape((await client.get(URL)).text)
    # Field labels, salary levels and amounts, contract types: never empty, never a code.
    for libelle in (
        ">Missions principales",
        ">Traits de personnalité",
        ">Junior",
        ">Médian",
        ">CDI",
        ">Intérim",
        ">Tendance",
        ">Taux d'insertion",
    ):
        assert libelle in page, libelle
    assert not re.search(r"<label[^>]*>\s*(<small>)?\(", page)  # a label that is only « (%) »


async def test_adding_a_list_item_shows_the_form_again_unsaved_with_the_focus_on_it(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    await login("editeur")  # type: ignore[operator]
    form = await _ouvrir(client)
    avant = len(form.get("formations", []))
    form["description"] = ["Texte en cours de saisie."]
    response = await _envoyer(client, form, "ajouter:formations")
    assert response.status_code == 200
    lu = _lire(response.text)
    apres = _formulaire(response.text)
    assert len(apres.get("formations", [])) == avant + 1
    assert apres["description"] == ["Texte en cours de saisie."]  # pending input kept
    assert lu.autofocus == [f"formations-{avant}"]
    assert "Pas encore enregistré" in unescape(response.text)
    assert _fiche(imported).version == 1 and _revisions(imported) == 1  # nothing saved


async def test_remove_and_reorder_are_pending_then_saved_in_order_with_provenance(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    await login("editeur")  # type: ignore[operator]
    form = await _ouvrir(client)
    missions = form["missions_principales"]
    assert len(missions) >= 3
    page = await _envoyer(client, form, "supprimer:missions_principales:0")
    form = _formulaire(page.text)
    assert form["missions_principales"] == missions[1:]
    page = await _envoyer(client, form, "descendre:missions_principales:0")
    form = _formulaire(page.text)
    assert form["missions_principales"][:2] == [missions[2], missions[1]]
    assert _lire(page.text).autofocus == ["descendre-missions_principales-1"]
    page = await _envoyer(client, form, "monter:missions_principales:1")
    form = _formulaire(page.text)
    assert form["missions_principales"][:2] == [missions[1], missions[2]]
    assert _fiche(imported).version == 1  # still nothing saved
    saved = await _envoyer(client, form)
    assert saved.status_code == 303 and saved.headers["location"].endswith("message=modifiee")
    row = _fiche(imported)
    assert [m["libelle"] if isinstance(m, dict) else m for m in row.missions_principales] == (
        missions[1:]
    )
    assert row.provenance["missions_principales"]["source"] == "humain"
    assert row.provenance["description"]["source"] != "humain"  # untouched field


async def test_salaries_per_level_are_saved_structured_and_only_that_field_turns_humain(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    await login("editeur")  # type: ignore[operator]
    form = await _ouvrir(client)
    avant = _fiche(imported)
    form |= {
        "salaires.junior.min": ["28 000"],
        "salaires.junior.median": ["31000"],
        "salaires.junior.max": ["34\u202f000"],
        "salaires.senior.max": ["60000"],
        "salaires.source": ["Enquête de branche 2026"],
    }
    response = await _envoyer(client, form)
    assert response.status_code == 303, unescape(response.text)
    row = _fiche(imported)
    assert row.salaires["junior"] == {"min": 28000, "median": 31000, "max": 34000}
    assert row.salaires["senior"] == {"min": None, "median": None, "max": 60000}
    assert row.salaires["source"] == "Enquête de branche 2026"
    assert row.provenance["salaires"]["source"] == "humain"
    changed = {c for c, p in row.provenance.items() if p != (avant.provenance or {}).get(c)}
    assert changed == {"salaires"}
    shown = _formulaire((await client.get(URL)).text)
    assert shown["salaires.junior.max"] == ["34 000"]


async def test_an_invalid_amount_is_a_french_error_next_to_the_field_and_keeps_the_input(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    await login("editeur")  # type: ignore[operator]
    form = await _ouvrir(client)
    form |= {
        "salaires.confirme.min": ["beaucoup"],
        "description": ["Nouvelle description en attente."],
        "_listes": [*form["_listes"], "sites_utiles"],
        "sites_utiles.nom": ["Onisep"],
        "sites_utiles.url": ["pas une adresse"],
        "sites_utiles.description": [""],
    }
    response = await _envoyer(client, form)
    assert response.status_code == 422
    texte = unescape(response.text)
    assert "Rien n'a été enregistré" in texte
    assert 'id="erreur-salaires-confirme-min"' in texte
    assert "Nombre entier attendu" in texte
    assert 'aria-describedby="erreur-salaires-confirme-min"' in texte
    kept = _formulaire(response.text)
    assert kept["salaires.confirme.min"] == ["beaucoup"]
    assert kept["description"] == ["Nouvelle description en attente."]
    assert kept["sites_utiles.url"] == ["pas une adresse"]
    assert _fiche(imported).version == 1
    # the amount fixed: now the API's own check of the address speaks, at the right item
    kept["salaires.confirme.min"] = ["30000"]
    response = await _envoyer(client, kept)
    assert response.status_code == 422
    texte = unescape(response.text)
    assert 'id="erreur-sites_utiles-0-url"' in texte and "Sites utiles (adresse)" in texte
    assert "Traceback" not in texte and "url_parsing" not in texte


async def test_salary_amounts_must_go_up_and_contract_shares_stay_within_100_percent(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    await login("editeur")  # type: ignore[operator]
    form = await _ouvrir(client)
    form |= {"salaires.junior.min": ["40000"], "salaires.junior.max": ["30000"]}
    response = await _envoyer(client, form)
    assert response.status_code == 422
    assert "doivent aller croissant" in unescape(response.text)
    assert 'id="erreur-salaires-junior"' in response.text
    form = await _ouvrir(client)
    form |= {"types_contrats.cdi": ["70"], "types_contrats.cdd": ["40"]}
    response = await _envoyer(client, form)
    assert response.status_code == 422
    assert "dépassent 100 % au total" in unescape(response.text)
    form |= {"types_contrats.cdi": ["60"], "types_contrats.cdd": ["35,5"]}
    assert (await _envoyer(client, form)).status_code == 303
    row = _fiche(imported)
    assert row.types_contrats == {"cdi": 0.6, "cdd": 0.355, "interim": None, "autre": None}
    assert _formulaire((await client.get(URL)).text)["types_contrats.cdd"] == ["35,5"]


async def test_perspectives_and_a_percentage_out_of_range(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    await login("editeur")  # type: ignore[operator]
    form = await _ouvrir(client)
    form |= {"perspectives.tension": ["140"]}
    response = await _envoyer(client, form)
    assert response.status_code == 422
    assert "Pourcentage de 0 à 100 attendu" in unescape(response.text)
    form |= {
        "perspectives.tension": ["72"],
        "perspectives.tendance": ["hausse"],
        "perspectives.nombre_offres": ["1 250"],
        "perspectives.evolution_5ans": ["Besoins croissants dans les collectivités."],
    }
    assert (await _envoyer(client, form)).status_code == 303
    row = _fiche(imported)
    assert row.perspectives["tension"] == 0.72 and row.perspectives["tendance"] == "hausse"
    assert row.perspectives["nombre_offres"] == 1250
    assert row.provenance["perspectives"]["source"] == "humain"
    page = (await client.get(URL)).text
    assert '<option value="hausse" selected>' in page


async def test_competences_lists_keep_the_rome_structure_of_unchanged_items(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    await login("editeur")  # type: ignore[operator]
    avant = _fiche(imported)
    form = await _ouvrir(client)
    for champ in ("competences", "savoirs", "competences_transversales"):
        assert form.get(champ), f"{champ} vide dans la fiche d'exemple"
    page = await _envoyer(client, form, "ajouter:competences")
    form = _formulaire(page.text)
    form["competences"][-1] = "Animer un atelier de code"
    page = await _envoyer(client, form, "supprimer:savoirs:0")
    form = _formulaire(page.text)
    assert (await _envoyer(client, form)).status_code == 303
    row = _fiche(imported)
    assert row.competences[: len(avant.competences)] == avant.competences  # codes OGR kept
    assert row.competences[-1] == {"libelle": "Animer un atelier de code"}
    assert row.savoirs == avant.savoirs[1:]
    assert row.competences_transversales == avant.competences_transversales
    assert row.provenance["competences"]["source"] == "humain"
    assert row.provenance["savoirs"]["source"] == "humain"
    assert (
        row.provenance["competences_transversales"] == avant.provenance["competences_transversales"]
    )


async def test_sites_utiles_and_aptitudes_are_lists_of_objects(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    await login("editeur")  # type: ignore[operator]
    form = await _ouvrir(client)
    page = await _envoyer(client, form, "ajouter:sites_utiles")
    page = await _envoyer(client, _formulaire(page.text), "ajouter:sites_utiles")
    form = _formulaire(page.text)
    form["sites_utiles.nom"][-2:] = ["Onisep", "France Travail"]
    form["sites_utiles.url"][-2:] = ["https://www.onisep.fr/", "https://www.francetravail.fr/"]
    page = await _envoyer(client, form, "ajouter:aptitudes")
    form = _formulaire(page.text)
    form["aptitudes.nom"][-1] = "Raisonnement logique"
    form["aptitudes.niveau"][-1] = "4"
    page = await _envoyer(client, form, "monter:sites_utiles:1")
    form = _formulaire(page.text)
    assert form["sites_utiles.nom"][:2] == ["France Travail", "Onisep"]
    assert form["aptitudes.nom"][-1] == "Raisonnement logique"  # other lists' input kept
    assert (await _envoyer(client, form)).status_code == 303
    row = _fiche(imported)
    assert [s["nom"] for s in row.sites_utiles][:2] == ["France Travail", "Onisep"]
    assert row.sites_utiles[0]["url"] == "https://www.francetravail.fr/"
    assert row.aptitudes[-1] == {"nom": "Raisonnement logique", "niveau": 4, "description": ""}


async def test_a_stale_version_keeps_the_input_with_a_french_message(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    await login("editeur")  # type: ignore[operator]
    form = await _ouvrir(client)
    other = dict(form) | {"description": ["Changée par quelqu'un d'autre."]}
    assert (await _envoyer(client, other)).status_code == 303
    form |= {"description_courte": ["Ma version à moi."], "motif": ["Relecture"]}
    response = await _envoyer(client, form)
    assert response.status_code == 409
    texte = unescape(response.text)
    assert "a été modifiée entre-temps" in texte and "Votre saisie est conservée" in texte
    kept = _formulaire(response.text)
    assert kept["description_courte"] == ["Ma version à moi."] and kept["motif"] == ["Relecture"]
    assert kept["version"] == ["1"]
    row = _fiche(imported)
    assert row.version == 2 and row.description_courte != "Ma version à moi."


async def test_saving_the_form_unchanged_writes_nothing(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    await login("editeur")  # type: ignore[operator]
    response = await _envoyer(client, await _ouvrir(client))
    assert response.headers["location"].endswith("message=inchangee")
    assert _fiche(imported).version == 1 and _revisions(imported) == 1


async def test_a_list_button_with_an_unknown_action_is_a_french_422(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    await login("editeur")  # type: ignore[operator]
    form = await _ouvrir(client)
    response = await _envoyer(client, form, "supprimer:missions_principales:999")
    assert response.status_code == 422 and "Action inconnue" in unescape(response.text)
