"""Pseudonymous sender ids: what Rasa, the case store and the logs know a channel user by.

docs/design.md ("Privacy and safety"): the id is HMAC-SHA256 of ``channel:raw_id`` under
``PHUEAN_SECRET_KEY``. Without the key nobody can go from a tracker back to a phone or a chat, and
the same person keeps the same id across restarts and replicas because the key is shared.
"""

from __future__ import annotations

import hashlib
import hmac

from bot.settings import secret_key


def pseudonymous_id(channel: str, raw_id: str | int, key: bytes | None = None) -> str:
    """The sender id for ``raw_id`` on ``channel`` (64 hex characters)."""
    message = f"{channel}:{raw_id}".encode()
    return hmac.new(key or secret_key(), message, hashlib.sha256).hexdigest()
