"""Alembic environment: marsad runs migrations itself (Store.open), on the connection it passes in
`config.attributes["connection"]`, inside the caller's transaction (which holds the write lock)."""
from __future__ import annotations

from alembic import context

from marsad.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:   # pragma: no cover - the alembic CLI: `alembic -x url=... upgrade head`
    from sqlalchemy import create_engine
    url = context.get_x_argument(as_dictionary=True).get("url") or context.config.get_main_option("sqlalchemy.url")
    connection = create_engine(url).connect()
context.configure(connection=connection, target_metadata=metadata, transactional_ddl=True,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
