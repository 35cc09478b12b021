"""Hotline numbers for the safety replies, by the country the user is in.

This is the interface the safety actions use; today it reads ``hotlines.yml`` next to this file,
which holds only numbers confirmed by a cited source. The knowledge base (issue 4) will provide
hotline entries with the same facts (number, purpose, hours, source, status), and this module is
the single place to switch to it. Unverified numbers are never returned: a wrong number given to
someone in danger is worse than none, and the reply then offers a caseworker instead.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

HOTLINES_FILE = Path(__file__).with_name("hotlines.yml")
KINDS = ("trafficking", "social_help", "women_children", "emergency", "crisis")
CRISIS = "crisis"
VERIFIED = "verified"
_STATUSES = (VERIFIED, "unverified")


class HotlineDataError(ValueError):
    """``hotlines.yml`` has an entry the replies cannot use."""


@dataclass(frozen=True)
class Hotline:
    country: str
    number: str
    kind: str
    hours: str
    source_url: str
    status: str

    @property
    def always_open(self) -> bool:
        return self.hours == "24/7"


def _entry(country: str, raw: Any) -> Hotline:
    where = f"hotlines.yml {country}: {raw!r}"
    if not isinstance(raw, dict):
        raise HotlineDataError(f"{where}: each entry must be a mapping")
    source = raw.get("source") or {}
    if raw.get("kind") not in KINDS:
        raise HotlineDataError(f"{where}: kind must be one of {', '.join(KINDS)}")
    if raw.get("status") not in _STATUSES:
        raise HotlineDataError(f"{where}: status must be verified or unverified")
    if not str(raw.get("number") or "").strip():
        raise HotlineDataError(f"{where}: number is missing")
    if not isinstance(source, dict) or not source.get("org"):
        raise HotlineDataError(f"{where}: every number needs a source")
    if raw["status"] == VERIFIED and not source.get("url"):
        raise HotlineDataError(f"{where}: a verified number needs the source's url")
    if not isinstance(raw.get("last_reviewed"), datetime.date):
        raise HotlineDataError(f"{where}: last_reviewed must be a date (YYYY-MM-DD)")
    return Hotline(
        country=country,
        number=str(raw["number"]).strip(),
        kind=str(raw["kind"]),
        hours=str(raw.get("hours") or ""),
        source_url=str(source.get("url") or ""),
        status=str(raw["status"]),
    )


def load_hotlines(path: Path = HOTLINES_FILE) -> dict[str, tuple[Hotline, ...]]:
    """Every entry of ``path`` by country code, checked; raises :class:`HotlineDataError`."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, dict):
        raise HotlineDataError(f"{path}: expected a mapping of country codes")
    return {
        str(country): tuple(_entry(str(country), entry) for entry in entries or [])
        for country, entries in raw.items()
    }


@cache
def _hotlines() -> dict[str, tuple[Hotline, ...]]:
    return load_hotlines()


def hotlines_for(country: str | None, crisis: bool = False) -> list[Hotline]:
    """The verified numbers to give someone in ``country``, in the order to show them.

    ``crisis=True`` (a message about self-harm) puts mental-health crisis lines first and keeps
    the emergency number; otherwise crisis lines are left out. Empty when nothing is verified.
    """
    entries = [h for h in _hotlines().get(str(country or "").upper(), ()) if h.status == VERIFIED]
    if crisis:
        return [h for h in entries if h.kind == CRISIS] + [
            h for h in entries if h.kind == "emergency"
        ]
    return [h for h in entries if h.kind != CRISIS]


def countries_with_hotlines() -> list[str]:
    """Countries the country buttons offer: the ones the file covers, in its order."""
    return list(_hotlines())
