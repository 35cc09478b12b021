"""A local stand-in for api.telegram.org: the real python-telegram-bot talks to it over HTTP.

It answers the Bot API methods the channel uses the way Telegram does (``{"ok": true, "result":
...}``), records every call, and can misbehave on request: answer ``sendMessage`` with 429 and
``retry_after`` (a storm), or hold requests of one method unanswered until released (so a test
can kill the bot in the middle of its work). It runs an aiohttp server in a thread of its own,
so synchronous tests and subprocesses can use it alike.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from aiohttp import web

# Parameters python-telegram-bot sends JSON-encoded inside its form data.
_JSON_PARAMETERS = {
    "chat_id",
    "reply_markup",
    "commands",
    "allowed_updates",
    "offset",
    "timeout",
    "limit",
    "drop_pending_updates",
    "max_connections",
}


@dataclass(frozen=True)
class Call:
    method: str
    params: dict[str, Any]
    at: float
    answered: bool  # False: answered with an error (429)


class FakeBotApi:
    def __init__(self, token: str) -> None:
        self.token = token
        self.bot_id = int(token.split(":", maxsplit=1)[0])
        self.calls: list[Call] = []
        self.updates: list[dict[str, Any]] = []  # served by getUpdates
        self.webhook_url = ""
        self._lock = threading.Lock()
        self._message_ids = itertools.count(1000)
        self._storm_until = 0.0
        self._storm_retry_after = 1
        self._held: dict[str, asyncio.Event] = {}
        self.held_requests: dict[str, int] = {}  # requests that waited in ``holding``
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # Life cycle

    def start(self) -> FakeBotApi:
        ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(ready,), daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("fake Bot API server did not start")
        return self

    def stop(self) -> None:
        if self._loop and self._runner:
            asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread:
            self._thread.join(10)

    async def _shutdown(self) -> None:
        assert self._runner is not None
        for event in self._held.values():
            event.set()
        await self._runner.cleanup()
        others = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)

    def _serve(self, ready: threading.Event) -> None:
        self._loop = asyncio.new_event_loop()
        app = web.Application(client_max_size=10 * 1024 * 1024)
        app.router.add_post("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        self._loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        self._loop.run_until_complete(site.start())
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        ready.set()
        self._loop.run_forever()

    # Misbehaviour

    def storm(self, seconds: float, retry_after: int = 1) -> None:
        """Every ``sendMessage`` in the next ``seconds`` is answered 429 ``retry_after``."""
        self._storm_retry_after = retry_after
        self._storm_until = time.monotonic() + seconds

    @contextmanager
    def holding(self, method: str) -> Iterator[None]:
        """Requests of ``method`` get no answer until the block ends."""
        assert self._loop is not None
        event = asyncio.run_coroutine_threadsafe(_new_event(), self._loop).result(5)
        self._held[method] = event
        try:
            yield
        finally:
            self._held.pop(method, None)
            self._loop.call_soon_threadsafe(event.set)

    def queue_updates(self, *updates: dict[str, Any]) -> None:
        """Updates the next ``getUpdates`` calls return (long polling)."""
        with self._lock:
            self.updates.extend(updates)

    # What was asked

    def sent(self, method: str = "sendMessage", chat_id: int | None = None) -> list[dict[str, Any]]:
        """Parameters of the successful calls of ``method`` (to ``chat_id``), in order."""
        return [call.params for call in self.answered_calls(method, chat_id)]

    def answered_calls(self, method: str = "sendMessage", chat_id: int | None = None) -> list[Call]:
        with self._lock:
            calls = list(self.calls)
        return [
            call
            for call in calls
            if call.method == method
            and call.answered
            and (chat_id is None or call.params.get("chat_id") == chat_id)
        ]

    def count(self, method: str, answered: bool | None = None) -> int:
        with self._lock:
            return sum(
                1
                for call in self.calls
                if call.method == method and (answered is None or call.answered == answered)
            )

    def wait_for(
        self, condition: Callable[[], bool], timeout: float = 30.0, what: str = "condition"
    ) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
            time.sleep(0.05)

    def wait_for_messages(
        self, chat_id: int, count: int, timeout: float = 30.0
    ) -> list[dict[str, Any]]:
        self.wait_for(
            lambda: len(self.sent(chat_id=chat_id)) >= count,
            timeout,
            f"{count} message(s) to chat {chat_id}",
        )
        return self.sent(chat_id=chat_id)

    # The Bot API

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        params = await _params(request)
        held = self._held.get(method)
        if held is not None:
            with self._lock:
                self.held_requests[method] = self.held_requests.get(method, 0) + 1
            await held.wait()
            if request.transport is None or request.transport.is_closing():
                self._record(method, params, answered=False)  # the caller is gone
                return web.json_response({"ok": False}, status=499)
        if method == "sendMessage" and time.monotonic() < self._storm_until:
            self._record(method, params, answered=False)
            retry_after = self._storm_retry_after
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {retry_after}",
                    "parameters": {"retry_after": retry_after},
                },
                status=429,
            )
        if method == "getUpdates":
            return web.json_response({"ok": True, "result": await self._get_updates(params)})
        self._record(method, params, answered=True)
        return web.json_response({"ok": True, "result": self._result(method, params)})

    def _record(self, method: str, params: dict[str, Any], answered: bool) -> None:
        with self._lock:
            self.calls.append(Call(method, params, time.monotonic(), answered))

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {"id": self.bot_id, "is_bot": True, "first_name": "Phuean", "username": "pb"}
        if method in {"sendMessage", "sendPhoto"}:
            return {
                "message_id": next(self._message_ids),
                "date": int(time.time()),
                "chat": {"id": params.get("chat_id"), "type": "private"},
                "text": params.get("text", ""),
            }
        if method == "setWebhook":
            self.webhook_url = str(params.get("url", ""))
        if method == "deleteWebhook":
            self.webhook_url = ""
        if method == "getWebhookInfo":
            return {
                "url": self.webhook_url,
                "has_custom_certificate": False,
                "pending_update_count": 0,
            }
        return True

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 1.0)
        while True:
            with self._lock:
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
                waiting = list(self.updates)
            if waiting or time.monotonic() >= deadline:
                self._record("getUpdates", params, answered=True)
                return waiting
            await asyncio.sleep(0.05)


async def _new_event() -> asyncio.Event:
    return asyncio.Event()


async def _params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        data: dict[str, Any] = await request.json()
        return data
    form = await request.post()
    params: dict[str, Any] = {}
    for name, value in form.items():
        text = value if isinstance(value, str) else ""
        params[name] = json.loads(text) if name in _JSON_PARAMETERS else text
    return params
