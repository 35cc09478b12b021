"""The real action server alone (``rasa run actions``) on a free loopback port, for tests that
need it with its own environment, e.g. a private copy of the knowledge content."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.chat import post_json
from tests.services import BIN, PROJECT_ROOT, free_port, wait_until_up


@dataclass
class ActionServer:
    url: str
    log: Path

    def run(
        self,
        action: str,
        slots: dict[str, Any],
        text: str = "",
        intent: str = "",
        entities: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """Calls ``action`` the way the Rasa server does (POST /webhook with the tracker)."""
        tracker = {
            "sender_id": "reload-test",
            "slots": slots,
            "latest_message": {
                "text": text,
                "intent": {"name": intent, "confidence": 1.0},
                "entities": entities or [],
            },
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        }
        result: dict[str, Any] = post_json(
            f"{self.url}/webhook",
            {"next_action": action, "sender_id": "reload-test", "tracker": tracker, "domain": {}},
        )
        return result

    def texts(self, action: str, slots: dict[str, Any], **message: Any) -> list[str]:
        return [reply["text"] for reply in self.run(action, slots, **message)["responses"]]


@contextmanager
def running_action_server(workdir: Path, extra_env: dict[str, str]) -> Iterator[ActionServer]:
    port = free_port()
    log = workdir / "actions.log"
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "SANIC_HOST": "127.0.0.1",
        "PHUEAN_SECRET_KEY": "test-secret",
        **extra_env,
    }
    command = [str(BIN / "rasa"), "run", "actions", "--port", str(port), "--actions", "bot.actions"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        server = ActionServer(url=f"http://127.0.0.1:{port}", log=log)
        wait_until_up(f"{server.url}/health", process, log, timeout=120)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
