"""A caseworker console for tests: the JSON API and the event stream, over real HTTP."""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import aiohttp

from tests.services import PROJECT_ROOT

PASSWORD = "correct horse battery"


def add_user(env: dict[str, str], name: str, role: str, teams: str = "") -> None:
    """Creates an account the way operators do: ``phuean users add`` with the password on stdin."""
    command = [sys.executable, "-m", "bot.cli", "users", "add", name, "--role", role]
    if teams:
        command += ["--teams", teams]
    subprocess.run(command, input=PASSWORD + "\n", text=True, env=env, cwd=PROJECT_ROOT, check=True)


class Console:
    """A logged-in (or not yet) console: cookie jar, CSRF token, parsed event stream."""

    def __init__(self, web_url: str) -> None:
        self.web_url = web_url
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.csrf = ""
        self.events: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue()
        self._stream: asyncio.Task[None] | None = None

    async def login(self, username: str, password: str = PASSWORD) -> aiohttp.ClientResponse:
        response = await self.http.post(
            f"{self.web_url}/api/login", json={"username": username, "password": password}
        )
        if response.status == 200:
            self.csrf = (await response.json())["csrf_token"]
        return response

    async def get(self, path: str) -> tuple[int, Any]:
        async with self.http.get(f"{self.web_url}{path}") as response:
            return response.status, await response.json()

    async def post(self, path: str, body: Any = None, csrf: bool = True) -> tuple[int, Any]:
        headers = {"X-CSRF-Token": self.csrf} if csrf else {}
        async with self.http.post(f"{self.web_url}{path}", json=body, headers=headers) as response:
            return response.status, await response.json()

    async def cases(self, state: str | None = None) -> list[dict[str, Any]]:
        status, body = await self.get("/api/cases" + (f"?state={state}" if state else ""))
        assert status == 200, body
        cases: list[dict[str, Any]] = body["cases"]
        return cases

    async def listen(self) -> None:
        """Starts reading ``/api/events`` into ``events``; returns once the stream is open."""
        opened = asyncio.Event()

        async def read() -> None:
            async with self.http.get(
                f"{self.web_url}/api/events", timeout=aiohttp.ClientTimeout(total=None)
            ) as response:
                assert response.status == 200
                opened.set()
                kind, data = "", ""
                async for raw in response.content:
                    line = raw.decode().rstrip("\n")
                    if line.startswith("event: "):
                        kind = line[7:]
                    elif line.startswith("data: "):
                        data = line[6:]
                    elif not line and kind:
                        await self.events.put((kind, json.loads(data)))
                        kind, data = "", ""

        self._stream = asyncio.create_task(read())
        await asyncio.wait_for(opened.wait(), 10)

    async def next_event(
        self,
        kind: str,
        timeout: float = 30,
        where: Callable[[dict[str, Any]], bool] = lambda _: True,
        **match: Any,
    ) -> dict[str, Any]:
        """The next ``kind`` event whose case (or message) fields match ``match`` and ``where``."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no {kind} event matching {match} within {timeout} s")
            got, data = await asyncio.wait_for(self.events.get(), remaining)
            subject = data.get("case") or data
            matches = all(subject.get(key) == value for key, value in match.items())
            if got == kind and matches and where(data):
                return data

    async def close(self) -> None:
        if self._stream:
            self._stream.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._stream
        await self.http.close()
