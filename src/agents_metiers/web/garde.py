"""The input guard: no NUL nor control character reaches a route (PRODUCT.md §10).

PostgreSQL refuses U+0000 in text (a 500 if it got that far) and SQLite would store it; other
control characters have no place in a fiche either. One app-wide dependency checks every
carrier of a request before its route runs — path, query string, JSON body, urlencoded form
and the text fields of a multipart form (uploaded files are data, not text) — and answers 422
with a French sentence (an HTML error page on pages, JSON on the API). Tab, CR and LF are
accepted in texts (query values and bodies), never in the path.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from urllib.parse import unquote_to_bytes

from fastapi import Request
from starlette.datastructures import UploadFile

from agents_metiers.domain.caracteres import caractere_interdit, premier_interdit
from agents_metiers.errors import InvalidInputError

MESSAGE = (
    "La requête contient un caractère de contrôle ({code}) dans {lieu}, qui n'est accepté "
    "nulle part : retirez-le puis recommencez."
)
_FORMULAIRES = ("application/x-www-form-urlencoded", "multipart/form-data")


def verifier_texte(texte: str, lieu: str, *, chemin: bool = False) -> None:
    """Raise 422 when ``texte`` holds a forbidden control character."""
    if code := caractere_interdit(texte, ligne=chemin):
        raise InvalidInputError(MESSAGE.format(code=code, lieu=lieu))


def _decoder(brut: bytes) -> str:
    # Undecodable bytes become U+FFFD (not a control character); the route judges the rest.
    return brut.decode("utf-8", errors="replace")


async def _verifier_corps(request: Request) -> None:
    type_contenu = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        corps = await request.body()  # cached: the form parser and the route read it again
    except RuntimeError:  # already consumed by a form parser: its result is cached
        corps = b""
    if type_contenu in _FORMULAIRES:
        formulaire = await request.form()
        for nom, valeur in formulaire.multi_items():
            verifier_texte(nom, "le formulaire")
            if isinstance(valeur, UploadFile):
                verifier_texte(valeur.filename or "", "le nom d'un fichier envoyé")
            else:
                verifier_texte(valeur, "le formulaire")
        return
    if not corps:
        return
    try:
        document = json.loads(corps)
    except ValueError:
        # Not JSON (or invalid JSON, refused later by the route): check the raw text.
        verifier_texte(_decoder(corps), "le corps de la requête")
        return
    if code := premier_interdit(document):
        raise InvalidInputError(MESSAGE.format(code=code, lieu="le corps JSON"))


async def garde_entrees(request: Request) -> AsyncIterator[None]:
    """App-wide dependency: refuse control characters in path, query and body (422).

    The uploaded files of a form it parsed are closed once the response is sent."""
    try:
        await _verifier(request)
        yield
    finally:
        await request.close()


async def _verifier(request: Request) -> None:
    chemin = unquote_to_bytes(request.scope.get("raw_path") or request.url.path.encode())
    verifier_texte(_decoder(chemin), "l'adresse", chemin=True)
    requete = request.scope.get("query_string", b"")
    if requete:
        verifier_texte(_decoder(unquote_to_bytes(requete.replace(b"+", b" "))), "l'adresse")
    await _verifier_corps(request)
