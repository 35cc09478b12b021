"""Durable, channel-generic message storage: what every messaging channel needs to lose nothing.

- ``ChannelQueue`` (``queue.py``): inbound updates stored before they are acknowledged, with
  repeats recognised; outbound replies stored before they are sent; each conversation handled in
  order by one process at a time (leases), so Rasa replicas can share the work.
- ``QueueWorker`` (``worker.py``): works through a queue, retrying with back-off.
- ``AddressBook`` (``addresses.py``): sender id -> raw channel address, the only place it is kept.
- ``ButtonPayloads`` (``button_payloads.py``): payloads too long for a channel's button field.
- ``erase_sender`` (``erasure.py``): deletes one user's channel records.
- ``migrate`` (``database.py``): Alembic revisions in ``migrations/``, run at start-up.

Telegram (``connectors/telegram``) is the first user; Messenger, LINE and Viber are meant to add
only their own signature checks and wire formats on top.
"""

from connectors.inbox.addresses import Address, AddressBook
from connectors.inbox.button_payloads import ButtonPayloads
from connectors.inbox.database import Database, migrate
from connectors.inbox.erasure import erase_sender
from connectors.inbox.queue import ChannelQueue, QueuedItem
from connectors.inbox.worker import Outcome, QueueWorker, RetryLater, instance_id

__all__ = [
    "Address",
    "AddressBook",
    "ButtonPayloads",
    "ChannelQueue",
    "Database",
    "Outcome",
    "QueueWorker",
    "QueuedItem",
    "RetryLater",
    "erase_sender",
    "instance_id",
    "migrate",
]
