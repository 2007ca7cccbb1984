"""Reports: `date_stated` and `place_area` flags, so deduplication reads candidates without their JSON.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as b:
        b.add_column(sa.Column("date_stated", sa.Boolean))   # the date comes from the text, not the publication day
        b.add_column(sa.Column("place_area", sa.Boolean))    # placed by "ريف X" (a countryside), as wide as a governorate
    # backfill from the stored records
    conn = op.get_bind()
    reports = sa.table("reports", sa.column("id", sa.String), sa.column("record", sa.Text),
                       sa.column("date_stated", sa.Boolean), sa.column("place_area", sa.Boolean))
    rows = conn.execute(sa.select(reports.c.id, reports.c.record)).fetchall()
    updates = []
    for rid, rec in rows:
        prov = json.loads(rec).get("provenance", {})
        updates.append({"rid": rid, "ds": not str(prov.get("date", "")).startswith("date.published"),
                        "pa": "qualified by 'ريف'" in str(prov.get("place", ""))})
    if updates:
        conn.execute(reports.update().where(reports.c.id == sa.bindparam("rid"))
                     .values(date_stated=sa.bindparam("ds"), place_area=sa.bindparam("pa")), updates)


def downgrade() -> None:
    with op.batch_alter_table("reports") as b:
        b.drop_column("place_area")
        b.drop_column("date_stated")
