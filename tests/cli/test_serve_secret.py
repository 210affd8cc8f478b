"""``serve`` refuses the public default SECRET_KEY unless ENVIRONMENT=development is explicit."""

from __future__ import annotations

import subprocess
from collections.abc import Callable

Cli = Callable[..., subprocess.CompletedProcess[str]]


def test_serve_refuses_the_default_secret_with_one_sentence(cli: Cli) -> None:
    result = cli("serve", "--port", "8119")
    assert result.returncode == 1
    assert "SECRET_KEY n'est pas défini" in result.stderr
    assert "ENVIRONMENT=development" in result.stderr
    assert "Traceback" not in result.stderr
