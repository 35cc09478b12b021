"""``phuean telegram ...``: point Telegram at the webhook, or take it away.

Reads ``TELEGRAM_TOKEN``, ``TELEGRAM_WEBHOOK_SECRET`` and (for tests and local Bot API servers)
``TELEGRAM_BASE_URL`` from the environment; prints what it did, never the token or the secret.

    phuean telegram set-webhook https://bot.example.org/webhooks/telegram/webhook
    phuean telegram delete-webhook          # e.g. before switching to long polling
    phuean telegram info                    # pending updates and Telegram's last delivery error
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlparse

from telegram.error import TelegramError
from telegram.ext import ExtBot

from connectors.telegram.bot import make_bot
from connectors.telegram.commands import register_commands
from connectors.telegram.polling import ALLOWED_UPDATES
from connectors.telegram.settings import TelegramSettings, TelegramSettingsError

# Parallel webhook connections Telegram may open (its default is 40; up to 100).
MAX_CONNECTIONS = 40


def add_commands(groups: Any) -> None:
    telegram = groups.add_parser("telegram", help="set up the Telegram channel")
    commands = telegram.add_subparsers(dest="telegram_command", required=True, metavar="COMMAND")

    set_webhook = commands.add_parser("set-webhook", help="send Telegram's updates to URL")
    set_webhook.add_argument("url", help="https://<host>/webhooks/telegram/webhook")
    set_webhook.add_argument(
        "--drop-pending-updates", action="store_true", help="discard updates Telegram holds"
    )
    set_webhook.set_defaults(handler=lambda args: _run(_set_webhook, args))

    delete_webhook = commands.add_parser("delete-webhook", help="stop webhook delivery")
    delete_webhook.add_argument(
        "--drop-pending-updates", action="store_true", help="discard updates Telegram holds"
    )
    delete_webhook.set_defaults(handler=lambda args: _run(_delete_webhook, args))

    info = commands.add_parser("info", help="show the webhook Telegram has and its last error")
    info.set_defaults(handler=lambda args: _run(_info, args))


Command = Callable[[ExtBot[Any], TelegramSettings, argparse.Namespace], Awaitable[str]]


def _run(command: Command, args: argparse.Namespace) -> int:
    try:
        settings = TelegramSettings.from_env()
        print(asyncio.run(_with_bot(command, settings, args)))
    except (TelegramSettingsError, TelegramError) as error:
        print(f"phuean telegram: {error}", file=sys.stderr)
        return 1
    return 0


async def _with_bot(command: Command, settings: TelegramSettings, args: argparse.Namespace) -> str:
    bot = make_bot(settings, max_retries=5)
    try:
        return await command(bot, settings, args)
    finally:
        await bot.shutdown()


async def _set_webhook(
    bot: ExtBot[Any], settings: TelegramSettings, args: argparse.Namespace
) -> str:
    if urlparse(args.url).scheme != "https":
        raise TelegramSettingsError("Telegram only delivers to https:// webhook URLs")
    TelegramSettings(token=settings.token, webhook_secret=settings.webhook_secret).check()
    await bot.set_webhook(
        args.url,
        secret_token=settings.webhook_secret,
        allowed_updates=ALLOWED_UPDATES,
        max_connections=MAX_CONNECTIONS,
        drop_pending_updates=args.drop_pending_updates,
    )
    await register_commands(bot)
    return f"webhook set: {args.url} (and the command menus in every language)"


async def _delete_webhook(
    bot: ExtBot[Any], settings: TelegramSettings, args: argparse.Namespace
) -> str:
    await bot.delete_webhook(drop_pending_updates=args.drop_pending_updates)
    return "webhook deleted"


async def _info(bot: ExtBot[Any], settings: TelegramSettings, args: argparse.Namespace) -> str:
    info = await bot.get_webhook_info()
    lines = [
        f"url: {info.url or '(none: long polling or not set up)'}",
        f"pending updates: {info.pending_update_count}",
    ]
    if info.last_error_message:
        lines.append(f"last error: {info.last_error_message} at {info.last_error_date}")
    return "\n".join(lines)
