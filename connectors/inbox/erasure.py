"""Deleting one user's channel records (docs/design.md: ``delete_my_data``).

Removes the reply address and every queued message of the sender on the channel, handled or not,
so nothing can be sent to them and nothing they wrote stays behind in the channel tables.
"""

from __future__ import annotations

from sqlalchemy import delete

from connectors.inbox.database import make_engine
from connectors.inbox.tables import addresses, leases, queue


def erase_sender(db_url: str, channel: str, sender_id: str) -> None:
    """Deletes ``sender_id``'s address, queued messages and leases on ``channel``."""
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                delete(addresses).where(
                    addresses.c.channel == channel, addresses.c.sender_id == sender_id
                )
            )
            conn.execute(
                delete(queue).where(queue.c.channel == channel, queue.c.conversation == sender_id)
            )
            conn.execute(
                delete(leases).where(
                    leases.c.channel == channel, leases.c.conversation == sender_id
                )
            )
    finally:
        engine.dispose()
