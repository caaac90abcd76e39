"""The production environment that docs/deployment.md documents, for tests that start the
app the way a server does."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs" / "deployment.md"


def documented_env(tmp_path: Path) -> dict[str, str]:
    """The ```env block of docs/deployment.md, with its files and folders made under tmp_path."""
    block = re.search(r"```env\n(.*?)```", DOCS.read_text(), re.S).group(1)
    env = dict(line.split("=", 1) for line in block.splitlines() if line.strip())
    files = {
        "RANTING_SECRET_KEY_FILE": secrets.token_urlsafe(50),
        "DATABASE_URL_FILE": f"sqlite:///{tmp_path / 'ranting.sqlite3'}",
    }
    for name, content in files.items():
        path = tmp_path / name.lower()
        path.write_text(content + "\n")
        env[name] = str(path)
    for name in ("RANTING_STATIC_ROOT", "RANTING_VAR_DIR"):
        env[name] = str(tmp_path / Path(env[name]).name)
    return env


@pytest.fixture(scope="session")
def production_env():
    """production_env(tmp_path) → the documented variables, files made under tmp_path."""
    return documented_env
