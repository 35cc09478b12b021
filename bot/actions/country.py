"""Remembers the country the user names, and says it back in their language (CLDR's name)."""

from __future__ import annotations

from typing import Any

from babel import Locale
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.buttons import menu_buttons
from bot.actions.conversation import entity_value, language_of
from bot.constants import ENTITY_COUNTRY
from bot.i18n import translate


def country_name(code: str, language: str) -> str:
    return str(Locale.parse(language).territories.get(code, code))


class ActionInformCountry(Action):
    def name(self) -> str:
        return "action_inform_country"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = language_of(tracker)
        code = entity_value(tracker, ENTITY_COUNTRY)
        if code:
            text = translate("country.set", language, country=country_name(str(code), language))
        else:
            text = translate("country.unknown", language)
        dispatcher.utter_message(text=text, buttons=menu_buttons(language))
        return []
