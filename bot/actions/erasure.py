"""``delete_my_data``: ask first, then have the user's data deleted (bot/handoff/erasure.py).

The question comes with two buttons that send ``delete_my_data`` again with an ``erasure`` entity:
``confirm`` records the erasure request, ``keep`` keeps everything. Only the buttons delete: a
typed "yes" is an ordinary ``affirm``. The deleting itself happens in the web app once Rasa saved
this turn; deleting tracker rows here would be undone by that save.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.buttons import Button, menu_buttons
from bot.actions.conversation import language_of
from bot.constants import ENTITY_ERASURE, ERASURE_CONFIRM, ERASURE_KEEP
from bot.handoff.db import session_factory
from bot.handoff.erasure import request_erasure
from bot.i18n import translate
from bot.settings import Settings

logger = logging.getLogger(__name__)


def confirm_buttons(language: str) -> list[Button]:
    return [
        {
            "title": translate(f"erasure.button.{choice}", language),
            "payload": "/delete_my_data" + json.dumps({ENTITY_ERASURE: choice}),
        }
        for choice in (ERASURE_CONFIRM, ERASURE_KEEP)
    ]


class ActionDeleteMyData(Action):
    def name(self) -> str:
        return "action_delete_my_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = language_of(tracker)
        choice = next(tracker.get_latest_entity_values(ENTITY_ERASURE), None)
        if choice == ERASURE_CONFIRM:
            sessions = session_factory(Settings.from_env().db_url)
            request_id = request_erasure(sessions, tracker.sender_id)
            logger.info("erasure request %d recorded", request_id)
            dispatcher.utter_message(text=translate("erasure.done", language))
        elif choice == ERASURE_KEEP:
            dispatcher.utter_message(
                text=translate("erasure.kept", language), buttons=menu_buttons(language)
            )
        else:
            dispatcher.utter_message(
                text=translate("erasure.ask", language), buttons=confirm_buttons(language)
            )
        return []
