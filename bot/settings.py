"""Settings from the environment, with the defaults of docs/design.md ("Processes, ports")."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = PROJECT_ROOT / "var"


@dataclass(frozen=True)
class Settings:
    host: str
    rasa_port: int
    action_port: int
    web_port: int
    db_url: str

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            host=os.environ.get("PHUEAN_HOST", "127.0.0.1"),
            rasa_port=int(os.environ.get("RASA_PORT", "5005")),
            action_port=int(os.environ.get("ACTION_PORT", "5055")),
            web_port=int(os.environ.get("PHUEAN_WEB_PORT", "8080")),
            db_url=os.environ.get("PHUEAN_DB_URL", f"sqlite:///{VAR_DIR / 'phuean.db'}"),
        )


def secret_key(var_dir: Path = VAR_DIR) -> bytes:
    """``PHUEAN_SECRET_KEY``, or a key generated once into ``var/secret_key`` (mode 0600)."""
    configured = os.environ.get("PHUEAN_SECRET_KEY")
    if configured:
        return configured.encode()
    path = var_dir / "secret_key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip().encode()
