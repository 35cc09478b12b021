"""Alembic environment of the channel tables; run through ``connectors.inbox.database.migrate``.

Online mode only (there is no ``alembic.ini``: the URL and the version table come from the
``Config`` that ``migrate`` builds). Only ``channel_*`` tables belong to these migrations.
"""

from __future__ import annotations

from alembic import context

from connectors.inbox.database import make_engine
from connectors.inbox.tables import metadata

config = context.config
url = config.get_main_option("sqlalchemy.url")
version_table = config.get_main_option("version_table")
if not url or not version_table:
    raise RuntimeError("run migrations through connectors.inbox.database.migrate(url)")

engine = make_engine(url)
with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=version_table,
        include_name=lambda name, kind, _: kind != "table" or str(name).startswith("channel_"),
    )
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
