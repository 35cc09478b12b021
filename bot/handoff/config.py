"""Handoff settings from the environment; defaults are production values, tests shorten them.

| env var | default | what |
|---|---|---|
| ``PHUEAN_HANDOFF_NO_CLAIM_S`` | 600 | a waiting case nobody claimed this long: remind the user |
| ``PHUEAN_SESSION_IDLE_S`` | 1800 | console session ends after this long without a request |
| ``PHUEAN_SESSION_MAX_S`` | 43200 | console session ends this long after login, whatever happens |
| ``PHUEAN_LOGIN_MAX_FAILURES`` | 5 | failed logins per account within the window before 429 |
| ``PHUEAN_LOGIN_WINDOW_S`` | 900 | the throttling window |
| ``PHUEAN_SECURE_COOKIES`` | 0 | 1: always mark the session cookie ``Secure`` (it is anyway
  when the request came over TLS or with ``X-Forwarded-Proto: https``) |
| ``PHUEAN_MAX_MESSAGE_CHARS`` | 4000 | longest reply or note |
| ``PHUEAN_RASA_URL`` | ``http://PHUEAN_HOST:RASA_PORT`` | where replies are delivered |
| ``PHUEAN_RASA_TOKEN`` | unset | Rasa's ``--auth-token``, when the Rasa API is protected |
| ``PHUEAN_FEED_POLL_S`` | 0.2 | how often the console feed reads new events |
| ``PHUEAN_WATCH_INTERVAL_S`` | 2 | how often reminders and undelivered replies are looked at |
| ``PHUEAN_ERASURE_DELAY_S`` | 5 | a user's data is deleted this long after they confirmed (and
  once Rasa saved that turn) |
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

from bot.settings import Settings


def _number(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


@dataclass(frozen=True)
class HandoffConfig:
    no_claim_s: float = 600
    session_idle_s: float = 1800
    session_max_s: float = 43200
    login_max_failures: int = 5
    login_window_s: float = 900
    secure_cookies: bool = False
    max_message_chars: int = 4000
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token: str | None = None
    feed_poll_s: float = 0.2
    watch_interval_s: float = 2
    erasure_delay_s: float = 5

    @classmethod
    def from_env(cls, settings: Settings | None = None) -> HandoffConfig:
        settings = settings or Settings.from_env()
        return cls(
            no_claim_s=_number("PHUEAN_HANDOFF_NO_CLAIM_S", 600),
            session_idle_s=_number("PHUEAN_SESSION_IDLE_S", 1800),
            session_max_s=_number("PHUEAN_SESSION_MAX_S", 43200),
            login_max_failures=int(_number("PHUEAN_LOGIN_MAX_FAILURES", 5)),
            login_window_s=_number("PHUEAN_LOGIN_WINDOW_S", 900),
            secure_cookies=os.environ.get("PHUEAN_SECURE_COOKIES", "0") == "1",
            max_message_chars=int(_number("PHUEAN_MAX_MESSAGE_CHARS", 4000)),
            rasa_url=os.environ.get(
                "PHUEAN_RASA_URL", f"http://{settings.host}:{settings.rasa_port}"
            ).rstrip("/"),
            rasa_token=os.environ.get("PHUEAN_RASA_TOKEN") or None,
            feed_poll_s=_number("PHUEAN_FEED_POLL_S", 0.2),
            watch_interval_s=_number("PHUEAN_WATCH_INTERVAL_S", 2),
            erasure_delay_s=_number("PHUEAN_ERASURE_DELAY_S", 5),
        )

    @property
    def no_claim_minutes(self) -> int:
        """The no-claim time in whole minutes (at least 1), as the user is told it."""
        return max(1, math.ceil(self.no_claim_s / 60))
