"""A small REST-channel client for tests: what the user would send and see."""

from __future__ import annotations

import json
import urllib.request
import uuid
from typing import Any


def post_json(url: str, payload: dict[str, Any], timeout: float = 30) -> Any:
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read().decode())


class RestUser:
    """One user of the REST channel, with their own conversation."""

    def __init__(self, rasa_url: str) -> None:
        self.rasa_url = rasa_url
        self.sender = f"test-{uuid.uuid4().hex}"

    def say(self, text: str) -> list[dict[str, Any]]:
        replies: list[dict[str, Any]] = post_json(
            f"{self.rasa_url}/webhooks/rest/webhook", {"sender": self.sender, "message": text}
        )
        return replies

    def texts(self, text: str) -> list[str]:
        return [reply["text"] for reply in self.say(text) if "text" in reply]

    def tracker(self) -> dict[str, Any]:
        url = f"{self.rasa_url}/conversations/{self.sender}/tracker"
        with urllib.request.urlopen(url, timeout=30) as response:
            tracker: dict[str, Any] = json.loads(response.read().decode())
        return tracker


def parse(rasa_url: str, text: str) -> dict[str, Any]:
    result: dict[str, Any] = post_json(f"{rasa_url}/model/parse", {"text": text})
    return result
