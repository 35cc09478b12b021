"""A web-chat user for tests: Rasa's socket.io channel, with chat.js's events and session id.

The transport is long-polling: python-engineio 4.15's websocket client needs aiohttp >= 3.10,
and Rasa 3.6 pins aiohttp 3.9. The browser tests cover the websocket transport the page uses.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import socketio


class SocketUser:
    """One browser-like user: a session id, a socket, and the bot messages received."""

    def __init__(self, rasa_url: str) -> None:
        self.rasa_url = rasa_url
        self.session_id = uuid.uuid4().hex
        self.received: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._client = socketio.AsyncClient(reconnection=False)
        self._confirmed = asyncio.Event()
        self._client.on("bot_uttered", self._on_bot)
        self._client.on("session_confirm", self._on_confirm)

    async def _on_bot(self, message: dict[str, Any]) -> None:
        message["received_at"] = time.perf_counter()
        await self.received.put(message)

    async def _on_confirm(self, _: Any) -> None:
        self._confirmed.set()

    async def connect(self) -> SocketUser:
        await self._client.connect(self.rasa_url, transports=["polling"])
        await self._client.emit("session_request", {"session_id": self.session_id})
        await asyncio.wait_for(self._confirmed.wait(), 10)
        return self

    async def say(self, text: str) -> None:
        await self._client.emit("user_uttered", {"message": text, "session_id": self.session_id})

    async def next_text(self, timeout: float = 30) -> str:
        """The next bot message with text (button-only messages are skipped)."""
        while True:
            message = await asyncio.wait_for(self.received.get(), timeout)
            if message.get("text"):
                return str(message["text"])

    async def texts_until(self, expected: str, timeout: float = 30) -> list[str]:
        """Every text received up to and including ``expected``."""
        seen: list[str] = []
        deadline = time.monotonic() + timeout
        while expected not in seen:
            seen.append(await self.next_text(max(0.1, deadline - time.monotonic())))
        return seen

    async def nothing_for(self, seconds: float) -> bool:
        try:
            await asyncio.wait_for(self.received.get(), seconds)
        except asyncio.TimeoutError:
            return True
        return False

    async def close(self) -> None:
        await self._client.disconnect()
