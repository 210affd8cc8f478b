"""The command line starts without loading the heavy libraries (issue 11 item 9).

Measured in ``scripts/bench_cli.py``; guarded here by what gets imported, never by timings.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from agents_metiers.services.runtime import Runtime

# Each costs from a tenth of a second to seconds at start-up; none is needed by --help.
HEAVY = (
    "anthropic",
    "openai",
    "pydantic_ai",
    "weasyprint",
    "procrastinate",
    "uvicorn",
    "fastapi",
    "jinja2",
    "sqlalchemy",
    "alembic",
    "httpx2",
    "pydantic",
)
# Never needed to show a fiche.
NOT_FOR_SHOW = ("anthropic", "openai", "pydantic_ai", "weasyprint", "procrastinate", "uvicorn")


def _loaded_after(code: str, env: dict[str, str] | None = None) -> list[str]:
    """Top-level packages of ``HEAVY`` in ``sys.modules`` once ``code`` has run."""
    probe = (
        f"import sys, json\n{code}\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    loaded: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_importing_the_command_line_loads_no_heavy_library() -> None:
    assert _loaded_after("import agents_metiers.cli.main") == []


def test_help_loads_no_heavy_library() -> None:
    code = (
        "from agents_metiers.cli.main import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass"
    )
    assert _loaded_after(code) == []


def test_show_loads_neither_the_ai_nor_the_pdf_libraries(imported: Runtime, cli: Any) -> None:
    code = (
        "from agents_metiers.cli.main import app\n"
        "try:\n    app(['show', 'M1805'])\nexcept SystemExit as exit:\n"
        "    assert not exit.code, exit.code"
    )
    loaded = _loaded_after(code, env=cli.env)
    assert "sqlalchemy" in loaded  # it did read the fiche
    assert [name for name in loaded if name in NOT_FOR_SHOW] == []
