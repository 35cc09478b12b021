"""Safety escalation: what the assistant says when a message is screened as a risk.

The ``risk_level`` slot is filled after every message by ``action_set_risk_level`` (a custom slot
mapping, like the language), so the rules in ``data/rules.yml`` choose the reply on it:

- ``urgent`` → ``action_safety_first`` instead of the usual answer: one calm message with the
  hotline numbers of the country the user is in (crisis support first for self-harm), the offer
  of a caseworker and a reminder that the chat can be deleted, plus country buttons when the
  country is unknown. The escalation is recorded for the caseworkers (no message text).
- ``concern`` → the usual answer, then ``action_offer_help``: a person and a hotline, if wanted.
- after either, "no" → ``action_help_declined``: respected, and the assistant keeps helping;
  a country → ``action_safety_hotline`` gives that country's numbers.

Every first line is calm on purpose: phones show it on the lock screen, where someone else may
read it. Nothing here tells anyone they are a victim: the screener flags, people decide.
"""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.buttons import Button, menu_buttons
from bot.actions.conversation import language_of
from bot.actions.handoff import queue_urgent_case
from bot.actions.knowledge_render import country_name, hotline_lines
from bot.constants import (
    ENTITY_COUNTRY,
    RISK_CATEGORIES,
    RISK_KEY,
    RISK_LEVELS,
    RISK_NONE,
    RISK_URGENT,
    SELF_HARM,
    SLOT_COUNTRY,
    SLOT_RISK_LEVEL,
)
from bot.i18n import translate
from bot.safety.escalations import record_escalation
from bot.safety.hotlines import countries_with_hotlines, hotlines_for

ACTION_SAFETY_FIRST = "action_safety_first"
ACTION_OFFER_HELP = "action_offer_help"


def latest_risk(tracker: Tracker) -> tuple[str, list[str]]:
    """Level and indicators of the latest message; ``none`` for button payloads and bad data."""
    risk = (tracker.latest_message or {}).get(RISK_KEY) or {}
    level = risk.get("level") if isinstance(risk, dict) else None
    if level not in RISK_LEVELS:
        return RISK_NONE, []
    indicators = [i for i in risk.get("indicators") or [] if i in RISK_CATEGORIES]
    return str(level), indicators


def _known_country(tracker: Tracker) -> str | None:
    country = tracker.get_slot(SLOT_COUNTRY)
    return str(country).upper() if isinstance(country, str) and country.strip() else None


def numbers_block(country: str, language: str, crisis: bool = False) -> str:
    """'Call one of these in Thailand:' and the numbers, or an honest 'no checked number yet'.

    Each number reads as in the knowledge answers (what it is for, hours, languages), from the
    same entry, so a correction in the knowledge base reaches both.
    """
    name = country_name(country, language)
    hotlines = hotlines_for(country, crisis=crisis)
    if not hotlines:
        return translate("safety.no_number", language, country=name)
    lines = [hotline_lines(hotline.entry, language) for hotline in hotlines]
    return "\n".join([translate("safety.call", language, country=name), *lines])


def offer_buttons(language: str) -> list[Button]:
    return [
        {"title": translate("safety.button_human", language), "payload": "/request_human"},
        {"title": translate("safety.button_not_now", language), "payload": "/deny"},
    ]


def country_buttons(language: str) -> list[Button]:
    return [
        {
            "title": country_name(code, language),
            "payload": "/inform_country" + json.dumps({ENTITY_COUNTRY: code}),
        }
        for code in countries_with_hotlines()
    ]


def _self_harm_before(tracker: Tracker) -> bool:
    """Whether the user message before the latest one was about self-harm."""
    users = [e for e in tracker.events_after_latest_restart() if e.get("event") == "user"]
    if len(users) < 2:
        return False
    risk = (users[-2].get("parse_data") or {}).get(RISK_KEY) or {}
    return SELF_HARM in (risk.get("indicators") or [])


def _escalated_before(tracker: Tracker) -> bool:
    return any(
        e.get("event") == "action" and e.get("name") == ACTION_SAFETY_FIRST
        for e in tracker.events_after_latest_restart()
    )


class ActionSetRiskLevel(Action):
    """Custom slot mapping of ``risk_level``: the latest message's level, after every message."""

    def name(self) -> str:
        return "action_set_risk_level"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        level, _ = latest_risk(tracker)
        if level == tracker.get_slot(SLOT_RISK_LEVEL):
            return []
        return [SlotSet(SLOT_RISK_LEVEL, level)]


class ActionSafetyFirst(Action):
    """Answers an ``urgent`` message: support and numbers first, then a caseworker, if wanted."""

    def name(self) -> str:
        return ACTION_SAFETY_FIRST

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = language_of(tracker)
        level, indicators = latest_risk(tracker)
        country = _known_country(tracker)
        crisis = SELF_HARM in indicators
        if _escalated_before(tracker):
            opening = translate("safety.again", language)
        else:
            opening = translate("safety.crisis" if crisis else "safety.intro", language)
        parts = [opening]
        if country:
            parts.append(numbers_block(country, language, crisis))
        parts += [translate("safety.caseworker", language), translate("safety.delete", language)]
        dispatcher.utter_message(text="\n\n".join(parts), buttons=offer_buttons(language))
        if not country:
            dispatcher.utter_message(
                text=translate("safety.ask_country", language), buttons=country_buttons(language)
            )
        escalated_level = level if level != RISK_NONE else RISK_URGENT
        record_escalation(
            tracker.sender_id,
            escalated_level,
            indicators,
            language=language,
            country=country,
            channel=tracker.get_latest_input_channel(),
        )
        await queue_urgent_case(tracker, escalated_level, indicators)
        return []


class ActionOfferHelp(Action):
    """Follows the usual answer to a ``concern`` message: a person and a number, if wanted."""

    def name(self) -> str:
        return ACTION_OFFER_HELP

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = language_of(tracker)
        country = _known_country(tracker)
        parts = [translate("concern.offer", language)]
        if country:
            parts.append(numbers_block(country, language))
        else:
            parts.append(translate("concern.ask_country", language))
        parts.append(translate("safety.delete", language))
        dispatcher.utter_message(text="\n\n".join(parts), buttons=offer_buttons(language))
        return []


class ActionSafetyHotline(Action):
    """The numbers for the country the user just gave, after a safety message asked for it."""

    def name(self) -> str:
        return "action_safety_hotline"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = language_of(tracker)
        country = next(tracker.get_latest_entity_values(ENTITY_COUNTRY), None)
        country = str(country).upper() if country else _known_country(tracker)
        if not country:
            dispatcher.utter_message(text=translate("country.unknown", language))
            return []
        crisis = _self_harm_before(tracker)
        parts = [translate("safety.thanks", language), numbers_block(country, language, crisis)]
        parts.append(translate("safety.caseworker", language))
        dispatcher.utter_message(text="\n\n".join(parts), buttons=offer_buttons(language))
        return [SlotSet(SLOT_COUNTRY, country)]


class ActionHelpDeclined(Action):
    """The user said no to a caseworker: respected without pushing, and the bot keeps helping."""

    def name(self) -> str:
        return "action_help_declined"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = language_of(tracker)
        dispatcher.utter_message(
            text=translate("safety.declined", language), buttons=menu_buttons(language)
        )
        if _escalated_before(tracker):
            record_escalation(
                tracker.sender_id,
                RISK_URGENT,
                [],
                language=language,
                country=_known_country(tracker),
                channel=tracker.get_latest_input_channel(),
                event="declined",
            )
        return []
