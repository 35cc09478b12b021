"""The user names a country (typed, or a country button): remember it and answer what waits.

- A question was waiting for a country (``pending_topic``): answer it for that country.
- The user changes country after an answer (``last_topic``): answer it again for the new one.
- Otherwise: say the country back in the user's language (CLDR's name) with the main menu.
A country button without a country ("Another country") shows the picker; a country we cannot
recognise gets an honest "I don't know it yet" and, if a question was waiting, general advice.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.buttons import menu_buttons
from bot.actions.conversation import language_of
from bot.actions.knowledge import (
    answer,
    ask_country,
    countries_in_message,
    parse_topic_key,
    unavailable,
)
from bot.actions.knowledge_render import country_name
from bot.constants import SLOT_COUNTRY, SLOT_LAST_TOPIC, SLOT_PENDING_TOPIC
from bot.i18n import translate
from bot.knowledge import KnowledgeError, knowledge_store


class ActionInformCountry(Action):
    def name(self) -> str:
        return "action_inform_country"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = language_of(tracker)
        pending = parse_topic_key(tracker.get_slot(SLOT_PENDING_TOPIC))
        last = parse_topic_key(tracker.get_slot(SLOT_LAST_TOPIC))
        named = countries_in_message(tracker)
        text = (tracker.latest_message or {}).get("text") or ""
        if not named and text.startswith("/"):
            # "Another country": show the picker, the last question waits for the choice.
            waiting = tracker.get_slot(SLOT_PENDING_TOPIC) or tracker.get_slot(SLOT_LAST_TOPIC)
            return ask_country(dispatcher, language, waiting if parse_topic_key(waiting) else None)
        question = pending or last
        if not question or not (named or pending):
            if named:
                name = country_name(named[0], language)
                dispatcher.utter_message(
                    text=translate("country.set", language, country=name),
                    buttons=menu_buttons(language),
                )
                return [SlotSet(SLOT_COUNTRY, named[0])]
            dispatcher.utter_message(
                text=translate("country.unknown", language), buttons=menu_buttons(language)
            )
            return []
        try:
            knowledge = knowledge_store().knowledge()
        except KnowledgeError:
            return unavailable(dispatcher, language)
        if not named:
            dispatcher.utter_message(text=translate("country.unknown", language))
        topic, aspect = question
        country = named[0] if named else None
        return answer(dispatcher, knowledge, language, topic=topic, aspect=aspect, country=country)
