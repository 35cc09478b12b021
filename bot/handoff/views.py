"""The JSON shapes of docs/design.md ("Caseworker API") built from the store's rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.handoff.constants import WAITING, risk_rank
from bot.handoff.models import Case, Note, TranscriptEntry
from bot.handoff.timing import iso

Json = dict[str, Any]


def waiting_seconds(case: Case, now: datetime) -> int:
    """How long the user waited (so far, or until someone claimed or closed the case)."""
    until = now if case.state == WAITING else (case.claimed_at or case.closed_at or now)
    return max(0, int((until - case.opened_at).total_seconds()))


def case_summary(case: Case, now: datetime) -> Json:
    return {
        "id": case.id,
        "state": case.state,
        "language": case.language,
        "country": case.country,
        "channel": case.channel,
        "risk_level": case.risk_level,
        "indicators": list(case.indicators or []),
        "opened_at": iso(case.opened_at),
        "waiting_s": waiting_seconds(case, now),
        "assignee": case.assignee.username if case.assignee else None,
        "opened_by": case.opened_by,
        "outcome": case.outcome,
        "reminded": case.no_claim_notified_at is not None,
    }


def queue_order(case: Case) -> tuple[int, datetime]:
    """Highest risk first, then whoever has waited longest."""
    return (-risk_rank(case.risk_level), case.opened_at)


def entry_view(entry: TranscriptEntry) -> Json:
    view: Json = {"id": entry.id, "at": iso(entry.at), "from": entry.sender, "text": entry.text}
    if entry.author is not None:
        view["author"] = entry.author.username
    if entry.deliver:
        view["delivered"] = entry.delivered_at is not None
    return view


def note_view(note: Note) -> Json:
    return {"id": note.id, "at": iso(note.at), "author": note.author.username, "text": note.text}
