"""Events: `weapons` and `evidence` columns for the API's filters, and indexes for its queries.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""
from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as b:
        b.add_column(sa.Column("weapons", sa.Text))     # "|rocket|drone|": one LIKE finds a weapon
        b.add_column(sa.Column("evidence", sa.Text))    # every source's evidence, for text search
    # (filter column, date, then the columns /api/stats groups by): the stats of a filter are read
    # from the index alone, and list pages walk it in date order
    stats_cols = ["event_type", "actor1", "country", "fatalities"]
    op.create_index("ix_events_admin1", "events", ["admin1", "event_date"] + stats_cols)
    op.create_index("ix_events_actor1", "events", ["actor1", "event_date", "event_type", "country", "fatalities"])
    op.create_index("ix_events_type_date", "events", ["event_type", "event_date", "actor1", "country", "fatalities"])
    op.drop_index("ix_events_country_date", "events")
    op.create_index("ix_events_country_date", "events", ["country", "event_date", "event_type", "actor1",
                                                         "fatalities"])
    conn = op.get_bind()
    events = sa.table("events", sa.column("id", sa.String), sa.column("record", sa.Text),
                      sa.column("weapons", sa.Text), sa.column("evidence", sa.Text))
    updates = []
    for eid, rec in conn.execute(sa.select(events.c.id, events.c.record)).fetchall():
        d = json.loads(rec)
        srcs = (d.get("cluster") or {}).get("sources") or []
        updates.append({"eid": eid, "w": "|" + "|".join(d.get("weapons") or []) + "|",
                        "ev": "\n".join(s.get("evidence") or "" for s in srcs) or d.get("evidence") or ""})
    if updates:
        conn.execute(events.update().where(events.c.id == sa.bindparam("eid"))
                     .values(weapons=sa.bindparam("w"), evidence=sa.bindparam("ev")), updates)


def downgrade() -> None:
    op.drop_index("ix_events_country_date", "events")
    op.create_index("ix_events_country_date", "events", ["country", "event_date"])
    op.drop_index("ix_events_type_date", "events")
    op.drop_index("ix_events_actor1", "events")
    op.drop_index("ix_events_admin1", "events")
    with op.batch_alter_table("events") as b:
        b.drop_column("evidence")
        b.drop_column("weapons")
