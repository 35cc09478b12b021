"""What a Telegram update is, for the channel: one small record instead of Telegram's many fields.

Telegram sends dozens of update and message types; the channel acts on a few. ``read_incoming``
sorts an update into one of the ``Kind`` values with just what handling it needs.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from telegram import Chat, ChatMember, Message, Update

from bot.constants import LANGUAGES

_PRESENT = (ChatMember.MEMBER, ChatMember.ADMINISTRATOR)
_COMMAND = re.compile(r"/([A-Za-z0-9_]{1,32})(?:@\w+)?(?:\s+(.*))?", re.DOTALL)


class Kind(enum.Enum):
    TEXT = "text"
    COMMAND = "command"  # /start, /language, ...: ``text`` is the command, ``argument`` the rest
    BUTTON = "button"  # an inline keyboard tap: ``text`` is the callback data
    MEDIA = "media"  # sticker, photo, voice, location, document, other: ``media``
    EDIT = "edit"  # an edited text message
    GROUP = "group"  # anything from a group, supergroup or channel, or the bot being added
    IGNORED = "ignored"  # nothing for us: service messages, inline queries, a blocked bot, ...


@dataclass(frozen=True)
class Incoming:
    kind: Kind
    chat_id: int | None = None
    text: str = ""
    argument: str = ""
    media: str | None = None
    language_code: str | None = None
    message_id: int | None = None
    callback_query_id: str | None = None


def read_incoming(update: Update) -> Incoming:
    chat = update.effective_chat
    user = update.effective_user
    language = user.language_code if user else None
    if chat is None:
        return Incoming(Kind.IGNORED)
    if chat.type != Chat.PRIVATE:
        return _read_group(update, chat, language)
    if update.callback_query:
        query = update.callback_query
        return Incoming(
            Kind.BUTTON,
            chat_id=chat.id,
            text=query.data or "",
            language_code=language,
            callback_query_id=query.id,
        )
    message = update.edited_message or update.message
    if message is None:
        return Incoming(Kind.IGNORED)
    return _read_message(message, chat.id, language, edited=update.edited_message is not None)


def _read_group(update: Update, chat: Chat, language: str | None) -> Incoming:
    """A group member spoke, or the bot was added: refuse. Anything else: nothing to do."""
    member = update.my_chat_member
    added = member is not None and member.new_chat_member.status in _PRESENT
    spoken_to = update.message is not None and bool(update.message.text)
    if chat.type != Chat.CHANNEL and (added or spoken_to):
        return Incoming(Kind.GROUP, chat_id=chat.id, language_code=language)
    return Incoming(Kind.IGNORED)


def _read_message(message: Message, chat_id: int, language: str | None, edited: bool) -> Incoming:
    kind, text, argument, media = Kind.IGNORED, message.text or "", "", None
    command = _COMMAND.fullmatch(text.strip()) if text else None
    if edited:
        kind = Kind.EDIT if text else Kind.IGNORED
    elif command:
        kind, text, argument = Kind.COMMAND, command.group(1).lower(), (command.group(2) or "")
    elif text:
        kind = Kind.TEXT
    else:
        media = media_kind(message)
        if media:
            kind, text = Kind.MEDIA, message.caption or ""
    return Incoming(
        kind,
        chat_id=chat_id,
        text=text,
        argument=argument.strip(),
        media=media,
        language_code=language,
        message_id=message.message_id,
    )


# Media kind -> the message fields that carry it, checked in this order.
_MEDIA_FIELDS = (
    ("sticker", ("sticker",)),
    ("photo", ("photo",)),
    ("voice", ("voice", "audio", "video_note")),
    ("location", ("location", "venue")),
    ("document", ("document",)),
    ("other", ("video", "animation", "contact", "poll", "dice")),
)


def media_kind(message: Message) -> str | None:
    """``sticker``, ``photo``, ``voice``, ``location``, ``document`` or ``other``; None if none."""
    for kind, fields in _MEDIA_FIELDS:
        if any(getattr(message, field) for field in fields):
            return kind
    return None


def catalogue_language(language_code: str | None) -> str | None:
    """One of our languages for Telegram's IETF tag (``zh-hans`` -> ``zh``), else None."""
    if not language_code:
        return None
    primary = language_code.replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGUAGES else None
