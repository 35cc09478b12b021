"""Hotline numbers for the safety replies, by the country the user is in.

The numbers come from the knowledge base (``bot/knowledge/content/hotlines.yml``), the only place
a number is written, read through the running store so an operator's correction reaches the next
safety reply without a restart. Each entry's ``kind`` decides whether and where it is shown.
Unverified numbers are never returned: a wrong number given to someone in danger is worse than
none, and the reply then offers a caseworker instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.constants import ANY_COUNTRY, TOPIC_HOTLINE
from bot.knowledge import Entry, KnowledgeBase, KnowledgeError, knowledge_store

logger = logging.getLogger(__name__)

CRISIS = "crisis"
EMERGENCY = "emergency"
# Lines for someone in danger; `labour` lines (pay, permits) are left to the knowledge answers.
SAFETY_KINDS = ("trafficking", "social_help", "women_children", EMERGENCY)


@dataclass(frozen=True)
class Hotline:
    """One verified number as the safety replies use it; ``entry`` is the knowledge entry."""

    country: str
    number: str
    kind: str
    entry: Entry

    @property
    def source_url(self) -> str:
        return self.entry.source.url or ""

    @property
    def status(self) -> str:
        return self.entry.status


def _knowledge() -> KnowledgeBase | None:
    try:
        return knowledge_store().knowledge()
    except KnowledgeError:
        # The store has logged why; the reply says there is no checked number and offers a person.
        logger.error("No knowledge content: safety replies go out without numbers")
        return None


def _country_hotlines(knowledge: KnowledgeBase, country: str) -> list[Hotline]:
    return [
        Hotline(country=country, number=entry.hotline.number, kind=entry.hotline.kind, entry=entry)
        for entry in knowledge.entries
        if entry.hotline is not None and entry.verified and country in entry.countries
    ]


def hotlines_for(country: str | None, crisis: bool = False) -> list[Hotline]:
    """The verified numbers to give someone in ``country``, in the order to show them.

    ``crisis=True`` (a message about self-harm) puts mental-health crisis lines first and keeps
    the emergency numbers; otherwise crisis lines are left out. Empty when nothing is verified.
    """
    code = str(country or "").upper()
    knowledge = _knowledge()
    if not code or code == ANY_COUNTRY or knowledge is None:
        return []
    entries = _country_hotlines(knowledge, code)
    if crisis:
        return [h for h in entries if h.kind == CRISIS] + [
            h for h in entries if h.kind == EMERGENCY
        ]
    return [h for h in entries if h.kind in SAFETY_KINDS]


def countries_with_hotlines() -> list[str]:
    """Countries the country buttons offer: those with hotline entries, in the file's order."""
    knowledge = _knowledge()
    found: list[str] = []
    for entry in knowledge.entries if knowledge else ():
        if entry.topic == TOPIC_HOTLINE and entry.hotline is not None:
            found += sorted(entry.countries - {ANY_COUNTRY, *found})
    return found
