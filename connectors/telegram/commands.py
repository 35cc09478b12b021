"""The bot's slash commands: what each one asks Rasa for, and their menu in every language.

Telegram shows a command menu in the user's app language when the bot registered one for that
language (``setMyCommands`` with ``language_code``); users of other languages see the default
list, which is English. Descriptions come from the catalogue (``telegram.command.*``).
``/start`` is not listed: Telegram shows its own Start button to new users.
"""

from __future__ import annotations

from typing import Any

from telegram import BotCommand
from telegram.ext import ExtBot

from bot.constants import DEFAULT_LANGUAGE, LANGUAGES
from bot.i18n import translate

START = "start"
# Command -> the Rasa payload it sends (an intent, as a button would).
RASA_COMMANDS = {
    "language": "/choose_language",
    "help": "/greet",
    "human": "/request_human",
    "delete": "/delete_my_data",
}
# What an unknown command gets: the introduction and the menu, like /help.
UNKNOWN_COMMAND = RASA_COMMANDS["help"]


def rasa_payload(command: str) -> str:
    return RASA_COMMANDS.get(command, UNKNOWN_COMMAND)


def command_menu(language: str) -> list[BotCommand]:
    return [
        BotCommand(command, translate(f"telegram.command.{command}", language))
        for command in RASA_COMMANDS
    ]


async def register_commands(bot: ExtBot[Any]) -> None:
    """Registers the menu for each language, and English as the default for all others."""
    await bot.set_my_commands(command_menu(DEFAULT_LANGUAGE))
    for language in LANGUAGES:
        await bot.set_my_commands(command_menu(language), language_code=language)
