"""Delivers caseworker replies and the bot's handoff messages through Rasa, to the user's channel.

Rasa 3.6's HTTP API appends events to a conversation and, with ``execute_side_effects=true``,
sends the new bot messages through the output channel named by ``output_channel``:

    POST /conversations/{id}/tracker/events?output_channel=socketio&execute_side_effects=true

For the web chat (socket.io) that emits ``bot_uttered`` to the room of the user's session id, so
the reply appears in the open page at once. For REST, which cannot push, the message lands in the
conversation's tracker (``GET /conversations/{id}/tracker``) and nowhere else. A Telegram
connector only needs ``get_output_channel()`` for its replies to be sent the same way. Slot
events in the same call move the ``handoff`` slot (``active`` on claim, ``none`` on close).
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any
from urllib.parse import quote

import aiohttp
from sqlalchemy.orm import Session, sessionmaker

from bot.actions.buttons import menu_buttons
from bot.constants import SLOT_HANDOFF
from bot.handoff.config import HandoffConfig
from bot.handoff.outbox import Outgoing, cases_with_undelivered, lease_case, mark_delivered, release

logger = logging.getLogger(__name__)

# Marks messages that came from the handoff, for anyone reading the tracker later.
HANDOFF_METADATA = {"phuean_handoff": True}


def rasa_events(line: Outgoing) -> list[dict[str, Any]]:
    now = time.time()
    events: list[dict[str, Any]] = []
    if line.sets_handoff:
        events.append(
            {"event": "slot", "name": SLOT_HANDOFF, "value": line.sets_handoff, "timestamp": now}
        )
    data = {"buttons": menu_buttons(line.language)} if line.with_menu else {}
    events.append(
        {
            "event": "bot",
            "text": line.text,
            "data": data,
            "metadata": HANDOFF_METADATA,
            "timestamp": now,
        }
    )
    return events


class RasaDelivery:
    """Sends each case's outbox lines, in order, through the Rasa server."""

    def __init__(
        self, sessions: sessionmaker[Session], config: HandoffConfig, client: aiohttp.ClientSession
    ) -> None:
        self._sessions = sessions
        self._config = config
        self._client = client

    async def deliver_case(self, case_id: str) -> None:
        """Sends what the case has undelivered, stopping at the first failure (order matters)."""
        lease = await asyncio.to_thread(lease_case, self._sessions, case_id)
        if lease is None:
            return  # another process is delivering this case right now
        try:
            for line in lease.lines:
                if not await self._send(line):
                    break
                await asyncio.to_thread(mark_delivered, self._sessions, line.entry_id)
        finally:
            await asyncio.to_thread(release, self._sessions, lease)

    async def deliver_all(self) -> None:
        for case_id in await asyncio.to_thread(cases_with_undelivered, self._sessions):
            await self.deliver_case(case_id)

    async def _send(self, line: Outgoing) -> bool:
        url = f"{self._config.rasa_url}/conversations/{quote(line.conversation_id, safe='')}"
        params = {"output_channel": line.channel, "execute_side_effects": "true"}
        if self._config.rasa_token:
            params["token"] = self._config.rasa_token
        try:
            async with self._client.post(
                f"{url}/tracker/events",
                params=params,
                json=rasa_events(line),
                timeout=aiohttp.ClientTimeout(total=10),
            ) as response:
                if response.status == 200:
                    return True
                logger.warning(
                    "delivery of line %s: Rasa answered %s", line.entry_id, response.status
                )
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.warning("delivery of line %s failed: %s", line.entry_id, type(error).__name__)
        return False
