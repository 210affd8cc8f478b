"""No « fiche(s) » in anything a person reads: counts agree in number (``nombres.accord``,
the ``accord`` template global), checked on the source so that a new « (s) » fails."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "agents_metiers"
MARQUE = re.compile(r"\w\(s\)|[aeu]\(x\)")  # « fiche(s) », « nouveau(x) » (SQL's « d(x) » aside)


def _textes_python(path: Path) -> list[str]:
    """String literals of a module, docstrings aside (they are for developers)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docstrings
    ]  # fmt: skip


def _marques(textes: list[str]) -> list[str]:
    return [t for t in textes if MARQUE.search(t.replace("http(s)", ""))]


def test_no_python_string_marks_a_plural_with_parentheses() -> None:
    trouvees = {
        str(path.relative_to(PACKAGE)): marques
        for path in sorted(PACKAGE.rglob("*.py"))
        if (marques := _marques(_textes_python(path)))
    }
    assert trouvees == {}


def test_no_template_or_translation_marks_a_plural_with_parentheses() -> None:
    fichiers = [
        *(PACKAGE / "web" / "templates").glob("*.html"),
        *(PACKAGE / "web" / "locales").glob("*.json"),
        *(PACKAGE / "rendering" / "templates").glob("*.html"),
    ]
    trouvees = {
        f.name: marques
        for f in sorted(fichiers)
        if (marques := _marques(f.read_text(encoding="utf-8").splitlines()))
    }
    assert trouvees == {}


def test_the_checker_sees_a_plural_mark() -> None:
    assert _marques(["2 fiche(s) affichée(s)", "{n} nouveau(x)", "https://x", "http(s)://"]) == [
        "2 fiche(s) affichée(s)",
        "{n} nouveau(x)",
    ]
