"""Replies that are one catalogue message, optionally with the main menu under it.

Each action is a few lines of data: its name, its message id and whether the menu follows. The
knowledge answers live in
``knowledge.py``, deleting the user's data in ``erasure.py``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.buttons import menu_buttons
from bot.actions.conversation import language_of
from bot.i18n import translate


class CatalogueReply(Action):
    """Sends ``message_id`` in the conversation's language.

    Marked abstract just below the class: the action server registers only
    the concrete replies, not this base with an empty name.
    """

    action: ClassVar[str]
    message_id: ClassVar[str]
    with_menu: ClassVar[bool] = False

    def name(self) -> str:
        return self.action

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = language_of(tracker)
        buttons = menu_buttons(language) if self.with_menu else []
        dispatcher.utter_message(text=translate(self.message_id, language), buttons=buttons)
        return []


CatalogueReply.__abstractmethods__ = frozenset({"name"})


class ActionGreet(CatalogueReply):
    action, message_id, with_menu = "action_greet", "greet", True


class ActionGoodbye(CatalogueReply):
    action, message_id = "action_goodbye", "goodbye"


class ActionThank(CatalogueReply):
    action, message_id = "action_thank", "thank"


class ActionAffirm(CatalogueReply):
    action, message_id, with_menu = "action_affirm", "affirm", True


class ActionDeny(CatalogueReply):
    action, message_id = "action_deny", "deny"


class ActionBotChallenge(CatalogueReply):
    action, message_id = "action_bot_challenge", "bot_challenge"


class ActionOutOfScope(CatalogueReply):
    action, message_id, with_menu = "action_out_of_scope", "out_of_scope", True


class ActionFallback(CatalogueReply):
    action, message_id, with_menu = "action_fallback", "fallback", True


class ActionReportProblem(CatalogueReply):
    action, message_id = "action_report_problem", "placeholder.report_problem"
