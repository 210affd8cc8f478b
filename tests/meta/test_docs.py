"""The README and the settings reference stay true to the code."""

from __future__ import annotations

from pathlib import Path

import typer.main

from agents_metiers.cli.main import app
from agents_metiers.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def _commands(group: typer.Typer, prefix: str = "") -> list[str]:
    click_group = typer.main.get_command(group)
    names = []
    for name, command in click_group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        if sub:
            names += [f"{prefix}{name} {child}" for child in sub]
        else:
            names.append(f"{prefix}{name}")
    return names


def test_every_setting_is_documented() -> None:
    reference = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = [n for n in Settings.model_fields if f"`{n.upper()}`" not in reference]
    assert missing == []


def test_every_documented_setting_exists() -> None:
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    names = {
        line.lstrip("# ").split("=")[0].lower()
        for line in example.splitlines()
        if "=" in line and line.lstrip("# ")[:1].isupper() and " " not in line.split("=")[0]
    }
    assert names <= set(Settings.model_fields)


def test_every_cli_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [c for c in _commands(app) if f"agents-metiers {c}" not in readme]
    assert missing == []
