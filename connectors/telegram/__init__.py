"""The Telegram channel (python-telegram-bot 22): reliable, private, and native to Telegram.

- ``TelegramInput`` (``channel.py``): the Rasa input channel named in ``credentials.yml``;
  webhook checks in ``webhook.py``, storage in ``intake.py``, handling in ``handler.py``.
- ``TelegramOutput`` (``output.py``): Rasa's replies, queued; ``delivery.py`` sends them.
- ``send_to_sender`` (``proactive.py``): a caseworker's message to a user's chat, by sender id.
- ``sender_id_for_chat`` (``intake.py``): the pseudonymous Rasa sender id of a chat.

Long polling for local development is ``polling.py``; ``phuean telegram set-webhook`` and
``delete-webhook`` are in ``bot/cli_telegram.py``. Operations notes: ``docs/telegram.md``.
"""

from connectors.telegram.channel import TelegramInput
from connectors.telegram.intake import sender_id_for_chat
from connectors.telegram.output import TelegramOutput
from connectors.telegram.proactive import is_telegram_sender, send_to_sender

__all__ = [
    "TelegramInput",
    "TelegramOutput",
    "is_telegram_sender",
    "send_to_sender",
    "sender_id_for_chat",
]
