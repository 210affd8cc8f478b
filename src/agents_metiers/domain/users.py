"""Users: roles and the password policy (pure)."""

from __future__ import annotations

import re
from enum import StrEnum

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PASSWORD_MIN_LENGTH = 10


class Role(StrEnum):
    ADMIN = "admin"
    EDITEUR = "editeur"
    RELECTEUR = "relecteur"
    LECTEUR = "lecteur"


def password_problem(password: str) -> str | None:
    """Why ``password`` is refused, or None when it meets the policy."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return f"Le mot de passe doit contenir au moins {PASSWORD_MIN_LENGTH} caractères."
    if not re.search(r"[A-Za-zÀ-ÿ]", password) or not re.search(r"\d", password):
        return "Le mot de passe doit contenir au moins une lettre et un chiffre."
    return None
