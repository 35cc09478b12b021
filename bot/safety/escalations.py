"""The record of risk escalations, until the handoff issue opens a case instead.

:func:`record_escalation` is the one call the safety actions make when a message is screened as
``urgent`` (and when the user declines the offer of a caseworker). The handoff issue replaces its
body with opening (or updating) a case carrying the same fields. It writes one JSON line per event
to ``PHUEAN_ESCALATION_LOG`` (default ``var/escalations.jsonl``): the pseudonymous conversation id,
channel, language, country, risk level and indicator categories — never the user's words, so the
record can be kept and shown to a supervisor without exposing what the person wrote.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.constants import RISK_CATEGORIES, RISK_LEVELS
from bot.settings import VAR_DIR

logger = logging.getLogger(__name__)

ESCALATION_LOG_ENV = "PHUEAN_ESCALATION_LOG"
EVENTS = ("escalated", "declined")


def escalation_log() -> Path:
    return Path(os.environ.get(ESCALATION_LOG_ENV) or VAR_DIR / "escalations.jsonl")


def record_escalation(
    conversation_id: str,
    level: str,
    indicators: Sequence[str],
    *,
    language: str,
    country: str | None = None,
    channel: str | None = None,
    event: str = "escalated",
) -> dict[str, Any]:
    """Records one escalation event and returns the record; raises ``ValueError`` on bad fields.

    Only known levels and indicator categories are accepted, so free text cannot slip in.
    """
    if level not in RISK_LEVELS:
        raise ValueError(f"unknown risk level {level!r}")
    unknown = [i for i in indicators if i not in RISK_CATEGORIES]
    if unknown:
        raise ValueError(f"unknown risk indicators {unknown!r}")
    if event not in EVENTS:
        raise ValueError(f"unknown escalation event {event!r}")
    record = {
        "at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "event": event,
        "conversation": conversation_id,
        "channel": channel,
        "language": language,
        "country": country,
        "risk_level": level,
        "indicators": list(indicators),
    }
    path = escalation_log()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(record, ensure_ascii=False) + "\n").encode()
    # One write on an O_APPEND descriptor: lines from concurrent action servers never interleave.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(descriptor, line)
    finally:
        os.close(descriptor)
    logger.info("risk escalation %s: level=%s indicators=%s", event, level, ",".join(indicators))
    return record
