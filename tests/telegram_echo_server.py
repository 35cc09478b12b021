"""The Telegram channel in a Sanic server of its own, answering every message with an echo.

    python -m tests.telegram_echo_server --port 8123 --credentials credentials.yml

The whole channel is real — webhook checks, inbox, workers, outbox, python-telegram-bot, rate
limiter, database — only Rasa's dialogue engine is replaced by an echo of the text received. The
load tests use it because an echo shows the order in which each chat's updates were handled
(Rasa's replies would not), and because it answers a thousand updates in seconds where Rasa on
a shared two-core machine needs about 100 ms per turn.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml
from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from connectors.telegram import TelegramInput
from connectors.telegram.settings import TelegramSettings


class EchoTelegramInput(TelegramInput):
    def ready(self, app: Sanic) -> bool:
        return True  # no Rasa model to wait for


async def echo(message: UserMessage) -> None:
    await message.output_channel.send_text_message(message.sender_id, f"echo: {message.text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--credentials", type=Path, required=True)
    args = parser.parse_args()
    credentials = yaml.safe_load(args.credentials.read_text())
    settings = TelegramSettings.from_credentials(credentials["connectors.telegram.TelegramInput"])
    channel = EchoTelegramInput(settings)
    app = Sanic("telegram_echo")
    app.blueprint(channel.blueprint(echo), url_prefix="/webhooks/telegram")
    app.run(host="127.0.0.1", port=args.port, access_log=False)


if __name__ == "__main__":
    main()
