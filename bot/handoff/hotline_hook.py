"""What a waiting user is told about hotlines while a caseworker is on the way.

The numbers come from the knowledge base (``bot/knowledge/content/hotlines.yml``, the only place a
number is written), for the country the user is in; unverified numbers carry their caveat. With
no country, or no numbers for it, the user gets a neutral sentence: a number is never invented.
"""

from __future__ import annotations

from bot.actions.knowledge_render import hotlines_message
from bot.constants import TOPIC_HOTLINE
from bot.i18n import translate
from bot.knowledge.store import knowledge_store


def hotline_hint(language: str, country: str | None) -> str:
    """Short text telling the user how to reach a hotline meanwhile (numbers when we have them)."""
    if country:
        selection = knowledge_store().knowledge().select(TOPIC_HOTLINE, country)
        if selection.specific and selection.entries:
            return hotlines_message(selection.entries, country, language)
    return translate("handoff.hotline_meanwhile", language)
