"""Erasure requests: users who asked to delete their data, until the web app has done it.

Revision ID: 0002_erasure_requests
Revises: 0001_case_store
Create Date: 2025-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_erasure_requests"
down_revision = "0001_case_store"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handoff_erasure_requests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("requested_at", sa.DateTime, nullable=False),
    )
    op.create_index(
        "ix_handoff_erasure_requests_conversation_id",
        "handoff_erasure_requests",
        ["conversation_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_handoff_erasure_requests_conversation_id", "handoff_erasure_requests")
    op.drop_table("handoff_erasure_requests")
