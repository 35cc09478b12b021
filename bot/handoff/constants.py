"""Names of the handoff contract (docs/design.md, "Caseworker API" and "Handoff states")."""

from __future__ import annotations

from typing import Final

# Case states. The ``handoff`` slot mirrors the first two; a closed case puts it back to ``none``.
WAITING: Final = "waiting"
ACTIVE: Final = "active"
CLOSED: Final = "closed"
CASE_STATES: Final = (WAITING, ACTIVE, CLOSED)
OPEN_STATES: Final = (WAITING, ACTIVE)
SLOT_NONE: Final = "none"

# Who wrote a transcript entry.
FROM_USER: Final = "user"
FROM_BOT: Final = "bot"
FROM_CASEWORKER: Final = "caseworker"
FROM_SYSTEM: Final = "system"

OUTCOMES: Final = ("resolved", "referred", "no_response", "duplicate", "other")

# Roles of console accounts.
CASEWORKER: Final = "caseworker"
SUPERVISOR: Final = "supervisor"
ROLES: Final = (CASEWORKER, SUPERVISOR)

# Risk levels, lowest first: the queue puts the highest first.
RISK_LEVELS: Final = ("none", "concern", "urgent")

# What opened a case.
OPENED_BY_USER: Final = "request_human"
OPENED_BY_RISK: Final = "risk"

# Server-sent event kinds.
EVENT_CASE_OPENED: Final = "case_opened"
EVENT_CASE_UPDATED: Final = "case_updated"
EVENT_MESSAGE: Final = "message"

# Audit log actions.
AUDIT_VIEW: Final = "view"
AUDIT_CLAIM: Final = "claim"
AUDIT_REPLY: Final = "reply"
AUDIT_NOTE: Final = "note"
AUDIT_CLOSE: Final = "close"
AUDIT_LOGIN: Final = "login"
AUDIT_LOGIN_FAILED: Final = "login_failed"
AUDIT_LOGOUT: Final = "logout"
# The user deleted their data: the case's text is gone, its ids and times stay.
AUDIT_ERASE: Final = "erase"


def risk_rank(level: str | None) -> int:
    """0 for none (or unknown), 1 for concern, 2 for urgent."""
    return RISK_LEVELS.index(level) if level in RISK_LEVELS else 0
