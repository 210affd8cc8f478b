"""A local stand-in for an OpenAI-compatible server (``/v1/chat/completions``).

It answers every request after a fixed delay with a call to the request's output tool, whose
arguments are a complete, plausible rédaction of a fiche. Tests and ``scripts/bench_jobs.py``
point ``LLM_MODEL=openai:…`` and ``LLM_BASE_URL`` at it, so the product's real provider client,
agents and job workers run end to end with no network. Run alone::

    python tests/support/fake_openai.py --port 8765 --delay 0.5
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

REDACTION: dict[str, Any] = {
    "description": (
        "Ce professionnel accompagne les personnes tout au long de leur projet. "
        "Il analyse les besoins, propose des solutions adaptées et suit leur mise en œuvre. "
        "Il travaille en lien avec de nombreux partenaires."
    ),
    "description_courte": "Accompagne les personnes et suit leur projet avec des partenaires.",
    "missions_principales": [
        "Accueillir les personnes et analyser leur demande",
        "Proposer des solutions adaptées à chaque situation",
        "Suivre la mise en œuvre des actions décidées",
        "Travailler en lien avec les partenaires du territoire",
        "Rendre compte de son activité à sa hiérarchie",
    ],
    "traits_personnalite": ["Écoute", "Rigueur", "Sens du contact", "Autonomie"],
    "aptitudes": [
        {"nom": "Communication", "niveau": 4, "description": "Expliquer clairement."},
        {"nom": "Organisation", "niveau": 4, "description": "Planifier son travail."},
        {"nom": "Analyse", "niveau": 3, "description": "Comprendre une situation."},
        {"nom": "Travail en équipe", "niveau": 4, "description": "Coopérer."},
        {"nom": "Adaptabilité", "niveau": 3, "description": "Faire face à l'imprévu."},
    ],
    "formations": ["BTS Services et prestations des secteurs sanitaire et social"],
    "certifications": [],
    "sites_utiles": [
        {
            "nom": "France Travail",
            "url": "https://www.francetravail.fr",
            "description": "Offres d'emploi et fiches métiers.",
        },
        {
            "nom": "ONISEP",
            "url": "https://www.onisep.fr",
            "description": "Formations et métiers.",
        },
        {
            "nom": "Mon compte formation",
            "url": "https://www.moncompteformation.gouv.fr",
            "description": "Financer une formation.",
        },
    ],
    "statuts_professionnels": ["Salarié du secteur privé", "Agent de la fonction publique"],
    "evolutions": [{"nom": "Responsable d'équipe", "type": "ascendante"}],
}


def _answer(tool: str, arguments: dict[str, Any], model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-local",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": "call_local",
                            "type": "function",
                            "function": {"name": tool, "arguments": json.dumps(arguments)},
                        }
                    ],
                },
                "finish_reason": "tool_calls",
            }
        ],
        "usage": {"prompt_tokens": 1200, "completion_tokens": 600, "total_tokens": 1800},
    }


class FakeOpenAI:
    """The server's state: fixed delay, number of requests received, peak concurrency."""

    def __init__(self, *, delay: float) -> None:
        self.delay = delay
        self.requests = 0
        self.in_flight = 0
        self.peak = 0

    async def completions(self, request: Request) -> JSONResponse:
        body = await request.json()
        self.requests += 1
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
        finally:
            self.in_flight -= 1
        tools = body.get("tools") or []
        if not tools:
            return JSONResponse({"error": {"message": "no output tool"}}, status_code=400)
        tool = tools[0]["function"]["name"]
        return JSONResponse(_answer(tool, REDACTION, body.get("model", "local")))

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/v1/chat/completions", self.completions, methods=["POST"])])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serving(*, delay: float) -> Iterator[tuple[FakeOpenAI, str]]:
    """Serve a ``FakeOpenAI`` on a free local port in a thread; yields it and its base URL."""
    fake = FakeOpenAI(delay=delay)
    port = free_port()
    config = uvicorn.Config(fake.app(), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("le faux serveur OpenAI n'a pas démarré")
        time.sleep(0.01)
    try:
        yield fake, f"http://127.0.0.1:{port}/v1"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--delay", type=float, default=0.5)
    args = parser.parse_args()
    uvicorn.run(FakeOpenAI(delay=args.delay).app(), host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
