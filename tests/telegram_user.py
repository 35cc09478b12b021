"""A Telegram user for tests: builds the updates Telegram would POST, reads what the bot sent.

Updates follow the Bot API's JSON (``Update`` with ``message``, ``edited_message``,
``callback_query``, ``my_chat_member``); ``update_id`` comes from one counter for the whole test
run, as Telegram numbers a bot's updates.
"""

from __future__ import annotations

import itertools
import json
import time
import urllib.error
import urllib.request
from typing import Any

from tests.fake_bot_api import FakeBotApi

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_update_ids = itertools.count(int(time.time()) % 1_000_000 * 1000)
_chat_ids = itertools.count(700_000_001)


def next_update_id() -> int:
    return next(_update_ids)


def post(
    url: str,
    body: bytes,
    headers: dict[str, str],
    timeout: float = 30.0,
) -> int:
    """POSTs ``body`` and returns the HTTP status."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


class TelegramUser:
    def __init__(
        self,
        webhook_url: str,
        secret: str,
        api: FakeBotApi,
        language_code: str = "th",
        chat_id: int | None = None,
    ) -> None:
        self.webhook_url = webhook_url
        self.secret = secret
        self.api = api
        self.language_code = language_code
        self.chat_id = chat_id or next(_chat_ids)
        self.message_ids = itertools.count(1)
        self.last_message_id = 0

    # What the user does

    def post_update(self, update: dict[str, Any]) -> int:
        headers = {"Content-Type": "application/json", SECRET_HEADER: self.secret}
        return post(self.webhook_url, json.dumps(update).encode(), headers)

    def send(self, text: str) -> int:
        return self.post_update(self.message_update(text=text))

    def send_media(self, kind: str, caption: str | None = None) -> int:
        fields: dict[str, Any] = {kind: _MEDIA[kind]}
        if caption:
            fields["caption"] = caption
        return self.post_update(self.message_update(**fields))

    def edit(self, message_id: int, text: str) -> int:
        message = self._message(message_id, text=text, edit_date=int(time.time()))
        return self.post_update({"update_id": next_update_id(), "edited_message": message})

    def tap(self, title: str) -> int:
        """Taps the button titled ``title`` on the latest keyboard the bot sent this chat."""
        return self.post_update(self.tap_update(title))

    # Updates, for tests that post them themselves

    def message_update(self, **fields: Any) -> dict[str, Any]:
        self.last_message_id = next(self.message_ids)
        return {
            "update_id": next_update_id(),
            "message": self._message(self.last_message_id, **fields),
        }

    def tap_update(self, title: str) -> dict[str, Any]:
        for message in reversed(self.api.sent(chat_id=self.chat_id)):
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
                for button in row:
                    if button["text"] == title:
                        return {
                            "update_id": next_update_id(),
                            "callback_query": {
                                "id": f"cq{next_update_id()}",
                                "from": self._user(),
                                "chat_instance": "ci",
                                "data": button["callback_data"],
                                "message": self._message(1, text=message["text"], bot=True),
                            },
                        }
        raise AssertionError(f"no button {title!r} was sent to this chat")

    # What the user sees

    def texts(self) -> list[str]:
        return [message["text"] for message in self.api.sent(chat_id=self.chat_id)]

    def wait_for_texts(self, count: int, timeout: float = 30.0) -> list[str]:
        self.api.wait_for_messages(self.chat_id, count, timeout)
        return self.texts()

    def keyboard_titles(self, index: int = -1) -> list[str]:
        message = self.api.sent(chat_id=self.chat_id)[index]
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        return [button["text"] for row in rows for button in row]

    def _user(self) -> dict[str, Any]:
        return {
            "id": self.chat_id,
            "is_bot": False,
            "first_name": "Somchai",
            "language_code": self.language_code,
        }

    def _message(self, message_id: int, bot: bool = False, **fields: Any) -> dict[str, Any]:
        sender = {"id": 1, "is_bot": True, "first_name": "Phuean"} if bot else self._user()
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": self.chat_id, "type": "private", "first_name": "Somchai"},
            "from": sender,
            **fields,
        }
        text = fields.get("text")
        if isinstance(text, str) and text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return message


_FILE = {"file_id": "f1", "file_unique_id": "u1"}
_MEDIA: dict[str, Any] = {
    "sticker": {
        **_FILE,
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    },
    "photo": [{**_FILE, "width": 90, "height": 90}],
    "voice": {**_FILE, "duration": 3},
    "location": {"latitude": 13.7563, "longitude": 100.5018},
    "document": {**_FILE, "file_name": "contract.pdf"},
}
