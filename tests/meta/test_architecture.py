"""Dependencies point one way (STYLE.md): checked on the source, so a wrong import fails."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "agents_metiers"

# layer → packages of agents_metiers it must never import
FORBIDDEN = {
    "domain": {
        "config",
        "errors",
        "storage",
        "rome",
        "sources",
        "agents",
        "services",
        "rendering",
        "web",
        "cli",
        "jobs",
    },
    "storage": {"services", "web", "cli", "jobs", "rome", "agents"},
    "rome": {"services", "web", "cli", "jobs"},
    "services": {"web", "cli", "jobs"},
    "web": {"cli", "jobs"},
    "cli": {"web", "jobs"},
    "jobs": {"web", "cli"},
}

# Named exceptions. Migrations 0008 and 0015 (re)build the public read model of the fiches
# already published with the very builder publications use (``services.fiches.publication``):
# a copy in ``storage`` could drift from it. Alembic loads migrations on its own; nothing in
# ``storage`` imports them.
ALLOWED = {
    "storage/migrations/versions/0008_lecture_publique.py": {"services"},
    "storage/migrations/versions/0015_documents_publics.py": {"services"},
}


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {
        name.split(".")[1]
        for name in names
        if name.startswith("agents_metiers.") and len(name.split(".")) > 1
    }


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_what_it_may(layer: str) -> None:
    violations = []
    for path in sorted((PACKAGE / layer).rglob("*.py")) if (PACKAGE / layer).is_dir() else []:
        allowed = ALLOWED.get(str(path.relative_to(PACKAGE)), set())
        bad = _imported_packages(path) & FORBIDDEN[layer] - allowed
        if bad:
            violations.append(f"{path.relative_to(PACKAGE)} imports {sorted(bad)}")
    assert violations == []


def test_the_checker_sees_imports() -> None:
    assert "storage" in _imported_packages(PACKAGE / "services" / "fiches" / "lecture.py")
