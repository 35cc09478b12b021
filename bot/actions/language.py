"""The conversation's language: detected from each message, or chosen by the user.

``action_set_language`` is the custom slot mapping of the ``language`` slot, so Rasa runs it after
every user message, before the reply is chosen: the reply to the very first Khmer message is Khmer.
A picked English or Vietnamese stays until the user picks another language or writes in another
script: telling those two apart is a model's guess, and a guess never overrides a choice.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.buttons import language_buttons, menu_buttons
from bot.actions.conversation import chosen_language, language_of
from bot.constants import (
    LANGUAGE_KEY,
    LANGUAGES,
    LATIN_LANGUAGES,
    SLOT_LANGUAGE,
    SLOT_LANGUAGE_PINNED,
    SOURCE_MODEL,
    SOURCE_SCRIPT,
)
from bot.i18n import translate


def detected_language(tracker: Tracker) -> str | None:
    """The latest message's language when it was actually seen in the text, else None."""
    latest = tracker.latest_message or {}
    if (latest.get("text") or "").startswith("/"):
        return None  # a button payload says nothing about the user's language
    detected = latest.get(LANGUAGE_KEY) or {}
    code, source = detected.get("code"), detected.get("source")
    if code not in LANGUAGES or source not in {SOURCE_SCRIPT, SOURCE_MODEL}:
        return None
    pinned = tracker.get_slot(SLOT_LANGUAGE_PINNED)
    if source == SOURCE_MODEL and pinned and tracker.get_slot(SLOT_LANGUAGE) in LATIN_LANGUAGES:
        return None  # English vs. Vietnamese without tone marks is a guess; a choice beats it
    return str(code)


class ActionSetLanguage(Action):
    def name(self) -> str:
        return "action_set_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        chosen = chosen_language(tracker)
        if chosen:
            return [SlotSet(SLOT_LANGUAGE, chosen), SlotSet(SLOT_LANGUAGE_PINNED, True)]
        detected = detected_language(tracker)
        if detected and detected != tracker.get_slot(SLOT_LANGUAGE):
            return [SlotSet(SLOT_LANGUAGE, detected), SlotSet(SLOT_LANGUAGE_PINNED, False)]
        return []


class ActionChooseLanguage(Action):
    """Confirms a language the user named, or shows the picker when they named none."""

    def name(self) -> str:
        return "action_choose_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = language_of(tracker)
        if chosen_language(tracker):
            dispatcher.utter_message(
                text=translate("language.set", language), buttons=menu_buttons(language)
            )
        else:
            dispatcher.utter_message(
                text=translate("language.prompt", language), buttons=language_buttons()
            )
        return []
