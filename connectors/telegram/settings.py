"""The Telegram channel's settings, from ``credentials.yml`` or from the environment.

``credentials.telegram.yml`` (docs/design.md, "Telegram channel")::

    connectors.telegram.TelegramInput:
      token: ${TELEGRAM_TOKEN}
      webhook_secret: ${TELEGRAM_WEBHOOK_SECRET}
      base_url: https://api.telegram.org/bot
      mode: ${TELEGRAM_MODE}          # webhook (default) or polling (local development)

The command line (``phuean telegram ...``) and caseworker replies from the web app read the same
values from ``TELEGRAM_TOKEN``, ``TELEGRAM_WEBHOOK_SECRET`` and ``TELEGRAM_BASE_URL``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DEFAULT_BASE_URL = "https://api.telegram.org/bot"
MODES = ("webhook", "polling")
# Telegram: 1-256 characters, A-Z, a-z, 0-9, _ and - (setWebhook's secret_token).
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


class TelegramSettingsError(ValueError):
    """The channel is configured in a way that cannot work; the message says how to fix it."""


@dataclass(frozen=True)
class TelegramSettings:
    token: str
    webhook_secret: str = ""
    base_url: str = DEFAULT_BASE_URL
    mode: str = "webhook"
    # Tuning; the defaults suit Telegram's published limits.
    concurrency: int = 4  # chats handled at once; more only adds CPU contention in Rasa
    messages_per_second: float = 30.0  # whole bot (Telegram: about 30)
    chat_messages_per_second: float = 1.0  # one private chat, after a burst of ``chat_burst``
    chat_burst: int = 3
    poll_seconds: float = 1.0

    @property
    def bot_id(self) -> str:
        """The numeric id before the colon of the token: public, unlike the token."""
        return self.token.split(":", 1)[0]

    @classmethod
    def from_credentials(cls, credentials: Mapping[str, Any]) -> TelegramSettings:
        known = {
            name: credentials[name] for name in cls.__dataclass_fields__ if name in credentials
        }
        unknown = sorted(set(credentials) - set(known))
        if unknown:
            raise TelegramSettingsError(f"unknown Telegram settings: {', '.join(unknown)}")
        for name in ("concurrency", "chat_burst"):
            if name in known:
                known[name] = int(known[name])
        for name in ("messages_per_second", "chat_messages_per_second", "poll_seconds"):
            if name in known:
                known[name] = float(known[name])
        for name in ("token", "webhook_secret", "base_url", "mode"):
            if name in known:
                known[name] = str(known[name] or "").strip()
        if not known.get("base_url"):
            known.pop("base_url", None)
        if not known.get("mode"):
            known.pop("mode", None)
        settings = cls(**known)
        settings.check()
        return settings

    @classmethod
    def from_env(cls) -> TelegramSettings:
        settings = cls(
            token=os.environ.get("TELEGRAM_TOKEN", "").strip(),
            webhook_secret=os.environ.get("TELEGRAM_WEBHOOK_SECRET", "").strip(),
            base_url=os.environ.get("TELEGRAM_BASE_URL", "").strip() or DEFAULT_BASE_URL,
        )
        if not settings.token:
            raise TelegramSettingsError("TELEGRAM_TOKEN is not set")
        return settings

    def check(self) -> None:
        if not self.token:
            raise TelegramSettingsError("the Telegram channel needs a token (TELEGRAM_TOKEN)")
        if self.mode not in MODES:
            raise TelegramSettingsError(f"Telegram mode must be one of {MODES}, not {self.mode!r}")
        if self.mode == "webhook" and not _SECRET.fullmatch(self.webhook_secret):
            raise TelegramSettingsError(
                "webhook mode needs webhook_secret (TELEGRAM_WEBHOOK_SECRET): 1-256 characters "
                "of A-Z, a-z, 0-9, _ and -; or set mode: polling for local development"
            )
