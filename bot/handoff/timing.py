"""Time as the case store keeps it: naive UTC datetimes (SQLite keeps no time zone)."""

from __future__ import annotations

from datetime import datetime, timezone


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def iso(moment: datetime | None) -> str | None:
    """``2025-11-23T11:47:18.123Z``, the form the API sends."""
    if moment is None:
        return None
    return moment.isoformat(timespec="milliseconds") + "Z"


def from_timestamp(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, timezone.utc).replace(tzinfo=None)
