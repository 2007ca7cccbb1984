"""The first store schema: runs, articles, reports, events, statements, rejections, feeds, fetched.

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


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("command", sa.String(20), nullable=False),
        sa.Column("started", sa.String(32), nullable=False),
        sa.Column("finished", sa.String(32)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("sources", sa.Text),
        sa.Column("config", sa.Text),
        sa.Column("counts", sa.Text),
        sa.Column("marsad_version", sa.String(20)),
    )
    op.create_table(
        "articles",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(40), nullable=False, unique=True),
        sa.Column("source_id", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("outlet", sa.String(200)),
        sa.Column("published", sa.String(10)),
        sa.Column("language", sa.String(8)),
        sa.Column("title", sa.Text),
        sa.Column("text_hash", sa.String(40), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("ingested_at", sa.String(32), nullable=False),
        sa.Column("run_id", sa.String(40)),
    )
    op.create_table(
        "reports",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(40), nullable=False, unique=True),
        sa.Column("article_id", sa.String(40), sa.ForeignKey("articles.id"), nullable=False),
        sa.Column("event_id", sa.String(40)),
        sa.Column("event_type", sa.String(40), nullable=False),
        sa.Column("sub_event_type", sa.String(60)),
        sa.Column("event_date", sa.String(10)),
        sa.Column("time_precision", sa.Integer),
        sa.Column("country", sa.String(60)),
        sa.Column("admin1", sa.String(80)),
        sa.Column("location", sa.String(200)),
        sa.Column("place_id", sa.String(60)),
        sa.Column("latitude", sa.Float),
        sa.Column("longitude", sa.Float),
        sa.Column("geo_precision", sa.Integer),
        sa.Column("actor1", sa.String(200)),
        sa.Column("actor2", sa.String(200)),
        sa.Column("fatalities", sa.Integer),
        sa.Column("claim_status", sa.String(20)),
        sa.Column("aggregate", sa.Boolean, nullable=False),
        sa.Column("outlet", sa.String(200)),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.String(10)),
        sa.Column("record", sa.Text, nullable=False),
        sa.Column("merge_note", sa.Text),
    )
    op.create_index("ix_reports_block", "reports", ["event_type", "aggregate", "event_date"])
    op.create_index("ix_reports_event", "reports", ["event_id"])
    op.create_index("ix_reports_article", "reports", ["article_id"])
    op.create_table(
        "events",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("event_type", sa.String(40), nullable=False),
        sa.Column("sub_event_type", sa.String(60)),
        sa.Column("event_date", sa.String(10)),
        sa.Column("country", sa.String(60)),
        sa.Column("admin1", sa.String(80)),
        sa.Column("location", sa.String(200)),
        sa.Column("latitude", sa.Float),
        sa.Column("longitude", sa.Float),
        sa.Column("actor1", sa.String(200)),
        sa.Column("actor2", sa.String(200)),
        sa.Column("claim_status", sa.String(20)),
        sa.Column("fatalities", sa.Integer),
        sa.Column("aggregate", sa.Boolean, nullable=False),
        sa.Column("n_reports", sa.Integer, nullable=False),
        sa.Column("n_outlets", sa.Integer, nullable=False),
        sa.Column("first_reported", sa.String(10)),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("record", sa.Text, nullable=False),
    )
    op.create_index("ix_events_date", "events", ["event_date"])
    op.create_index("ix_events_country_date", "events", ["country", "event_date"])
    op.create_index("ix_events_type", "events", ["event_type"])
    op.create_table(
        "statements",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(40), nullable=False, unique=True),
        sa.Column("article_id", sa.String(40), sa.ForeignKey("articles.id"), nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("date", sa.String(10)),
        sa.Column("actor1", sa.String(200)),
        sa.Column("actor2", sa.String(200)),
        sa.Column("record", sa.Text, nullable=False),
    )
    op.create_index("ix_statements_date", "statements", ["date"])
    op.create_table(
        "rejections",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(40), nullable=False, unique=True),
        sa.Column("record", sa.Text, nullable=False),
        sa.Column("stage", sa.String(40), nullable=False),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("level", sa.String(10), nullable=False),
        sa.Column("run_id", sa.String(40)),
        sa.Column("created", sa.String(32), nullable=False),
    )
    op.create_index("ix_rejections_reason", "rejections", ["reason"])
    op.create_table(
        "feeds",
        sa.Column("url", sa.String(2000), primary_key=True),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("last_polled", sa.String(32)),
        sa.Column("last_status", sa.Integer),
        sa.Column("last_error", sa.Text),
    )
    op.create_table(
        "fetched",
        sa.Column("url", sa.String(2000), primary_key=True),
        sa.Column("feed", sa.String(2000)),
        sa.Column("article_id", sa.String(40)),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("fetched_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    for t in ("fetched", "feeds", "rejections", "statements", "events", "reports", "articles", "runs"):
        op.drop_table(t)
