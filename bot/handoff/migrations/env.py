"""Alembic environment for the case store; run through ``bot.handoff.db.migrate``.

Online mode only (there is no ``alembic.ini``: the URL and the version table come from the
``Config`` that ``migrate`` builds). Only ``handoff_*`` tables belong to these migrations.
"""

from __future__ import annotations

from alembic import context

from bot.handoff.db import make_engine
from bot.handoff.models import Base
from bot.handoff.schema import in_case_store

config = context.config
url = config.get_main_option("sqlalchemy.url")
version_table = config.get_main_option("version_table")
if not url or not version_table:
    raise RuntimeError("run migrations through bot.handoff.db.migrate(url)")

engine = make_engine(url)
with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        version_table=version_table,
        include_name=in_case_store,
    )
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
