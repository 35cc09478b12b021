"""What the actions need to know about the conversation, read from the tracker in one place."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from bot.constants import DEFAULT_LANGUAGE, ENTITY_LANGUAGE, LANGUAGES, SLOT_LANGUAGE
from bot.i18n.languages import language_named_in


def language_of(tracker: Tracker) -> str:
    """The language to answer in: the ``language`` slot, English if it is unset or unknown."""
    language = tracker.get_slot(SLOT_LANGUAGE)
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def entity_value(tracker: Tracker, entity: str) -> Any | None:
    """The first value of ``entity`` in the latest user message."""
    return next(tracker.get_latest_entity_values(entity), None)


def chosen_language(tracker: Tracker) -> str | None:
    """The language the latest message asks for: a language button, or a name in the text."""
    latest = tracker.latest_message or {}
    value = entity_value(tracker, ENTITY_LANGUAGE)
    if value in LANGUAGES:
        return str(value)
    if (latest.get("intent") or {}).get("name") != "choose_language":
        return None
    text = latest.get("text") or ""
    return None if text.startswith("/") else language_named_in(text)
