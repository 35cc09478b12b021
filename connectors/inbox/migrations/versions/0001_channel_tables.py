"""Channel inbox/outbox queue, conversation leases, reply addresses, long button payloads.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "channel_queue",
        sa.Column("id", ROW_ID, primary_key=True, autoincrement=True),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("direction", sa.String(3), nullable=False),
        sa.Column("conversation", sa.String(128), nullable=False),
        sa.Column("external_key", sa.String(128)),
        sa.Column("sequence", sa.BigInteger, nullable=False),
        sa.Column("payload", sa.Text),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("finished_at", sa.Float),
        sa.UniqueConstraint(
            "channel", "direction", "external_key", name="uq_channel_queue_external"
        ),
    )
    op.create_index(
        "ix_channel_queue_pending",
        "channel_queue",
        ["channel", "direction", "state", "conversation", "sequence"],
    )
    op.create_index("ix_channel_queue_finished", "channel_queue", ["state", "finished_at"])
    op.create_table(
        "channel_leases",
        sa.Column("channel", sa.String(32), primary_key=True),
        sa.Column("direction", sa.String(3), primary_key=True),
        sa.Column("conversation", sa.String(128), primary_key=True),
        sa.Column("owner", sa.String(128), nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False),
    )
    op.create_table(
        "channel_addresses",
        sa.Column("channel", sa.String(32), primary_key=True),
        sa.Column("sender_id", sa.String(128), primary_key=True),
        sa.Column("address", sa.String(128), nullable=False),
        sa.Column("language_code", sa.String(16)),
        sa.Column("last_message_id", sa.BigInteger),
        sa.Column("updated_at", sa.Float, nullable=False),
    )
    op.create_table(
        "channel_button_payloads",
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("channel_button_payloads")
    op.drop_table("channel_addresses")
    op.drop_table("channel_leases")
    op.drop_index("ix_channel_queue_finished", "channel_queue")
    op.drop_index("ix_channel_queue_pending", "channel_queue")
    op.drop_table("channel_queue")
