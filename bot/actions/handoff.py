"""Handing the conversation to a person: opening the case, and relaying while one is open.

``action_request_human`` opens a case (or finds the open one: never two) and tells the user what
happens now, about how long it takes and what to do meanwhile; the ``handoff`` slot then pauses
the bot (``bot/handoff/pause_policy.py``). While paused, ``action_handoff_relay`` writes every
user message to the case transcript, where the console shows it live, and says nothing, except to
a repeated request for a person while still waiting.

:func:`escalate` is the hook for an urgent risk: the risk detector's ``record_escalation``
(issue 5) calls it with the level and indicators and returns its events.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionReverted, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.actions.conversation import language_of
from bot.constants import RISK_KEY, SLOT_COUNTRY, SLOT_HANDOFF, SLOT_RISK_LEVEL
from bot.handoff.cases import (
    CaseRequest,
    Line,
    OpenedCase,
    open_case,
    record_bot_message,
    record_user_message,
)
from bot.handoff.config import HandoffConfig
from bot.handoff.constants import OPENED_BY_RISK, OPENED_BY_USER, SLOT_NONE, WAITING, risk_rank
from bot.handoff.db import session_factory
from bot.handoff.hotline_hook import hotline_hint
from bot.handoff.timing import from_timestamp, utcnow
from bot.i18n import translate
from bot.settings import Settings

logger = logging.getLogger(__name__)

REQUEST_HUMAN = "request_human"


@cache
def case_store() -> sessionmaker[Session]:
    return session_factory(Settings.from_env().db_url)


def _risk_seen(tracker: Tracker) -> tuple[str, list[str]]:
    """The highest risk level and all indicators the conversation's messages showed."""
    level = str(tracker.get_slot(SLOT_RISK_LEVEL) or "none")
    indicators: set[str] = set()
    for event in tracker.events:
        risk = (event.get("parse_data") or {}).get(RISK_KEY) or {}
        if event.get("event") == "user" and risk:
            if risk_rank(risk.get("level")) > risk_rank(level):
                level = str(risk["level"])
            indicators.update(str(item) for item in risk.get("indicators") or [])
    return level, sorted(indicators)


def _history(events: Iterable[dict[str, Any]]) -> list[Line]:
    senders = {"user": "user", "bot": "bot"}
    lines = []
    for event in events:
        sender = senders.get(str(event.get("event")))
        if sender and event.get("text"):
            at = from_timestamp(event["timestamp"]) if event.get("timestamp") else utcnow()
            lines.append(Line(at, sender, str(event["text"])))
    return lines


def case_request(
    tracker: Tracker, opened_by: str, risk_level: str | None, indicators: Sequence[str]
) -> CaseRequest:
    level, seen = _risk_seen(tracker)
    if risk_level and risk_rank(risk_level) > risk_rank(level):
        level = risk_level
    return CaseRequest(
        conversation_id=tracker.sender_id,
        channel=tracker.get_latest_input_channel() or "unknown",
        language=language_of(tracker),
        country=tracker.get_slot(SLOT_COUNTRY),
        risk_level=level,
        indicators=sorted({*seen, *indicators}),
        opened_by=opened_by,
        history=_history(tracker.events),
    )


def _unavailable(language: str, country: str | None) -> str:
    sorry = translate("handoff.unavailable", language)
    return f"{sorry}\n\n{hotline_hint(language, country)}"


async def _say(dispatcher: CollectingDispatcher, case: OpenedCase, text: str) -> None:
    """Sends the text and writes it to the case, so the console sees what the user was told."""
    dispatcher.utter_message(text=text)
    await asyncio.to_thread(record_bot_message, case_store(), case.case_id, text)


async def escalate(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    *,
    opened_by: str,
    risk_level: str | None = None,
    indicators: Sequence[str] = (),
) -> list[EventType]:
    """Opens (or finds) the conversation's case, tells the user, and pauses the bot."""
    language = language_of(tracker)
    request = case_request(tracker, opened_by, risk_level, indicators)
    try:
        case = await asyncio.to_thread(open_case, case_store(), request)
        if not case.created:
            # A case queued by risk screening, or one the slot missed (a restart mid-update).
            latest = tracker.latest_message.get("text") or ""
            await asyncio.to_thread(record_user_message, case_store(), tracker.sender_id, latest)
        if case.created or tracker.get_slot(SLOT_HANDOFF) in (None, SLOT_NONE):
            minutes = str(HandoffConfig.from_env().no_claim_minutes)
            opened = translate("handoff.opened", language, minutes=minutes)
            await _say(dispatcher, case, f"{opened}\n\n{hotline_hint(language, request.country)}")
        elif case.state == WAITING:
            await _say(dispatcher, case, translate("handoff.already_waiting", language))
    except SQLAlchemyError:
        logger.exception("could not open a case")
        dispatcher.utter_message(text=_unavailable(language, request.country))
        return []
    return [SlotSet(SLOT_HANDOFF, case.state)]


async def queue_urgent_case(tracker: Tracker, level: str, indicators: Sequence[str]) -> None:
    """Puts an urgent conversation in the caseworkers' queue, top of it, without pausing the bot.

    Screen, don't decide: the user is offered a caseworker and may decline, so the bot keeps
    answering until they accept (``action_request_human`` then joins this same case).
    """
    request = case_request(tracker, OPENED_BY_RISK, level, indicators)
    try:
        await asyncio.to_thread(open_case, case_store(), request)
    except SQLAlchemyError:
        logger.exception("could not queue an urgent case")


class ActionRequestHuman(Action):
    def name(self) -> str:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        return await escalate(dispatcher, tracker, opened_by=OPENED_BY_USER)


class ActionHandoffRelay(Action):
    """Writes the user's message to their case; the person on the case answers, not the bot."""

    def name(self) -> str:
        return "action_handoff_relay"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        latest = tracker.latest_message or {}
        risk = latest.get(RISK_KEY) or {}
        try:
            case = await asyncio.to_thread(
                record_user_message,
                case_store(),
                tracker.sender_id,
                str(latest.get("text") or ""),
                str(risk.get("level") or "none"),
                [str(item) for item in risk.get("indicators") or []],
            )
        except SQLAlchemyError:
            logger.exception("could not record a message for the case")
            dispatcher.utter_message(
                text=_unavailable(language_of(tracker), tracker.get_slot(SLOT_COUNTRY))
            )
            return []
        if case is None:
            # The case was closed while the slot could not be updated: step aside, so the
            # message is handled as if no case had been open.
            return [ActionReverted(), SlotSet(SLOT_HANDOFF, SLOT_NONE)]
        intent = (latest.get("intent") or {}).get("name")
        if intent == REQUEST_HUMAN and case.state == WAITING:
            await _say(dispatcher, case, translate("handoff.already_waiting", language_of(tracker)))
        return []
