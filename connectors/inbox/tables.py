"""The channel tables (SQLAlchemy Core), shared by every messaging channel.

All names start with ``channel_``: the same database holds Rasa's tracker store and the case
store. The schema is created and changed only by the Alembic revisions in ``migrations/``; these
definitions must match the newest revision.

Times are UNIX seconds (floats): the same in SQLite and PostgreSQL and cheap to compare.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
_ROW_ID = BigInteger().with_variant(Integer(), "sqlite")

# One row per inbound update ("in") or outbound reply ("out"), processed in ``sequence`` order
# per conversation. ``payload`` (JSON) holds what the user wrote or will read; it is emptied as
# soon as the row is done, so only the ids needed to recognise a repeated delivery remain.
queue = Table(
    "channel_queue",
    metadata,
    Column("id", _ROW_ID, primary_key=True, autoincrement=True),
    Column("channel", String(32), nullable=False),
    Column("direction", String(3), nullable=False),
    Column("conversation", String(128), nullable=False),
    Column("external_key", String(128)),
    Column("sequence", BigInteger, nullable=False),
    Column("payload", Text),
    Column("state", String(8), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("created_at", Float, nullable=False),
    Column("finished_at", Float),
    UniqueConstraint("channel", "direction", "external_key", name="uq_channel_queue_external"),
    Index("ix_channel_queue_pending", "channel", "direction", "state", "conversation", "sequence"),
    Index("ix_channel_queue_finished", "state", "finished_at"),
)

# Who is working on a conversation, until when. A lease with an empty owner is a pause: the
# conversation waits (after a failure, or for Telegram's "retry after") until ``expires_at``.
leases = Table(
    "channel_leases",
    metadata,
    Column("channel", String(32), primary_key=True),
    Column("direction", String(3), primary_key=True),
    Column("conversation", String(128), primary_key=True),
    Column("owner", String(128), nullable=False),
    Column("expires_at", Float, nullable=False),
)

# Where replies for a sender id go on its channel (Telegram: the chat id). The only place a raw
# channel id is kept once an update is processed.
addresses = Table(
    "channel_addresses",
    metadata,
    Column("channel", String(32), primary_key=True),
    Column("sender_id", String(128), primary_key=True),
    Column("address", String(128), nullable=False),
    Column("language_code", String(16)),
    Column("last_message_id", BigInteger),
    Column("updated_at", Float, nullable=False),
)

# Button payloads too long for a channel's callback field (Telegram: 64 bytes), by digest.
button_payloads = Table(
    "channel_button_payloads",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("payload", Text, nullable=False),
    Column("created_at", Float, nullable=False),
)
