"""Answers about recruitment fees, rights, safe migration and hotlines, for the user's country.

The country comes from the message (the CountryExtractor's ``country`` entity), else the
``country`` slot. When a topic needs one and none is known, the user is asked once, with country
buttons, and the question waits in the ``pending_topic`` slot; ``action_inform_country`` answers
it when the user picks. A country with no content of its own gets an honest "no details yet"
and the general content. Every answer ends with buttons for the natural next step.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.buttons import menu_buttons
from bot.actions.conversation import language_of
from bot.actions.knowledge_render import (
    country_buttons,
    country_name,
    entry_message,
    hotlines_message,
    is_country_code,
    next_buttons,
)
from bot.constants import (
    ENTITY_ASPECT,
    ENTITY_COUNTRY,
    SLOT_COUNTRY,
    SLOT_LAST_TOPIC,
    SLOT_PENDING_TOPIC,
    TOPIC_FEES,
    TOPIC_HOTLINE,
    TOPIC_RIGHTS,
    TOPIC_SAFE_MIGRATION,
    TOPICS,
)
from bot.i18n import translate
from bot.knowledge import OVERVIEW, KnowledgeBase, KnowledgeError, knowledge_store
from bot.knowledge.aspect_matcher import aspect_in

logger = logging.getLogger(__name__)

# Topics whose answer depends on the country (laws, numbers, corridors). Safe-migration advice
# is the same everywhere, so it is answered at once and only refined when a country is known.
NEEDS_COUNTRY = frozenset({TOPIC_FEES, TOPIC_RIGHTS, TOPIC_HOTLINE})
Events = list[dict[str, Any]]


def topic_key(topic: str, aspect: str) -> str:
    return topic if aspect == OVERVIEW else f"{topic}/{aspect}"


def parse_topic_key(value: object) -> tuple[str, str] | None:
    """``"rights/passport"`` -> ("rights", "passport"); None for anything that is not a topic."""
    if not isinstance(value, str):
        return None
    topic, _, aspect = value.partition("/")
    return (topic, aspect or OVERVIEW) if topic in TOPICS else None


def countries_in_message(tracker: Tracker) -> list[str]:
    return [
        str(code)
        for code in tracker.get_latest_entity_values(ENTITY_COUNTRY)
        if is_country_code(code)
    ]


def country_for(tracker: Tracker, knowledge: KnowledgeBase, topic: str) -> str | None:
    """The message's country (the first one we know something about), else the slot's."""
    named = countries_in_message(tracker)
    for code in named:
        if knowledge.has_content(topic, code):
            return code
    if named:
        return named[0]
    slot = tracker.get_slot(SLOT_COUNTRY)
    return str(slot) if is_country_code(slot) else None


def requested_aspect(
    tracker: Tracker, knowledge: KnowledgeBase, topic: str, country: str | None
) -> str:
    """The aspect a button asked for, or one the text names, else the overview."""
    available = knowledge.aspects(topic, country)
    from_button = next(tracker.get_latest_entity_values(ENTITY_ASPECT), None)
    if from_button in available:
        return str(from_button)
    text = (tracker.latest_message or {}).get("text") or ""
    if text.startswith("/"):
        return OVERVIEW
    return aspect_in(text, topic, knowledge_store().aspects(), available) or OVERVIEW


def ordered_aspects(knowledge: KnowledgeBase, topic: str, country: str | None) -> list[str]:
    """The topic's aspects in the order aspects.yml lists them (the order buttons show)."""
    listed = list(knowledge_store().aspects())
    return sorted(
        knowledge.aspects(topic, country),
        key=lambda aspect: listed.index(aspect) if aspect in listed else len(listed),
    )


def answer(
    dispatcher: CollectingDispatcher,
    knowledge: KnowledgeBase,
    language: str,
    *,
    topic: str,
    aspect: str,
    country: str | None,
) -> Events:
    """Sends the answer for ``topic``/``aspect`` in ``country`` (None: general content)."""
    selection = knowledge.select(topic, country, aspect)
    if not selection.entries:
        aspect = OVERVIEW
        selection = knowledge.select(topic, country, aspect)
    messages: list[str] = []
    if topic == TOPIC_HOTLINE and selection.specific and country:
        messages.append(hotlines_message(selection.entries, country, language))
    else:
        if country and not selection.specific and topic in NEEDS_COUNTRY:
            key = "kb.no_hotline" if topic == TOPIC_HOTLINE else "kb.no_details"
            messages.append(translate(key, language, country=country_name(country, language)))
        elif not country and topic in NEEDS_COUNTRY:
            messages.append(translate("kb.general_only", language))
        messages += [entry_message(entry, knowledge, language) for entry in selection.entries]
    buttons = next_buttons(topic, ordered_aspects(knowledge, topic, country), aspect, language)
    for message in messages[:-1]:
        dispatcher.utter_message(text=message)
    dispatcher.utter_message(text=messages[-1], buttons=buttons)
    events: Events = [
        SlotSet(SLOT_PENDING_TOPIC, None),
        SlotSet(SLOT_LAST_TOPIC, topic_key(topic, aspect)),
    ]
    if country:
        events.append(SlotSet(SLOT_COUNTRY, country))
    return events


def ask_country(dispatcher: CollectingDispatcher, language: str, pending: str | None) -> Events:
    dispatcher.utter_message(
        text=translate("kb.ask_country", language), buttons=country_buttons(language)
    )
    return [SlotSet(SLOT_PENDING_TOPIC, pending)]


def unavailable(dispatcher: CollectingDispatcher, language: str) -> Events:
    """The content could not be loaded at all: say so and offer the menu; never crash."""
    dispatcher.utter_message(
        text=translate("kb.unavailable", language), buttons=menu_buttons(language)
    )
    return []


class KnowledgeAnswer(Action):
    """Answers one topic; marked abstract below so only the four concrete actions register."""

    action: ClassVar[str]
    topic: ClassVar[str]

    def name(self) -> str:
        return self.action

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        language = language_of(tracker)
        try:
            knowledge = knowledge_store().knowledge()
        except KnowledgeError:
            logger.exception("No knowledge content to answer %s", self.topic)
            return unavailable(dispatcher, language)
        country = country_for(tracker, knowledge, self.topic)
        aspect = requested_aspect(tracker, knowledge, self.topic, country)
        key = topic_key(self.topic, aspect)
        already_asked = parse_topic_key(tracker.get_slot(SLOT_PENDING_TOPIC)) is not None
        if country is None and self.topic in NEEDS_COUNTRY and not already_asked:
            return ask_country(dispatcher, language, key)
        return answer(
            dispatcher, knowledge, language, topic=self.topic, aspect=aspect, country=country
        )


KnowledgeAnswer.__abstractmethods__ = frozenset({"name"})


class ActionRecruitmentFees(KnowledgeAnswer):
    action, topic = "action_recruitment_fees", TOPIC_FEES


class ActionRights(KnowledgeAnswer):
    action, topic = "action_rights", TOPIC_RIGHTS


class ActionSafeMigration(KnowledgeAnswer):
    action, topic = "action_safe_migration", TOPIC_SAFE_MIGRATION


class ActionHotline(KnowledgeAnswer):
    action, topic = "action_hotline", TOPIC_HOTLINE
